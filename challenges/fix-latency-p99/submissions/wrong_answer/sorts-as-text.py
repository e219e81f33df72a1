#!/usr/bin/env python3
# Sorts the request times as strings: fine while every time is below 10 s,
# but "12.345" sorts before "9.999".
import sys

times = []
with open("access.log") as f:
    for line in f:
        fields = line.split()
        if fields and fields[-1].startswith("rt=") and fields[-1] != "rt=-":
            times.append(fields[-1][3:])
if not times:
    print("p99: no request times in access.log", file=sys.stderr)
    sys.exit(1)
times.sort()
print(times[(99 * len(times) + 99) // 100 - 1])
