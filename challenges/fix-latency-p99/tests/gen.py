#!/usr/bin/env python3
"""Regenerates the access.log fixtures of fix-latency-p99 (deterministic: fixed seeds).

Run from the challenge folder: python3 tests/gen.py
Each test folder gets one access.log in the `timed` log format:

  log_format timed '$remote_addr [$time_local] "$request" $status $body_bytes_sent rt=$request_time';

The expected p99 of each test is written by hand into challenge.toml; this script prints the
value it planted (nearest rank, rank = ceil(0.99 * n)) so the two can be compared.
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))

PATHS = [
    "/api/v1/orders", "/api/v1/orders/{id}", "/api/v1/cart", "/api/v1/cart/items",
    "/api/v1/products/{id}", "/api/v1/search?q=boots", "/static/app.{id}.js", "/healthz",
    "/api/v1/checkout", "/api/v1/users/me",
]
METHODS = ["GET"] * 6 + ["POST", "PUT", "DELETE"]
AGENTS_IPS = ["10.0.3.7", "10.0.3.12", "10.0.4.21", "192.0.2.44", "198.51.100.9", "203.0.113.70"]


def fmt_time(i, base_minute=0):
    sec = i % 60
    minute = (base_minute + i // 60) % 60
    hour = 7 + (base_minute + i // 60) // 60
    return f"29/Nov/2025:{hour:02d}:{minute:02d}:{sec:02d} +0000"


def line(rng, i, rt, path=None, status=None, base_minute=0):
    ip = rng.choice(AGENTS_IPS)
    method = rng.choice(METHODS)
    if path is None:
        path = rng.choice(PATHS).replace("{id}", str(rng.randint(1000, 99999)))
    if status is None:
        status = rng.choice([200] * 12 + [201, 204, 304, 404])
    if status in (204, 304, 499):
        size = 0
    elif status in (400, 408, 502, 504):
        size = rng.choice([150, 157, 166, 559])
    else:
        size = rng.randint(120, 48000)
    return f'{ip} [{fmt_time(i, base_minute)}] "{method} {path} HTTP/1.1" {status} {size} rt={rt}'


def fast(rng):
    """A typical request: mostly tens of milliseconds, some hundreds."""
    ms = int(rng.lognormvariate(3.6, 0.9))  # median ~ 37 ms
    return max(ms, 0)


def ms_str(ms):
    return f"{ms // 1000}.{ms % 1000:03d}"


def p99(values_ms):
    v = sorted(values_ms)
    rank = (99 * len(v) + 99) // 100
    return v[rank - 1]


def write(name, lines, final_newline=True):
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    text = "\n".join(lines) + ("\n" if final_newline and lines else "")
    with open(os.path.join(folder, "access.log"), "w") as f:
        f.write(text)


def build(name, n, seed, tail_ms, dashes=0, extra=None, final_newline=True, cap_ms=950):
    """n timed requests: n - len(tail_ms) fast ones below cap_ms, plus the given tail values,
    shuffled; `dashes` lines with rt=- inserted at random places; `extra` (list of (rt_ms, path,
    status)) replaces some fast requests with specific lines."""
    rng = random.Random(seed)
    entries = []
    for ms in tail_ms:
        entries.append((ms, None, 504 if ms % 5000 <= 1 and ms >= 5000 else 200))
    for ms, path, status in (extra or []):
        entries.append((ms, path, status))
    while len(entries) < n:
        entries.append((min(fast(rng), cap_ms), None, None))
    rng.shuffle(entries)
    values = [e[0] for e in entries]
    out = []
    for ms, path, status in entries:
        out.append((ms_str(ms), path, status))
    for _ in range(dashes):
        out.insert(rng.randint(0, len(out)), ("-", None, rng.choice([400, 408, 499])))
    lines = [line(rng, i, rt, path, status) for i, (rt, path, status) in enumerate(out)]
    write(name, lines, final_newline)
    print(f"{name}: n={n} lines={len(lines)} p99={ms_str(p99(values))}")
    return lines


def main():
    # Sample 1: 100 timed requests, two of them hit the 5 s proxy_read_timeout.
    build("timeouts", 100, 1, [5000, 5001, 3210], dashes=2)
    # Sample 2: 200 requests, sub-second tail.
    build("checkout", 200, 2, [734, 812, 690])
    # One request only.
    rng = random.Random(3)
    write("one-request", [line(rng, 0, "0.734", "/api/v1/checkout", 200)])
    print("one-request: p99=0.734")
    # n = 150: rank 149 is the second largest.
    build("one-hundred-fifty", 150, 4, [1480, 1234, 987, 975])
    # rt=- lines must not count: 95 timed + 10 untimed (counted as zeros they would move the
    # rank from 95 of 95 to 104 of 105, the second largest time).
    build("untimed-lines", 95, 5, [2400, 1900, 1750, 1600, 1500], dashes=10)
    # Pagination parameters that contain "rt=" (start=, sort=...) in the request.
    build("start-parameter", 100, 6, [812, 433],
          extra=[(12, f"/api/v1/search?q=boots&start={s}", 200) for s in (20, 40, 60, 80, 100, 120)])
    # Slow tail above ten seconds: numeric order, not text order.
    build("ten-seconds-and-up", 200, 7, [12345, 10002, 9999, 30000, 11500, 4000])
    # Last line has no final newline and holds the p99 (n = 2: rank 2 = maximum).
    rng = random.Random(8)
    write("no-final-newline", [line(rng, 0, "0.120", "/api/v1/cart", 200),
                               line(rng, 1, "1.204", "/api/v1/checkout", 200)], final_newline=False)
    print("no-final-newline: p99=1.204")
    # Nothing timed at all.
    rng = random.Random(9)
    write("untimed-only", [line(rng, i, "-", None, 400) for i in range(3)])
    print("untimed-only: no values")
    write("empty-log", [])
    print("empty-log: no values")
    # Large: thousands of lines, a slow tail above ten seconds.
    tail = [10000 + 17 * k for k in range(20)] + [2000 + 37 * k for k in range(30)]
    build("busy-hour", 3000, 10, tail, dashes=40)


if __name__ == "__main__":
    main()
