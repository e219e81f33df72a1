#!/usr/bin/env python3
"""Reference solution: merge .env.base with .env.$ENV, print sorted KEY=VALUE lines."""
import os
import re
import sys

KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def parse(path, into):
    try:
        f = open(path, encoding="utf-8", errors="surrogateescape", newline="")
    except FileNotFoundError:
        return
    with f:
        for raw in f:
            line = raw.strip(" \t\r\n")
            if not line or line.startswith("#"):
                continue
            m = re.match(r"export[ \t]+", line)
            if m:
                line = line[m.end():]
            if "=" not in line:
                continue
            key, value = line.split("=", 1)
            key = key.strip(" \t")
            if not KEY.match(key):
                continue
            stripped = value.lstrip(" \t")
            quote = stripped[:1]
            if quote in ("'", '"') and stripped.find(quote, 1) > 0:
                value = stripped[1:stripped.find(quote, 1)]
            else:
                # An inline comment starts at a `#` that follows a space or tab.
                m = re.search(r"[ \t]#", value)
                if m:
                    value = value[:m.start()]
                value = value.strip(" \t")
            into[key] = value


env = os.environ.get("ENV", "")
if not env:
    print("usage: ENV=NAME env_merge (merges .env.base with .env.NAME)", file=sys.stderr)
    sys.exit(2)
merged = {}
parse(".env.base", merged)
parse(f".env.{env}", merged)
out = sys.stdout.buffer
for key in sorted(merged):
    out.write(f"{key}={merged[key]}\n".encode("utf-8", "surrogateescape"))
