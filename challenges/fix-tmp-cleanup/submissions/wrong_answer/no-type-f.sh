#!/usr/bin/env bash
# Glob quoted and exact ACTIVE lookup, but find still lists folders named *.tmp: rm -rf empties
# tmp/cache.tmp/ with everything in it.
if [ ! -d tmp ]; then
    echo "tmp_cleanup: no tmp/ folder in $PWD" >&2
    exit 1
fi
find tmp -name '*.tmp' | sort -r | while IFS= read -r f; do
    if grep -qxF -- "${f#tmp/}" tmp/ACTIVE 2>/dev/null; then
        continue
    fi
    [ -e "$f" ] || continue
    rm -rf -- "$f"
    echo "removed $f"
done
