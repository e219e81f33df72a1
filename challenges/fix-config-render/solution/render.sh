#!/usr/bin/env bash
# Reference solution: render nginx.conf from nginx.conf.tmpl with {{NAME}} placeholders.
# awk does the rendering: values come from ENVIRON and are spliced in with substr(), so no
# character of a value is special (no sed delimiter, no & or \ in a replacement). The result is
# written to a temporary file next to nginx.conf and renamed over it only when every variable
# was set: a failed render never leaves a partial nginx.conf or touches the deployed one.
set -euo pipefail

template=nginx.conf.tmpl

# awk ends every record with a newline; remember whether the template's last line had one.
final_newline=1
if [ -s "$template" ] && [ -n "$(tail -c 1 "$template")" ]; then
    final_newline=0
fi

tmp=$(mktemp nginx.conf.XXXXXX)
trap 'rm -f "$tmp"' EXIT

if ! awk -v final_newline="$final_newline" '
    function render(line,   out, name) {
        out = ""
        while (match(line, /[{][{][A-Z_][A-Z0-9_]*[}][}]/)) {
            name = substr(line, RSTART + 2, RLENGTH - 4)
            if (name in ENVIRON) {
                out = out substr(line, 1, RSTART - 1) ENVIRON[name]
            } else {
                if (!(name in seen)) { seen[name] = 1; missing[++nmissing] = name }
                out = out substr(line, 1, RSTART + RLENGTH - 1)
            }
            line = substr(line, RSTART + RLENGTH)
        }
        return out line
    }
    NR > 1 { printf "%s\n", previous }
    { previous = render($0) }
    END {
        if (NR > 0) printf "%s%s", previous, (final_newline ? "\n" : "")
        for (i = 1; i <= nmissing; i++)
            printf "render: environment variable %s is not set\n", missing[i] > "/dev/stderr"
        exit nmissing > 0
    }
' "$template" > "$tmp"; then
    echo "render: nginx.conf not written" >&2
    exit 1
fi

chmod 644 "$tmp"
mv -f "$tmp" nginx.conf
