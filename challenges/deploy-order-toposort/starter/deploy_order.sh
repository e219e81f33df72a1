#!/usr/bin/env bash
# deploy_order.sh - print the order in which to deploy the services listed in ./deps.txt.
#
# deps.txt lines look like `api: db cache` (api needs db and cache deployed first).
# For now this only lists the services that have a line of their own, alphabetically.
# TODO: include services that only appear as dependencies
# TODO: respect dependencies (smallest ready service first)
# TODO: detect cycles: `CYCLE a -> b -> a` on stderr, exit 1
export LC_ALL=C
grep -v '^[[:space:]]*#' deps.txt | grep ':' | cut -d: -f1 | tr -d ' \t' | sort -u
