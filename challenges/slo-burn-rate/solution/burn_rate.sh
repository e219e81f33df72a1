#!/usr/bin/env bash
# Reference solution: error budget left over 30 days and multiwindow burn rates, in awk.
set -euo pipefail
: "${NOW:?NOW (epoch seconds) must be set}"
exec awk -F, -v now="$NOW" -v slo="${SLO:-99.9}" '
BEGIN {
    split("5m 30m 1h 6h period", names, " ")
    span["5m"] = 300; span["30m"] = 1800; span["1h"] = 3600; span["6h"] = 21600
    span["period"] = 30 * 86400
    allowed = 1 - slo / 100
}
NR == 1 || NF < 3 { next }
{
    ts = $1 + 0
    for (i = 1; i <= 5; i++) {
        n = names[i]
        if (now - span[n] <= ts && ts < now) { req[n] += $2; err[n] += $3 }
    }
}
function burn(n) { return req[n] > 0 ? (err[n] / req[n]) / allowed : 0 }
END {
    page = (burn("1h") >= 14.4 && burn("5m") >= 14.4) || (burn("6h") >= 6 && burn("30m") >= 6)
    printf "{\n  \"requests\": %.0f,\n  \"errors\": %.0f,\n", req["period"], err["period"]
    printf "  \"budget_remaining\": %.12g,\n", 1 - burn("period")
    printf "  \"burn_rates\": {\"5m\": %.12g, \"30m\": %.12g, \"1h\": %.12g, \"6h\": %.12g},\n", \
        burn("5m"), burn("30m"), burn("1h"), burn("6h")
    printf "  \"page\": %s\n}\n", page ? "true" : "false"
}' requests.csv
