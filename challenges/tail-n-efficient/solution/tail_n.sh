#!/usr/bin/env bash
# Reference solution: print the last N lines of FILE, byte for byte.
# GNU tail seeks to the end of a regular file and reads backwards.
set -uo pipefail
export LC_ALL=C
if [[ $# -ne 2 || ! $1 =~ ^[0-9]+$ ]]; then
    echo "usage: tail_n N FILE   (N: a non-negative integer)" >&2
    exit 2
fi
if [[ ! -f $2 || ! -r $2 ]]; then
    echo "tail_n: cannot open '$2'" >&2
    exit 1
fi
exec tail -n "$1" -- "$2"
