#!/usr/bin/env python3
"""tail_log N FILE - the last N lines of FILE, byte for byte, read backwards in blocks: the
memory used depends on the output, never on the size of the file."""
import os
import sys

BLOCK = 64 * 1024


def start_of_last_lines(f, size, n):
    """The offset where the last n lines of the file begin (0 when it has n lines or fewer)."""
    if n == 0:
        return size
    pos = size
    # A final newline ends the last line; it does not start another one.
    f.seek(size - 1)
    wanted = n + 1 if f.read(1) == b"\n" else n
    while pos > 0:
        step = min(BLOCK, pos)
        pos -= step
        f.seek(pos)
        block = f.read(step)
        end = len(block)
        while True:
            cut = block.rfind(b"\n", 0, end)
            if cut < 0:
                break
            wanted -= 1
            if wanted == 0:
                return pos + cut + 1
            end = cut
    return 0


def main():
    n, path = int(sys.argv[1]), sys.argv[2]
    out = sys.stdout.buffer
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size == 0:
            return
        f.seek(start_of_last_lines(f, size, n))
        while True:
            chunk = f.read(BLOCK)
            if not chunk:
                break
            out.write(chunk)
    out.flush()


if __name__ == "__main__":
    main()
