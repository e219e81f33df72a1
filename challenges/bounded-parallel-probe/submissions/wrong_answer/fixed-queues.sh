#!/usr/bin/env bash
# Splits the hosts into CONCURRENCY fixed queues up front (host i goes to worker i % C), and
# each worker probes its own queue in order. A worker that drew the slow host falls behind
# while the others sit idle with hosts still waiting.
export LC_ALL=C
mapfile -t hosts < <(sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' hosts.txt | grep -v -e '^$' -e '^#')
out=$(mktemp -d)
for (( w = 0; w < CONCURRENCY; w++ )); do
    (
        for (( i = w; i < ${#hosts[@]}; i += CONCURRENCY )); do
            h=${hosts[i]}
            word=$(timeout -k 0.1 "$TIMEOUT" ./probe.sh "$h" 2>/dev/null < /dev/null > "$out/$i.raw"; echo $?)
            case $word in
                124 | 137) echo "$h TIMEOUT" ;;
                *) if [[ $(head -n 1 "$out/$i.raw") == UP ]]; then echo "$h UP"; else echo "$h DOWN"; fi ;;
            esac > "$out/$i"
        done
    ) &
done
wait
cat "$out"/[0-9] "$out"/[0-9][0-9] 2>/dev/null | sort
