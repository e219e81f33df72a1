#!/usr/bin/env python3
"""A rewrite with glob: `**/*.tmp` skips names starting with a dot (.lock.tmp)."""
import glob
import os
import sys

if not os.path.isdir("tmp"):
    print("tmp_cleanup: no tmp/ folder", file=sys.stderr)
    sys.exit(1)
active = set()
if os.path.exists("tmp/ACTIVE"):
    active = set(open("tmp/ACTIVE").read().splitlines())
for path in glob.glob("tmp/**/*.tmp", recursive=True):
    if os.path.isfile(path) and os.path.relpath(path, "tmp") not in active:
        os.remove(path)
        print("removed", path)
