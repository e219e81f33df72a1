#!/usr/bin/env python3
"""Reference solution: replay a Horizontal Pod Autoscaler over a metrics trace (integer math)."""
import sys

lines = [line.split() for line in sys.stdin.read().splitlines() if line.strip()]
config = dict(word.split("=", 1) for word in lines[0])
lo, hi = int(config["min"]), int(config["max"])
target, window = int(config["target"]), int(config["window"])
current = int(config["replicas"])

history = []  # (time, recommendation)
for t, metric in ((int(a), b) for a, b in lines[1:]):
    if metric == "-":
        print(t, current, "no-metrics")
        continue
    m = int(metric)
    if abs(m - target) * 10 <= target:       # within the 10 % tolerance
        proposal = current
    else:
        proposal = -(-current * m // target)  # ceil(current * m / target), exactly
    proposal = max(lo, min(hi, proposal))
    history.append((t, proposal))
    # Scale-down stabilisation: the highest recommendation of the last `window` seconds.
    new = max([proposal] + [p for s, p in history if s > t - window])
    action = "up" if new > current else "down" if new < current else "same"
    current = new
    print(t, current, action)
