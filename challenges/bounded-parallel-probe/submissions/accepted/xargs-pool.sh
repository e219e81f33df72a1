#!/usr/bin/env bash
# Another accepted approach: xargs -P is the pool. timeout signals the probe's whole process
# group, so even a helper holding the $(...) pipe dies at the deadline.
export LC_ALL=C
awk '$1 !~ /^#/ && NF { print $1 }' hosts.txt |
    xargs -r -n 1 -P "$CONCURRENCY" bash -c '
        out=$(timeout -k 0.1 "$TIMEOUT" ./probe.sh "$1" 2> /dev/null < /dev/null)
        case $? in
            124 | 137) echo "$1 TIMEOUT" ;;
            *) if [[ $out == UP ]]; then echo "$1 UP"; else echo "$1 DOWN"; fi ;;
        esac' _ |
    sort
