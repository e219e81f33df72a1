#!/usr/bin/env bash
# render.sh - runs in the container entrypoint before nginx starts.
# Renders nginx.conf from nginx.conf.tmpl: every {{NAME}} in the template is replaced with the
# value of the environment variable NAME (set by the deployment: UPSTREAM_URL, SERVER_NAME, ...).
set -e

cp nginx.conf.tmpl nginx.conf

for name in $(grep -o '{{[A-Z_][A-Z0-9_]*}}' nginx.conf.tmpl | tr -d '{}' | sort -u); do
    sed -i "s/{{$name}}/${!name}/" nginx.conf
done
