#!/usr/bin/env python3
"""Reference solution: every pair of overlapping IPv4 networks, in input order within a pair."""
import ipaddress
import sys

nets = []
for line in sys.stdin:
    fields = line.split()
    if not fields or fields[0].startswith("#"):
        continue
    name, cidr = fields[0], fields[1]
    nets.append((name, ipaddress.ip_network(cidr, strict=False)))  # host bits are ignored

for i, (name_a, a) in enumerate(nets):
    for name_b, b in nets[i + 1:]:
        if a.overlaps(b):
            print(name_a, name_b)
