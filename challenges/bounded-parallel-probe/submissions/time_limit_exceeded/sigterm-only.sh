#!/usr/bin/env bash
# A good pool, but `timeout` only sends SIGTERM: a probe that ignores SIGTERM never dies.
export LC_ALL=C
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
        timeout "$TIMEOUT" ./probe.sh "$host" > "$out/$i.raw" 2>/dev/null
        case $? in
            124) echo "$host TIMEOUT" ;;
            0) echo "$host UP" ;;
            *) echo "$host DOWN" ;;
        esac > "$out/$i.res"
    ) &
    running=$((running + 1))
done < hosts.txt
wait
cat "$out"/*.res 2>/dev/null | sort
