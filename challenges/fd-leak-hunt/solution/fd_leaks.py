#!/usr/bin/env python3
"""Reference solution: processes whose open-descriptor count grew between two /proc snapshots."""
import os
import re
import sys


def usage():
    print("usage: fd_leaks [MIN_GROWTH]   (a positive integer, default 1)", file=sys.stderr)
    sys.exit(2)


def kind(target):
    """socket:[123] -> socket, anon_inode:[eventfd] -> anon_inode, /var/log/x -> file."""
    return "file" if target.startswith("/") else target.split(":", 1)[0]


def snapshot(root):
    """{pid: (start time, comm, [kinds of open descriptors])} for the readable processes."""
    procs = {}
    for name in os.listdir(root):
        if not re.fullmatch(r"[0-9]+", name):
            continue  # sys/, net/, uptime, ... are not processes
        folder = os.path.join(root, name)
        fd_dir = os.path.join(folder, "fd")
        if not os.path.isdir(fd_dir):
            continue  # a kernel thread, or not readable when the snapshot was taken
        with open(os.path.join(folder, "stat"), encoding="utf-8", errors="replace") as f:
            stat = f.read().rstrip("\n")
        # The name sits in parentheses and may hold spaces and parentheses itself: it ends at
        # the LAST ")". The fields after it are numbered from 3 (state); starttime is field 22.
        open_paren, close_paren = stat.index("("), stat.rindex(")")
        comm = stat[open_paren + 1:close_paren]
        start = stat[close_paren + 1:].split()[22 - 3]
        kinds = []
        for fd in os.listdir(fd_dir):
            if re.fullmatch(r"[0-9]+", fd):
                with open(os.path.join(fd_dir, fd), encoding="utf-8", errors="replace") as f:
                    kinds.append(kind(f.read().rstrip("\n")))
        procs[int(name)] = (start, comm, kinds)
    return procs


def main():
    if len(sys.argv) > 2:
        usage()
    minimum = 1
    if len(sys.argv) == 2:
        if not re.fullmatch(r"[0-9]+", sys.argv[1]) or int(sys.argv[1]) == 0:
            usage()
        minimum = int(sys.argv[1])
    before, after = snapshot("snap1"), snapshot("snap2")
    rows = []
    for pid, (start, comm, kinds) in after.items():
        old = before.get(pid)
        if old is None or old[0] != start:
            continue  # new, or the PID was reused by another process
        delta = len(kinds) - len(old[2])
        if delta < minimum:
            continue
        growth = {}
        for k in kinds:
            growth[k] = growth.get(k, 0) + 1
        for k in old[2]:
            growth[k] = growth.get(k, 0) - 1
        top = min(growth, key=lambda k: (-growth[k], k))
        rows.append((-delta, pid, f"{pid} {comm} {len(old[2])} {len(kinds)} +{delta} {top}"))
    for row in sorted(rows):
        print(row[2])


if __name__ == "__main__":
    main()
