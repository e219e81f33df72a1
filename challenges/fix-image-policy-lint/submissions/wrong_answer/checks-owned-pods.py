#!/usr/bin/env python3
"""Checks every Pod, including those a ReplicaSet or a Job created: each violation of a
Deployment is then reported twice, once more for each of its pods."""
import json
import sys

WORKLOADS = ("Deployment", "StatefulSet", "DaemonSet")


def pod_spec(item):
    kind = item.get("kind")
    if kind in WORKLOADS:
        return item["spec"]["template"]["spec"]
    if kind == "Pod":
        return item["spec"]
    return None


def image_problem(image):
    """None when the image is pinned by a digest or carries a tag other than `latest`."""
    if "@" in image:
        return None                                   # pinned by digest, whatever the tag says
    last = image.rsplit("/", 1)[-1]                   # a registry's :port is before the last /
    if ":" not in last:
        return "no-tag"
    if last.rsplit(":", 1)[1] == "latest":
        return "latest-tag"
    return None


def main():
    with open("manifests.json", encoding="utf-8") as f:
        doc = json.load(f)
    found = 0
    for item in doc.get("items") or []:
        spec = pod_spec(item)
        if spec is None:
            continue
        meta = item["metadata"]
        where = f'{meta["namespace"]}/{item["kind"]}/{meta["name"]}'
        for c in (spec.get("initContainers") or []) + (spec.get("containers") or []):
            problem = image_problem(c["image"])
            if problem:
                print(where, c["name"], problem, c["image"])
                found += 1
            limits = (c.get("resources") or {}).get("limits") or {}
            missing = [r for r in ("cpu", "memory") if r not in limits]
            if missing:
                print(where, c["name"], "no-limits", ",".join(missing))
                found += 1
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
