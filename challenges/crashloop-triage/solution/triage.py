#!/usr/bin/env python3
"""Reference solution: why is each not-Ready pod not ready? Prints a JSON object."""
import json


def load_items(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f).get("items") or []


pods = load_items("pods.json")
events = load_items("events.json")


def condition(pod, kind):
    for c in pod.get("status", {}).get("conditions") or []:
        if c.get("type") == kind:
            return c
    return None


def latest_warning(meta):
    best = None
    for e in events:  # later in the file wins a timestamp tie, hence >=
        obj = e.get("involvedObject", {})
        if (e.get("type") == "Warning"
                and obj.get("namespace") == meta.get("namespace")
                and obj.get("name") == meta.get("name")
                and obj.get("uid") == meta.get("uid")):
            if best is None or e.get("lastTimestamp", "") >= best.get("lastTimestamp", ""):
                best = e
    return best["reason"] if best else "Unknown"


def reason(pod):
    sched = condition(pod, "PodScheduled")
    if sched and sched.get("status") == "False":
        return sched.get("reason", "Unknown")
    for cs in pod.get("status", {}).get("containerStatuses") or []:
        if cs.get("ready"):
            continue
        state = cs.get("state", {})
        if "waiting" in state:
            why = state["waiting"].get("reason", "Unknown")
            if why == "CrashLoopBackOff":
                last = cs.get("lastState", {}).get("terminated", {})
                if last.get("reason") == "OOMKilled":
                    return "OOMKilled"
                return f"CrashLoopBackOff(exit {last.get('exitCode')})"
            return why
        if "terminated" in state:
            return state["terminated"].get("reason", "Unknown")
        break  # running but not ready: ask the events
    return latest_warning(pod.get("metadata", {}))


result = {}
for pod in pods:
    if pod.get("status", {}).get("phase") == "Succeeded":
        continue
    ready = condition(pod, "Ready")
    if ready and ready.get("status") == "True":
        continue
    meta = pod["metadata"]
    result[f"{meta['namespace']}/{meta['name']}"] = reason(pod)

print(json.dumps(result, indent=2, sort_keys=True))
