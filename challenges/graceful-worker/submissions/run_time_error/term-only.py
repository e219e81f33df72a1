#!/usr/bin/env python3
"""Run-time error: graceful on SIGTERM, but SIGINT keeps Python's default handler, so Ctrl-C
raises KeyboardInterrupt in the middle of a job and the worker dies with a traceback."""
import json
import os
import signal
import time

stop_signal = None
current = None
interrupted_at = None


def on_term(_signum, _frame):
    global stop_signal, interrupted_at
    if stop_signal is None:
        stop_signal = "TERM"
        interrupted_at = current


signal.signal(signal.SIGTERM, on_term)

names = sorted((e.name[:-4] for e in os.scandir("jobs") if e.name.endswith(".job") and e.is_file()),
               key=os.fsencode)
os.makedirs("done", exist_ok=True)
for name in names:
    if stop_signal:
        break
    if os.path.exists(f"done/{name}.out"):
        continue
    current = name
    with open(f"jobs/{name}.job", "rb") as f:
        records = f.read().split(b"\n")[:-1]
    with open(f"done/{name}.out.part", "wb") as out:
        for record in records:
            time.sleep(0.05)
            out.write(record.upper() + b"\n")
        out.write(b"END %d\n" % len(records))
    os.replace(f"done/{name}.out.part", f"done/{name}.out")
    current = None

done = [n for n in names if os.path.exists(f"done/{n}.out")]
with open("state.json", "w") as f:
    json.dump({"signal": stop_signal, "interrupted_at": interrupted_at, "done": done,
               "pending": [n for n in names if n not in done]}, f)
