#!/usr/bin/env bash
# worker.sh - render the billing spool: every jobs/NAME.job becomes done/NAME.out
# (each record in upper case, then "END <records>"), 50 ms of PDF-service time per record.
#
# This is the version in production. It is fine until the next deploy:
# TODO: on SIGTERM (and SIGINT) finish the job in progress, write state.json, exit 0
# TODO: never let a half-written done/NAME.out appear (the uploader ships every *.out at once)
# TODO: skip jobs whose output an earlier run already left in done/
set -u
export LC_ALL=C

mkdir -p done
names=()
for f in jobs/*.job; do
    name=$(basename "$f" .job)
    names+=("$name")
    out="done/$name.out"
    : > "$out"
    n=0
    while IFS= read -r record; do
        sleep 0.05                                # the PDF service
        printf '%s\n' "${record^^}" >> "$out"
        n=$((n + 1))
    done < "$f"
    echo "END $n" >> "$out"
    echo "worker: rendered $name ($n records)" >&2
done

# Everything got rendered: nothing is pending.
{
    printf '{"signal": null, "interrupted_at": null, "done": ['
    sep=""
    for name in "${names[@]}"; do
        printf '%s"%s"' "$sep" "$name"
        sep=", "
    done
    printf '], "pending": []}\n'
} > state.json
