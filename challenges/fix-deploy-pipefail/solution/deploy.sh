#!/usr/bin/env bash
# Reference solution: the starter with both bugs fixed.
#  - pipefail: `step | tee` has the step's status, not tee's;
#  - no `|| true` after it: a failing step must reach `fail`.
set -eo pipefail

release=$(head -n 1 VERSION)
: > deploy.log

log() {
    echo "$*" | tee -a deploy.log
}

fail() {
    echo "deploy FAILED at $1 (exit $2)" | tee -a deploy.log >&2
    exit "$2"
}

run_step() {
    log "==> $1"
    bash "steps/$1.sh" 2>&1 | tee -a deploy.log
}

log "deploying $release"
while read -r step; do
    [[ -z $step || $step == \#* ]] && continue
    run_step "$step" || fail "$step" $?
done < steps.txt

echo "$release" > current-release
log "deploy OK $release"
