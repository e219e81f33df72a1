#!/usr/bin/env bash
# deploy.sh - run the release steps listed in steps.txt, in order, and record the release.
# Everything is shown on the terminal and kept in deploy.log for the post-mortem.
# On the first failing step: stop, say so on stderr, keep current-release as it was, and exit
# with the step's status so that the pipeline goes red.
set -e

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
    # tee fails when /var/log is full; logging must never break a deploy
    bash "steps/$1.sh" 2>&1 | tee -a deploy.log || true
}

log "deploying $release"
while read -r step; do
    [[ -z $step || $step == \#* ]] && continue
    run_step "$step" || fail "$step" $?
done < steps.txt

echo "$release" > current-release
log "deploy OK $release"
