#!/usr/bin/env python3
# Another accepted approach: one thread, a list of running Popen objects polled every 10 ms.
# Output goes to temporary files, so a stuck helper can never block a read.
import os
import signal
import subprocess
import tempfile
import time

limit = int(os.environ["CONCURRENCY"])
timeout = float(os.environ["TIMEOUT"])
with open("hosts.txt") as f:
    waiting = [s for s in (line.strip() for line in f) if s and not s.startswith("#")]
waiting.reverse()
running, results = [], {}
while waiting or running:
    while waiting and len(running) < limit:
        host = waiting.pop()
        out = tempfile.TemporaryFile()
        proc = subprocess.Popen(["./probe.sh", host], stdout=out, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        running.append((host, proc, out, time.monotonic() + timeout))
    time.sleep(0.01)
    still = []
    for host, proc, out, deadline in running:
        if proc.poll() is not None:
            out.seek(0)
            results[host] = "UP" if out.read().strip() == b"UP" else "DOWN"
        elif time.monotonic() >= deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            results[host] = "TIMEOUT"
        else:
            still.append((host, proc, out, deadline))
    running = still
for host in sorted(results):
    print(host, results[host])
