#!/usr/bin/env python3
"""Plausible mistake: treats the written address as the start of the block,
so 10.0.0.5/24 becomes 10.0.0.5-10.0.1.4 instead of 10.0.0.0-10.0.0.255."""
import sys


def to_int(ip):
    a, b, c, d = (int(x) for x in ip.split("."))
    return (a << 24) | (b << 16) | (c << 8) | d


nets = []
for line in sys.stdin:
    fields = line.split()
    if not fields or fields[0].startswith("#"):
        continue
    ip, prefix = fields[1].split("/")
    start = to_int(ip)
    nets.append((fields[0], start, start + (1 << (32 - int(prefix))) - 1))

for i, (na, sa, ea) in enumerate(nets):
    for nb, sb, eb in nets[i + 1:]:
        if sa <= eb and sb <= ea:
            print(na, nb)
