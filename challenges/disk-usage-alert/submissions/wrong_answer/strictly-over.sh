#!/usr/bin/env bash
# Plausible mistake: alerts only when usage is strictly over the threshold.
threshold=${THRESHOLD:-90}
if ! [[ $threshold =~ ^[0-9]+$ ]] || (( threshold > 100 )); then
    echo "usage: THRESHOLD must be an integer from 0 to 100" >&2
    exit 2
fi
alerts=0
while IFS= read -r line; do
    [[ $line == Filesystem* ]] && continue
    if [[ $line =~ ^[^\ ]+\ +[^\ ]+\ +[^\ ]+\ +[^\ ]+\ +([0-9]+)%\ (.*)$ ]]; then
        if (( BASH_REMATCH[1] > threshold )); then
            echo "ALERT ${BASH_REMATCH[1]}% ${BASH_REMATCH[2]}"
            alerts=1
        fi
    fi
done
exit $alerts
