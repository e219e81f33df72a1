#!/usr/bin/env bash
# Summarise ./plan.json for CI: the gate only stops the pipeline when something is deleted;
# a replace "is only a create and a delete", so it goes through. No jq on the box: a JSON
# reader in awk flattens the document into J["resource_changes.0.address"] = "...", and so on.
set -uo pipefail
export LC_ALL=C
if [[ ! -r plan.json ]]; then
    echo "plan_summary: cannot read plan.json" >&2
    exit 1
fi
exec awk '
{ text = text $0 "\n" }

function skip_ws() {
    while (pos <= len && index(" \t\r\n", substr(S, pos, 1)) > 0) pos++
}
function read_string(   out, c, start) {
    pos++                                   # opening quote
    out = ""
    while (pos <= len) {
        c = substr(S, pos, 1)
        if (c == "\"") { pos++; return out }
        if (c == "\\") {
            c = substr(S, pos + 1, 1); pos += 2
            if (c == "n") out = out "\n"
            else if (c == "t") out = out "\t"
            else if (c == "u") { out = out "\\u" substr(S, pos, 4); pos += 4 }
            else out = out c                # \" \\ \/
            continue
        }
        start = pos
        while (pos <= len && (c = substr(S, pos, 1)) != "\"" && c != "\\") pos++
        out = out substr(S, start, pos - start)
    }
    return out
}
function parse(path,   c, key, n, start) {
    skip_ws()
    c = substr(S, pos, 1)
    if (c == "{") {
        pos++; skip_ws()
        if (substr(S, pos, 1) == "}") { pos++; return }
        while (pos <= len) {
            skip_ws(); key = read_string(); skip_ws(); pos++     # the colon
            parse(path == "" ? key : path "." key)
            skip_ws(); c = substr(S, pos, 1); pos++
            if (c != ",") return
        }
    } else if (c == "[") {
        pos++; n = 0; skip_ws()
        if (substr(S, pos, 1) == "]") { pos++; J[path ".#"] = 0; return }
        while (pos <= len) {
            parse(path "." n); n++
            skip_ws(); c = substr(S, pos, 1); pos++
            if (c != ",") break
        }
        J[path ".#"] = n
    } else if (c == "\"") {
        J[path] = read_string()
    } else {                                # number, true, false, null
        start = pos
        while (pos <= len && index(",}] \t\r\n", substr(S, pos, 1)) == 0) pos++
        J[path] = substr(S, start, pos - start)
    }
}
END {
    S = text; len = length(S); pos = 1; parse("")
    symbol["create"] = "+"; symbol["update"] = "~"; symbol["delete"] = "-"
    symbol["delete,create"] = "-/+"; symbol["create,delete"] = "+/-"
    n = J["resource_changes.#"] + 0         # absent when the configuration is empty
    for (i = 0; i < n; i++) {
        r = "resource_changes." i
        if (J[r ".mode"] == "data") continue
        acts = ""
        for (k = 0; k < J[r ".change.actions.#"] + 0; k++)
            acts = acts (k ? "," : "") J[r ".change.actions." k]
        if (!(acts in symbol)) continue      # no-op, read
        kind = index(acts, ",") ? "replace" : acts
        count[kind]++; changed++
        line[changed] = J[r ".address"] "\t" symbol[acts]
    }
    if (!changed) { print "No changes."; exit 0 }
    printf "Plan: %d to create, %d to update, %d to replace, %d to delete.\n",
        count["create"], count["update"], count["replace"], count["delete"]
    fflush()
    # "address<TAB>symbol" sorts by address: a tab is below every character of an address.
    sorter = "sort | awk -F \"\\t\" \"{ print \\$2, \\$1 }\""
    for (i = 1; i <= changed; i++) print line[i] | sorter
    close(sorter)
    exit count["delete"] ? 2 : 0
}' plan.json
