#!/usr/bin/env python3
# Correct, but for every line to print it scans the file from the start again: O(N x size).
import sys

if len(sys.argv) != 3 or not sys.argv[1].isdigit() or not sys.argv[1].isascii():
    print("usage: tail_n N FILE", file=sys.stderr)
    sys.exit(2)
n, path = int(sys.argv[1]), sys.argv[2]
try:
    with open(path, "rb") as f:
        total = sum(1 for _ in f)
except OSError as err:
    print(f"tail_n: cannot open '{path}': {err.strerror}", file=sys.stderr)
    sys.exit(1)
out = sys.stdout.buffer
for wanted in range(max(0, total - n), total):
    with open(path, "rb") as f:
        for i, line in enumerate(f):
            if i == wanted:
                out.write(line)
                break
