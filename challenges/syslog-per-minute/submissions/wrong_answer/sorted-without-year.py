#!/usr/bin/env python3
# Parses the padding right, but uses YEAR for every line and sorts the keys: after New Year the
# January minutes land before December, in the wrong year.
import os
import re
from collections import Counter

STAMP = re.compile(r"([A-Z][a-z]{2}) +(\d{1,2}) (\d\d:\d\d):\d\d ")
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
year = os.environ["YEAR"]
counts = Counter()
for line in open("syslog"):
    m = STAMP.match(line)
    if m and m.group(1) in MONTHS:
        counts[f"{year}-{MONTHS.index(m.group(1)) + 1:02d}-{int(m.group(2)):02d} {m.group(3)}"] += 1
print("minute,count")
for key in sorted(counts):
    print(f"{key},{counts[key]}")
