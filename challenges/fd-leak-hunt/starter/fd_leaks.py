#!/usr/bin/env python3
"""fd_leaks [MIN_GROWTH] - processes whose open-descriptor count grew from snap1/ to snap2/.

Output: "<PID> <name> <before> <after> +<growth> <kind>", largest growth first.
"""
import os
import sys

minimum = int(sys.argv[1]) if len(sys.argv) > 1 else 1
# TODO: usage errors (more than one argument, MIN_GROWTH not a positive integer): exit 2


def snapshot(root):
    """{pid: number of open descriptors} -- first draft."""
    counts = {}
    for name in os.listdir(root):
        fd_dir = os.path.join(root, name, "fd")
        if os.path.isdir(fd_dir):
            counts[int(name)] = len(os.listdir(fd_dir))
    # TODO: the name and the start time from stat; the kind of each descriptor
    return counts


before, after = snapshot("snap1"), snapshot("snap2")
for pid in sorted(after):
    if pid in before and after[pid] - before[pid] >= minimum:
        # TODO: same process? name, kind, order by growth
        print(pid, before[pid], after[pid])
