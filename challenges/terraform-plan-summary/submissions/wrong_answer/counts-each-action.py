#!/usr/bin/env python3
# A replace counted as one create plus one delete: the summary double-counts and the
# replaced resource is listed twice.
import json
import sys

SYMBOL = {"create": "+", "update": "~", "delete": "-"}

with open("plan.json") as f:
    plan = json.load(f)
counts = {"create": 0, "update": 0, "replace": 0, "delete": 0}
lines = []
for rc in plan.get("resource_changes", []):
    if rc["mode"] == "data":
        continue
    for action in rc["change"]["actions"]:
        if action in SYMBOL:
            counts[action] += 1
            lines.append((rc["address"], SYMBOL[action]))
if not lines:
    print("No changes.")
    sys.exit(0)
print("Plan: {create} to create, {update} to update, {replace} to replace, "
      "{delete} to delete.".format(**counts))
for address, symbol in sorted(lines):
    print(symbol, address)
sys.exit(2 if counts["delete"] else 0)
