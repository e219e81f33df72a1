#!/usr/bin/env bash
# dedupe_alerts W - collapse repeated alerts of ./alerts.log into bursts.
#
# alerts.log: "TIMESTAMP FINGERPRINT MESSAGE..." per line, in time order.
# Output: "COUNT FIRST-LINE" per burst, in the order the bursts started.
set -uo pipefail
window=${1:-}
# TODO: usage check (one positive integer W), `usage:` on stderr, exit 2

# First draft: every alert is its own burst.
# TODO: an alert joins its fingerprint's latest burst while it is less than W seconds
#       younger than that burst's first alert
awk 'NF > 0 { print 1, $0 }' alerts.log
