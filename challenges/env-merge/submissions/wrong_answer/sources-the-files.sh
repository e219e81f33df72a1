#!/usr/bin/env bash
# "A .env file is shell syntax anyway": source both files with `set -a` and print the keys.
# The shell expands $HOME and backticks, and reads `WORKERS = 4` as a command.
[ -n "$ENV" ] || { echo "usage: ENV=NAME env_merge" >&2; exit 2; }
keys=$(cat .env.base ".env.$ENV" 2>/dev/null |
    grep -oE '^[[:space:]]*(export[[:space:]]+)?[A-Za-z_][A-Za-z0-9_]*=' |
    sed -E 's/^[[:space:]]*(export[[:space:]]+)?//; s/=$//' | LC_ALL=C sort -u)
set -a
. ./.env.base 2>/dev/null
[ -f ".env.$ENV" ] && . "./.env.$ENV" 2>/dev/null
set +a
for k in $keys; do
    printf '%s=%s\n' "$k" "${!k}"
done
