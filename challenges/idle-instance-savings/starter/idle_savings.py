#!/usr/bin/env python3
"""idle_savings.py - running instances idle all week, their monthly cost and the total
(see README.md)."""
import csv


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


instances = rows("instances.csv")
metrics = rows("cpu_p95.csv")
prices = {r["type"]: r["usd_per_hour"] for r in rows("prices.csv")}

idle = []  # TODO: (instance_id, team, type, monthly) for every idle instance
total = 0
for iid, team, itype, monthly in idle:
    print(f"{iid} {team} {itype} {monthly}")
print(f"TOTAL {total:.2f}")
