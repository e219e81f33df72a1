#!/usr/bin/env python3
# Renders correctly, but straight into nginx.conf, line by line: when a variable turns out to
# be missing halfway, the error is reported and the exit status is right, but a truncated
# nginx.conf is left behind (and the one nginx was running with is gone).
import os
import re
import sys

PLACEHOLDER = re.compile(r"\{\{([A-Z_][A-Z0-9_]*)\}\}")

with open("nginx.conf.tmpl", newline="") as src, open("nginx.conf", "w", newline="") as out:
    for line in src:
        for name in PLACEHOLDER.findall(line):
            if name not in os.environ:
                print(f"render: {name} is not set", file=sys.stderr)
                sys.exit(1)
        out.write(PLACEHOLDER.sub(lambda m: os.environ[m.group(1)], line))
