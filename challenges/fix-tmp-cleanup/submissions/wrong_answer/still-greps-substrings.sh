#!/usr/bin/env bash
# Quoting and -type f fixed; the ACTIVE lookup still matches substrings (and regex dots).
if [ ! -d tmp ]; then
    echo "tmp_cleanup: no tmp/ folder in $PWD" >&2
    exit 1
fi
find tmp -type f -name '*.tmp' | while IFS= read -r f; do
    if grep -q -- "${f#tmp/}" tmp/ACTIVE 2>/dev/null; then
        continue
    fi
    rm -f -- "$f"
    echo "removed $f"
done
