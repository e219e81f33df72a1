#!/usr/bin/env bash
# Reference solution: keep the newest $KEEP tarballs (*.tar directly in ./backups).
set -u
export LC_ALL=C      # glob results sorted in byte order

keep=${KEEP:-3}
if ! [[ $keep =~ ^[0-9]+$ ]]; then
    echo "usage: KEEP=<number of tarballs to keep> prune.sh" >&2
    exit 2
fi
keep=$((10#$keep))

if ! cd backups 2>/dev/null; then
    echo "prune: no backups directory in $PWD" >&2
    exit 1
fi

shopt -s nullglob
tarballs=()
for f in *.tar; do
    [[ -f $f ]] && tarballs+=("$f")
done

status=0
# Oldest first in the array; delete from index n-keep-1 down to 0 (newest deleted first).
for (( i = ${#tarballs[@]} - keep - 1; i >= 0; i-- )); do
    f=${tarballs[i]}
    echo "deleted $f"
    rm -f -- "$f" || status=1
done
exit "$status"
