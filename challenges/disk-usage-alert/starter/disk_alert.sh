#!/usr/bin/env bash
# disk_alert.sh - reads `df -P` on stdin, prints "ALERT <capacity> <mount point>" for every
# filesystem at or over $THRESHOLD percent (default 90). Exit 1 when anything was reported.
threshold=${THRESHOLD:-90}
# TODO: THRESHOLD must be an integer from 0 to 100: `usage:` on stderr, exit 2

alerts=0
while read -r fs blocks used avail cap mount; do
    [ "$fs" = "Filesystem" ] && continue
    # TODO: pseudo filesystems show `-` instead of a percentage
    pct=${cap%\%}
    if [ "$pct" -gt "$threshold" ]; then
        echo "ALERT $cap $mount"
        alerts=1
    fi
done
exit $alerts
