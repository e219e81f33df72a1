#!/usr/bin/env python3
"""Reference solution: render nginx.conf from nginx.conf.tmpl with {{NAME}} placeholders.

Bytes in, bytes out: the template is copied exactly except for the placeholders. Values are
inserted by a replacement *function*, so nothing in them is special. Every variable is checked
before anything is written; the result goes to a temporary file renamed over nginx.conf.
"""
import os
import re
import sys
import tempfile

PLACEHOLDER = re.compile(rb"\{\{([A-Z_][A-Z0-9_]*)\}\}")


def main():
    with open("nginx.conf.tmpl", "rb") as f:
        template = f.read()

    missing = []
    for match in PLACEHOLDER.finditer(template):
        name = match.group(1)
        if name not in os.environb and name not in missing:
            missing.append(name)
    if missing:
        for name in missing:
            print(f"render: environment variable {name.decode()} is not set", file=sys.stderr)
        print("render: nginx.conf not written", file=sys.stderr)
        return 1

    rendered = PLACEHOLDER.sub(lambda m: os.environb[m.group(1)], template)

    fd, tmp = tempfile.mkstemp(prefix="nginx.conf.", dir=".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(rendered)
        os.chmod(tmp, 0o644)
        os.replace(tmp, "nginx.conf")
    except BaseException:
        os.unlink(tmp)
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
