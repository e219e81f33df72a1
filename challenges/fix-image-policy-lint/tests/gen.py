#!/usr/bin/env python3
"""Regenerates the manifests.json fixtures of fix-image-policy-lint (deterministic).

Run from the challenge folder: python3 tests/gen.py
Each test folder gets the kind of document `kubectl get deploy,sts,ds,pods -A -o json` prints:
a List whose items carry the usual metadata, spec and status noise, indented by 4 like kubectl.
The expected reports live in tests/expected/ (written with `livejudge bless`, then reviewed).
"""
import hashlib
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
BOTH = {"cpu": "500m", "memory": "256Mi"}


def uid(*parts):
    h = hashlib.sha256("/".join(parts).encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def digest(name):
    return "sha256:" + hashlib.sha256(name.encode()).hexdigest()


def container(name, image, limits=BOTH, requests=None, port=None):
    """limits: a dict, or None for no `limits` key; requests likewise (default: half-ish)."""
    c = {
        "image": image,
        "imagePullPolicy": "Always" if image.endswith(":latest") or ":" not in image.rsplit("/", 1)[-1] else "IfNotPresent",
        "name": name,
    }
    if port:
        c["ports"] = [{"containerPort": port, "name": "http", "protocol": "TCP"}]
    resources = {}
    if limits is not None:
        resources["limits"] = dict(limits)
    if requests is None and limits:
        requests = {k: v for k, v in limits.items() if k in ("cpu", "memory")}
    if requests:
        resources["requests"] = dict(requests)
    c["resources"] = resources
    c["terminationMessagePath"] = "/dev/termination-log"
    c["terminationMessagePolicy"] = "File"
    return c


def pod_spec(containers, init=None, ephemeral=None):
    spec = {"containers": containers}
    if init:
        spec["initContainers"] = init
    if ephemeral:
        spec["ephemeralContainers"] = ephemeral
    spec.update({
        "dnsPolicy": "ClusterFirst",
        "restartPolicy": "Always",
        "schedulerName": "default-scheduler",
        "securityContext": {},
        "terminationGracePeriodSeconds": 30,
    })
    return spec


def meta(ns, name, kind, labels=None, owner=None):
    m = {
        "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}"} if kind != "Pod" else {},
        "creationTimestamp": "2025-11-20T09:14:07Z",
        "labels": labels or {"app.kubernetes.io/name": name.split("-")[0]},
        "name": name,
        "namespace": ns,
        "resourceVersion": str(int(hashlib.md5(f"{ns}/{name}".encode()).hexdigest()[:6], 16)),
        "uid": uid(ns, kind, name),
    }
    if kind != "Pod":
        m["generation"] = 3
    if owner:
        okind, oname = owner
        m["ownerReferences"] = [{
            "apiVersion": "apps/v1" if okind in ("ReplicaSet", "StatefulSet", "DaemonSet") else "batch/v1",
            "blockOwnerDeletion": True, "controller": True, "kind": okind, "name": oname,
            "uid": uid(ns, okind, oname),
        }]
    return m


def workload(kind, ns, name, containers, init=None, replicas=2):
    labels = {"app.kubernetes.io/name": name}
    spec = {
        "selector": {"matchLabels": labels},
        "template": {
            "metadata": {"creationTimestamp": None, "labels": labels},
            "spec": pod_spec(containers, init),
        },
    }
    if kind in ("Deployment", "StatefulSet"):
        spec["replicas"] = replicas
    if kind == "Deployment":
        spec["strategy"] = {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"},
                            "type": "RollingUpdate"}
    if kind == "StatefulSet":
        spec["serviceName"] = name
    api = "apps/v1"
    status = {"observedGeneration": 3}
    if kind == "DaemonSet":
        status.update({"currentNumberScheduled": 3, "desiredNumberScheduled": 3, "numberReady": 3})
    else:
        status.update({"replicas": replicas, "readyReplicas": replicas, "availableReplicas": replicas})
    return {"apiVersion": api, "kind": kind, "metadata": meta(ns, name, kind), "spec": spec,
            "status": status}


def pod(ns, name, containers, init=None, owner=None, ephemeral=None):
    spec = pod_spec(containers, init, ephemeral)
    spec["nodeName"] = "ip-10-0-3-17.eu-west-1.compute.internal"
    statuses = [{"image": c["image"], "name": c["name"], "ready": True, "restartCount": 0,
                 "started": True, "state": {"running": {"startedAt": "2025-11-20T09:15:02Z"}}}
                for c in containers]
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta(ns, name, "Pod", owner=owner),
            "spec": spec,
            "status": {"phase": "Running", "podIP": "10.0.3.41", "containerStatuses": statuses}}


def service(ns, name):
    return {"apiVersion": "v1", "kind": "Service", "metadata": meta(ns, name, "Service"),
            "spec": {"clusterIP": "172.20.14.9", "ports": [{"port": 80, "protocol": "TCP",
                     "targetPort": 8080}], "selector": {"app.kubernetes.io/name": name},
                     "type": "ClusterIP"}, "status": {"loadBalancer": {}}}


def configmap(ns, name):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta(ns, name, "ConfigMap"),
            "data": {"image": "busybox:latest", "containers": "[]"}}


def replicaset(ns, name, containers):
    rs = workload("Deployment", ns, name, containers)
    rs["kind"] = "ReplicaSet"
    del rs["spec"]["strategy"]
    rs["metadata"]["ownerReferences"] = [{"apiVersion": "apps/v1", "blockOwnerDeletion": True,
                                          "controller": True, "kind": "Deployment",
                                          "name": name.rsplit("-", 1)[0],
                                          "uid": uid(ns, "Deployment", name.rsplit("-", 1)[0])}]
    return rs


def write(test, items):
    doc = {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}
    folder = os.path.join(HERE, test)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "manifests.json"), "w") as f:
        f.write(json.dumps(doc, indent=4) + "\n")


def snapshot():
    """A larger, mixed cluster: 12 namespaces of ordinary services, seeded."""
    rng = random.Random(20251201)
    items = []
    registries = ["ghcr.io/acme", "registry.internal:5000/platform", "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
                  "quay.io/acme", "docker.io/acme"]
    sidecars = [("envoy", "envoyproxy/envoy:v1.29.1"), ("fluent-bit", "cr.fluentbit.io/fluent/fluent-bit:3.0"),
                ("cloud-sql-proxy", "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0")]
    for n, ns in enumerate(["shop", "payments", "search", "ml", "identity", "notifications",
                            "analytics", "platform", "monitoring", "ingress", "batch", "growth"]):
        for k in range(rng.randint(2, 4)):
            name = rng.choice(["api", "worker", "web", "scheduler", "consumer", "gateway"]) + f"-{k}"
            reg = rng.choice(registries)
            r = rng.random()
            if r < 0.12:
                image = f"{reg}/{ns}-{name}"
            elif r < 0.24:
                image = f"{reg}/{ns}-{name}:latest"
            elif r < 0.40:
                image = f"{reg}/{ns}-{name}@{digest(ns + name)}"
            elif r < 0.48:
                image = f"{reg}/{ns}-{name}:latest@{digest(ns + name)}"
            else:
                image = f"{reg}/{ns}-{name}:{rng.randint(1, 4)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}"
            lim = rng.choice([BOTH, BOTH, BOTH, {"cpu": "1"}, {"memory": "1Gi"}, None])
            containers = [container("app", image, limits=lim, port=8080)]
            if rng.random() < 0.4:
                sname, simage = rng.choice(sidecars)
                containers.append(container(sname, simage, limits=rng.choice([BOTH, None])))
            init = None
            if rng.random() < 0.35:
                iimage = rng.choice(["busybox:1.36", "busybox", "alpine:latest",
                                     f"{reg}/{ns}-migrate:latest", f"{reg}/{ns}-migrate:7",
                                     f"{reg}/{ns}-migrate@{digest(ns + 'migrate')}"])
                init = [container("init", iimage, limits=rng.choice([BOTH, BOTH, None]))]
            kind = rng.choice(["Deployment"] * 5 + ["StatefulSet", "DaemonSet"])
            items.append(workload(kind, ns, name, containers, init))
            if kind == "Deployment":
                rsname = f"{name}-{hashlib.md5(name.encode()).hexdigest()[:9]}"
                items.append(pod(ns, f"{rsname}-{rng.randint(10000, 99999)}", containers, init,
                                 owner=("ReplicaSet", rsname)))
            items.append(service(ns, name))
        if rng.random() < 0.3:
            items.append(pod(ns, f"debug-{rng.randint(100, 999)}",
                             [container("shell", rng.choice(["busybox", "nicolaka/netshoot:latest",
                                                             "alpine:3.20"]), limits=None)]))
    return items


def main():
    digest_api = f"ghcr.io/acme/checkout@{digest('checkout')}"

    write("shop", [
        workload("Deployment", "shop", "checkout", [
            container("api", "ghcr.io/acme/checkout:latest", port=8080),
            container("envoy", "envoyproxy/envoy:v1.29.1", limits=None),
        ]),
        workload("Deployment", "shop", "cart", [container("api", "ghcr.io/acme/cart:2.14.0", port=8080)]),
        pod("shop", "checkout-6d8f7c9b54-x2x9q", [
            container("api", "ghcr.io/acme/checkout:latest", port=8080),
            container("envoy", "envoyproxy/envoy:v1.29.1", limits=None),
        ], owner=("ReplicaSet", "checkout-6d8f7c9b54")),
        pod("shop", "debug-shell", [container("shell", "busybox", limits=None)]),
        service("shop", "checkout"),
    ])

    write("clean", [
        workload("Deployment", "identity", "auth", [
            container("api", "ghcr.io/acme/auth:3.2.1", port=8080),
            container("envoy", "envoyproxy/envoy:v1.29.1"),
        ]),
        workload("StatefulSet", "identity", "sessions", [container("redis", "redis:7.2.4")]),
        service("identity", "auth"),
    ])

    write("init-containers", [
        workload("Deployment", "payments", "ledger", [
            container("api", "ghcr.io/acme/ledger:5.0.3", port=8080),
        ], init=[
            container("wait-for-db", "busybox:1.36", limits=None),
            container("migrate", "ghcr.io/acme/ledger-migrate:latest"),
        ]),
        workload("StatefulSet", "payments", "postgres", [
            container("postgres", "postgres:16.2"),
        ], init=[container("chown-data", "alpine")]),
        workload("Deployment", "payments", "fraud", [
            container("api", "ghcr.io/acme/fraud:latest"),
        ], init=[container("fetch-model", "ghcr.io/acme/model-fetcher:0.9.1")]),
    ])

    write("registry-port", [
        workload("Deployment", "shop", "api", [
            container("api", "registry.internal:5000/shop/api", port=8080),
        ]),
        workload("Deployment", "shop", "worker", [
            container("worker", "registry.internal:5000/shop/worker:latest"),
        ], init=[container("migrate", "localhost:5000/tools/migrate:1.4.2")]),
        workload("DaemonSet", "platform", "node-agent", [
            container("agent", "10.0.0.12:5000/platform/node-agent"),
            container("logs", "10.0.0.12:5000/platform/log-shipper:2.3"),
        ]),
    ])

    write("digest-pinned", [
        workload("Deployment", "shop", "checkout", [
            container("api", digest_api, port=8080),
            container("envoy", f"envoyproxy/envoy:v1.29.1@{digest('envoy')}"),
        ]),
        workload("Deployment", "shop", "cache", [
            container("redis", f"redis:latest@{digest('redis')}"),
            container("memcached", "memcached"),
        ], init=[container("warmup", f"registry.internal:5000/shop/warmup@{digest('warmup')}")]),
        pod("shop", "canary", [container("api", f"ghcr.io/acme/checkout:latest@{digest('canary')}")]),
    ])

    write("partial-limits", [
        workload("Deployment", "search", "indexer", [
            container("indexer", "ghcr.io/acme/indexer:4.1.0", limits={"cpu": "2"}),
            container("exporter", "ghcr.io/acme/indexer-exporter:1.0.0", limits={"memory": "64Mi"}),
        ]),
        workload("Deployment", "search", "query", [
            container("api", "ghcr.io/acme/query:4.1.0", limits=None,
                      requests={"cpu": "250m", "memory": "512Mi"}),
            container("cache", "ghcr.io/acme/query-cache:4.1.0", limits={}),
        ]),
        workload("StatefulSet", "search", "opensearch", [
            container("opensearch", "opensearchproject/opensearch:2.13.0",
                      limits={"cpu": "4", "memory": "16Gi", "ephemeral-storage": "20Gi"}),
        ], init=[container("sysctl", "busybox:1.36", limits={"cpu": "100m"})]),
    ])

    write("latest-lookalikes", [
        workload("Deployment", "monitoring", "grafana", [
            container("grafana", "grafana/grafana:latest-ubuntu", port=3000),
        ]),
        workload("Deployment", "monitoring", "prometheus", [
            container("prometheus", "quay.io/prometheus/prometheus:v2.53.0"),
            container("reloader", "registry.example.com/latest/config-reloader:2.1"),
        ]),
        workload("Deployment", "monitoring", "blackbox", [
            container("blackbox", "acme/latest"),
            container("nginx", "docker.io/library/nginx"),
        ]),
    ])

    write("owned-and-ignored", [
        workload("Deployment", "growth", "landing", [container("web", "ghcr.io/acme/landing:1.8.0")]),
        replicaset("growth", "landing-5c7d9f8b4", [container("web", "ghcr.io/acme/landing:latest", limits=None)]),
        pod("growth", "landing-5c7d9f8b4-q7w2e", [container("web", "ghcr.io/acme/landing:latest", limits=None)],
            owner=("ReplicaSet", "landing-5c7d9f8b4")),
        pod("growth", "report-28901220-zx4k8", [container("report", "ghcr.io/acme/report", limits=None)],
            owner=("Job", "report-28901220")),
        pod("growth", "toolbox", [container("toolbox", "ghcr.io/acme/toolbox:2.0.0")],
            ephemeral=[container("debugger-8kq2z", "nicolaka/netshoot:latest", limits=None)]),
        pod("growth", "one-off-import", [container("import", "ghcr.io/acme/importer:latest", limits=None)]),
        service("growth", "landing"),
        configmap("growth", "landing-config"),
    ])

    write("same-name-two-namespaces", [
        workload("Deployment", "staging", "api", [container("api", "ghcr.io/acme/api:latest")]),
        workload("Deployment", "prod", "api", [container("api", "ghcr.io/acme/api:latest")]),
        workload("DaemonSet", "kube-system", "node-exporter", [
            container("node-exporter", "quay.io/prometheus/node-exporter:v1.8.1", limits=None),
        ]),
        workload("StatefulSet", "prod", "api", [container("api", "ghcr.io/acme/api-store", limits={"cpu": "1"})]),
    ])

    write("empty-list", [])

    write("cluster-snapshot", snapshot())


if __name__ == "__main__":
    main()
