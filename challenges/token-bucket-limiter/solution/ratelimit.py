#!/usr/bin/env python3
"""Reference solution: a token bucket per key, in integer milli-tokens (no floating point)."""
import sys

rate = burst = None
buckets = {}  # key -> [milli-tokens, time of last update in ms]
allowed = denied = 0
out = []

for line in sys.stdin:
    fields = line.split()
    if not fields:
        continue
    if fields[0] == "RATE":
        rate, burst = int(fields[1]), int(fields[3])
        continue
    now, key = int(fields[0]), fields[1]
    cost = int(fields[2]) if len(fields) > 2 else 1
    cap = burst * 1000
    level, last = buckets.get(key, (cap, now))
    level = min(cap, level + rate * (now - last))  # R tokens/s = R milli-tokens/ms
    need = cost * 1000
    if need > cap:
        out.append(f"{now} {key} DENY never")
        denied += 1
    elif level >= need:
        level -= need
        out.append(f"{now} {key} ALLOW {level // 1000}")
        allowed += 1
    else:
        wait = -(-(need - level) // rate)  # ceiling division
        out.append(f"{now} {key} DENY {wait}")
        denied += 1
    buckets[key] = (level, now)

out.append(f"STATS allowed={allowed} denied={denied}")
sys.stdout.write("\n".join(out) + "\n")
