#!/usr/bin/env python3
"""Treats a process without a VmRSS line as using 0 kB, so kernel threads and zombies show
up at the bottom when N is larger than the number of real processes."""
import os
import sys

if len(sys.argv) > 2 or (len(sys.argv) == 2 and (not sys.argv[1].isdigit() or int(sys.argv[1]) == 0)):
    print("usage: top_rss [N]", file=sys.stderr)
    sys.exit(2)
n = int(sys.argv[1]) if len(sys.argv) == 2 else 5
rows = []
for pid in os.listdir("proc"):
    if not pid.isdigit() or not os.path.exists(f"proc/{pid}/status"):
        continue
    name, rss = "?", 0
    for line in open(f"proc/{pid}/status"):
        if line.startswith("Name:"):
            name = line[5:].strip()
        elif line.startswith("VmRSS:"):
            rss = int(line.split()[1])
    rows.append((-rss, int(pid), name))
for rss, pid, name in sorted(rows)[:n]:
    print(pid, -rss, name)
