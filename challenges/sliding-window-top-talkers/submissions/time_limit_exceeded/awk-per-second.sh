#!/usr/bin/env bash
# Correct, but runs awk over the whole log once for every second of the day: a process and a
# full read per second, 86 400 of them on the big test.
if [[ $# -ne 2 || ! $1 =~ ^[0-9]+$ || ! $2 =~ ^[0-9]+$ || $1 =~ ^0+$ || $2 =~ ^0+$ ]]; then
    echo "usage: top_talkers K W" >&2
    exit 2
fi
export LC_ALL=C
k=$1 w=$2
secs() { local IFS=:; set -- $1; echo $(( 10#$1 * 3600 + 10#$2 * 60 + 10#$3 )); }
first=$(awk 'NF { print $1; exit }' requests.log)
[[ -z $first ]] && exit 0
last=$(awk 'NF { t = $1 } END { print t }' requests.log)
first=$(secs "$first") last=$(secs "$last")
printed=""
for (( s = first; s <= last; s++ )); do
    top=$(awk -v s="$s" -v w="$w" 'NF {
            split($1, p, ":"); t = p[1] * 3600 + p[2] * 60 + p[3]
            if (t > s - w && t <= s) print $2
        }' requests.log | sort | uniq -c | sort -k1,1nr -k2,2 | head -n "$k" |
        awk '{ printf "%s%s", (NR > 1 ? " " : ""), $2 }')
    [[ -z $top ]] && top="-"
    if [[ $top != "$printed" ]]; then
        printf '%02d:%02d:%02d %s\n' $((s / 3600)) $((s / 60 % 60)) $((s % 60)) "$top"
        printed=$top
    fi
done
