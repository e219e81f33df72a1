#!/usr/bin/env bash
# top_ips.sh N - the N most frequent client addresses in ./access.log (nginx combined format).
#
# Output: "<count> <address>" per line, highest count first.
n=$1

# First draft: counts every line, whatever it looks like.
# TODO: check N (a positive integer, exactly one argument): `usage:` on stderr, exit 2
# TODO: only count real entries (at least 4 fields, the 4th starting with `[`)
# TODO: tied counts must be ordered as plain strings, byte order
awk '{ print $1 }' access.log | sort | uniq -c | sort -rn | head -n "$n" |
    awk '{ print $1, $2 }'
