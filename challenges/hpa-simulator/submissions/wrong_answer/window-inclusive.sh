#!/usr/bin/env bash
# Keeps a recommendation for one second too long: one exactly `window` seconds old still counts.
set -uo pipefail
read -r -a header
for word in "${header[@]}"; do
    case $word in
        min=*) lo=${word#*=} ;;
        max=*) hi=${word#*=} ;;
        target=*) target=${word#*=} ;;
        window=*) window=${word#*=} ;;
        replicas=*) current=${word#*=} ;;
    esac
done

times=()
proposals=()
while read -r t metric _ || [[ -n ${t:-} ]]; do
    [[ -z ${t:-} ]] && continue
    if [[ $metric == - ]]; then
        echo "$t $current no-metrics"
        continue
    fi
    diff=$(( metric - target ))
    (( diff < 0 )) && diff=$(( -diff ))
    if (( diff * 10 <= target )); then         # within the 10 % tolerance
        proposal=$current
    else
        proposal=$(( (current * metric + target - 1) / target ))
    fi
    (( proposal < lo )) && proposal=$lo
    (( proposal > hi )) && proposal=$hi
    times+=("$t")
    proposals+=("$proposal")
    # Scale-down stabilisation: the highest recommendation of the last $window seconds.
    new=$proposal
    for (( i = ${#times[@]} - 1; i >= 0 && times[i] >= t - window; i-- )); do
        (( proposals[i] > new )) && new=${proposals[i]}
    done
    if (( new > current )); then action=up; elif (( new < current )); then action=down; else action=same; fi
    current=$new
    echo "$t $current $action"
    t=
done
