#!/usr/bin/env python3
# Keeps a request in the window for W + 1 seconds: the window is taken as [s - W, s]
# instead of (s - W, s].
import bisect
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

count, ranking = {}, []


def change(name, delta):
    c = count.get(name, 0)
    if c:
        del ranking[bisect.bisect_left(ranking, (-c, name))]
    c += delta
    if c:
        count[name] = c
        bisect.insort(ranking, (-c, name))
    else:
        del count[name]


enter = leave = 0
printed = None
for s in range(times[0], times[-1] + 1):
    moved = False
    while enter < len(times) and times[enter] <= s:
        change(clients[enter], 1)
        enter += 1
        moved = True
    while times[leave] < s - window:
        change(clients[leave], -1)
        leave += 1
        moved = True
    if not moved:
        continue
    top = " ".join(name for _, name in ranking[:k]) or "-"
    if top != printed:
        print(f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d} {top}")
        printed = top
