#!/usr/bin/env python3
"""Plausible mistake: matches events to pods by namespace and name only, so events
left over from a previous pod with the same name (StatefulSet pods, recreated pods) leak in."""
import json

pods = json.load(open("pods.json"))["items"]
events = json.load(open("events.json"))["items"]


def cond(pod, kind):
    return next((c for c in pod["status"].get("conditions", []) if c["type"] == kind), {})


def from_events(meta):
    found = [e for e in events
             if e.get("type") == "Warning"
             and e["involvedObject"].get("namespace") == meta["namespace"]
             and e["involvedObject"].get("name") == meta["name"]]
    if not found:
        return "Unknown"
    return sorted(found, key=lambda e: e.get("lastTimestamp", ""))[-1]["reason"]


def why(pod):
    sched = cond(pod, "PodScheduled")
    if sched.get("status") == "False":
        return sched.get("reason", "Unknown")
    for cs in pod["status"].get("containerStatuses", []):
        if cs.get("ready"):
            continue
        state = cs.get("state", {})
        if "waiting" in state:
            reason = state["waiting"].get("reason", "Unknown")
            if reason == "CrashLoopBackOff":
                last = cs.get("lastState", {}).get("terminated", {})
                return "OOMKilled" if last.get("reason") == "OOMKilled" else f"CrashLoopBackOff(exit {last.get('exitCode')})"
            return reason
        if "terminated" in state:
            return state["terminated"].get("reason", "Unknown")
        break
    return from_events(pod["metadata"])


out = {}
for pod in pods:
    if pod["status"].get("phase") == "Succeeded" or cond(pod, "Ready").get("status") == "True":
        continue
    out[pod["metadata"]["namespace"] + "/" + pod["metadata"]["name"]] = why(pod)
print(json.dumps(out))
