#!/usr/bin/env python3
"""The textbook formula in floating point: ratio = metric / target, tolerance |ratio - 1| <= 0.1
and ceil(current * ratio). 55/50 - 1 is 0.10000000000000009 in binary floating point, and
14 * (145/70) rounds up past 29."""
import math
import sys

lines = [line.split() for line in sys.stdin.read().splitlines() if line.strip()]
config = dict(word.split("=", 1) for word in lines[0])
lo, hi = int(config["min"]), int(config["max"])
target, window = int(config["target"]), int(config["window"])
current = int(config["replicas"])
history = []
for t, metric in ((int(a), b) for a, b in lines[1:]):
    if metric == "-":
        print(t, current, "no-metrics")
        continue
    ratio = int(metric) / target
    proposal = current if abs(ratio - 1.0) <= 0.1 else math.ceil(current * ratio)
    proposal = max(lo, min(hi, proposal))
    history.append((t, proposal))
    new = max([proposal] + [p for s, p in history if s > t - window])
    action = "up" if new > current else "down" if new < current else "same"
    current = new
    print(t, current, action)
