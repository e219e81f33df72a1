#!/usr/bin/env bash
# Reference solution: UP/DOWN tally of fleet-status.txt, down hosts to down-hosts.txt,
# exit 1 when any host is down.
file=fleet-status.txt
up=0
down=0
down_hosts=()
# No pipe into the loop (a pipeline runs it in a subshell: its variables would be lost),
# read -r (keep backslashes), and `|| [[ -n $line ]]` for a last line without a newline.
while IFS= read -r line || [[ -n $line ]]; do
    read -r host state _ <<<"$line"        # split on spaces and tabs, backslashes kept
    [[ -z $host || $host == \#* ]] && continue
    case $state in
        UP) up=$((up + 1)) ;;
        DOWN) down=$((down + 1)); down_hosts+=("$host") ;;
    esac
done < "$file"

echo "UP $up"
echo "DOWN $down"
: > down-hosts.txt
for host in "${down_hosts[@]}"; do
    printf 'down: %s\n' "$host"
    printf '%s\n' "$host" >> down-hosts.txt
done
(( down == 0 ))
