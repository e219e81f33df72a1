#!/usr/bin/env bash
# Reference solution: collapse repeated alerts of ./alerts.log into bursts of W seconds.
# One pass of awk: the start of each fingerprint's latest burst in a hash, counts by burst.
set -uo pipefail
export LC_ALL=C
if [[ $# -ne 1 || ! $1 =~ ^[0-9]+$ || $1 =~ ^0+$ ]]; then
    echo "usage: dedupe_alerts W   (W: window in seconds, a positive integer)" >&2
    exit 2
fi
exec awk -v window="$1" '
NF == 0 { next }
{
    t = $1 + 0; fp = $2
    if ((fp in start) && t - start[fp] < window) { count[burst[fp]]++; next }
    start[fp] = t; burst[fp] = ++n; count[n] = 1; first[n] = $0
}
END { for (i = 1; i <= n; i++) print count[i], first[i] }
' alerts.log
