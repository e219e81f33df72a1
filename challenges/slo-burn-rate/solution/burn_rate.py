#!/usr/bin/env python3
"""Reference solution: error budget left over 30 days and multiwindow burn rates."""
import json
import os
import sys

WINDOWS = {"5m": 300, "30m": 1800, "1h": 3600, "6h": 21600}
PERIOD = 30 * 86400

now = int(os.environ["NOW"])
slo = float(os.environ.get("SLO", "99.9"))
allowed = 1 - slo / 100  # the error ratio the SLO allows

totals = {name: [0, 0] for name in list(WINDOWS) + ["period"]}
spans = dict(WINDOWS, period=PERIOD)
with open("requests.csv", encoding="utf-8") as f:
    next(f)  # header
    for line in f:
        if not line.strip():
            continue
        ts, requests, errors = (int(x) for x in line.strip().split(","))
        for name, span in spans.items():
            if now - span <= ts < now:  # the minute at NOW is still being counted
                totals[name][0] += requests
                totals[name][1] += errors


def burn(name):
    requests, errors = totals[name]
    return (errors / requests) / allowed if requests else 0.0


rates = {name: burn(name) for name in WINDOWS}
requests, errors = totals["period"]
report = {
    "requests": requests,
    "errors": errors,
    "budget_remaining": 1 - burn("period"),
    "burn_rates": rates,
    "page": (rates["1h"] >= 14.4 and rates["5m"] >= 14.4) or (rates["6h"] >= 6 and rates["30m"] >= 6),
}
json.dump(report, sys.stdout, indent=2)
print()
