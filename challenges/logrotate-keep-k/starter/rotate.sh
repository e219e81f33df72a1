#!/usr/bin/env bash
# rotate.sh - nightly rotation of logs/app.log, driven by ./logrotate.conf:
#   rotate K        keep K rotated copies: app.log.1 (newest) ... app.log.K (oldest)
#   create [MODE]   recreate an empty app.log with MODE (default: the mode app.log had)
keep=$(awk '$1 == "rotate" { print $2 }' logrotate.conf)

# TODO: exit 1 (message on stderr) when logs/app.log does not exist
# TODO: shift app.log.N to app.log.N+1, delete what ends up past K
# TODO: K = 0 keeps no rotated copy
mv logs/app.log logs/app.log.1
touch logs/app.log
# TODO: give the new app.log the `create` mode
