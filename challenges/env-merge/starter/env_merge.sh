#!/usr/bin/env bash
# env_merge.sh - print the effective settings of environment $ENV: .env.base merged with
# .env.$ENV, sorted, one KEY=VALUE per line (see README.md).
set -uo pipefail

if [[ -z ${ENV:-} ]]; then
    echo "usage: ENV=NAME env_merge" >&2
    exit 2
fi

for file in .env.base ".env.$ENV"; do
    [[ -f $file ]] || continue
    while IFS= read -r line || [[ -n $line ]]; do
        # TODO: skip blank lines and comments, parse KEY=VALUE, remember the last value per key
        :
    done < "$file"
done
# TODO: print KEY=VALUE for every key, sorted by key
