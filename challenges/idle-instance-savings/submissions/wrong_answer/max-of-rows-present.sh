#!/usr/bin/env bash
# Checks "no day at 5% or more" over the rows that exist: an instance whose agent missed a day
# counts as idle. Also sums the unrounded amounts.
awk -F, '
FNR == 1 { file++; next }
file == 1 { price[$1] = $2; next }
file == 2 { seen[$1] = 1; if ($3 >= 5) busy[$1] = 1; next }
file == 3 && $4 == "running" && ($1 in seen) && !($1 in busy) {
    m = price[$3] * 730; total += m
    printf "%.2f\t%s %s %s %.2f\n", m, $1, ($5 == "" ? "untagged" : $5), $3, m
}
END { printf "-1\tTOTAL %.2f\n", total }
' prices.csv cpu_p95.csv instances.csv | LC_ALL=C sort -t$'\t' -k1,1nr -k2,2 | cut -f2-
