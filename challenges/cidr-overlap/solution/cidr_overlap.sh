#!/usr/bin/env bash
# Reference solution: every pair of overlapping IPv4 networks, in input order within a pair.
# Two CIDR blocks overlap exactly when their [first, last] address intervals intersect.
exec awk '
function to_number(ip,   o) {
    split(ip, o, ".")
    return ((o[1] * 256 + o[2]) * 256 + o[3]) * 256 + o[4]
}
BEGIN { n = 0 }
$1 ~ /^#/ || NF == 0 { next }
{
    split($2, part, "/")
    size = 2 ^ (32 - part[2])
    addr = to_number(part[1])
    name[n] = $1
    first[n] = addr - addr % size          # clear the host bits
    last[n] = first[n] + size - 1
    n++
}
END {
    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++)
            if (first[i] <= last[j] && first[j] <= last[i])
                print name[i], name[j]
}'
