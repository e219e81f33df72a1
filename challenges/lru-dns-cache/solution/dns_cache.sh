#!/usr/bin/env bash
# Reference solution: replay GET/PUT commands against an LRU DNS cache with TTLs.
# Recency is a counter: every use stamps the entry; the LRU entry has the smallest stamp.
set -uo pipefail
exec awk '
NF == 0 { next }
$1 == "CAPACITY" { capacity = $2 + 0; next }
$2 == "GET" {
    now = $1 + 0; name = $3
    if ((name in ip) && now < expires[name]) {
        used[name] = ++clock
        print "HIT", name, ip[name]; hits++
    } else {
        if (name in ip) { delete ip[name]; delete expires[name]; delete used[name]; size-- }
        print "MISS", name; misses++
    }
    next
}
$2 == "PUT" {
    now = $1 + 0; name = $3
    if (!(name in ip) && size >= capacity) {
        for (n in ip)                           # expired entries go first, silently
            if (now >= expires[n]) { delete ip[n]; delete expires[n]; delete used[n]; size-- }
        if (size >= capacity) {
            victim = ""
            for (n in ip) if (victim == "" || used[n] < used[victim]) victim = n
            delete ip[victim]; delete expires[victim]; delete used[victim]; size--
            print "EVICT", victim; evictions++
        }
    }
    if (!(name in ip)) size++
    ip[name] = $4; expires[name] = now + $5; used[name] = ++clock
}
END { printf "STATS hits=%d misses=%d evictions=%d\n", hits, misses, evictions }'
