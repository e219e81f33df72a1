#!/usr/bin/env python3
"""tail_log N FILE - print the last N lines of FILE, byte for byte.

This version is right on a small file and dies on the real one: it holds every line of the
file in memory at once. Make it read from the end instead."""
import sys


def main():
    n, path = int(sys.argv[1]), sys.argv[2]
    with open(path, "rb") as f:
        lines = f.readlines()  # TODO: the whole file in memory - seek to the end instead
    if n > 0:
        sys.stdout.buffer.write(b"".join(lines[-n:]))


if __name__ == "__main__":
    main()
