#!/usr/bin/env python3
"""triage.py - why is each not-Ready pod not ready?

Reads pods.json and events.json (kubectl ... -o json) from the current folder and prints a JSON
object {"<namespace>/<name>": "<reason>"} for every pod that is not Ready.
"""
import json


def load_items(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f).get("items") or []


pods = load_items("pods.json")
events = load_items("events.json")


def is_ready(pod):
    for c in pod.get("status", {}).get("conditions") or []:
        if c.get("type") == "Ready":
            return c.get("status") == "True"
    return False


def reason(pod):
    # First draft: only looks at the first container.
    # TODO: unschedulable pods (condition PodScheduled = "False")
    # TODO: the first container that is not ready, not always the first one
    # TODO: CrashLoopBackOff(exit N) and OOMKilled from lastState.terminated
    # TODO: running but not ready: the latest Warning event about this pod (same uid!)
    statuses = pod.get("status", {}).get("containerStatuses") or []
    if statuses:
        waiting = statuses[0].get("state", {}).get("waiting")
        if waiting:
            return waiting.get("reason", "Unknown")
    return "Unknown"


result = {}
for pod in pods:
    # TODO: completed jobs (phase Succeeded) are not reported
    if is_ready(pod):
        continue
    meta = pod["metadata"]
    result[f"{meta['namespace']}/{meta['name']}"] = reason(pod)

print(json.dumps(result, indent=2, sort_keys=True))
