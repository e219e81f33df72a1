#!/usr/bin/env bash
# Reference solution: lines per minute of ./syslog, with the year from $YEAR rolling over
# whenever the month goes backwards.
set -euo pipefail
echo "minute,count"
LC_ALL=C awk -v year="${YEAR:?YEAR must be set}" '
BEGIN {
    split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", names, " ")
    for (i = 1; i <= 12; i++) month[names[i]] = i
    prev = 0
}
{
    # "Mmm dd hh:mm:ss " with the day padded by a space: fixed columns, not fields.
    if (!match($0, /^[A-Z][a-z][a-z] [ 0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] /)) next
    m = month[substr($0, 1, 3)]
    if (m == "") next
    if (prev && m < prev) year++
    prev = m
    day = substr($0, 5, 2); sub(/^ /, "", day)
    key = sprintf("%04d-%02d-%02d %s", year, m, day, substr($0, 8, 5))
    if (!(key in count)) order[++n] = key
    count[key]++
}
END { for (i = 1; i <= n; i++) printf "%s,%d\n", order[i], count[order[i]] }
' syslog
