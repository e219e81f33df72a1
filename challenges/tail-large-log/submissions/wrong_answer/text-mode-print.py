#!/usr/bin/env python3
# Reads backwards correctly, but in text mode with print(): CRLF becomes LF, and a last line
# without a newline gets one.
import os
import sys

n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "rb") as f:
    size = os.fstat(f.fileno()).st_size
    pos, found = size, 0
    while pos > 0 and found <= n:
        step = min(65536, pos)
        pos -= step
        f.seek(pos)
        found += f.read(step).count(b"\n")
    f.seek(pos)
    tail = f.read().decode("utf-8", "replace").splitlines()
for line in tail[-n:] if n else []:
    print(line)
