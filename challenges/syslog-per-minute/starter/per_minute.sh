#!/usr/bin/env bash
# per_minute.sh - lines per minute of ./syslog as CSV (see README.md).
# YEAR is the year of the first line.
set -euo pipefail

echo "minute,count"
while IFS= read -r line; do
    # TODO: parse the timestamp at the start of $line, count the line in its minute
    :
done < syslog
# TODO: print one "YYYY-MM-DD HH:MM,COUNT" row per minute, in chronological order
