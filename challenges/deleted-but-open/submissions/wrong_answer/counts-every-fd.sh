#!/usr/bin/env bash
# The classic one-liner: sums SIZE/OFF over every deleted descriptor. A file shared by nginx's
# master and workers (or dup'ed onto fd 1 and 2) is counted once per descriptor.
export LC_ALL=C
awk '$4 ~ /^[0-9]/ && $5 == "REG" && / \(deleted\)$/ {
        bytes[$2] += $7; count[$2]++; command[$2] = $1; total += $7; files++ }
     END { for (p in bytes) printf "%.0f %s %s %d\n", bytes[p], p, command[p], count[p] }' lsof.txt |
    sort -k1,1nr -k2,2n | awk '{ print $2, $3, $1, $4 }'
awk '$4 ~ /^[0-9]/ && $5 == "REG" && / \(deleted\)$/ { total += $7; files++ }
     END { printf "TOTAL %.0f %d\n", total, files }' lsof.txt
