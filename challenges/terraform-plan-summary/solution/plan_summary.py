#!/usr/bin/env python3
"""Reference solution: summarise ./plan.json (terraform show -json) and gate on destruction."""
import json
import sys

SYMBOL = {
    ("create",): "+",
    ("update",): "~",
    ("delete",): "-",
    ("delete", "create"): "-/+",
    ("create", "delete"): "+/-",
}


def main():
    try:
        with open("plan.json", encoding="utf-8") as f:
            plan = json.load(f)
    except (OSError, ValueError) as e:
        print(f"plan_summary: cannot read plan.json: {e}", file=sys.stderr)
        return 1

    counts = {"create": 0, "update": 0, "replace": 0, "delete": 0}
    lines = []
    for rc in plan.get("resource_changes") or []:
        if rc.get("mode") == "data":
            continue
        actions = tuple(rc["change"]["actions"])
        symbol = SYMBOL.get(actions)
        if symbol is None:                  # no-op, read
            continue
        kind = "replace" if len(actions) == 2 else actions[0]
        counts[kind] += 1
        lines.append((rc["address"].encode(), symbol, rc["address"]))

    if sum(counts.values()) == 0:
        print("No changes.")
        return 0
    print("Plan: {create} to create, {update} to update, {replace} to replace, "
          "{delete} to delete.".format(**counts))
    for _, symbol, address in sorted(lines):
        print(symbol, address)
    return 2 if counts["replace"] or counts["delete"] else 0


if __name__ == "__main__":
    sys.exit(main())
