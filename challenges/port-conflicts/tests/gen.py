#!/usr/bin/env python3
"""Regenerates the fixtures of port-conflicts: tests/NAME/ss.txt (formatted like `ss -ltnp`)
and tests/NAME/expected-ports.conf. Expected outputs are written by hand in challenge.toml.

Run from anywhere: python3 tests/gen.py
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def users(*procs):
    """users:(("nginx",pid=1201,fd=6),...) from (name, pid, fd) triples."""
    if not procs:
        return ""
    return "users:(" + ",".join(f'("{n}",pid={p},fd={f})' for n, p, f in procs) + ")"


def peer(local):
    if local.startswith("*"):
        return "*:*"
    return "[::]:*" if local.startswith("[") else "0.0.0.0:*"


def ss(rows, root=True):
    """rows: (recv_q, send_q, local, procs). Aligned like iproute2's ss."""
    lines = [("State", "Recv-Q", "Send-Q", "Local Address:Port", "Peer Address:Port", "Process")]
    for recv_q, send_q, local, procs in rows:
        lines.append(("LISTEN", str(recv_q), str(send_q), local, peer(local),
                      users(*procs) if root else ""))
    w = [max(len(l[i]) for l in lines) for i in range(5)]
    out = []
    for i, l in enumerate(lines):
        # ss right-aligns the address columns; its header glues "Port" and "Process".
        text = (f"{l[0]:<{w[0]}} {l[1]:<{w[1]}} {l[2]:<{w[2]}} {l[3]:>{w[3] + 2}} "
                f"{l[4]:>{w[4] + 2}}")
        text = text + ("" if i == 0 else " ") + l[5]
        # Without root, ss leaves the Process column blank but keeps the padding.
        out.append((text if not root and i else text.rstrip()) + "\n")
    return "".join(out)


CASES = {
    "db-host": (
        [
            (0, 128, "0.0.0.0:22", [("sshd", 901, 3)]),
            (0, 244, "127.0.0.1:5432", [("postgres", 1530, 6)]),
            (0, 511, "0.0.0.0:6379", [("redis-server", 702, 6)]),
            (0, 128, "[::]:22", [("sshd", 901, 4)]),
            (0, 4096, "127.0.0.1:9187", [("postgres_export", 2210, 3)]),
        ],
        "# db-01: what should listen where\n"
        "ssh        22    public\n"
        "postgres   5432  local\n"
        "redis      6379  local\n"
        "pg-metrics 9187  local\n",
    ),
    "clean-web": (
        [
            (0, 128, "0.0.0.0:22", [("sshd", 901, 3)]),
            (0, 511, "0.0.0.0:80", [("nginx", 1201, 6), ("nginx", 1200, 6), ("nginx", 1199, 6)]),
            (0, 511, "0.0.0.0:443", [("nginx", 1201, 7), ("nginx", 1200, 7), ("nginx", 1199, 7)]),
            (0, 4096, "127.0.0.1:8080", [("gunicorn", 3301, 5), ("gunicorn", 3300, 5)]),
            (0, 128, "[::]:22", [("sshd", 901, 4)]),
            (0, 511, "[::]:80", [("nginx", 1201, 8), ("nginx", 1200, 8), ("nginx", 1199, 8)]),
        ],
        "ssh   22   public\nhttp  80   public\nhttps 443  public\napp   8080 local\n",
    ),
    "java-vs-node": (
        [
            (0, 128, "0.0.0.0:22", [("sshd", 901, 3)]),
            (0, 100, "0.0.0.0:8080", [("java", 4100, 120)]),
            (0, 511, "127.0.0.1:8080", [("node", 4411, 21)]),
            (0, 50, "127.0.0.1:8081", [("java", 4100, 121)]),
        ],
        "ssh      22   public\nbilling  8080 public\nbilling-admin 8081 local\n",
    ),
    "families": (
        [
            (0, 4096, "0.0.0.0:9000", [("minio", 5000, 9)]),
            (0, 4096, "[::]:9000", [("php-fpm", 5100, 7)]),
            (0, 4096, "*:9100", [("node_exporter", 812, 3)]),
            (0, 128, "10.0.0.5:9100", [("otelcol", 5200, 11)]),
            (0, 511, "*:80", [("apache2", 6000, 4), ("apache2", 6001, 4)]),
            (0, 511, "[::1]:80", [("caddy", 6100, 8)]),
        ],
        "s3        9000 public\nmetrics   9100 public\nweb       80   public\n",
    ),
    "dns-split": (
        [
            (0, 4096, "127.0.0.53%lo:53", [("systemd-resolve", 612, 14)]),
            (0, 4096, "127.0.0.54:53", [("systemd-resolve", 612, 16)]),
            (0, 32, "10.0.0.1:53", [("dnsmasq", 1702, 6)]),
            (0, 32, "[fe80::5054:ff:fe12:3456]%eth0:53", [("dnsmasq", 1702, 8)]),
            (0, 128, "0.0.0.0:22", [("sshd", 901, 3)]),
        ],
        "# the stub resolver must never be reachable from outside\n"
        "\n"
        "dns  53  local\n"
        "ssh  22  public\n",
    ),
    "socket-activation": (
        [
            (0, 4096, "*:631", [("systemd", 1, 47), ("cupsd", 2240, 0)]),
            (0, 4096, "[::1]:631", [("cupsd", 2240, 7)]),
            (0, 4096, "127.0.0.1:25", [("master", 1900, 13)]),
            (0, 4096, "[::1]:25", [("master", 1900, 14)]),
        ],
        "printing 631 public\nsmtp     25  local\n",
    ),
    "not-root": (
        [
            (0, 128, "0.0.0.0:22", []),
            (0, 128, "[::]:22", []),
            (0, 4096, "0.0.0.0:3000", []),
            (0, 4096, "127.0.0.1:3000", []),
            (0, 4096, "127.0.0.1:5000", []),
        ],
        "ssh 22 public\n",
    ),
    "port-order": (
        [
            (0, 4096, "0.0.0.0:10250", [("kubelet", 800, 20)]),
            (0, 4096, "127.0.0.1:10248", [("kubelet", 800, 18)]),
            (0, 4096, "0.0.0.0:8080", [("tokio-runtime-w", 3000, 9)]),
            (0, 4096, "0.0.0.0:443", [("envoy", 2900, 30)]),
            (0, 128, "0.0.0.0:22", [("sshd", 901, 3)]),
            (0, 4096, "127.0.0.1:2379", [("etcd", 700, 7)]),
            (0, 4096, "0.0.0.0:2380", [("etcd", 700, 8)]),
        ],
        "kubelet 10250 public\nkubelet-health 10248 local\nhttps 443 public\n"
        "ssh 22 public\netcd-client 2379 public\netcd-peer 2380 local\n"
        "kube-proxy 10256 public\nmetrics 9100 public\n",
    ),
    "v4-mapped": (
        [
            (0, 50, "[::ffff:127.0.0.1]:9090", [("prometheus", 4000, 7)]),
            (0, 4096, "[::1]:3000", [("grafana", 4100, 9)]),
            (0, 50, "[::ffff:10.0.0.7]:9093", [("alertmanager", 4200, 8)]),
            (0, 50, "0.0.0.0:9093", [("karma", 4300, 5)]),
        ],
        "prometheus 9090 local\ngrafana 3000 local\nalertmanager 9093 local\n",
    ),
    "reuseport": (
        [
            (0, 4096, "0.0.0.0:443", [("haproxy", 2000, 8)]),
            (0, 4096, "0.0.0.0:443", [("haproxy", 2000, 9)]),
            (0, 4096, "0.0.0.0:443", [("envoy", 2900, 30)]),
            (0, 4096, "0.0.0.0:80", [("haproxy", 2000, 7)]),
            (0, 4096, "0.0.0.0:80", [("haproxy", 2000, 10)]),
        ],
        "https 443 public\nhttp 80 public\n",
    ),
}


def main():
    for name, (rows, conf) in CASES.items():
        folder = os.path.join(HERE, name)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "ss.txt"), "w") as f:
            f.write(ss(rows, root=name != "not-root"))
        with open(os.path.join(folder, "expected-ports.conf"), "w") as f:
            f.write(conf)


if __name__ == "__main__":
    main()
