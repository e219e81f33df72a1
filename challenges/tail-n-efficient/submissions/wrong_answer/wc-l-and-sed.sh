#!/usr/bin/env bash
# Count the lines with wc -l, then print from line (count - N + 1) with sed.
# Wrong: wc -l counts newline bytes, so a last line without a newline is not counted, and
# N larger than the file gives a start line of 0 or less.
if [[ $# -ne 2 || ! $1 =~ ^[0-9]+$ ]]; then
    echo "usage: tail_n N FILE" >&2
    exit 2
fi
[[ -r $2 ]] || { echo "tail_n: cannot open '$2'" >&2; exit 1; }
n=$((10#$1))
(( n == 0 )) && exit 0
total=$(wc -l < "$2")
start=$(( total - n + 1 ))
(( start < 1 )) && start=1
sed -n "${start},\$p" "$2"
