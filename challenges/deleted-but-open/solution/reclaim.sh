#!/usr/bin/env bash
# Reference solution: processes holding deleted files open, from ./lsof.txt (lsof -nP).
set -uo pipefail
export LC_ALL=C
if [[ ! -r lsof.txt ]]; then
    echo "reclaim: cannot read lsof.txt" >&2
    exit 2
fi

# Prints "PID DEVICE INODE SIZE COMMAND" for every open descriptor (3u, 12w, ...) on a regular
# file whose NAME ends in " (deleted)".
deleted_fds() {
    awk 'NF >= 9 && $2 ~ /^[0-9]+$/ && $4 ~ /^[0-9]/ && $5 == "REG" && $7 ~ /^[0-9]+$/ {
        name = $0                               # NAME: everything after the 8th field
        for (i = 1; i <= 8; i++) sub(/^[ \t]*[^ \t]+/, "", name)
        sub(/^[ \t]+/, "", name)
        n = length(name)
        if (n > 10 && substr(name, n - 9) == " (deleted)") print $2, $6, $8, $7, $1
    }' lsof.txt
}

# awk numbers are doubles: exact up to 2^53 bytes; print them with %.0f, never %d.
deleted_fds | awk '
    !seen[$1, $2, $3]++ { bytes[$1] += $4; count[$1]++; command[$1] = $5 }
    END { for (pid in bytes) printf "%.0f %s %s %d\n", bytes[pid], pid, command[pid], count[pid] }' |
    sort -k1,1nr -k2,2n |
    awk '{ print $2, $3, $1, $4 }'
deleted_fds | awk '
    !seen[$2, $3]++ { total += $4; files++ }
    END { printf "TOTAL %.0f %d\n", total, files }'
