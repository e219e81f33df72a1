#!/usr/bin/env bash
# Classic pipeline without an explicit tie-break: `sort -rn` also reverses the
# whole-line fallback comparison, so tied addresses come out in descending order.
if [[ $# -ne 1 || ! $1 =~ ^[0-9]+$ ]] || (( 10#$1 == 0 )); then
    echo "usage: top_ips N" >&2
    exit 2
fi
awk 'NF >= 4 && $4 ~ /^\[/ { print $1 }' access.log | sort | uniq -c | sort -rn |
    head -n "$1" | awk '{ print $1, $2 }'
