#!/usr/bin/env bash
# Reference solution: processes whose open-descriptor count grew between two /proc snapshots.
set -euo pipefail
export LC_ALL=C

usage() {
    echo "usage: fd_leaks [MIN_GROWTH]   (a positive integer, default 1)" >&2
    exit 2
}
min=1
if (( $# > 1 )); then usage; fi
if (( $# == 1 )); then
    [[ $1 =~ ^[0-9]+$ ]] && (( 10#$1 > 0 )) || usage
    min=$((10#$1))
fi

# One tab-separated stream: "S <path> <stat line>" per stat file, "F <path> <target>" per
# descriptor. Only SNAP/PID/stat and SNAP/PID/fd/N (never task/TID/fd/N or fdinfo/N).
{
    find snap1 snap2 -mindepth 2 -maxdepth 2 -type f -name stat \
        -exec awk '{ print "S\t" FILENAME "\t" $0 }' {} +
    find snap1 snap2 -mindepth 3 -maxdepth 3 -type f -path '*/fd/*' \
        -exec awk '{ print "F\t" FILENAME "\t" $0 }' {} +
} | awk -F '\t' -v min="$min" '
    {
        n = split($2, part, "/")   # snap, pid, "stat" | "fd", fd number
        snap = part[1]; pid = part[2]
        if (pid !~ /^[0-9]+$/) next
    }
    $1 == "S" && n == 3 {
        line = $3
        # The name ends at the LAST ")": it may contain spaces and parentheses.
        open_paren = index(line, "(")
        close_paren = 0
        for (i = length(line); i > 0; i--) if (substr(line, i, 1) == ")") { close_paren = i; break }
        comm[snap, pid] = substr(line, open_paren + 1, close_paren - open_paren - 1)
        split(substr(line, close_paren + 2), field, " ")
        start[snap, pid] = field[22 - 2]     # field[1] is field 3 (state)
        next
    }
    $1 == "F" && n == 4 && part[3] == "fd" && part[4] ~ /^[0-9]+$/ {
        target = $3
        if (substr(target, 1, 1) == "/") kind = "file"
        else { kind = target; sub(/:.*/, "", kind) }
        count[snap, pid]++
        per_kind[snap, pid, kind]++
        kinds[kind] = 1
        readable[snap, pid] = 1
    }
    END {
        for (key in readable) {
            split(key, k, SUBSEP)
            if (k[1] != "snap2") continue
            pid = k[2]
            if (!(("snap1", pid) in readable)) continue
            if (start["snap1", pid] != start["snap2", pid]) continue
            delta = count["snap2", pid] - count["snap1", pid]
            if (delta < min) continue
            best = ""
            for (kind in kinds) {
                g = per_kind["snap2", pid, kind] - per_kind["snap1", pid, kind]
                if (best == "" || g > best_growth || (g == best_growth && kind < best)) {
                    best = kind; best_growth = g
                }
            }
            printf "%d\t%d\t%d %s %d %d +%d %s\n", delta, pid, pid, comm["snap2", pid],
                count["snap1", pid], count["snap2", pid], delta, best
        }
    }' | sort -t "$(printf '\t')" -k1,1nr -k2,2n | cut -f3-
