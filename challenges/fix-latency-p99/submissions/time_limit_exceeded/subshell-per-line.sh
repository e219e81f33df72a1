#!/usr/bin/env bash
# Correct, but in the starter's style: three processes for every line of the log.
# Fine on a hundred lines, far too slow on a few thousand.

times=""
while IFS= read -r line || [ -n "$line" ]; do
    rt=$(echo "$line" | awk '{print $NF}' | sed 's/^rt=//')
    if [ -n "$rt" ] && [ "$rt" != "-" ]; then
        times+="$rt"$'\n'
    fi
done < access.log

n=$(printf '%s' "$times" | grep -c .)
if [ "$n" -eq 0 ]; then
    echo "p99: no request times in access.log" >&2
    exit 1
fi
rank=$(( (n * 99 + 99) / 100 ))
printf '%s' "$times" | sort -n | sed -n "${rank}p"
