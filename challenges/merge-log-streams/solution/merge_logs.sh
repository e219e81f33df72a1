#!/usr/bin/env bash
# Reference solution: tag every line of logs/*.log with its file and line number, convert all
# timestamps to UTC nanoseconds in one `date -f` call, then a stable sort by (instant, file
# name, line number). Each file is already sorted, so this is the k-way merge's order.
set -euo pipefail
export LC_ALL=C
shopt -s nullglob

tagged=$(mktemp)
trap 'rm -f "$tagged"' EXIT

for path in logs/*.log; do
    [[ -f $path ]] || continue
    awk -v name="${path#logs/}" '
        { sub(/\r$/, "") }
        /^[ \t]*$/ { next }
        { split($0, f, /[ \t]/); print f[1] "\t" name "\t" NR "\t" $0 }
    ' "$path"
done > "$tagged"

[[ -s $tagged ]] || exit 0
cut -f1 "$tagged" | date -u -f - +%s%N | paste - "$tagged" |
    sort -t$'\t' -s -k1,1n -k3,3 -k4,4n |
    cut -f3,5- | sed 's/\t/: /'
