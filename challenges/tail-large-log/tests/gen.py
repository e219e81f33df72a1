#!/usr/bin/env python3
"""Writes the small fixtures of tail-large-log (tests/NAME/app.log) and every expected output
(tests/expected/NAME.out) with `tail -n`, the large log's from gen/biglog.py run in a scratch
folder. Run from the challenge folder: python3 tests/gen.py"""
import os
import subprocess
import sys
import tempfile

SHORT = [
    "2026-12-05T03:14:02.001Z INFO  api-3 req=1a2b3c4d GET /v1/orders status=200 ms=12\n",
    "2026-12-05T03:14:02.140Z INFO  api-1 req=5e6f7a8b POST /v1/cart status=201 ms=48\n",
    "2026-12-05T03:14:03.222Z WARN  api-3 req=9c0d1e2f GET /v1/payments status=503 ms=1999\n",
    "2026-12-05T03:14:03.870Z ERROR api-3 db pool exhausted: 64/64 connections busy\n",
    "2026-12-05T03:14:04.002Z INFO  api-0 req=3a4b5c6d GET /healthz status=200 ms=1\n",
    "2026-12-05T03:14:04.515Z ERROR api-3 req=7e8f9a0b GET /v1/orders/4411 status=500 ms=2001\n",
    "2026-12-05T03:14:05.000Z INFO  api-3 shutting down: SIGTERM from kubelet\n",
]

FIXTURES = {
    "last-three": ("".join(SHORT), 3),
    "more-than-the-file": ("".join(SHORT), 50),
    "zero-lines": ("".join(SHORT), 0),
    "empty-file": ("", 4),
    "no-final-newline": ("".join(SHORT)[:-1], 2),
    "crlf-lines": ("".join(line.replace("\n", "\r\n") for line in SHORT), 3),
    "trailing-blank-lines": ("".join(SHORT[:3]) + "\n\n", 3),
    # Lines longer than any sensible read block, so that one block holds no newline at all.
    "long-lines": (
        SHORT[0]
        + "2026-12-05T03:14:02.500Z DEBUG api-2 payload=" + "x" * 70000 + "\n"
        + SHORT[1]
        + "2026-12-05T03:14:02.900Z DEBUG api-2 payload=" + "y" * 66000 + "\n",
        3,
    ),
}
LARGE = {"large-log-last-twenty": 20, "large-log-deep-tail": 1000}


def tail(n, path):
    out = subprocess.run(["tail", "-n", str(n), "--", path], capture_output=True, check=True)
    return out.stdout


def main():
    os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.makedirs("tests/expected", exist_ok=True)
    for name, (text, n) in FIXTURES.items():
        os.makedirs(f"tests/{name}", exist_ok=True)
        path = f"tests/{name}/app.log"
        with open(path, "wb") as f:
            f.write(text.encode("ascii"))
        with open(f"tests/expected/{name}.out", "wb") as f:
            f.write(tail(n, path))
    generator = os.path.abspath("gen/biglog.py")
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run([sys.executable, generator, "--lines", "300000", "--seed", "7"],
                       cwd=scratch, check=True)
        for name, n in LARGE.items():
            with open(f"tests/expected/{name}.out", "wb") as f:
                f.write(tail(n, os.path.join(scratch, "app.log")))


if __name__ == "__main__":
    main()
