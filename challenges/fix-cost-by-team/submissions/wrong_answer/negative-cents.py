#!/usr/bin/env python3
# Exact cents and a real CSV parser, but the dollars are printed with // and %, which round
# towards minus infinity: -325 cents comes out as -4.75 instead of -3.25.
import csv
from collections import defaultdict

totals = defaultdict(int)
with open("billing.csv", newline="") as f:
    rows = csv.reader(f)
    next(rows)
    for row in rows:
        if not row:
            continue
        sign = -1 if row[5].startswith("-") else 1
        whole, _, frac = row[5].lstrip("-").partition(".")
        totals[row[4] or "untagged"] += sign * (int(whole) * 100 + int((frac + "00")[:2]))

for team, cents in sorted(totals.items(), key=lambda item: (-item[1], item[0])):
    print(f"{team} {cents // 100}.{cents % 100:02d}")
