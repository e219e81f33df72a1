#!/usr/bin/env bash
# Reference solution: deploy order from ./deps.txt (Kahn's algorithm, smallest ready first).
set -uo pipefail
export LC_ALL=C          # awk compares names byte by byte
if [[ ! -r deps.txt ]]; then
    echo "deploy_order: cannot read deps.txt" >&2
    exit 2
fi
exec awk '
function fail(msg, status) { print msg > "/dev/stderr"; bad = status; exit status }
function add(name) { if (!(name in known)) { known[name] = 1; n++ } }
{
    line = $0
    sub(/^[ \t\r]+/, "", line); sub(/[ \t\r]+$/, "", line)
    if (line == "" || substr(line, 1, 1) == "#") next
    colon = index(line, ":")
    if (colon == 0) fail("deps.txt:" NR ": expected '\''service: dependency ...'\''", 2)
    name = substr(line, 1, colon - 1); gsub(/[ \t]+$/, "", name)
    if (name == "" || name ~ /[ \t]/) fail("deps.txt:" NR ": expected '\''service: dependency ...'\''", 2)
    add(name)
    k = split(substr(line, colon + 1), list, /[ \t]+/)
    for (i = 1; i <= k; i++) {
        d = list[i]
        if (d == "") continue
        add(d)
        if (!((name SUBSEP d) in edge)) { edge[name, d] = 1; waiting[name]++; users[d] = users[d] " " name }
    }
}
END {
    if (bad) exit bad
    # n is small (hundreds): pick the smallest ready service by scanning.
    for (deployed = 0; deployed < n; deployed++) {
        best = ""
        for (s in known)
            if (!(s in done) && waiting[s] + 0 == 0 && (best == "" || s < best)) best = s
        if (best == "") break
        done[best] = 1; order[deployed] = best
        k = split(users[best], list, " ")
        for (i = 1; i <= k; i++) waiting[list[i]]--
    }
    if (deployed < n) {
        cur = ""
        for (s in known) if (!(s in done) && (cur == "" || s < cur)) cur = s
        len = 0
        while (!(cur in seen)) {
            seen[cur] = len; path[len++] = cur
            next_s = ""
            for (s in known)
                if (!(s in done) && ((cur SUBSEP s) in edge) && (next_s == "" || s < next_s)) next_s = s
            cur = next_s
        }
        msg = "CYCLE"
        for (i = seen[cur]; i < len; i++) msg = msg " " path[i] " ->"
        fail(msg " " cur, 1)
    }
    for (i = 0; i < n; i++) print order[i]
}' deps.txt
