#!/usr/bin/env python3
"""Reference solution: running instances whose p95 CPU was below 5% on every day of the week
in cpu_p95.csv, with their monthly on-demand cost (730 h) and the total."""
import csv
from decimal import ROUND_HALF_UP, Decimal

HOURS_PER_MONTH = 730
CENT = Decimal("0.01")


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


prices = {r["type"]: Decimal(r["usd_per_hour"]) for r in rows("prices.csv")}
metrics = rows("cpu_p95.csv")
week = {r["date"] for r in metrics}
low_days = {}  # instance -> dates with p95 < 5
for r in metrics:
    if Decimal(r["p95_cpu"]) < 5:
        low_days.setdefault(r["instance_id"], set()).add(r["date"])

idle = []
for r in rows("instances.csv"):
    if r["state"] != "running" or low_days.get(r["instance_id"], set()) != week:
        continue
    monthly = (prices[r["type"]] * HOURS_PER_MONTH).quantize(CENT, rounding=ROUND_HALF_UP)
    idle.append((monthly, r["instance_id"], r["team"] or "untagged", r["type"]))

idle.sort(key=lambda x: (-x[0], x[1]))
for monthly, iid, team, itype in idle:
    print(f"{iid} {team} {itype} {monthly}")
print(f"TOTAL {sum((x[0] for x in idle), Decimal('0.00'))}")
