#!/usr/bin/env python3
# Measures the window from the fingerprint's *previous* alert instead of the burst's first
# one: an alert that keeps firing every 20 s never starts a new burst (and never re-pages).
import sys

if len(sys.argv) != 2 or not sys.argv[1].isdigit() or int(sys.argv[1]) == 0:
    print("usage: dedupe_alerts W", file=sys.stderr)
    sys.exit(2)
window = int(sys.argv[1])

bursts, last_seen, current = [], {}, {}
for line in open("alerts.log"):
    line = line.rstrip("\n")
    fields = line.split(None, 2)
    if not fields:
        continue
    t, fp = int(fields[0]), fields[1]
    if fp in last_seen and t - last_seen[fp] < window:
        bursts[current[fp]][0] += 1
    else:
        current[fp] = len(bursts)
        bursts.append([1, line])
    last_seen[fp] = t
for count, line in bursts:
    print(count, line)
