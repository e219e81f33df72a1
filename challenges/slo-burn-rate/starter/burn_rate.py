#!/usr/bin/env python3
"""burn_rate.py - error budget and burn rates for the checkout SLO.

Reads requests.csv (timestamp,requests,errors per minute) in the current folder; NOW and SLO come
from the environment. Prints one JSON object (see the statement).
"""
import json
import os

now = int(os.environ["NOW"])
slo = float(os.environ.get("SLO", "99.9"))

rows = []
with open("requests.csv", encoding="utf-8") as f:
    next(f)  # header
    for line in f:
        if not line.strip():
            continue
        ts, requests, errors = (int(x) for x in line.strip().split(","))
        rows.append((ts, requests, errors))

# First draft: totals over the whole file.
# TODO: only the 30 days before NOW count; a window is NOW - span <= timestamp < NOW
requests = sum(r for _, r, _ in rows)
errors = sum(e for _, _, e in rows)
budget_remaining = 1 - (errors / requests) / (1 - slo / 100) if requests else 1.0

# TODO: burn rates over 5m, 30m, 1h and 6h; the page rule
report = {
    "requests": requests,
    "errors": errors,
    "budget_remaining": budget_remaining,
    "burn_rates": {"5m": 0, "30m": 0, "1h": 0, "6h": 0},
    "page": False,
}
print(json.dumps(report, indent=2))
