#!/usr/bin/env python3
"""Reference solution: p99 (nearest rank) of the request times in access.log."""
import sys


def main():
    times = []
    with open("access.log", encoding="utf-8", errors="replace") as f:
        for line in f:
            fields = line.split()
            if not fields or not fields[-1].startswith("rt="):
                continue
            value = fields[-1][3:]
            if value == "-":
                continue
            times.append((float(value), value))
    if not times:
        print("p99: no request times in access.log", file=sys.stderr)
        return 1
    times.sort()
    n = len(times)
    rank = (99 * n + 99) // 100          # ceil(0.99 * n) without floating point
    print(times[rank - 1][1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
