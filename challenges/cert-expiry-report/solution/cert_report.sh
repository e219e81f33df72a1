#!/usr/bin/env bash
# Reference solution: certificate expiry report from ./certs.txt at the instant $NOW.
# GNU date parses both notAfter formats; one `date -f -` converts every line at once.
set -uo pipefail
export LC_ALL=C

rfc3339='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})$'
if [[ ! ${NOW:-} =~ $rfc3339 ]] || ! now=$(date -u -d "$NOW" +%s 2>/dev/null); then
    echo "cert_report: NOW must be an RFC 3339 time, e.g. 2026-03-01T09:30:00Z" >&2
    exit 3
fi
if [[ ! -r certs.txt ]]; then
    echo "cert_report: cannot read certs.txt" >&2
    exit 3
fi

# "host<TAB>date" for every certificate line; comments and blank lines skipped.
entries=$(awk '
    { sub(/\r$/, "") }
    /^[ \t]*(#|$)/ { next }
    {
        sub(/^[ \t]+/, ""); sub(/[ \t]+$/, "")
        host = $1
        date = substr($0, length(host) + 2); sub(/^[ \t]*notAfter=/, "", date)
        print host "\t" date
    }' certs.txt)
[[ -z $entries ]] && exit 0

if ! stamps=$(cut -f2 <<<"$entries" | date -u -f - '+%s %Y-%m-%dT%H:%M:%SZ'); then
    echo "cert_report: certs.txt holds a date GNU date cannot read" >&2
    exit 3
fi

report=$(paste -d ' ' <(cut -f1 <<<"$entries") <(printf '%s\n' "$stamps") |
    awk -v now="$now" '{
        left = $2 - now
        days = int(left / 86400); if (days * 86400 > left) days--   # floor, also below zero
        status = left <= 0 ? "EXPIRED" : left < 30 * 86400 ? "WARN" : "OK"
        print status, days, $3, $1
    }' | sort -k2,2n -k4,4)

printf '%s\n' "$report"
if grep -q '^EXPIRED ' <<<"$report"; then exit 2; fi
if grep -q '^WARN ' <<<"$report"; then exit 1; fi
exit 0
