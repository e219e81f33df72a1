#!/usr/bin/env python3
# Correct, but recounts the whole window every second: O(seconds x requests in the window).
# Fine for a minute of traffic; an hour-long window over a day is tens of millions of steps.
import bisect
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

printed = None
for s in range(times[0], times[-1] + 1):
    lo = bisect.bisect_right(times, s - window)         # window (s - W, s]
    hi = bisect.bisect_right(times, s)
    counts = collections.Counter(clients[lo:hi])
    ranking = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    top = " ".join(name for name, _ in ranking[:k]) or "-"
    if top != printed:
        print(f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d} {top}")
        printed = top
