#!/usr/bin/env bash
# Correct, but one sed per printed line: each sed reads the file from the start again,
# so printing the last 20 000 lines of a 300 KB file reads gigabytes and forks 20 000 times.
set -u
export LC_ALL=C
if [[ $# -ne 2 || ! $1 =~ ^[0-9]+$ ]]; then
    echo "usage: tail_n N FILE" >&2
    exit 2
fi
file=$2
[[ -f $file && -r $file ]] || { echo "tail_n: cannot open '$file'" >&2; exit 1; }
n=$((10#$1))
total=$(wc -l < "$file")
# wc -l counts newlines: a last line without one is a line too.
if [[ -s $file && $(tail -c 1 "$file" | od -An -c | tr -d ' ') != '\n' ]]; then
    total=$((total + 1))
fi
start=$(( total - n + 1 ))
(( start < 1 )) && start=1
for (( i = start; i <= total; i++ )); do
    sed -n "${i}p" "$file"
done
