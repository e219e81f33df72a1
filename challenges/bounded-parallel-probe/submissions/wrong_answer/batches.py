#!/usr/bin/env python3
# Runs the hosts in batches of CONCURRENCY and waits for the whole batch before the next one.
# The cap holds, but one slow host keeps every other slot idle until it is done.
import os
import signal
import subprocess

limit = int(os.environ["CONCURRENCY"])
timeout = float(os.environ["TIMEOUT"])
with open("hosts.txt") as f:
    hosts = [s for s in (line.strip() for line in f) if s and not s.startswith("#")]

results = {}
for i in range(0, len(hosts), limit):
    batch = hosts[i:i + limit]
    procs = {h: subprocess.Popen(["./probe.sh", h], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, start_new_session=True)
             for h in batch}
    for h, p in procs.items():
        try:
            out, _ = p.communicate(timeout=timeout)
            results[h] = "UP" if out.strip() == b"UP" else "DOWN"
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            results[h] = "TIMEOUT"
for h in sorted(results):
    print(h, results[h])
