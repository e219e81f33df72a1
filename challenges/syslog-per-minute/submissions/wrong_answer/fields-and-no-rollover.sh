#!/usr/bin/env bash
# A first attempt: split on single spaces and trust YEAR for every line. Breaks on `Dec  3`
# (the empty field shifts the time into $4) and on the new-year rollover.
echo "minute,count"
cut -d' ' -f1-3 syslog | grep -E '^[A-Z][a-z]{2} ' | while read -r mon day time; do
    m=$(date -d "$mon 1" +%m)
    printf '%s-%s-%02d %s\n' "$YEAR" "$m" "$((10#$day))" "${time:0:5}"
done | sort | uniq -c | awk '{ print $2 " " $3 "," $1 }'
