#!/usr/bin/env bash
# Windows written as NOW - span < t <= NOW: counts the unfinished minute at NOW and drops the
# first minute of each window.
exec awk -F, -v now="$NOW" -v slo="${SLO:-99.9}" '
BEGIN { split("5m 30m 1h 6h period", names, " ")
        span["5m"] = 300; span["30m"] = 1800; span["1h"] = 3600; span["6h"] = 21600; span["period"] = 2592000
        allowed = 1 - slo / 100 }
NR == 1 || NF < 3 { next }
{ for (i = 1; i <= 5; i++) { n = names[i]; if (now - span[n] < $1 && $1 <= now) { req[n] += $2; err[n] += $3 } } }
function burn(n) { return req[n] > 0 ? (err[n] / req[n]) / allowed : 0 }
END {
    page = (burn("1h") >= 14.4 && burn("5m") >= 14.4) || (burn("6h") >= 6 && burn("30m") >= 6)
    printf "{\"requests\": %.0f, \"errors\": %.0f, \"budget_remaining\": %.12g,", req["period"], err["period"], 1 - burn("period")
    printf " \"burn_rates\": {\"5m\": %.12g, \"30m\": %.12g, \"1h\": %.12g, \"6h\": %.12g},", burn("5m"), burn("30m"), burn("1h"), burn("6h")
    printf " \"page\": %s}\n", page ? "true" : "false"
}' requests.csv
