#!/usr/bin/env python3
"""Reference solution: k-way merge of the sorted logs/*.log by instant (RFC 3339, any offset),
ties by file name (byte order), then by line number."""
import calendar
import heapq
import os
import re
import sys

STAMP = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)(?:\s|$)")


def instant(line):
    """Nanoseconds since the epoch of the timestamp that starts the line."""
    m = STAMP.match(line)
    if not m:
        sys.exit(f"not an RFC 3339 timestamp: {line!r}")
    y, mo, d, h, mi, s = (int(g) for g in m.groups()[:6])
    seconds = calendar.timegm((y, mo, d, h, mi, s))
    zone = m.group(8)
    if zone != "Z":
        offset = int(zone[1:3]) * 3600 + int(zone[4:6]) * 60
        seconds -= offset if zone[0] == "+" else -offset
    return seconds * 10**9 + int((m.group(7) or "").ljust(9, "0"))


def stream(name):
    """(instant, name, line number, line) for each non-blank line, lazily: one line in memory."""
    with open(os.path.join("logs", name), "rb") as f:
        for number, raw in enumerate(f, start=1):
            line = raw.rstrip(b"\r\n").decode("utf-8", "surrogateescape")
            if line.strip():
                yield instant(line), name.encode("utf-8", "surrogateescape"), number, line


names = sorted((n for n in os.listdir("logs") if n.endswith(".log")),
               key=lambda n: n.encode("utf-8", "surrogateescape"))
out = sys.stdout.buffer
for _, name, _, line in heapq.merge(*(stream(n) for n in names)):
    out.write(name + b": " + line.encode("utf-8", "surrogateescape") + b"\n")
