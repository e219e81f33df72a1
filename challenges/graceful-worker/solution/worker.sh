#!/usr/bin/env bash
# Reference solution: render jobs/*.job (sorted by name) into done/NAME.out, one `sleep 0.05`
# per record. On SIGTERM or SIGINT finish the current job, write state.json and exit 0.
set -u
export LC_ALL=C

# The traps only take note. Bash runs a trap between two commands, so with one short `sleep`
# per record it runs within 50 ms, and the loop below decides when to stop: after the job.
stop_signal=""
current=""
interrupted_at=""
on_signal() {
    if [[ -z $stop_signal ]]; then
        stop_signal=$1
        interrupted_at=$current
    fi
}
trap 'on_signal TERM' TERM
trap 'on_signal INT' INT

# Render one job into done/NAME.out.part, then rename it into place.
render() {
    local name=$1 part="done/$1.out.part" record
    local -a records=()
    mapfile -t records < "jobs/$name.job"
    {
        for record in "${records[@]}"; do
            sleep 0.05
            printf '%s\n' "${record^^}"    # LC_ALL=C: only a-z change
        done
        printf 'END %d\n' "${#records[@]}"
    } > "$part"
    mv -f -- "$part" "done/$name.out"
}

# The queue: regular files directly in jobs/ ending in .job, in C order (the glob sorts so).
names=()
for f in jobs/*.job; do
    [[ -f $f ]] || continue
    f=${f#jobs/}
    names+=("${f%.job}")
done

mkdir -p done
for name in "${names[@]}"; do
    [[ -n $stop_signal ]] && break
    [[ -e done/$name.out ]] && continue
    current=$name
    render "$name"
    current=""
done

# state.json: done is every job with an output, pending the rest.
json_list() {
    local sep="" n
    printf '['
    for n in "$@"; do
        printf '%s"%s"' "$sep" "$n"
        sep=", "
    done
    printf ']'
}
finished=() pending=()
for name in "${names[@]}"; do
    if [[ -e done/$name.out ]]; then finished+=("$name"); else pending+=("$name"); fi
done
quote() { if [[ -n $1 ]]; then printf '"%s"' "$1"; else printf 'null'; fi; }
{
    printf '{\n  "signal": %s,\n' "$(quote "$stop_signal")"
    printf '  "interrupted_at": %s,\n' "$(quote "$interrupted_at")"
    printf '  "done": %s,\n' "$(json_list "${finished[@]}")"
    printf '  "pending": %s\n}\n' "$(json_list "${pending[@]}")"
} > state.json.tmp
mv -f state.json.tmp state.json
exit 0
