#!/usr/bin/env python3
"""Depth-first topological sort, visiting names in sorted order: a valid order, but it deploys
a whole dependency chain before looking at the next smallest ready service."""
import sys

deps = {}
for number, line in enumerate(open("deps.txt").read().splitlines(), 1):
    line = line.strip()
    if not line or line.startswith("#"):
        continue
    if ":" not in line:
        print(f"deps.txt:{number}: expected 'service: dependency ...'", file=sys.stderr)
        sys.exit(2)
    name, rest = line.split(":", 1)
    deps.setdefault(name.strip(), set()).update(rest.split())
    for d in rest.split():
        deps.setdefault(d, set())

order, state = [], {}


def visit(s, path):
    if state.get(s) == "done":
        return
    if state.get(s) == "active":
        cycle = path[path.index(s):] + [s]
        print("CYCLE " + " -> ".join(cycle), file=sys.stderr)
        sys.exit(1)
    state[s] = "active"
    for d in sorted(deps[s]):
        visit(d, path + [s])
    state[s] = "done"
    order.append(s)


for s in sorted(deps):
    visit(s, [])
print("\n".join(order))
