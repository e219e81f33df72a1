#!/usr/bin/env python3
"""Reference solution: render jobs/*.job (sorted by name) into done/NAME.out, one 50 ms sleep
per record. On SIGTERM or SIGINT finish the current job, write state.json and exit 0."""
import json
import os
import signal
import time

stop_signal = None      # "TERM" or "INT" once a signal came
current = None          # the job being rendered
interrupted_at = None


def on_signal(signum, _frame):
    # Only take note: the main loop stops after the job. time.sleep() resumes after a handler.
    global stop_signal, interrupted_at
    if stop_signal is None:
        stop_signal = "TERM" if signum == signal.SIGTERM else "INT"
        interrupted_at = current


signal.signal(signal.SIGTERM, on_signal)
signal.signal(signal.SIGINT, on_signal)

UPPER = bytes.maketrans(b"abcdefghijklmnopqrstuvwxyz", b"ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def render(name):
    with open(os.path.join("jobs", name + ".job"), "rb") as f:
        records = f.read().split(b"\n")
    records.pop()               # every record ends with a newline: the last piece is empty
    part = os.path.join("done", name + ".out.part")
    with open(part, "wb") as out:
        for record in records:
            time.sleep(0.05)
            out.write(record.translate(UPPER) + b"\n")
        out.write(b"END %d\n" % len(records))
    os.replace(part, os.path.join("done", name + ".out"))


def main():
    global current
    names = sorted(
        (e.name[: -len(".job")] for e in os.scandir("jobs")
         if e.name.endswith(".job") and e.is_file()),
        key=os.fsencode,
    )
    os.makedirs("done", exist_ok=True)
    for name in names:
        if stop_signal:
            break
        if os.path.exists(os.path.join("done", name + ".out")):
            continue
        current = name
        render(name)
        current = None

    is_done = {n: os.path.exists(os.path.join("done", n + ".out")) for n in names}
    state = {
        "signal": stop_signal,
        "interrupted_at": interrupted_at,
        "done": [n for n in names if is_done[n]],
        "pending": [n for n in names if not is_done[n]],
    }
    with open("state.json.tmp", "w") as f:
        json.dump(state, f, indent=2)
        f.write("\n")
    os.replace("state.json.tmp", "state.json")


if __name__ == "__main__":
    main()
