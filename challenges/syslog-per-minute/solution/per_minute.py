#!/usr/bin/env python3
"""Reference solution: lines per minute of ./syslog, with the year from $YEAR rolling over
whenever the month goes backwards."""
import os
import re

MONTHS = {m: i for i, m in enumerate(
    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1)}
STAMP = re.compile(r"([A-Z][a-z]{2}) ([ 0-3][0-9]) ([0-2][0-9]:[0-5][0-9]):[0-6][0-9] ")

year = int(os.environ["YEAR"])
previous = 0
counts = {}  # insertion order is chronological: the log is
with open("syslog", encoding="utf-8", errors="replace") as f:
    for line in f:
        m = STAMP.match(line)
        if not m or m.group(1) not in MONTHS:
            continue
        month = MONTHS[m.group(1)]
        if previous and month < previous:
            year += 1
        previous = month
        key = f"{year:04d}-{month:02d}-{int(m.group(2)):02d} {m.group(3)}"
        counts[key] = counts.get(key, 0) + 1

print("minute,count")
for key, n in counts.items():
    print(f"{key},{n}")
