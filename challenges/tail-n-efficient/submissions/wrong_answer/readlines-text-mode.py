#!/usr/bin/env python3
# A first attempt: read every line (text mode), keep the last N.
# Wrong: lines[-0:] is the whole list, text mode turns "\r\n" into "\n", and invalid UTF-8
# makes it crash or mangle bytes.
import sys

if len(sys.argv) != 3 or not sys.argv[1].isdigit():
    print("usage: tail_n N FILE", file=sys.stderr)
    sys.exit(2)
n, path = int(sys.argv[1]), sys.argv[2]
try:
    with open(path, errors="replace") as f:
        lines = f.readlines()
except OSError as err:
    print(f"tail_n: {path}: {err.strerror}", file=sys.stderr)
    sys.exit(1)
sys.stdout.write("".join(lines[-n:]))
