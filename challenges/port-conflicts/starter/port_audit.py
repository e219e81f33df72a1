#!/usr/bin/env python3
"""port_audit - compare the listening sockets in ss.txt (`ss -ltnp`) with expected-ports.conf.

Prints CONFLICT / MISSING / EXPOSED / LOOPBACK-ONLY / UNEXPECTED lines; exit 1 when any.
"""
import sys

sockets = {}  # port -> [(address, {process names})]
with open("ss.txt") as f:
    for line in f:
        fields = line.split()
        if not fields or fields[0] != "LISTEN":
            continue
        # TODO: this split breaks on IPv6 addresses like [::]:22
        addr, port = fields[3].split(":")[0], fields[3].split(":")[1]
        # TODO: the process names from users:(("nginx",pid=1201,fd=6),...), or "?" when absent
        sockets.setdefault(int(port), []).append((addr, set()))

expected = {}  # port -> (service, scope)
with open("expected-ports.conf") as f:
    for line in f:
        words = line.split()
        if words and not words[0].startswith("#"):
            expected[int(words[1])] = (words[0], words[2])

report = []
for port in sorted(set(sockets) | set(expected)):
    # TODO: CONFLICT (overlapping addresses, no process name in common)
    # TODO: UNEXPECTED, MISSING, EXPOSED, LOOPBACK-ONLY
    pass

for line in report:
    print(line)
sys.exit(1 if report else 0)
