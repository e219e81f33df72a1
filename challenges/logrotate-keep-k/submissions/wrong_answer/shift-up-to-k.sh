#!/usr/bin/env bash
# Shifts .K-1 .. .1 up by one: right for a tidy folder, but a copy left past K (after `rotate`
# was lowered, or a hole in the numbering) survives.
set -eu
keep=$(awk '$1 == "rotate" { print $2 }' logrotate.conf)
mode=$(awk '$1 == "create" { print $2 }' logrotate.conf)
[[ -f logs/app.log ]] || { echo "no logs/app.log" >&2; exit 1; }
[[ -n $keep ]] || { echo "usage: rotate K missing" >&2; exit 2; }
[[ -n $mode ]] || mode=$(stat -c %a logs/app.log)
rm -f "logs/app.log.$keep"
for (( i = keep - 1; i >= 1; i-- )); do
    if [[ -f logs/app.log.$i ]]; then mv "logs/app.log.$i" "logs/app.log.$((i + 1))"; fi
done
if (( keep > 0 )); then mv logs/app.log logs/app.log.1; else rm logs/app.log; fi
: > logs/app.log
chmod "$mode" logs/app.log
