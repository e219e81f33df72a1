#!/usr/bin/env python3
"""Wrong: on the signal it cancels the job in progress (removes its .part and leaves it
pending for the next run) instead of finishing it. Tidy, but the job is not done."""
import json
import os
import signal
import time


class Stop(Exception):
    pass


stop_signal = None
current = None
interrupted_at = None


def on_signal(signum, _frame):
    global stop_signal, interrupted_at
    if stop_signal is None:
        stop_signal = "TERM" if signum == signal.SIGTERM else "INT"
        interrupted_at = current
        raise Stop()


signal.signal(signal.SIGTERM, on_signal)
signal.signal(signal.SIGINT, on_signal)

names = sorted((e.name[:-4] for e in os.scandir("jobs") if e.name.endswith(".job") and e.is_file()),
               key=os.fsencode)
os.makedirs("done", exist_ok=True)
try:
    for name in names:
        if os.path.exists(f"done/{name}.out"):
            continue
        current = name
        with open(f"jobs/{name}.job", "rb") as f:
            records = f.read().split(b"\n")[:-1]
        part = f"done/{name}.out.part"
        try:
            with open(part, "wb") as out:
                for record in records:
                    time.sleep(0.05)
                    out.write(record.upper() + b"\n")
                out.write(b"END %d\n" % len(records))
            os.replace(part, f"done/{name}.out")
        except Stop:
            os.remove(part)
            raise
        current = None
except Stop:
    pass

done = [n for n in names if os.path.exists(f"done/{n}.out")]
with open("state.json", "w") as f:
    json.dump({"signal": stop_signal, "interrupted_at": interrupted_at, "done": done,
               "pending": [n for n in names if n not in done]}, f)
