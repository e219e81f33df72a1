#!/usr/bin/env bash
# Reference solution: running instances whose p95 CPU was below 5% on every day of the week in
# cpu_p95.csv, with their monthly on-demand cost (730 h) and the total. Money is counted in
# integer units of $0.0001 so that rounding to cents is exact.
set -euo pipefail
export LC_ALL=C

awk -F, '
function units(price,   p, frac) {          # "0.0416" -> 416 (units of $0.0001)
    p = index(price, ".")
    if (!p) return price * 10000
    frac = substr(price "0000", p + 1, 4)
    return substr(price, 1, p - 1) * 10000 + frac
}
function cents(u,   c) { return sprintf("%d.%02d", int(u / 100), u % 100) }
FNR == 1 { file++; next }
file == 1 { price[$1] = units($2); next }
file == 2 {
    week[$2] = 1
    if ($3 + 0 < 5) low[$1 SUBSEP $2] = 1
    next
}
file == 3 {
    if ($4 != "running") next
    for (d in week) if (!(($1 SUBSEP d) in low)) next
    u = price[$3] * 730                         # $0.0001 units
    c = int((u + 50) / 100)                     # to cents, half up
    total += c
    printf "%d\t%s %s %s %s\n", c, $1, ($5 == "" ? "untagged" : $5), $3, cents(c)
}
END { printf "-1\tTOTAL %s\n", cents(total) }  # key -1: sorts after every instance
' prices.csv cpu_p95.csv instances.csv | sort -t$'\t' -k1,1nr -k2,2 | cut -f2-
