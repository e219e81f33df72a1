#!/usr/bin/env bash
# A pure-bash rewrite: literal substitution with ${line//...}, quoted so & is not special,
# unset variables caught first (but it stops at the first one), atomic move. And
# `printf '%s\n'` ends every line with a newline, even a last line that had none.
set -u
names=$(grep -o '{{[A-Z_][A-Z0-9_]*}}' nginx.conf.tmpl | tr -d '{}' | sort -u)
for name in $names; do
    if [ -z "${!name+set}" ]; then
        echo "render: $name is not set" >&2
        exit 1
    fi
done

tmp=$(mktemp nginx.conf.XXXXXX)
while IFS= read -r line || [ -n "$line" ]; do
    for name in $names; do
        line=${line//"{{$name}}"/"${!name}"}
    done
    printf '%s\n' "$line"
done < nginx.conf.tmpl > "$tmp"
chmod 644 "$tmp"
mv "$tmp" nginx.conf
