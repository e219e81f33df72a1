#!/usr/bin/env bash
# probe_all.sh - probe every host of hosts.txt with ./probe.sh HOST and print
# "HOST UP|DOWN|TIMEOUT", sorted by host.
#
# First draft: one host after the other, no time limit.
# TODO: run up to $CONCURRENCY probes at once, starting the next host as soon as one ends
# TODO: kill a probe (and everything it started) after $TIMEOUT seconds -> TIMEOUT
export LC_ALL=C
while read -r host _; do
    [[ -z $host || $host == \#* ]] && continue
    if [[ $(./probe.sh "$host" 2>/dev/null) == UP ]]; then
        echo "$host UP"
    else
        echo "$host DOWN"
    fi
done < hosts.txt | sort
