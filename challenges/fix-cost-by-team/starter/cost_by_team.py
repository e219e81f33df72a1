#!/usr/bin/env python3
"""cost_by_team.py - cloud spend per team for the monthly FinOps review.

Reads billing.csv (the provider's monthly export, one line item per row) and prints each
team's total in dollars, biggest spender first. Items without a team tag go to "untagged".
"""
from collections import defaultdict

TEAM = 4
AMOUNT = 5

with open("billing.csv") as f:
    lines = f.read().splitlines()

totals = defaultdict(float)
for line in lines[2:]:  # the data starts after the header
    if not line.strip():
        continue
    fields = line.split(",")
    team = fields[TEAM] or "untagged"
    totals[team] += float(fields[AMOUNT])

for team, total in sorted(totals.items(), key=lambda item: (-item[1], item[0])):
    print(f"{team} {total:.2f}")
