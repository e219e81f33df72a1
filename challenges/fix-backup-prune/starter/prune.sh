#!/usr/bin/env bash
# prune.sh - nightly cleanup on the backup host.
# Keeps the newest $KEEP tarballs in ./backups and deletes the older ones.
# Tarball names start with their date (2026-01-05.tar), so name order is age order.

KEEP=${KEEP:-3}
if ! [[ $KEEP =~ ^[0-9]+$ ]]; then
    echo "usage: KEEP=<number of tarballs to keep> prune.sh" >&2
    exit 2
fi

cd backups || exit 1

# Newest first; everything after the first $KEEP entries goes.
ls -1 | sort -r | tail -n +$((KEEP + 1)) | while read -r f; do
    echo "deleted $f"
    rm $f
done
