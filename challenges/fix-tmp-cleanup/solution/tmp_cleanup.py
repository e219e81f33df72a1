#!/usr/bin/env python3
"""Reference solution: remove every regular *.tmp file under tmp/ not listed in tmp/ACTIVE."""
import os
import sys

if not os.path.isdir("tmp"):
    print(f"tmp_cleanup: no tmp/ folder in {os.getcwd()}", file=sys.stderr)
    sys.exit(1)

try:
    with open("tmp/ACTIVE", encoding="utf-8") as f:
        active = {line.rstrip("\n") for line in f}
except FileNotFoundError:
    active = set()

for folder, _dirs, files in os.walk("tmp"):  # os.walk does not follow symlinks to folders
    for name in files:
        path = os.path.join(folder, name)
        if not name.endswith(".tmp") or os.path.islink(path) or not os.path.isfile(path):
            continue
        if os.path.relpath(path, "tmp") in active:
            continue
        os.remove(path)
        print(f"removed {path}")
