#!/usr/bin/env python3
"""Reference solution: the top K clients of ./requests.log over a sliding window of W seconds,
re-evaluated every second; prints the ranking each time it changes.

The window slides one second at a time: requests enter once and leave once, each changing
one client's count by one. The ranking is a sorted list of (-count, name) keys kept in order
with bisect, so the top K is its first K entries.
"""
import bisect
import sys


def usage():
    print("usage: top_talkers K W   (K clients, window of W seconds; positive integers)",
          file=sys.stderr)
    return 2


def seconds(hms):
    h, m, s = hms.split(":")
    return int(h) * 3600 + int(m) * 60 + int(s)


def hms(t):
    return f"{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}"


def main(argv):
    if len(argv) != 2 or not all(a.isdigit() and int(a) > 0 for a in argv):
        return usage()
    k, window = int(argv[0]), int(argv[1])

    times, clients = [], []
    with open("requests.log", encoding="utf-8") as f:
        for line in f:
            fields = line.split()
            if fields:
                times.append(seconds(fields[0]))
                clients.append(fields[1])
    if not times:
        return 0

    count = {}
    ranking = []                                  # sorted keys (-count, name), best first

    def change(name, delta):
        c = count.get(name, 0)
        if c:
            del ranking[bisect.bisect_left(ranking, (-c, name))]
        c += delta
        if c:
            count[name] = c
            bisect.insort(ranking, (-c, name))
        else:
            del count[name]                       # gone from the window: gone from the ranking

    out = []
    printed = None
    enter = leave = 0                             # next request to enter / to leave the window
    n = len(times)
    for s in range(times[0], times[-1] + 1):
        moved = False
        while enter < n and times[enter] <= s:
            change(clients[enter], +1)
            enter += 1
            moved = True
        while times[leave] <= s - window:         # the window is (s - W, s]
            change(clients[leave], -1)
            leave += 1
            moved = True
        if not moved:
            continue
        top = " ".join(name for _, name in ranking[:k]) or "-"
        if top != printed:
            out.append(f"{hms(s)} {top}\n")
            printed = top
    sys.stdout.write("".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
