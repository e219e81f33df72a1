#!/usr/bin/env python3
"""Regenerates the fixtures and expected outputs of tail-n-efficient (deterministic).

Run from the challenge folder: python3 tests/gen.py
Each test folder tests/NAME/ holds the log; tests/expected/NAME.out the expected stdout,
computed here by splitting the whole file (independently of the reference solutions).
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))


def write(path, data):
    path = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def last_lines(data, n):
    """The last n lines of data, byte for byte (a final line may lack its newline)."""
    if n == 0 or not data:
        return b""
    lines = data.split(b"\n")
    if lines[-1] == b"":  # the final newline ends the last line
        lines.pop()
        lines = [line + b"\n" for line in lines]
    else:
        lines = [line + b"\n" for line in lines[:-1]] + [lines[-1]]
    return b"".join(lines[-n:])


def case(name, data, n, filename="app.log", folder=None):
    write(f"{folder or name}/{filename}", data)
    write(f"expected/{name}.out", last_lines(data, n))


SMALL = b"""\
2026-02-11T03:14:02Z INFO  payments-api started pid=4121 version=2.31.0
2026-02-11T03:14:02Z INFO  listening on 0.0.0.0:8443
2026-02-11T03:14:09Z INFO  POST /v1/charges 201 84ms
2026-02-11T03:14:11Z INFO  POST /v1/charges 201 91ms
2026-02-11T03:14:15Z WARN  pool: 18/20 connections in use
2026-02-11T03:14:17Z INFO  GET /v1/charges/ch_81 200 12ms
2026-02-11T03:14:19Z WARN  pool: 20/20 connections in use
2026-02-11T03:14:20Z ERROR POST /v1/charges 503 5001ms: timeout acquiring connection
2026-02-11T03:14:21Z ERROR POST /v1/charges 503 5002ms: timeout acquiring connection
2026-02-11T03:14:22Z ERROR health check failed: db ping timed out after 2s
2026-02-11T03:14:22Z INFO  shutting down: SIGTERM from kubelet
2026-02-11T03:14:23Z INFO  drained 3 in-flight requests, bye
"""

SHORT = b"""\
Feb 11 03:20:01 cache-02 systemd[1]: Starting redis-server.service...
Feb 11 03:20:01 cache-02 redis-server[881]: Server initialized
Feb 11 03:20:01 cache-02 redis-server[881]: Ready to accept connections tcp
Feb 11 03:20:02 cache-02 systemd[1]: Started redis-server.service.
Feb 11 03:25:44 cache-02 redis-server[881]: Background saving started by pid 1902
Feb 11 03:25:45 cache-02 redis-server[881]: Background saving terminated with success
"""


def large_log():
    """About 290 KB of short health-check lines: HH:MM:SS STATUS [note]."""
    rng = random.Random(20260211)
    out = []
    t = 3 * 3600
    size = 0
    while True:
        t += rng.choice((0, 0, 1))
        hh, mm, ss = t // 3600 % 24, t // 60 % 60, t % 60
        roll = rng.random()
        if roll < 0.93:
            line = f"{hh:02}:{mm:02}:{ss:02} 200\n"
        elif roll < 0.98:
            line = f"{hh:02}:{mm:02}:{ss:02} 503 upstream\n"
        else:
            line = f"{hh:02}:{mm:02}:{ss:02} 000 connect refused\n"
        if size + len(line) > 290_000:
            break
        out.append(line)
        size += len(line)
    return "".join(out).encode()


def main():
    case("last-three", SMALL, 3)
    case("more-than-the-file", SMALL, 50)
    case("no-final-newline", SHORT.rstrip(b"\n"), 2)
    case("zero-lines", SMALL, 0)
    case("empty-file", b"", 5)
    case("crlf-lines", SHORT.replace(b"\n", b"\r\n") + b"half\rdone\r\n", 3)
    case("trailing-blank-lines", SHORT + b"\n\n", 3)
    case("single-line-no-newline", b"only line, never finished", 1)
    case("just-a-newline", b"\n", 1)
    case(
        "invalid-utf8",
        b"caf\xc3\xa9 order ok\nlatin-1 name: M\xfcller\ntruncated: \xe2\x82\n\xff\xfe binary junk\n",
        3,
    )
    case("exactly-n-lines", SHORT, 6)
    case("leading-zeros", SMALL, 10)
    case("file-name-with-space", SMALL, 4, filename="payments api.log")
    big = large_log()
    case("large-log-deep-tail", big, 20000, folder="large-log")
    case("large-log-last-ten", big, 10, folder="large-log")
    print("large log:", len(big), "bytes,", big.count(b"\n"), "lines")


if __name__ == "__main__":
    main()
