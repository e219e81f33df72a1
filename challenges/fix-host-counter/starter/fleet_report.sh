#!/usr/bin/env bash
# fleet_report.sh - morning summary of the monitoring export.
# Reads fleet-status.txt ("HOST STATE" per line), prints the UP/DOWN counts and the down
# hosts, writes the down hosts to down-hosts.txt for the pager, and exits 1 when any host is
# down so that cron mails us.

file=fleet-status.txt

up=$(grep -c ' UP$' "$file")
down=$(grep -c ' DOWN$' "$file")
echo "UP $up"
echo "DOWN $down"

: > down-hosts.txt
status=0
grep -v '^#' "$file" | while read host state; do
    if [ "$state" = "DOWN" ]; then
        echo "down: $host"
        echo "$host" >> down-hosts.txt
        status=1
    fi
done
exit $status
