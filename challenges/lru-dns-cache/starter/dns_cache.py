#!/usr/bin/env python3
"""dns_cache.py - replay a resolver's GET/PUT trace against an LRU cache with TTLs.

Reads stdin: "CAPACITY C", then "<t> PUT <name> <ip> <ttl>" and "<t> GET <name>" lines.
Prints HIT/MISS per GET, EVICT when a live entry is pushed out, then a STATS line.
"""
import sys

lines = [line.split() for line in sys.stdin.read().splitlines() if line.strip()]
capacity = int(lines[0][1])
cache = {}  # name -> ip
hits = misses = evictions = 0

for fields in lines[1:]:
    now, op, name = int(fields[0]), fields[1], fields[2]
    if op == "GET":
        if name in cache:
            print(f"HIT {name} {cache[name]}")
            hits += 1
        else:
            print(f"MISS {name}")
            misses += 1
    else:
        # TODO: expire entries (ttl = fields[4]), respect the capacity, evict the LRU entry
        cache[name] = fields[3]

print(f"STATS hits={hits} misses={misses} evictions={evictions}")
