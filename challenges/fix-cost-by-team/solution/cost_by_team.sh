#!/usr/bin/env bash
# Reference solution: total cost per team tag of billing.csv, in exact cents.
# No CSV tool on the box: awk walks each line character by character, so a comma inside
# quotes stays in its field and "" inside quotes is one quote. Amounts become integer cents
# before they are added, and the sort is on those integers.
set -euo pipefail
export LC_ALL=C

awk '
    function split_csv(line,   i, c, n, field, quoted) {
        n = 1; field = ""; quoted = 0
        for (i = 1; i <= length(line); i++) {
            c = substr(line, i, 1)
            if (quoted) {
                if (c == "\"") {
                    if (substr(line, i + 1, 1) == "\"") { field = field "\""; i++ }
                    else quoted = 0
                } else field = field c
            } else if (c == "\"") quoted = 1
            else if (c == ",") { F[n++] = field; field = "" }
            else field = field c
        }
        F[n] = field
        return n
    }
    function to_cents(a,   sign, dot, whole, frac) {
        sign = 1
        if (substr(a, 1, 1) == "-") { sign = -1; a = substr(a, 2) }
        dot = index(a, ".")
        if (dot) { whole = substr(a, 1, dot - 1); frac = substr(a, dot + 1) }
        else     { whole = a; frac = "" }
        frac = substr(frac "00", 1, 2)
        return sign * (whole * 100 + frac)
    }
    { sub(/\r$/, "") }
    NR == 1 { next }                         # the header
    /^[ \t]*$/ { next }                      # blank line
    {
        split_csv($0)
        team = (F[5] == "") ? "untagged" : F[5]
        amount = F[6]; gsub(/[ \t]/, "", amount)
        cents[team] += to_cents(amount)
    }
    END { for (team in cents) printf "%d %s\n", cents[team], team }
' billing.csv |
sort -k1,1nr -k2,2 |
awk '{
    c = $1 + 0; sign = ""
    if (c < 0) { sign = "-"; c = -c }
    printf "%s %s%d.%02d\n", $2, sign, int(c / 100), c % 100
}'
