#!/usr/bin/env bash
# Reference solution: a token bucket per key, in integer milli-tokens (awk's doubles are exact
# for every integer in range here: levels stay below 10^12).
set -uo pipefail
exec awk '
NF == 0 { next }
$1 == "RATE" { rate = $2 + 0; burst = $4 + 0; cap = burst * 1000; next }
{
    at = $1; now = $1 + 0; key = $2; cost = (NF > 2) ? $3 + 0 : 1
    if (!(key in level)) { level[key] = cap; last[key] = now }
    lvl = level[key] + rate * (now - last[key])
    if (lvl > cap) lvl = cap
    need = cost * 1000
    if (need > cap) {
        print at, key, "DENY", "never"; denied++
    } else if (lvl >= need) {
        lvl -= need
        printf "%s %s ALLOW %d\n", at, key, int(lvl / 1000); allowed++
    } else {
        missing = need - lvl
        wait = int(missing / rate); if (wait * rate < missing) wait++
        printf "%s %s DENY %d\n", at, key, wait; denied++
    }
    level[key] = lvl; last[key] = now
}
END { printf "STATS allowed=%d denied=%d\n", allowed, denied }'
