#!/usr/bin/env python3
"""ratelimit.py - replay an API gateway's requests against a token bucket per key.

stdin: "RATE R BURST B", then "<t ms> <key> [cost]" lines.
stdout: "<t> <key> ALLOW <left>" / "<t> <key> DENY <retry ms>" / "<t> <key> DENY never",
then "STATS allowed=A denied=D".
"""
import sys

rate = burst = 0
tokens = {}  # key -> tokens left
allowed = denied = 0

for line in sys.stdin:
    fields = line.split()
    if not fields:
        continue
    if fields[0] == "RATE":
        rate, burst = int(fields[1]), int(fields[3])
        continue
    now, key = int(fields[0]), fields[1]
    cost = int(fields[2]) if len(fields) > 2 else 1
    # TODO: refill since this key's last request (R tokens per second, at most `burst`)
    level = tokens.get(key, burst)
    if level >= cost:
        level -= cost
        print(now, key, "ALLOW", level)
        allowed += 1
    else:
        # TODO: "never" when cost > burst; the retry time in ms, rounded up
        print(now, key, "DENY", 0)
        denied += 1
    tokens[key] = level

print(f"STATS allowed={allowed} denied={denied}")
