#!/usr/bin/env bash
# Reference solution: merge .env.base with .env.$ENV (later assignments win), print sorted
# KEY=VALUE lines. The files are parsed, never sourced: nothing in them is expanded or run.
set -uo pipefail

if [[ -z ${ENV:-} ]]; then
    echo "usage: ENV=NAME env_merge (merges .env.base with .env.NAME)" >&2
    exit 2
fi

declare -A merged=()
ws=$' \t\r'

parse() {
    local file=$1 line key value quote rest
    [[ -f $file ]] || return 0
    while IFS= read -r line || [[ -n $line ]]; do
        line=${line#"${line%%[!$ws]*}"}        # trim leading blanks
        line=${line%"${line##*[!$ws]}"}        # trim trailing blanks and CR
        [[ -z $line || $line == \#* ]] && continue
        if [[ $line =~ ^export[$' \t']+(.*)$ ]]; then
            line=${BASH_REMATCH[1]}
        fi
        [[ $line == *=* ]] || continue
        key=${line%%=*}
        value=${line#*=}
        key=${key%"${key##*[!$ws]}"}
        [[ $key =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || continue
        rest=${value#"${value%%[!$ws]*}"}
        quote=${rest:0:1}
        if [[ ($quote == '"' || $quote == "'") && ${rest:1} == *"$quote"* ]]; then
            rest=${rest:1}
            value=${rest%%"$quote"*}
        else
            # `.*` is greedy: cut at the last " #" until none is left (= at the first one).
            while [[ $value =~ ^(.*)[$' \t']# ]]; do value=${BASH_REMATCH[1]}; done
            value=${value#"${value%%[!$ws]*}"}
            value=${value%"${value##*[!$ws]}"}
        fi
        merged[$key]=$value
    done < "$file"
}

parse .env.base
parse ".env.$ENV"
for key in "${!merged[@]}"; do
    printf '%s=%s\n' "$key" "${merged[$key]}"
done | LC_ALL=C sort -t= -k1,1
