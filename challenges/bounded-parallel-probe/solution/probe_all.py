#!/usr/bin/env python3
"""Reference solution: probe every host of hosts.txt with ./probe.sh, at most CONCURRENCY at
once, each killed after TIMEOUT seconds; print "HOST UP|DOWN|TIMEOUT" sorted by host."""
import os
import signal
import subprocess
from concurrent.futures import ThreadPoolExecutor


def probe(host, timeout):
    # Its own session, hence its own process group: on timeout, SIGKILL reaches the probe and
    # every helper it started, including one that ignores SIGTERM or holds the pipe.
    with subprocess.Popen(
        ["./probe.sh", host],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    ) as proc:
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()  # reaped: the slot is free only now
            return "TIMEOUT"
    words = out.split()
    return "UP" if words[:1] == [b"UP"] else "DOWN"


def main():
    limit = int(os.environ["CONCURRENCY"])
    timeout = float(os.environ["TIMEOUT"])
    with open("hosts.txt", encoding="utf-8") as f:
        hosts = [s for s in (line.strip() for line in f) if s and not s.startswith("#")]
    # A pool of `limit` workers: a worker takes the next host as soon as its probe is done.
    with ThreadPoolExecutor(max_workers=limit) as pool:
        results = list(pool.map(lambda h: probe(h, timeout), hosts))
    for host, result in sorted(zip(hosts, results), key=lambda hr: hr[0].encode()):
        print(host, result)


if __name__ == "__main__":
    main()
