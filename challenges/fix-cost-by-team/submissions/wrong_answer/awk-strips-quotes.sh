#!/usr/bin/env bash
# A one-liner rewrite: drop every quote character, then split on commas. Fine until a quoted
# description holds a comma: then the team and the amount are read from the wrong columns.
export LC_ALL=C
tr -d '"\r' < billing.csv |
awk -F, 'NR > 1 && NF { team = ($5 == "") ? "untagged" : $5; c[team] += $6 * 100 }
         END { for (t in c) printf "%d %s\n", (c[t] < 0 ? c[t] - 0.5 : c[t] + 0.5), t }' |
sort -k1,1nr -k2,2 |
awk '{ c = $1; s = ""; if (c < 0) { s = "-"; c = -c }; printf "%s %s%d.%02d\n", $2, s, int(c / 100), c % 100 }'
