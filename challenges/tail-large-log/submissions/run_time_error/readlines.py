#!/usr/bin/env python3
# Correct on every small file, and the obvious first answer: read all lines, keep the last N.
# On the large log, the list of lines needs about twice the file's size in memory: past the
# 64 MiB limit, it dies with a MemoryError (an MLE, which `verify` counts as a runtime error).
import sys

n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "rb") as f:
    lines = f.readlines()
if n > 0:
    sys.stdout.buffer.write(b"".join(lines[-n:]))
