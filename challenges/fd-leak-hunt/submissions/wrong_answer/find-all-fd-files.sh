#!/usr/bin/env bash
# Counts every file under a process folder whose path contains /fd/, and takes the name and
# start time from the space-separated fields of stat.
# Wrong: task/TID/fd/ repeats the table once per thread, and "(Web Content)" is two fields.
export LC_ALL=C
min=${1:-1}
count() { # snap pid
    find "$1/$2" -path '*/fd/*' -type f | wc -l
}
for d in snap2/[0-9]*; do
    pid=${d#snap2/}
    [[ -d $d/fd && -d snap1/$pid/fd ]] || continue
    read -r -a s1 < "snap1/$pid/stat"
    read -r -a s2 < "$d/stat"
    [[ ${s1[21]} == "${s2[21]}" ]] || continue
    a=$(count snap1 "$pid") b=$(count snap2 "$pid")
    (( b - a >= min )) || continue
    kind=$(cat "$d"/fd/* | sed -e 's|^/.*|file|' -e 's/:.*//' | sort | uniq -c | sort -k1,1nr -k2 | awk 'NR==1{print $2}')
    name=${s2[1]#(}; name=${name%)}
    echo "$((b - a)) $pid $pid $name $a $b +$((b - a)) $kind"
done | sort -k1,1nr -k2,2n | cut -d' ' -f3-
