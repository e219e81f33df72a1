#!/usr/bin/env python3
"""image_policy.py - nightly policy lint of the production cluster (also runs in CI).

Input: manifests.json, saved by
    kubectl get deployments,statefulsets,daemonsets,pods --all-namespaces -o json > manifests.json

Reports every container that runs an unpinned image (tag `latest`, or no tag at all) or has no
CPU or memory limit, one line per violation, and exits 1 when there is any (CI fails the job).
"""
import json
import sys

WORKLOADS = ("Deployment", "StatefulSet", "DaemonSet")


def pod_spec(item):
    if item["kind"] in WORKLOADS:
        return item["spec"]["template"]["spec"]
    if item["kind"] == "Pod" and not item["metadata"].get("ownerReferences"):
        return item["spec"]  # bare pod; pods of a controller are checked through it
    return None


def image_problem(image):
    ref = image.split("@")[0]  # drop the digest: the policy is about tags
    parts = ref.split(":")
    if len(parts) == 1:
        return "no-tag"
    if parts[-1] == "latest":
        return "latest-tag"
    return None


with open("manifests.json") as f:
    doc = json.load(f)

violations = 0
for item in doc["items"]:
    spec = pod_spec(item)
    if spec is None:
        continue
    where = f'{item["metadata"]["namespace"]}/{item["kind"]}/{item["metadata"]["name"]}'
    for c in spec["containers"]:
        problem = image_problem(c["image"])
        if problem:
            print(where, c["name"], problem, c["image"])
            violations += 1
        limits = c.get("resources", {}).get("limits", {})
        missing = [r for r in ("cpu", "memory") if r not in limits]
        if missing:
            print(where, c["name"], "no-limits", ",".join(missing))
            violations += 1

sys.exit(1 if violations else 0)
