#!/usr/bin/env bash
# reclaim.sh - which processes keep deleted files open, and how much disk would come back?
# Reads ./lsof.txt (saved `lsof -nP` output).
#
# Output: "PID COMMAND BYTES FILES" per process, most bytes first, then "TOTAL BYTES FILES".
export LC_ALL=C

# First draft: every line that mentions "(deleted)", one file each.
# TODO: only open descriptors on regular files; NAME must *end* with " (deleted)"
# TODO: a file is its DEVICE + NODE: count it once per process, and once in the total
# TODO: sort, and compute the TOTAL line
grep '(deleted)' lsof.txt | awk '{ print $2, $1, $7, 1 }'
echo "TOTAL 0 0"
