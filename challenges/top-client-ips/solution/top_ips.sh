#!/usr/bin/env bash
# Reference solution: the N most frequent client addresses in ./access.log.
set -euo pipefail
export LC_ALL=C
if [[ $# -ne 1 || ! $1 =~ ^[0-9]+$ ]] || (( 10#$1 == 0 )); then
    echo "usage: top_ips N   (N: a positive integer)" >&2
    exit 2
fi
n=$((10#$1))
# A line counts when its 4th field is the "[timestamp" of the combined log format.
awk 'NF >= 4 && substr($4, 1, 1) == "[" { count[$1]++ }
     END { for (ip in count) print count[ip], ip }' access.log |
    sort -k1,1nr -k2,2 |
    head -n "$n"
