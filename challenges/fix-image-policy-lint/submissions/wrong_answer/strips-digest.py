#!/usr/bin/env python3
"""Init containers and registry ports handled, but the digest is cut off before the tag is
examined, so `app@sha256:...` counts as untagged and `redis:latest@sha256:...` as latest,
although both are pinned."""
import json
import sys

WORKLOADS = ("Deployment", "StatefulSet", "DaemonSet")


def pod_spec(item):
    kind = item.get("kind")
    if kind in WORKLOADS:
        return item["spec"]["template"]["spec"]
    if kind == "Pod" and not item["metadata"].get("ownerReferences"):
        return item["spec"]
    return None


def image_problem(image):
    """None when the image is pinned by a digest or carries a tag other than `latest`."""
    image = image.split("@")[0]                       # the tag is what matters
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
