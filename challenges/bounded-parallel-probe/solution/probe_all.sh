#!/usr/bin/env bash
# Reference solution: probe every host of hosts.txt with ./probe.sh, at most $CONCURRENCY at
# once, each killed after $TIMEOUT seconds; print "HOST UP|DOWN|TIMEOUT" sorted by host.
set -uo pipefail
export LC_ALL=C

limit=${CONCURRENCY:?CONCURRENCY is not set}
deadline=${TIMEOUT:?TIMEOUT is not set}
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# One probe, in the background job that runs this function. `timeout` runs the probe in its own
# process group and signals that whole group: SIGTERM at the deadline, SIGKILL 0.1 s later for
# probes that ignore SIGTERM. Its output goes to a file, so no stray helper can keep us waiting
# on a pipe.
probe_one() {
    local host=$1 out=$2 word status
    timeout -k 0.1 "$deadline" ./probe.sh "$host" > "$out.raw" 2> /dev/null
    status=$?
    if (( status == 124 || status == 137 )); then
        word=TIMEOUT
    else
        read -r word < "$out.raw" || word=
        [[ $word == UP ]] || word=DOWN
    fi
    printf '%s %s\n' "$host" "$word" > "$out"
}

running=0 i=0
while read -r host _; do
    [[ -z $host || $host == \#* ]] && continue
    if (( running >= limit )); then
        wait -n            # a slot frees up the moment any probe ends
        running=$((running - 1))
    fi
    i=$((i + 1))
    probe_one "$host" "$results/$i" &
    running=$((running + 1))
done < hosts.txt
wait

shopt -s nullglob
for f in "$results"/*; do
    [[ $f == *.raw ]] || cat "$f"
done | sort
