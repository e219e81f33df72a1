#!/usr/bin/env python3
"""Reference solution: the N processes with the largest VmRSS in the snapshot ./proc."""
import os
import re
import sys

args = sys.argv[1:]
if len(args) > 1 or (args and not re.fullmatch(r"[0-9]+", args[0])) or (args and int(args[0]) == 0):
    print("usage: top_rss [N]   (N: a positive integer, default 5)", file=sys.stderr)
    sys.exit(2)
n = int(args[0]) if args else 5

found = []
for entry in os.listdir("proc"):
    if not entry.isdigit():
        continue                      # self, sys, net, meminfo, ...
    try:
        with open(os.path.join("proc", entry, "status"), encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        continue                      # the process exited while the snapshot was taken
    name, rss = None, None
    for line in lines:
        key, _, value = line.partition(":")
        if key == "Name":
            name = value.strip("\t")
        elif key == "VmRSS":
            rss = int(value.split()[0])
    if name is not None and rss is not None:  # kernel threads and zombies have no VmRSS
        found.append((rss, int(entry), name))

found.sort(key=lambda p: (-p[0], p[1]))
for rss, pid, name in found[:n]:
    print(pid, rss, name)
