#!/usr/bin/env bash
# Wrong: a graceful worker, but it renders every job again, even those an earlier run already
# finished. After a restart it spends its time on old jobs and stops before the one that was lost.
set -u
export LC_ALL=C

stop_signal="" current="" interrupted_at=""
on_signal() { [[ -n $stop_signal ]] || { stop_signal=$1; interrupted_at=$current; }; }
trap 'on_signal TERM' TERM
trap 'on_signal INT' INT

names=()
for f in jobs/*.job; do
    [[ -f $f ]] || continue
    f=${f#jobs/}
    names+=("${f%.job}")
done
mkdir -p done
for name in "${names[@]}"; do
    [[ -n $stop_signal ]] && break
    current=$name
    mapfile -t records < "jobs/$name.job"
    {
        for record in "${records[@]}"; do
            sleep 0.05
            printf '%s\n' "${record^^}"
        done
        echo "END ${#records[@]}"
    } > "done/$name.out.part"
    mv -f "done/$name.out.part" "done/$name.out"
    current=""
done

q() { if [[ -n $1 ]]; then printf '"%s"' "$1"; else printf null; fi; }
done_list="" pending_list=""
for name in "${names[@]}"; do
    if [[ -e done/$name.out ]]; then done_list+="${done_list:+, }\"$name\""
    else pending_list+="${pending_list:+, }\"$name\""; fi
done
printf '{"signal": %s, "interrupted_at": %s, "done": [%s], "pending": [%s]}\n' \
    "$(q "$stop_signal")" "$(q "$interrupted_at")" "$done_list" "$pending_list" > state.json
