#!/usr/bin/env bash
# Reference solution: image and resource-limit policy lint of a kubectl List.
# No jq on the box: a small recursive-descent JSON reader in awk loads manifests.json into
# J[path], where a path joins keys and array indexes with SUBSEP (keys such as
# "app.kubernetes.io/name" contain dots) and J[path SUBSEP "#"] is an array's length.
set -euo pipefail
export LC_ALL=C

awk '
BEGIN { RS = "\001" }                         # no such byte in JSON: the file is one record
{ text = text $0 }

function skip_ws() {
    while (pos <= len && index(" \t\r\n", substr(S, pos, 1)) > 0) pos++
}
function read_string(   out, c, start) {
    pos++                                       # the opening quote
    out = ""
    while (pos <= len) {
        c = substr(S, pos, 1)
        if (c == "\"") { pos++; return out }
        if (c == "\\") {
            c = substr(S, pos + 1, 1); pos += 2
            if (c == "n") out = out "\n"
            else if (c == "t") out = out "\t"
            else if (c == "r") out = out "\r"
            else if (c == "b" || c == "f") out = out " "
            else if (c == "u") { out = out "\\u" substr(S, pos, 4); pos += 4 }
            else out = out c                    # \" \\ \/
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
        pos++; J[path] = "{object}"; skip_ws()
        if (substr(S, pos, 1) == "}") { pos++; return }
        while (pos <= len) {
            skip_ws(); key = read_string(); skip_ws(); pos++        # the colon
            parse(path SUBSEP key)
            skip_ws(); c = substr(S, pos, 1); pos++
            if (c != ",") return
        }
    } else if (c == "[") {
        pos++; n = 0; skip_ws()
        if (substr(S, pos, 1) == "]") { pos++; J[path SUBSEP "#"] = 0; return }
        while (pos <= len) {
            parse(path SUBSEP n); n++
            skip_ws(); c = substr(S, pos, 1); pos++
            if (c != ",") break
        }
        J[path SUBSEP "#"] = n
    } else if (c == "\"") {
        J[path] = read_string()
    } else {                                    # number, true, false, null
        start = pos
        while (pos <= len && index(",}] \t\r\n", substr(S, pos, 1)) == 0) pos++
        J[path] = substr(S, start, pos - start)
    }
}

# "" when the image is pinned by a digest or has a tag other than latest.
function image_problem(image,   last) {
    if (index(image, "@")) return ""
    last = image
    sub(/.*\//, "", last)                       # a registry port sits before the last slash
    if (index(last, ":") == 0) return "no-tag"
    sub(/.*:/, "", last)
    return last == "latest" ? "latest-tag" : ""
}
function has(path) { return (path in J) && J[path] != "null" }

function check(where, spec, list,   i, n, c, image, problem, missing) {
    n = J[spec SUBSEP list SUBSEP "#"] + 0
    for (i = 0; i < n; i++) {
        c = spec SUBSEP list SUBSEP i
        image = J[c SUBSEP "image"]
        problem = image_problem(image)
        if (problem != "") { print where, J[c SUBSEP "name"], problem, image; found++ }
        missing = ""
        if (!has(c SUBSEP "resources" SUBSEP "limits" SUBSEP "cpu")) missing = "cpu"
        if (!has(c SUBSEP "resources" SUBSEP "limits" SUBSEP "memory"))
            missing = missing (missing == "" ? "" : ",") "memory"
        if (missing != "") { print where, J[c SUBSEP "name"], "no-limits", missing; found++ }
    }
}

END {
    S = text; len = length(S); pos = 1
    parse("")
    found = 0
    n = J[SUBSEP "items" SUBSEP "#"] + 0
    for (i = 0; i < n; i++) {
        item = SUBSEP "items" SUBSEP i
        kind = J[item SUBSEP "kind"]
        if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet")
            spec = item SUBSEP "spec" SUBSEP "template" SUBSEP "spec"
        else if (kind == "Pod" && (J[item SUBSEP "metadata" SUBSEP "ownerReferences" SUBSEP "#"] + 0) == 0)
            spec = item SUBSEP "spec"
        else
            continue
        where = J[item SUBSEP "metadata" SUBSEP "namespace"] "/" kind "/" J[item SUBSEP "metadata" SUBSEP "name"]
        check(where, spec, "initContainers")
        check(where, spec, "containers")
    }
    exit found > 0
}' manifests.json
