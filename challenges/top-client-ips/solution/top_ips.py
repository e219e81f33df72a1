#!/usr/bin/env python3
"""Reference solution: the N most frequent client addresses in ./access.log."""
import re
import sys
from collections import Counter

if len(sys.argv) != 2 or not re.fullmatch(r"[0-9]+", sys.argv[1]) or int(sys.argv[1]) == 0:
    print("usage: top_ips N   (N: a positive integer)", file=sys.stderr)
    sys.exit(2)
n = int(sys.argv[1])

counts = Counter()
with open("access.log", encoding="utf-8", errors="replace") as log:
    for line in log:
        fields = line.split()
        # A line counts when its 4th field is the "[timestamp" of the combined log format.
        if len(fields) >= 4 and fields[3].startswith("["):
            counts[fields[0]] += 1

# Count descending, then the address as a plain string (byte order) ascending.
ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].encode()))
for ip, count in ranked[:n]:
    print(count, ip)
