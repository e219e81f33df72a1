#!/usr/bin/env python3
"""Reference solution: processes holding deleted files open, from ./lsof.txt (lsof -nP)."""
import sys

try:
    with open("lsof.txt", encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
except OSError as e:
    print(f"reclaim: cannot read lsof.txt: {e.strerror}", file=sys.stderr)
    sys.exit(2)

procs = {}      # pid -> (command, {(device, inode): size})
everything = {}  # (device, inode) -> size
for line in lines:
    fields = line.split(None, 8)
    if len(fields) < 9:
        continue
    command, pid, _user, fd, kind, device, size, node, name = fields
    # An open descriptor (3u, 12w, 45r...) on a regular file whose name lsof marked deleted.
    if not (pid.isdigit() and fd[:1].isdigit() and kind == "REG" and size.isdigit()):
        continue
    if not name.endswith(" (deleted)"):
        continue
    files = procs.setdefault(int(pid), (command, {}))[1]
    files[(device, node)] = int(size)
    everything[(device, node)] = int(size)

rows = [(sum(files.values()), pid, command, len(files)) for pid, (command, files) in procs.items()]
rows.sort(key=lambda r: (-r[0], r[1]))
for total, pid, command, count in rows:
    print(pid, command, total, count)
print("TOTAL", sum(everything.values()), len(everything))
