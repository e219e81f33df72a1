#!/usr/bin/env python3
# Slides the window correctly, but ranks with Counter.most_common(): equal counts come out in
# the order the clients entered the dict, not in name order.
import collections
import sys

if len(sys.argv) != 3 or not all(a.isdigit() and int(a) > 0 for a in sys.argv[1:]):
    print("usage: top_talkers K W", file=sys.stderr)
    sys.exit(2)
k, window = int(sys.argv[1]), int(sys.argv[2])
times, clients = [], []
for line in open("requests.log"):
    fields = line.split()
    if fields:
        h, m, s = map(int, fields[0].split(":"))
        times.append(h * 3600 + m * 60 + s)
        clients.append(fields[1])
if not times:
    sys.exit(0)

counts = collections.Counter()
enter = leave = 0
printed = None
for s in range(times[0], times[-1] + 1):
    moved = False
    while enter < len(times) and times[enter] <= s:
        counts[clients[enter]] += 1
        enter += 1
        moved = True
    while times[leave] <= s - window:
        counts[clients[leave]] -= 1
        if counts[clients[leave]] == 0:
            del counts[clients[leave]]
        leave += 1
        moved = True
    if moved:
        top = " ".join(name for name, _ in counts.most_common(k)) or "-"
        if top != printed:
            print(f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d} {top}")
            printed = top
