#!/usr/bin/env bash
# top_rss.sh [N] - the N processes (default 5) using the most memory (VmRSS) in the
# /proc snapshot saved under ./proc by the on-call bot.
#
# Output: one line per process, "PID RSS_KB NAME", largest RSS first.
n=${1:-5}
if ! [[ $n =~ ^[0-9]+$ ]] || (( n == 0 )) || (( $# > 1 )); then
    echo "usage: top_rss [N]   (N: a positive integer, default 5)" >&2
    exit 2
fi

for dir in proc/*/; do
    # TODO: skip folders that are not processes (sys/, net/, ...)
    # TODO: read Name and VmRSS from "$dir/status"
    :
done
# TODO: sort by RSS, largest first, and keep the first $n
