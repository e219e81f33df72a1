#!/usr/bin/env python3
"""Reference solution: deploy order from ./deps.txt (Kahn's algorithm, smallest ready first)."""
import heapq
import sys


def fail(message, status):
    print(message, file=sys.stderr)
    sys.exit(status)


deps = {}  # service -> set of services it needs
try:
    with open("deps.txt", encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
except OSError as e:
    fail(f"deploy_order: cannot read deps.txt: {e.strerror}", 2)

for number, line in enumerate(lines, 1):
    text = line.strip()
    if not text or text.startswith("#"):
        continue
    name, colon, rest = text.partition(":")
    name = name.strip()
    if not colon or not name or len(name.split()) != 1:
        fail(f"deps.txt:{number}: expected 'service: dependency ...'", 2)
    deps.setdefault(name, set()).update(rest.split())
    for dep in rest.split():
        deps.setdefault(dep, set())

# Byte order: compare names as UTF-8 bytes.
key = lambda s: s.encode()
waiting = {s: len(d) for s, d in deps.items()}
users = {s: [] for s in deps}
for s, d in deps.items():
    for dep in d:
        users[dep].append(s)

ready = [(key(s), s) for s, n in waiting.items() if n == 0]
heapq.heapify(ready)
order = []
while ready:
    _, s = heapq.heappop(ready)
    order.append(s)
    for user in users[s]:
        waiting[user] -= 1
        if waiting[user] == 0:
            heapq.heappush(ready, (key(user), user))

if len(order) < len(deps):
    done = set(order)
    left = sorted((s for s in deps if s not in done), key=key)
    # Every service left waits for at least one other service left: walk until one repeats.
    path, seen = [left[0]], {left[0]: 0}
    while True:
        nxt = min((d for d in deps[path[-1]] if d not in done), key=key)
        if nxt in seen:
            cycle = path[seen[nxt]:] + [nxt]
            break
        seen[nxt] = len(path)
        path.append(nxt)
    fail("CYCLE " + " -> ".join(cycle), 1)

for s in order:
    print(s)
