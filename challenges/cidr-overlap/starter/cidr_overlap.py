#!/usr/bin/env python3
"""cidr_overlap.py - print every pair of IPv4 networks whose address ranges overlap.

stdin: "<name> <address>/<prefix>" per line; blank lines and `#` comments are ignored.
stdout: "<first name> <second name>" per overlapping pair (first = earlier in the input).
"""
import sys


def to_int(address):
    a, b, c, d = (int(part) for part in address.split("."))
    return (a << 24) | (b << 16) | (c << 8) | d


def block(cidr):
    """The first and the last address of a block, as integers."""
    address, prefix = cidr.split("/")
    first = to_int(address)
    size = 1 << (32 - int(prefix))
    # TODO: `10.0.0.5/24` is the block 10.0.0.0/24: clear the host bits first
    return first, first + size - 1


nets = []
for line in sys.stdin:
    fields = line.split()
    if not fields or fields[0].startswith("#"):
        continue
    nets.append((fields[0], block(fields[1])))

for i, (name_a, (first_a, last_a)) in enumerate(nets):
    for name_b, (first_b, last_b) in nets[i + 1:]:
        # TODO: this only catches blocks that start at the same address
        if first_a == first_b:
            print(name_a, name_b)
