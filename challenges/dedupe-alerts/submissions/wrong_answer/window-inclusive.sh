#!/usr/bin/env bash
# "Within W seconds" read as t - start <= W: an alert exactly W seconds after the first one
# is swallowed instead of paging again.
if [[ $# -ne 1 || ! $1 =~ ^[0-9]+$ || $1 =~ ^0+$ ]]; then
    echo "usage: dedupe_alerts W" >&2
    exit 2
fi
awk -v window="$1" '
NF == 0 { next }
{
    if (($2 in start) && $1 - start[$2] <= window) { count[burst[$2]]++; next }
    start[$2] = $1; burst[$2] = ++n; count[n] = 1; first[n] = $0
}
END { for (i = 1; i <= n; i++) print count[i], first[i] }
' alerts.log
