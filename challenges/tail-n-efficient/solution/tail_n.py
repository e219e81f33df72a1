#!/usr/bin/env python3
"""Reference solution: print the last N lines of FILE, byte for byte, reading from the end.

The file is never read from the start: blocks are read backwards until N line breaks are found,
so a 50 GB log costs as much as a 50 KB one.
"""
import os
import re
import sys

BLOCK = 64 * 1024


def usage():
    print("usage: tail_n N FILE   (N: a non-negative integer)", file=sys.stderr)
    sys.exit(2)


def start_of_last_lines(f, size, n):
    """Byte offset where the last n lines of the file (of the given size) begin."""
    # A final "\n" ends the last line; it does not start an empty one.
    f.seek(size - 1)
    end = size - 1 if f.read(1) == b"\n" else size
    pos = end
    while pos > 0:
        step = min(BLOCK, pos)
        pos -= step
        f.seek(pos)
        block = f.read(step)
        cut = len(block)
        while True:
            nl = block.rfind(b"\n", 0, cut)
            if nl < 0:
                break
            n -= 1
            if n == 0:
                return pos + nl + 1
            cut = nl
    return 0  # fewer than n lines: the whole file


def main():
    if len(sys.argv) != 3 or not re.fullmatch(r"[0-9]+", sys.argv[1]):
        usage()
    n, path = int(sys.argv[1]), sys.argv[2]
    try:
        f = open(path, "rb")
    except OSError as err:
        print(f"tail_n: cannot open '{path}': {err.strerror}", file=sys.stderr)
        sys.exit(1)
    with f:
        size = os.fstat(f.fileno()).st_size
        if n == 0 or size == 0:
            return
        f.seek(start_of_last_lines(f, size, n))
        out = sys.stdout.buffer
        while True:
            chunk = f.read(BLOCK)
            if not chunk:
                break
            out.write(chunk)
        out.flush()


if __name__ == "__main__":
    main()
