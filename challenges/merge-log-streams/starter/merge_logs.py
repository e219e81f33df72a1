#!/usr/bin/env python3
"""merge_logs.py - merge the sorted logs/*.log into one timeline (see README.md)."""
import os

names = sorted(n for n in os.listdir("logs") if n.endswith(".log"))
for name in names:
    with open(os.path.join("logs", name)) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            # TODO: this prints the files one after the other; merge them by timestamp instead
            print(f"{name}: {line}")
