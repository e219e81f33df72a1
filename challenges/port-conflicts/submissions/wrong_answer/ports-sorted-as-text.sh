#!/usr/bin/env bash
# Audit ss.txt against expected-ports.conf. Careful work, but the report is sorted by port as
# text: 10256 comes before 2379.
set -euo pipefail
export LC_ALL=C

report=$(awk '
    # Sorts the keys of set s (byte order) and joins them with commas.
    function joined(s,    k, n, i, j, a, t, out) {
        n = 0
        for (k in s) a[++n] = k
        for (i = 2; i <= n; i++) {
            t = a[i]
            for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]
            a[j + 1] = t
        }
        out = ""
        for (i = 1; i <= n; i++) out = out (i > 1 ? "," : "") a[i]
        return out
    }
    # Sets FAM ("any", "v4", "v6") and VAL ("" for the wildcard of the family).
    function classify(addr) {
        sub(/%.*/, "", addr)
        if (addr == "*") { FAM = "any"; VAL = ""; return }
        if (substr(addr, 1, 1) == "[") {
            addr = tolower(substr(addr, 2, length(addr) - 2))
            if (addr ~ /^::ffff:[0-9.]+$/) addr = substr(addr, 8)
            else { FAM = "v6"; VAL = (addr == "::") ? "" : addr; return }
        }
        FAM = "v4"; VAL = (addr == "0.0.0.0") ? "" : addr
    }
    function loopback(addr) {
        classify(addr)
        return VAL == "::1" || (FAM == "v4" && VAL ~ /^127\./)
    }
    function overlap(a, b,    fa, va) {
        classify(a); fa = FAM; va = VAL
        classify(b)
        if (fa == "any" || FAM == "any") return 1
        if (fa != FAM) return 0
        return va == "" || VAL == "" || va == VAL
    }
    FILENAME == "ss.txt" && $1 == "LISTEN" {
        local = $4
        port = local; sub(/.*:/, "", port)
        addr = substr(local, 1, length(local) - length(port) - 1)
        id = ++nsock
        sport[id] = port + 0; saddr[id] = addr; ports[port + 0] = 1
        rest = $0; count = 0
        while (match(rest, /\("[^"]*",pid=/)) {
            name = substr(rest, RSTART + 2, RLENGTH - 8)
            names[id, name] = 1; count++
            rest = substr(rest, RSTART + RLENGTH)
        }
        if (!count) names[id, "?"] = 1
        next
    }
    FILENAME == "expected-ports.conf" && NF >= 3 && $1 !~ /^#/ {
        service[$2 + 0] = $1; scope[$2 + 0] = $3; ports[$2 + 0] = 1
    }
    END {
        for (port in ports) {
            split("", involved); split("", all); split("", exposed)
            n = 0; nloop = 0
            for (i = 1; i <= nsock; i++) if (sport[i] == port + 0) idx[++n] = i
            for (a = 1; a <= n; a++) {
                i = idx[a]
                for (key in names) { split(key, kk, SUBSEP); if (kk[1] == i) all[kk[2]] = 1 }
                if (loopback(saddr[i])) nloop++; else exposed[saddr[i]] = 1
                for (b = a + 1; b <= n; b++) {
                    j = idx[b]
                    if (!overlap(saddr[i], saddr[j])) continue
                    shared = 0
                    for (key in names) {
                        split(key, kk, SUBSEP)
                        if (kk[1] == i && ((j, kk[2]) in names)) shared = 1
                    }
                    if (shared) continue
                    for (key in names) {
                        split(key, kk, SUBSEP)
                        if (kk[1] == i || kk[1] == j) involved[kk[2]] = 1
                    }
                }
            }
            if (length(joined(involved)))
                printf "%d 1 CONFLICT %d %s\n", port, port, joined(involved)
            if (!((port + 0) in service)) {
                printf "%d 5 UNEXPECTED %d %s\n", port, port, joined(all)
            } else if (n == 0) {
                printf "%d 2 MISSING %d %s\n", port, port, service[port]
            } else if (scope[port] == "local") {
                if (n > nloop) printf "%d 3 EXPOSED %d %s %s\n", port, port, service[port], joined(exposed)
            } else if (nloop == n) {
                printf "%d 4 LOOPBACK-ONLY %d %s\n", port, port, service[port]
            }
        }
    }' ss.txt expected-ports.conf | sort -k1,1 -k2,2n | cut -d ' ' -f 3-)

if [[ -n $report ]]; then
    printf '%s\n' "$report"
    exit 1
fi
