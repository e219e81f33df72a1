#!/usr/bin/env bash
# Reference solution: why is each not-Ready pod not ready? Prints a JSON object.
# No jq on the box: a small JSON reader in awk flattens both files into
# J["P.items.0.metadata.name"] = "web-1", J["P.items.#"] = <length>, and so on.
set -euo pipefail
exec awk '
FNR == 1 { nfile++ }
{ text[nfile] = text[nfile] $0 "\n" }

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
            else if (c == "r") out = out "\r"
            else if (c == "b" || c == "f") out = out " "
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
        pos++; J[path] = "{object}"; skip_ws()
        if (substr(S, pos, 1) == "}") { pos++; return }
        while (pos <= len) {
            skip_ws(); key = read_string(); skip_ws(); pos++     # the colon
            parse(path "." key)
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
function load(prefix, s) { S = s; len = length(s); pos = 1; parse(prefix) }

function json_string(s) {
    gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s)
    return "\"" s "\""
}
# The newest Warning event about exactly this pod (same namespace, name and uid).
function latest_warning(ns, name, uid,   i, e, best, best_ts, found) {
    found = 0
    for (i = 0; i < J["E.items.#"] + 0; i++) {
        e = "E.items." i
        if (J[e ".type"] != "Warning") continue
        if (J[e ".involvedObject.namespace"] != ns || J[e ".involvedObject.name"] != name) continue
        if (J[e ".involvedObject.uid"] != uid) continue
        if (!found || J[e ".lastTimestamp"] >= best_ts) {
            found = 1; best = J[e ".reason"]; best_ts = J[e ".lastTimestamp"]
        }
    }
    return found ? best : "Unknown"
}
function reason(p,   i, c, n, cs, why) {
    n = J[p ".status.conditions.#"] + 0
    for (i = 0; i < n; i++) {
        c = p ".status.conditions." i
        if (J[c ".type"] == "PodScheduled" && J[c ".status"] == "False")
            return (c ".reason") in J ? J[c ".reason"] : "Unknown"
    }
    n = J[p ".status.containerStatuses.#"] + 0
    for (i = 0; i < n; i++) {
        cs = p ".status.containerStatuses." i
        if (J[cs ".ready"] == "true") continue
        if ((cs ".state.waiting") in J) {
            why = J[cs ".state.waiting.reason"]
            if (why == "CrashLoopBackOff") {
                if (J[cs ".lastState.terminated.reason"] == "OOMKilled") return "OOMKilled"
                return "CrashLoopBackOff(exit " J[cs ".lastState.terminated.exitCode"] ")"
            }
            return why == "" ? "Unknown" : why
        }
        if ((cs ".state.terminated") in J) {
            why = J[cs ".state.terminated.reason"]
            return why == "" ? "Unknown" : why
        }
        break                               # running but not ready: ask the events
    }
    return latest_warning(J[p ".metadata.namespace"], J[p ".metadata.name"], J[p ".metadata.uid"])
}
END {
    load("P", text[1]); load("E", text[2])
    out = ""
    for (i = 0; i < J["P.items.#"] + 0; i++) {
        p = "P.items." i
        if (J[p ".status.phase"] == "Succeeded") continue
        ready = "False"
        for (k = 0; k < J[p ".status.conditions.#"] + 0; k++)
            if (J[p ".status.conditions." k ".type"] == "Ready") ready = J[p ".status.conditions." k ".status"]
        if (ready == "True") continue
        key = J[p ".metadata.namespace"] "/" J[p ".metadata.name"]
        out = out (out == "" ? "" : ",\n") "  " json_string(key) ": " json_string(reason(p))
    }
    print out == "" ? "{}" : "{\n" out "\n}"
}' pods.json events.json
