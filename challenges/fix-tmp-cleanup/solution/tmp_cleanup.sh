#!/usr/bin/env bash
# Reference solution: the starter with its three bugs fixed.
#  - '*.tmp' quoted: unquoted, the shell expands it when the working folder holds a .tmp file;
#  - -type f: a folder named cache.tmp is not a temp file (and rm -rf wiped its contents);
#  - grep -qxF: an ACTIVE line must equal the path, not merely contain it as a regex.
set -uo pipefail

if [ ! -d tmp ]; then
    echo "tmp_cleanup: no tmp/ folder in $PWD" >&2
    exit 1
fi

find tmp -type f -name '*.tmp' -print0 | while IFS= read -r -d '' f; do
    if [ -f tmp/ACTIVE ] && grep -qxF -- "${f#tmp/}" tmp/ACTIVE; then
        continue    # a running job still uses it
    fi
    rm -f -- "$f"
    echo "removed $f"
done
