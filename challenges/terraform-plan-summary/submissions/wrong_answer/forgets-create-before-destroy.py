#!/usr/bin/env python3
# Knows ["delete", "create"] is a replace, but reads ["create", "delete"] by its first action.
import json
import sys

with open("plan.json") as f:
    plan = json.load(f)
counts = {"create": 0, "update": 0, "replace": 0, "delete": 0}
symbol = {"create": "+", "update": "~", "delete": "-", "replace": "-/+"}
lines = []
for rc in plan.get("resource_changes", []):
    actions = rc["change"]["actions"]
    if rc["mode"] == "data" or actions[0] in ("no-op", "read"):
        continue
    kind = "replace" if actions == ["delete", "create"] else actions[0]
    counts[kind] += 1
    lines.append((rc["address"], symbol[kind]))
if not lines:
    print("No changes.")
    sys.exit(0)
print("Plan: {create} to create, {update} to update, {replace} to replace, "
      "{delete} to delete.".format(**counts))
for address, s in sorted(lines):
    print(s, address)
sys.exit(2 if counts["replace"] or counts["delete"] else 0)
