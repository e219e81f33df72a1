#!/usr/bin/env python3
"""tail_n N FILE - print the last N lines of FILE, byte for byte, reading from the end."""
import os
import sys

BLOCK = 64 * 1024


def main():
    # TODO: exactly two arguments, N made of digits only; otherwise `usage:` on stderr, exit 2
    n, path = int(sys.argv[1]), sys.argv[2]
    # TODO: a file that cannot be opened: a message naming it on stderr, exit 1
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        pos = size
        # TODO: step back BLOCK bytes at a time (f.seek(pos); f.read(...)), count the newline
        #       bytes, and stop once you know where the last n lines start.
        #       Careful: does a final b"\n" start a new line?
        start = pos
        f.seek(start)
        sys.stdout.buffer.write(f.read())


if __name__ == "__main__":
    main()
