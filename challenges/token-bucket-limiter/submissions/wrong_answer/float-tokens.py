#!/usr/bin/env python3
"""Counts tokens as floats: 0.005 tokens per ms summed 400 times is not quite 2."""
import math
import sys

rate = burst = 0
buckets = {}
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
    level, last = buckets.get(key, (float(burst), now))
    level = min(float(burst), level + (now - last) * rate / 1000)
    if cost > burst:
        print(now, key, "DENY", "never")
        denied += 1
    elif level >= cost:
        level -= cost
        print(now, key, "ALLOW", math.floor(level))
        allowed += 1
    else:
        print(now, key, "DENY", math.ceil((cost - level) * 1000 / rate))
        denied += 1
    buckets[key] = (level, now)
print(f"STATS allowed={allowed} denied={denied}")
