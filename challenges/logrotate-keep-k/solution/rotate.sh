#!/usr/bin/env bash
# Reference solution: rotate logs/app.log as logrotate.conf says (rotate K, create [MODE]).
set -euo pipefail
export LC_ALL=C

keep='' mode=''
while read -r word arg extra || [[ -n ${word:-} ]]; do
    [[ -z ${word:-} || $word == \#* ]] && continue
    if [[ $word == rotate && $arg =~ ^[0-9]+$ && -z $extra ]]; then
        keep=$((10#$arg))
    elif [[ $word == create && -z $extra ]]; then
        if [[ -n $arg ]]; then
            [[ $arg =~ ^0?[0-7]{3}$ ]] || { echo "usage: bad mode in logrotate.conf: $arg" >&2; exit 2; }
            mode=$arg
        fi
    else
        echo "usage: unknown line in logrotate.conf: $word $arg $extra" >&2
        exit 2
    fi
done < logrotate.conf
[[ -n $keep ]] || { echo "usage: logrotate.conf needs a 'rotate K' line" >&2; exit 2; }

log=logs/app.log
if [[ ! -f $log ]]; then
    echo "rotate: $log does not exist, nothing rotated" >&2
    exit 1
fi
[[ -n $mode ]] || mode=$(stat -c %a "$log")

# app.log.N for N = 1, 2, ... (no leading zeros), highest N first: a rename never clobbers.
numbers=()
for path in "$log".*; do
    suffix=${path#"$log".}
    [[ $suffix =~ ^[1-9][0-9]*$ ]] && numbers+=("$suffix")
done
if (( ${#numbers[@]} )); then
    while read -r n; do
        if (( n + 1 > keep )); then
            rm -f -- "$log.$n"
        else
            mv -- "$log.$n" "$log.$((n + 1))"
        fi
    done < <(printf '%s\n' "${numbers[@]}" | sort -rn)
fi

if (( keep == 0 )); then rm -f -- "$log"; else mv -- "$log" "$log.1"; fi
: > "$log"
chmod "$mode" "$log"
