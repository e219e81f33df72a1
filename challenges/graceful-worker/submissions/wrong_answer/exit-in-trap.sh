#!/usr/bin/env bash
# Wrong: the trap writes state.json and exits at once. The job in progress is left
# half-written in done/NAME.out (it is rendered in place, no .part), and counted as done.
set -u
export LC_ALL=C

current=""
write_state() {
    local sig=$1 name sep="" done_list="" pending_list="" cur=null
    [[ -n $current ]] && cur="\"$current\""
    for name in "${names[@]}"; do
        if [[ -e done/$name.out ]]; then done_list+="${done_list:+, }\"$name\""
        else pending_list+="${pending_list:+, }\"$name\""; fi
    done
    printf '{"signal": %s, "interrupted_at": %s, "done": [%s], "pending": [%s]}\n' \
        "$sig" "$cur" "$done_list" "$pending_list" > state.json
}
trap 'write_state "\"TERM\""; exit 0' TERM
trap 'write_state "\"INT\""; exit 0' INT

names=()
for f in jobs/*.job; do
    [[ -f $f ]] || continue
    f=${f#jobs/}
    names+=("${f%.job}")
done
mkdir -p done
for name in "${names[@]}"; do
    [[ -e done/$name.out ]] && continue
    current=$name
    out="done/$name.out"
    mapfile -t records < "jobs/$name.job"
    : > "$out"
    for record in "${records[@]}"; do
        sleep 0.05
        printf '%s\n' "${record^^}" >> "$out"
    done
    echo "END ${#records[@]}" >> "$out"
    current=""
done
write_state null
