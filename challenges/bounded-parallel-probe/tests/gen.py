#!/usr/bin/env python3
"""Regenerates the per-test fixtures and expected outputs of bounded-parallel-probe.

Run from anywhere: python3 tests/gen.py
tests/NAME/hosts.txt and tests/NAME/probe-table.txt are the fixtures (probe.sh itself is in
fixtures/); tests/expected/NAME.out is the expected stdout. CONCURRENCY and TIMEOUT are set per
test in challenge.toml; the comment of each case here says which values the timings assume.
Keep every probe that should answer at least 0.3 s under TIMEOUT, so timing noise never flips
a verdict.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# name: (hosts.txt text, [(host, seconds, result)])   result: UP, DOWN, HANG, STUBBORN
CASES = {
    # CONCURRENCY=2 TIMEOUT=1
    "five-hosts": (
        "api-1\napi-2\ndb-1\ncache-1\nweb-1\n",
        [("api-1", 0.3, "UP"), ("api-2", 0.2, "UP"), ("db-1", 0.4, "DOWN"),
         ("cache-1", 0.2, "UP"), ("web-1", 0.3, "UP")],
    ),
    # CONCURRENCY=3 TIMEOUT=0.6
    "one-hangs": (
        "edge-fra-1\nedge-fra-2\nedge-nyc-1\nedge-sin-1\n",
        [("edge-fra-1", 0.2, "UP"), ("edge-fra-2", 0, "HANG"), ("edge-nyc-1", 0.3, "UP"),
         ("edge-sin-1", 0.25, "DOWN")],
    ),
    # CONCURRENCY=3 TIMEOUT=1: 9 hosts of 0.3 s, three waves
    "cap-of-three": (
        "".join(f"node-{i:02}\n" for i in range(1, 10)),
        [(f"node-{i:02}", 0.3, "DOWN" if i in (4, 9) else "UP") for i in range(1, 10)],
    ),
    # CONCURRENCY=2 TIMEOUT=2: one slow host; a pool finishes in ~1.2 s, batches need ~1.6 s
    # and leave a slot idle for ~1.1 s; fixed queues (host i to worker i % 2) leave one idle
    # from ~0.4 s to ~1.2 s.
    "pool-not-batches": (
        "backup-01\n" + "".join(f"kube-{i}\n" for i in range(1, 9)),
        [("backup-01", 1.2, "UP")] + [(f"kube-{i}", 0.1, "UP") for i in range(1, 9)],
    ),
    # CONCURRENCY=1 TIMEOUT=1
    "one-at-a-time": (
        "mq-1\nmq-2\nmq-3\nmq-4\n",
        [("mq-1", 0.15, "UP"), ("mq-2", 0.15, "DOWN"), ("mq-3", 0.15, "UP"), ("mq-4", 0.15, "UP")],
    ),
    # CONCURRENCY=10 TIMEOUT=1
    "more-slots-than-hosts": (
        "vault-0\nvault-1\nvault-2\n",
        [("vault-0", 0.3, "UP"), ("vault-1", 0.2, "UP"), ("vault-2", 0.25, "DOWN")],
    ),
    # CONCURRENCY=4 TIMEOUT=0.55
    "fractional-timeout": (
        "ci-runner-1\nci-runner-2\nci-runner-3\nci-runner-4\nci-runner-5\n",
        [("ci-runner-1", 0.25, "UP"), ("ci-runner-2", 0, "HANG"), ("ci-runner-3", 0.1, "DOWN"),
         ("ci-runner-4", 0.2, "UP"), ("ci-runner-5", 0, "HANG")],
    ),
    # CONCURRENCY=2 TIMEOUT=0.4
    "stubborn-probe": (
        "nfs-1\nnfs-2\nnfs-3\nnfs-4\n",
        [("nfs-1", 0.1, "UP"), ("nfs-2", 0, "STUBBORN"), ("nfs-3", 0.1, "UP"), ("nfs-4", 0.15, "DOWN")],
    ),
    # CONCURRENCY=3 TIMEOUT=0.3: every probe hangs; two waves of kills
    "all-hang": (
        "dc2-sw-1\ndc2-sw-2\ndc2-sw-3\ndc2-sw-4\ndc2-sw-5\n",
        [(f"dc2-sw-{i}", 0, "HANG") for i in range(1, 6)],
    ),
    # CONCURRENCY=2 TIMEOUT=0.4: both slots hang first, then the pool must carry on
    "hangs-first": (
        "a-hang\nb-hang\nc-fast\nd-fast\ne-fast\nf-fast\n",
        [("a-hang", 0, "HANG"), ("b-hang", 0, "STUBBORN"), ("c-fast", 0.1, "UP"),
         ("d-fast", 0.1, "DOWN"), ("e-fast", 0.1, "UP"), ("f-fast", 0.1, "UP")],
    ),
    # CONCURRENCY=3 TIMEOUT=1: comments, blank lines, spaces, byte-order sorting, unknown host
    "hosts-file-quirks": (
        "# edge fleet, owner: netops\n"
        "db-9\n"
        "\n"
        "  db-10  \n"
        "DB-legacy\n"
        "# decommissioned: db-8\n"
        "\tweb_1\n"
        "web-1\n"
        "retired-7\n",
        [("db-9", 0.2, "UP"), ("db-10", 0.15, "UP"), ("DB-legacy", 0.25, "DOWN"),
         ("web_1", 0.2, "UP"), ("web-1", 0.15, "UP")],
    ),
    # CONCURRENCY=4 TIMEOUT=1
    "no-hosts": (
        "# nothing scheduled for probing this week\n\n",
        [],
    ),
}


def expected(hosts_text, table):
    results = {h: r for h, _, r in table}
    hosts = [s for s in (l.strip() for l in hosts_text.splitlines()) if s and not s.startswith("#")]
    verdict = {"UP": "UP", "DOWN": "DOWN", "HANG": "TIMEOUT", "STUBBORN": "TIMEOUT"}
    lines = [f"{h} {verdict[results[h]] if h in results else 'DOWN'}" for h in hosts]
    return "".join(line + "\n" for line in sorted(lines, key=lambda l: l.encode()))


def main():
    for name, (hosts_text, table) in CASES.items():
        folder = os.path.join(HERE, name)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "hosts.txt"), "w") as f:
            f.write(hosts_text)
        with open(os.path.join(folder, "probe-table.txt"), "w") as f:
            f.write("# HOST SECONDS RESULT   (read by probe.sh only)\n")
            for host, secs, result in table:
                f.write(f"{host} {secs:g} {result}\n")
        os.makedirs(os.path.join(HERE, "expected"), exist_ok=True)
        with open(os.path.join(HERE, "expected", name + ".out"), "w") as f:
            f.write(expected(hosts_text, table))


if __name__ == "__main__":
    main()
