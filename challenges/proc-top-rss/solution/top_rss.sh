#!/usr/bin/env bash
# Reference solution: the N processes with the largest VmRSS in the snapshot ./proc.
set -uo pipefail
export LC_ALL=C
shopt -s extglob nullglob
if (( $# > 1 )) || [[ $# -eq 1 && ! $1 =~ ^[0-9]+$ ]] || [[ $# -eq 1 && $((10#$1)) -eq 0 ]]; then
    echo "usage: top_rss [N]   (N: a positive integer, default 5)" >&2
    exit 2
fi
n=$((10#${1:-5}))

# Only all-digit folders are processes; a folder without a readable status has exited.
files=()
for f in proc/+([0-9])/status; do
    [[ -r $f ]] && files+=("$f")
done
(( ${#files[@]} )) || exit 0

awk '
FNR == 1 { split(FILENAME, part, "/"); pid = part[2] }
/^Name:/  { sub(/^Name:\t?/, ""); name[pid] = $0 }
/^VmRSS:/ { rss[pid] = $2 }          # kernel threads and zombies have no VmRSS line
END { for (p in rss) if (p in name) print p, rss[p], name[p] }
' "${files[@]}" | sort -k2,2nr -k1,1n | head -n "$n"
