#!/usr/bin/env python3
"""Dedups by device and inode correctly, but treats any NAME containing "(deleted)" as a deleted
file, so `/srv/reports/(deleted) old users.csv` counts."""
procs, everything = {}, {}
for line in open("lsof.txt"):
    f = line.split(None, 8)
    if len(f) < 9 or not f[1].isdigit() or not f[3][:1].isdigit() or f[4] != "REG":
        continue
    if "(deleted)" not in f[8]:
        continue
    procs.setdefault(int(f[1]), (f[0], {}))[1][(f[5], f[7])] = int(f[6])
    everything[(f[5], f[7])] = int(f[6])
rows = sorted((-sum(files.values()), pid, cmd, len(files)) for pid, (cmd, files) in procs.items())
for neg, pid, cmd, n in rows:
    print(pid, cmd, -neg, n)
print("TOTAL", sum(everything.values()), len(everything))
