#!/usr/bin/env bash
# Both bugs found, but the failure path reports `$?` after `if !`, which is always 0 (and `set -e`
# then never fires in the function either): the deploy stops, yet exits 0 with "exit 0".
set -eo pipefail
release=$(head -n 1 VERSION)
: > deploy.log
log() { echo "$*" | tee -a deploy.log; }
fail() { echo "deploy FAILED at $1 (exit $2)" | tee -a deploy.log >&2; exit "$2"; }
run_step() {
    log "==> $1"
    bash "steps/$1.sh" 2>&1 | tee -a deploy.log
}
log "deploying $release"
while read -r step; do
    [[ -z $step || $step == \#* ]] && continue
    if ! run_step "$step"; then
        fail "$step" $?
    fi
done < steps.txt
echo "$release" > current-release
log "deploy OK $release"
