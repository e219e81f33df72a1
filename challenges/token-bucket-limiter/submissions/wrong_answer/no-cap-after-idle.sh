#!/usr/bin/env bash
# Refills without the cap: a key idle for an hour can burst far beyond B.
exec awk '
NF == 0 { next }
$1 == "RATE" { rate = $2 + 0; cap = ($4 + 0) * 1000; next }
{
    at = $1; now = $1 + 0; key = $2; cost = (NF > 2) ? $3 + 0 : 1
    if (!(key in level)) { level[key] = cap; last[key] = now }
    lvl = level[key] + rate * (now - last[key])
    need = cost * 1000
    if (need > cap) { print at, key, "DENY", "never"; denied++ }
    else if (lvl >= need) { lvl -= need; printf "%s %s ALLOW %d\n", at, key, int(lvl / 1000); allowed++ }
    else { m = need - lvl; w = int(m / rate); if (w * rate < m) w++; printf "%s %s DENY %d\n", at, key, w; denied++ }
    level[key] = lvl; last[key] = now
}
END { printf "STATS allowed=%d denied=%d\n", allowed, denied }'
