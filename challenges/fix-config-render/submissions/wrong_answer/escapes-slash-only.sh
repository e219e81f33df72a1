#!/usr/bin/env bash
# Half-fix: `g`, a check for unset variables, an atomic move, and the slashes of a value
# escaped for sed. But `&` and `\` are special in a sed replacement too.
for name in $(grep -o '{{[A-Z_][A-Z0-9_]*}}' nginx.conf.tmpl | tr -d '{}' | sort -u); do
    if [ -z "${!name+set}" ]; then
        echo "render: $name is not set" >&2
        exit 1
    fi
done

cp nginx.conf.tmpl nginx.conf.new
for name in $(grep -o '{{[A-Z_][A-Z0-9_]*}}' nginx.conf.tmpl | tr -d '{}' | sort -u); do
    value=${!name}
    value=${value//\//\\/}
    sed -i "s/{{$name}}/$value/g" nginx.conf.new
done
mv nginx.conf.new nginx.conf
