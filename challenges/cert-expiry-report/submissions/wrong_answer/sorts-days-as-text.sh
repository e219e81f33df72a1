#!/usr/bin/env bash
# Right numbers, wrong order: `sort -k2,2` compares DAYS as text, so -2 sorts before -91
# and 3648 before 400.
set -uo pipefail
export LC_ALL=C
rfc3339='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})$'
if [[ ! ${NOW:-} =~ $rfc3339 ]] || ! now=$(date -u -d "$NOW" +%s 2>/dev/null); then
    echo "NOW must be RFC 3339" >&2
    exit 3
fi
[[ -r certs.txt ]] || { echo "cannot read certs.txt" >&2; exit 3; }
report=$(grep -v '^[[:space:]]*\(#\|$\)' certs.txt | while read -r host rest; do
    expiry=$(date -u -d "${rest#notAfter=}" +%s)
    echo "$host $expiry $(date -u -d "@$expiry" +%Y-%m-%dT%H:%M:%SZ)"
done | awk -v now="$now" '{
    left = $2 - now
    days = int(left / 86400); if (days * 86400 > left) days--
    print (left <= 0 ? "EXPIRED" : left < 2592000 ? "WARN" : "OK"), days, $3, $1
}' | sort -k2,2 -k4,4)
[[ -n $report ]] && echo "$report"
grep -q '^EXPIRED' <<<"$report" && exit 2
grep -q '^WARN' <<<"$report" && exit 1
exit 0
