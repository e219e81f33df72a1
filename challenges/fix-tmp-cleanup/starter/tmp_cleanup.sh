#!/usr/bin/env bash
# tmp_cleanup.sh - hourly cron on the CI agents: remove the *.tmp files under tmp/ that no
# running job holds any more. Jobs list the files they hold in tmp/ACTIVE, one path per line,
# relative to tmp/ (e.g. build-4411/deps.tmp).

if [ ! -d tmp ]; then
    echo "tmp_cleanup: no tmp/ folder in $PWD" >&2
    exit 1
fi

find tmp -name *.tmp | while read -r f; do
    if grep -q "${f#tmp/}" tmp/ACTIVE 2>/dev/null; then
        continue    # a running job still uses it
    fi
    rm -rf "$f"
    echo "removed $f"
done
