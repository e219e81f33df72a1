#!/usr/bin/env python3
"""Reference solution: run steps/STEP.sh in order, log to stdout and deploy.log, stop at the
first failure with its exit status."""
import subprocess
import sys

with open("VERSION", encoding="utf-8") as f:
    release = f.readline().rstrip("\n")

log = open("deploy.log", "wb")


def emit(data, stream=sys.stdout.buffer):
    stream.write(data)
    stream.flush()
    log.write(data)
    log.flush()


emit(f"deploying {release}\n".encode())
with open("steps.txt", encoding="utf-8") as f:
    steps = [s.strip() for s in f if s.strip() and not s.strip().startswith("#")]

for step in steps:
    emit(f"==> {step}\n".encode())
    # One pipe for stdout and stderr: the step's lines stay in the order it wrote them.
    proc = subprocess.Popen(["bash", f"steps/{step}.sh"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for chunk in iter(lambda: proc.stdout.read1(65536), b""):
        emit(chunk)
    status = proc.wait()
    if status != 0:
        code = status if status > 0 else 128 - status
        emit(f"deploy FAILED at {step} (exit {code})\n".encode(), sys.stderr.buffer)
        sys.exit(code)

with open("current-release", "w", encoding="utf-8") as f:
    f.write(release + "\n")
emit(f"deploy OK {release}\n".encode())
