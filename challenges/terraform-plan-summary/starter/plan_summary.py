#!/usr/bin/env python3
"""plan_summary - summarise ./plan.json (terraform show -json tfplan) for CI.

Prints "No changes." or "Plan: C to create, U to update, R to replace, D to delete."
followed by one "SYMBOL ADDRESS" line per changed resource, sorted by address.
Exit 2 when anything is replaced or deleted, 1 when plan.json cannot be read, else 0.
"""
import json
import sys


def main():
    with open("plan.json", encoding="utf-8") as f:
        plan = json.load(f)

    changes = plan.get("resource_changes", [])
    # TODO: skip data sources, no-op and read
    # TODO: classify each entry: create, update, replace (two actions), delete
    # TODO: print the counts line and the sorted "SYMBOL ADDRESS" lines
    # TODO: exit 2 when something is replaced or deleted; 1 when plan.json is unreadable
    print(f"{len(changes)} resource changes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
