#!/usr/bin/env python3
# Correct, but every alert walks the list of every burst so far to find its own:
# O(alerts x bursts). Fine on a screenful, far too slow on a night of alerts.
import sys

if len(sys.argv) != 2 or not sys.argv[1].isdigit() or int(sys.argv[1]) == 0:
    print("usage: dedupe_alerts W", file=sys.stderr)
    sys.exit(2)
window = int(sys.argv[1])

bursts = []
with open("alerts.log") as f:
    for line in f:
        line = line.rstrip("\n")
        fields = line.split(None, 2)
        if not fields:
            continue
        t, fingerprint = int(fields[0]), fields[1]
        current = None
        for burst in bursts:            # the latest burst of this fingerprint, if still open
            if burst["fingerprint"] == fingerprint and t - burst["start"] < window:
                current = burst
        if current is not None:
            current["count"] += 1
        else:
            bursts.append({"fingerprint": fingerprint, "start": t, "count": 1, "line": line})

for burst in bursts:
    print(burst["count"], burst["line"])
