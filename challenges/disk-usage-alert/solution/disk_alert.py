#!/usr/bin/env python3
"""Reference solution: report filesystems at or over $THRESHOLD percent used."""
import os
import re
import sys

raw = os.environ.get("THRESHOLD", "90")
if not re.fullmatch(r"[0-9]+", raw) or int(raw) > 100:
    print(f"usage: THRESHOLD must be an integer from 0 to 100 (got {raw!r})", file=sys.stderr)
    sys.exit(2)
threshold = int(raw)

ROW = re.compile(r"\S+\s+\S+\s+\S+\s+\S+\s+(\S+)\s(.*)")
alerts = 0
for i, line in enumerate(sys.stdin.read().splitlines()):
    if i == 0 and line.startswith("Filesystem"):
        continue
    m = ROW.match(line)
    if not m:
        continue
    cap, mount = m.groups()
    pct = re.fullmatch(r"([0-9]+)%", cap)
    if pct and int(pct.group(1)) >= threshold:
        print(f"ALERT {cap} {mount}")
        alerts = 1
sys.exit(alerts)
