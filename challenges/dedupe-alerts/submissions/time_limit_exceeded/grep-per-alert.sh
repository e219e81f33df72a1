#!/usr/bin/env bash
# Correct, but a while-read loop that runs grep, awk and mv over a state file for every
# alert: a few processes per line are fine for 20 alerts and hopeless for 15 000.
if [[ $# -ne 1 || ! $1 =~ ^[0-9]+$ || $1 =~ ^0+$ ]]; then
    echo "usage: dedupe_alerts W" >&2
    exit 2
fi
window=$1
state=$(mktemp)             # one line per burst: "id fingerprint start count"
firsts=$(mktemp)            # one line per burst: "id first-line"
n=0
while IFS= read -r line || [[ -n $line ]]; do
    read -r t fp _ <<<"$line"
    [[ -z $t ]] && continue
    last=$(grep -F " $fp " "$state" | awk -v fp="$fp" '$2 == fp' | tail -n 1)
    if [[ -n $last ]]; then
        read -r id _ start count <<<"$last"
        if (( t - start < window )); then
            awk -v id="$id" '$1 == id { $4 = $4 + 1 } 1' "$state" > "$state.new" && mv "$state.new" "$state"
            continue
        fi
    fi
    n=$((n + 1))
    echo "$n $fp $t 1" >> "$state"
    printf '%s %s\n' "$n" "$line" >> "$firsts"
done < alerts.log
# print in order of first alert, with the count
awk 'NR == FNR { count[$1] = $4; next } { id = $1; sub(/^[0-9]+ /, ""); print count[id], $0 }' "$state" "$firsts"
rm -f "$state" "$firsts"
