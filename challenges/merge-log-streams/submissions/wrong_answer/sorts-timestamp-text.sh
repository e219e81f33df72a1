#!/usr/bin/env bash
# Sorts the timestamps as text. Right while every line is in Z with whole seconds; wrong as soon
# as an offset (+01:00) or a fraction (.5Z sorts before Z) appears.
export LC_ALL=C
for f in logs/*.log; do
    name=${f#logs/}
    grep -v '^[[:space:]]*$' "$f" | awk -v n="$name" '{ print n ": " $0 }'
done | sort -s -t' ' -k2,2
