#!/usr/bin/env bash
# The reference's sliding ranking, with one line missing: a client whose count falls to 0
# keeps its place at the bottom of the ranking. With fewer than K active clients it is still
# on the board, and the board is never empty.
set -uo pipefail
export LC_ALL=C          # awk compares client names byte by byte
if [[ $# -ne 2 || ! $1 =~ ^[0-9]+$ || ! $2 =~ ^[0-9]+$ || $1 =~ ^0+$ || $2 =~ ^0+$ ]]; then
    echo "usage: top_talkers K W   (K clients, window of W seconds; positive integers)" >&2
    exit 2
fi
exec awk -v K="$1" -v W="$2" '
NF > 0 {
    split($1, hms, ":")
    n++; t[n] = hms[1] * 3600 + hms[2] * 60 + hms[3]; who[n] = $2
}
# does client a rank before client b?
function before(a, b) { return cnt[a] > cnt[b] || (cnt[a] == cnt[b] && (a "") < (b "")) }
function swap(i, j,   x) { x = rank[i]; rank[i] = rank[j]; rank[j] = x; at[rank[i]] = i; at[rank[j]] = j }
function up(name,   p) {
    if (!(name in cnt)) { cnt[name] = 1; rank[++m] = name; at[name] = m }
    else cnt[name]++
    for (p = at[name]; p > 1 && before(name, rank[p - 1]); p--) swap(p, p - 1)
}
function down(name,   p) {
    cnt[name]--
    for (p = at[name]; p < m && before(rank[p + 1], name); p++) swap(p, p + 1)
}
END {
    if (n == 0) exit 0
    enter = leave = 1; printed = ""
    for (s = t[1]; s <= t[n]; s++) {
        moved = 0
        while (enter <= n && t[enter] <= s) { up(who[enter++]); moved = 1 }
        while (t[leave] <= s - W) { down(who[leave++]); moved = 1 }
        if (!moved) continue
        top = ""
        for (i = 1; i <= K && i <= m; i++) top = top (i > 1 ? " " : "") rank[i]
        if (top == "") top = "-"
        if (top != printed) {
            printf "%02d:%02d:%02d %s\n", int(s / 3600), int(s / 60) % 60, s % 60, top
            printed = top
        }
    }
}' requests.log
