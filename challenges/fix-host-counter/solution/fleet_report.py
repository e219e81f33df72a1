#!/usr/bin/env python3
"""Reference solution: UP/DOWN tally of fleet-status.txt, down hosts to down-hosts.txt,
exit 1 when any host is down."""
import sys

up, down = 0, []
with open("fleet-status.txt", encoding="utf-8", errors="surrogateescape") as f:
    for line in f:
        fields = line.split()
        if len(fields) < 2 or fields[0].startswith("#"):
            continue
        if fields[1] == "UP":
            up += 1
        elif fields[1] == "DOWN":
            down.append(fields[0])

print(f"UP {up}")
print(f"DOWN {len(down)}")
for host in down:
    print(f"down: {host}")
with open("down-hosts.txt", "w", encoding="utf-8", errors="surrogateescape") as f:
    f.writelines(host + "\n" for host in down)
sys.exit(1 if down else 0)
