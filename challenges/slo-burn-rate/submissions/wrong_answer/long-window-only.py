#!/usr/bin/env python3
"""Pages on the long windows alone: an incident that ended ten minutes ago still pages."""
import json
import os

now = int(os.environ["NOW"])
allowed = 1 - float(os.environ.get("SLO", "99.9")) / 100
spans = {"5m": 300, "30m": 1800, "1h": 3600, "6h": 21600, "period": 30 * 86400}
sums = {k: [0, 0] for k in spans}
with open("requests.csv") as f:
    next(f)
    for line in f:
        if line.strip():
            ts, r, e = map(int, line.split(","))
            for k, s in spans.items():
                if now - s <= ts < now:
                    sums[k][0] += r
                    sums[k][1] += e
burn = {k: (e / r / allowed if r else 0.0) for k, (r, e) in sums.items()}
print(json.dumps({
    "requests": sums["period"][0],
    "errors": sums["period"][1],
    "budget_remaining": 1 - burn["period"],
    "burn_rates": {k: burn[k] for k in ("5m", "30m", "1h", "6h")},
    "page": burn["1h"] >= 14.4 or burn["6h"] >= 6,
}))
