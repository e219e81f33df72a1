#!/usr/bin/env bash
# p99.sh - p99 request time of the edge proxy, for the weekly SLO report.
#
# Reads access.log (log_format "timed", request time in seconds at the end of each line:
# ... 200 5123 rt=0.734) and prints the 99th percentile, nearest-rank method:
# sort the n request times, the p99 is the value at rank ceil(0.99 * n).

times=""
while read -r line; do
    # pull the request time out of the line
    rt=$(echo "$line" | grep -oE 'rt=[0-9]+' | cut -d= -f2)
    if [ -n "$rt" ]; then
        times+="$rt"$'\n'
    fi
done < access.log

n=$(printf '%s' "$times" | grep -c .)
rank=$(( n * 99 / 100 ))

printf '%s' "$times" | sort -n | sed -n "${rank}p"
