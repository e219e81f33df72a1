#!/usr/bin/env python3
"""FIFO, not LRU: a GET hit does not make the entry recently used, so the oldest insert is evicted."""
import sys
from collections import OrderedDict

lines = [line.split() for line in sys.stdin.read().splitlines() if line.strip()]
capacity = int(lines[0][1])
cache = OrderedDict()  # name -> (ip, expires_at); last = most recently used
hits = misses = evictions = 0
out = []

for fields in lines[1:]:
    now, op, name = int(fields[0]), fields[1], fields[2]
    if op == "GET":
        entry = cache.get(name)
        if entry is not None and now < entry[1]:
            pass  # (forgot cache.move_to_end(name) on a hit)
            out.append(f"HIT {name} {entry[0]}")
            hits += 1
        else:
            cache.pop(name, None)          # an expired entry is dropped
            out.append(f"MISS {name}")
            misses += 1
    else:  # PUT name ip ttl
        ip, ttl = fields[3], int(fields[4])
        if name not in cache and len(cache) >= capacity:
            for stale in [n for n, (_, exp) in cache.items() if now >= exp]:
                del cache[stale]           # expired entries go first, silently
            if len(cache) >= capacity:
                victim, _ = cache.popitem(last=False)
                out.append(f"EVICT {victim}")
                evictions += 1
        cache[name] = (ip, now + ttl)
        cache.move_to_end(name)

out.append(f"STATS hits={hits} misses={misses} evictions={evictions}")
print("\n".join(out))
