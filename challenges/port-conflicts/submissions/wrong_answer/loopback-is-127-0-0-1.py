#!/usr/bin/env python3
"""Audit ss.txt against expected-ports.conf.

Loopback is checked by string: only 127.0.0.1 and [::1]. Wrong: all of 127.0.0.0/8 is loopback
(systemd-resolved listens on 127.0.0.53%lo), and so is [::ffff:127.0.0.1].
"""
import re
import sys

USER = re.compile(r'\("((?:[^"\\]|\\.)*)",pid=')


def classify(addr):
    """(family, value) of a listening address: family 'any' (*), 'v4' or 'v6'; value None for
    the wildcard of the family, else the address. IPv4-mapped IPv6 addresses are IPv4."""
    addr = addr.split("%", 1)[0]  # 127.0.0.53%lo, [fe80::1]%eth0
    if addr == "*":
        return "any", None
    if addr.startswith("["):
        inner = addr[1:-1].lower()
        if inner.startswith("::ffff:") and "." in inner:
            inner = inner[len("::ffff:"):]
        else:
            return "v6", None if inner == "::" else inner
    else:
        inner = addr
    return "v4", None if inner == "0.0.0.0" else inner


def loopback(addr):
    return addr in ("127.0.0.1", "[::1]")


def overlap(a, b):
    (fa, va), (fb, vb) = classify(a), classify(b)
    if fa == "any" or fb == "any":
        return True
    if fa != fb:
        return False
    return va is None or vb is None or va == vb


def main():
    sockets = {}  # port -> [(address as written, set of process names)]
    with open("ss.txt", encoding="utf-8", errors="replace") as f:
        for line in f:
            fields = line.split(None, 5)
            if len(fields) < 5 or fields[0] != "LISTEN":
                continue  # the header
            addr, port = fields[3].rsplit(":", 1)
            names = set(USER.findall(fields[5])) if len(fields) > 5 else set()
            sockets.setdefault(int(port), []).append((addr, names or {"?"}))

    expected = {}  # port -> (service, scope)
    with open("expected-ports.conf", encoding="utf-8", errors="replace") as f:
        for line in f:
            words = line.split()
            if not words or words[0].startswith("#"):
                continue
            service, port, scope = words[:3]
            expected[int(port)] = (service, scope)

    report = []
    for port in sorted(set(sockets) | set(expected)):
        socks = sockets.get(port, [])
        involved = set()
        for i, (a, na) in enumerate(socks):
            for b, nb in socks[i + 1:]:
                if overlap(a, b) and not (na & nb):
                    involved |= na | nb
        if involved:
            report.append(f"CONFLICT {port} {','.join(sorted(involved))}")
        if port not in expected:
            names = set().union(*(n for _, n in socks))
            report.append(f"UNEXPECTED {port} {','.join(sorted(names))}")
            continue
        service, scope = expected[port]
        if not socks:
            report.append(f"MISSING {port} {service}")
        elif scope == "local":
            exposed = sorted({a for a, _ in socks if not loopback(a)})
            if exposed:
                report.append(f"EXPOSED {port} {service} {','.join(exposed)}")
        elif all(loopback(a) for a, _ in socks):
            report.append(f"LOOPBACK-ONLY {port} {service}")
    for line in report:
        print(line)
    sys.exit(1 if report else 0)


if __name__ == "__main__":
    main()
