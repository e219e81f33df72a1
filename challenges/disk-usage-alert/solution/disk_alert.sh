#!/usr/bin/env bash
# Reference solution: report filesystems at or over $THRESHOLD percent used.
set -u
threshold=${THRESHOLD:-90}
if ! [[ $threshold =~ ^[0-9]+$ ]] || (( 10#$threshold > 100 )); then
    echo "usage: THRESHOLD must be an integer from 0 to 100 (got '$threshold')" >&2
    exit 2
fi
threshold=$((10#$threshold))
alerts=0
first=1
while IFS= read -r line || [[ -n $line ]]; do
    if (( first )); then first=0; [[ $line == Filesystem* ]] && continue; fi
    # Filesystem, blocks, used, available, capacity, then the mount point (may contain spaces).
    if [[ $line =~ ^[^[:space:]]+[[:space:]]+[^[:space:]]+[[:space:]]+[^[:space:]]+[[:space:]]+[^[:space:]]+[[:space:]]+([^[:space:]]+)[[:space:]](.*)$ ]]; then
        cap=${BASH_REMATCH[1]} mount=${BASH_REMATCH[2]}
        [[ $cap =~ ^([0-9]+)%$ ]] || continue
        if (( 10#${BASH_REMATCH[1]} >= threshold )); then
            printf 'ALERT %s %s\n' "$cap" "$mount"
            alerts=1
        fi
    fi
done
exit $alerts
