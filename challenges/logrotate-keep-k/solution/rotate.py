#!/usr/bin/env python3
"""Reference solution: rotate logs/app.log as `logrotate.conf` says (rotate K, create [MODE])."""
import os
import re
import sys



def usage(message):
    print(f"usage: {message}", file=sys.stderr)
    sys.exit(2)


keep = None
create_mode = None
with open("logrotate.conf", encoding="utf-8") as conf:
    for line in conf:
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        if words[0] == "rotate" and len(words) == 2 and re.fullmatch(r"[0-9]+", words[1]):
            keep = int(words[1])
        elif words[0] == "create" and len(words) <= 2:
            if len(words) == 2:
                if not re.fullmatch(r"0?[0-7]{3}", words[1]):
                    usage(f"bad mode in logrotate.conf: {words[1]}")
                create_mode = int(words[1], 8)
        else:
            usage(f"unknown line in logrotate.conf: {line.strip()}")
if keep is None:
    usage("logrotate.conf needs a `rotate K` line")

log = os.path.join("logs", "app.log")
if not os.path.isfile(log):
    print(f"rotate: {log} does not exist, nothing rotated", file=sys.stderr)
    sys.exit(1)

numbered = sorted(
    (int(m.group(1)) for m in (re.fullmatch(r"app\.log\.([1-9][0-9]*)", n) for n in os.listdir("logs")) if m),
    reverse=True,  # highest first, so a rename never lands on a file still to be moved
)
for n in numbered:
    path = f"{log}.{n}"
    if n + 1 > keep:
        os.remove(path)
    else:
        os.rename(path, f"{log}.{n + 1}")

mode = create_mode if create_mode is not None else os.stat(log).st_mode & 0o7777
if keep == 0:
    os.remove(log)
else:
    os.rename(log, f"{log}.1")
fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
os.fchmod(fd, mode)  # the umask may have removed bits
os.close(fd)
