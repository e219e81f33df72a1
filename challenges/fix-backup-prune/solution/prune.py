#!/usr/bin/env python3
"""Reference solution: keep the newest $KEEP tarballs (*.tar directly in ./backups)."""
import os
import re
import sys

raw = os.environ.get("KEEP", "3")
if not re.fullmatch(r"[0-9]+", raw):
    print("usage: KEEP=<number of tarballs to keep> prune.py", file=sys.stderr)
    sys.exit(2)
keep = int(raw)

if not os.path.isdir("backups"):
    print(f"prune: no backups directory in {os.getcwd()}", file=sys.stderr)
    sys.exit(1)

names = sorted(
    (n for n in os.listdir("backups") if n.endswith(".tar") and os.path.isfile(os.path.join("backups", n))),
    key=os.fsencode,
)
doomed = names[: max(len(names) - keep, 0)]
status = 0
for name in reversed(doomed):  # newest of the deleted first
    print(f"deleted {name}", flush=True)
    try:
        os.remove(os.path.join("backups", name))
    except OSError as err:
        print(f"prune: {err}", file=sys.stderr)
        status = 1
sys.exit(status)
