#!/usr/bin/env python3
"""Reference solution: certificate expiry report from ./certs.txt at the instant $NOW."""
import calendar
import datetime
import os
import re
import sys
import time

MONTHS = {m: i for i, m in enumerate(
    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1)}
OPENSSL = re.compile(r"([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4}) GMT")
ISO = re.compile(r"(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)Z")
RFC3339 = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(Z|([+-])(\d\d):(\d\d))")
DAY = 86400
WARN_DAYS = 30


def epoch(y, mo, d, h, mi, s):
    fields = tuple(int(v) for v in (y, mo, d, h, mi, s))
    datetime.datetime(*fields)                              # ValueError on Feb 30, 25:00, ...
    return calendar.timegm(fields + (0, 0, 0))


def parse_now(text):
    m = RFC3339.fullmatch(text)
    try:
        t = epoch(*m.groups()[:6])
    except (AttributeError, ValueError):
        return None
    if m.group(7) != "Z":
        offset = int(m.group(9)) * 3600 + int(m.group(10)) * 60
        t -= offset if m.group(8) == "+" else -offset
    return t


def parse_not_after(text):
    m = OPENSSL.fullmatch(text)
    if m:
        mon, d, h, mi, s, y = m.groups()
        return epoch(y, MONTHS[mon], d, h, mi, s)
    m = ISO.fullmatch(text)
    if m:
        return epoch(*m.groups())
    raise ValueError(f"unrecognised notAfter date: {text!r}")


def main():
    now = parse_now(os.environ.get("NOW", ""))
    if now is None:
        print("cert_report: NOW must be an RFC 3339 time, e.g. 2026-03-01T09:30:00Z",
              file=sys.stderr)
        return 3
    try:
        with open("certs.txt", encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        print(f"cert_report: cannot read certs.txt: {e}", file=sys.stderr)
        return 3

    rows = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        host, rest = line.split(" ", 1)
        expiry = parse_not_after(rest.strip().removeprefix("notAfter="))
        left = expiry - now
        days = left // DAY                                  # floor, also below zero
        if left <= 0:
            status = "EXPIRED"
        elif left < WARN_DAYS * DAY:
            status = "WARN"
        else:
            status = "OK"
        stamp = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*time.gmtime(expiry)[:6])
        rows.append((days, host.encode(), status, stamp, host))

    rows.sort()
    for days, _, status, stamp, host in rows:
        print(status, days, stamp, host)
    statuses = {r[2] for r in rows}
    return 2 if "EXPIRED" in statuses else 1 if "WARN" in statuses else 0


if __name__ == "__main__":
    sys.exit(main())
