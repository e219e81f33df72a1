#!/usr/bin/env python3
# The textbook Popen timeout idiom: kill() the child, then communicate() to collect what it
# printed. But kill() reaches only probe.sh itself; the helper it started still holds the
# stdout pipe, so communicate() waits for an EOF that comes 30 s later.
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

timeout = float(os.environ["TIMEOUT"])


def probe(host):
    proc = subprocess.Popen(["./probe.sh", host], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return "TIMEOUT"
    return "UP" if out.strip() == b"UP" else "DOWN"


with open("hosts.txt") as f:
    hosts = [s for s in (line.strip() for line in f) if s and not s.startswith("#")]
with ThreadPoolExecutor(max_workers=int(os.environ["CONCURRENCY"])) as pool:
    results = list(pool.map(probe, hosts))
for host, result in sorted(zip(hosts, results)):
    print(host, result)
