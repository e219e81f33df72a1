#!/usr/bin/env bash
# Almost right, but tied RSS values are ordered by PID as strings: 100 before 99.
n=${1:-5}
if ! [[ $n =~ ^[0-9]+$ ]] || (( n == 0 )) || (( $# > 1 )); then
    echo "usage: top_rss [N]" >&2
    exit 2
fi
for f in proc/[0-9]*/status; do
    [[ -r $f ]] || continue
    pid=${f#proc/}; pid=${pid%/status}
    name=$(sed -n 's/^Name:\t//p' "$f")
    rss=$(awk '/^VmRSS:/ { print $2 }' "$f")
    [[ -n $rss ]] && echo "$pid $rss $name"
done | sort -k2,2nr -k1,1 | head -n "$n"
