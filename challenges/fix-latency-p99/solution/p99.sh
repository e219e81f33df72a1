#!/usr/bin/env bash
# Reference solution: p99 (nearest rank) of the request times in access.log.
# One awk pass takes the last field of every line; sort -n orders them; awk picks the rank.
set -euo pipefail
export LC_ALL=C

# rt=SECONDS is the last field; rt=- (no timing) and blank lines are skipped.
times=$(awk '$NF ~ /^rt=[0-9]/ { print substr($NF, 4) }' access.log | sort -n)

if [ -z "$times" ]; then
    echo "p99: no request times in access.log" >&2
    exit 1
fi

printf '%s\n' "$times" | awk '
    { v[NR] = $0 }
    END {
        rank = int((99 * NR + 99) / 100)   # ceil(0.99 * n), in integers
        print v[rank]
    }'
