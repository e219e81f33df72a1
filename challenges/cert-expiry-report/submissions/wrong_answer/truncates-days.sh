#!/usr/bin/env bash
# One `date` per certificate and bash arithmetic for the days: `/` truncates toward zero,
# so a certificate that expired five hours ago shows 0 days instead of -1.
export LC_ALL=C
if [[ ! ${NOW:-} =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}(Z|[+-][0-9]{2}:[0-9]{2})$ ]]; then
    echo "NOW is not an RFC 3339 time" >&2
    exit 3
fi
now=$(date -u -d "$NOW" +%s) || exit 3
[[ -r certs.txt ]] || { echo "cannot read certs.txt" >&2; exit 3; }

report=$(while read -r host rest; do
    [[ -z $host || $host == \#* ]] && continue
    expiry=$(date -u -d "${rest#notAfter=}" +%s)
    left=$(( expiry - now ))
    days=$(( left / 86400 ))
    if (( left <= 0 )); then status=EXPIRED
    elif (( left < 30 * 86400 )); then status=WARN
    else status=OK; fi
    echo "$status $days $(date -u -d "@$expiry" +%Y-%m-%dT%H:%M:%SZ) $host"
done < certs.txt | sort -k2,2n -k4,4)

[[ -n $report ]] && echo "$report"
grep -q '^EXPIRED' <<<"$report" && exit 2
grep -q '^WARN' <<<"$report" && exit 1
exit 0
