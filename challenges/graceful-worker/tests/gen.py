#!/usr/bin/env python3
"""Regenerates the fixtures and expected files of graceful-worker, and checks the timings.

Run from anywhere: python3 tests/gen.py   (prints the [[test]] tables for challenge.toml)

tests/NAME/ is the fixture folder of test NAME (jobs/, and for a restart a done/ folder and an
old state.json); tests/expected/NAME/ holds what the worker must leave: done/JOB.out for every
job this run processes, and state.json.

Timing: a record takes 50 ms, nothing else takes time on paper. For a test with a signal, the
job in progress at `after` must have started at least MIN_BEFORE ms earlier (bash forks a
`sleep` per record and runs late on a loaded machine; python starts late) and must still have
at least MIN_AFTER ms to go (the signal itself may come late). A signal meant to come after the
end must leave the run at least MIN_IDLE ms to finish first.
"""
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
STEP_MS = 50
MIN_BEFORE, MIN_AFTER, MIN_IDLE = 250, 300, 2000

CUSTOMERS = [
    "acme-corp", "globex", "initech", "umbrella-eu", "hooli", "stark-industries",
    "wayne-enterprises", "cyberdyne", "soylent", "tyrell", "wonka-gmbh", "oscorp",
]
CURRENCIES = ["eur", "usd", "gbp", "chf"]


def records(job, n, special=()):
    """n invoice lines for a job, deterministic; `special` replaces the first lines."""
    out = list(special)
    seed = sum(ord(c) for c in job)
    i = len(out)
    while len(out) < n:
        k = seed * 7 + i * 13
        cust = CUSTOMERS[k % len(CUSTOMERS)]
        cur = CURRENCIES[(k // 3) % len(CURRENCIES)]
        amount = f"{(k * 37) % 9000 + 100}.{(k * 11) % 100:02d}"
        out.append(f"inv-{seed % 97:02d}{i + 1:03d} {cust} {amount} {cur} net{30 if k % 2 else 60}")
        i += 1
    return out[:n]


def render(recs):
    """What the worker writes for a job: each record with a-z in upper case, then END n."""
    table = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return "".join(r.translate(table) + "\n" for r in recs) + f"END {len(recs)}\n"


# Each case: jobs [(name, number of records, special first records)], extra fixture files
# {path: text}, jobs already done by an earlier run (their output is in done/), a half-written
# part file left by a killed run {job: lines}, and the signal (NAME, ms) or None.
CASES = {
    "quiet-queue": dict(
        sample=True,
        jobs=[("001-invoices", 3, ["inv-0001 Acme-Corp 1200.00 eur net30"]),
              ("002-refunds", 2, ()), ("003-credits", 1, ())],
        signal=None,
    ),
    "deploy-mid-job": dict(
        sample=True,
        jobs=[("001-invoices", 3, ["inv-69001 wayne-enterprises 1078.34 gbp net60",
                                   "inv-69002 cyberdyne 1559.77 gbp net30",
                                   "inv-69003 Soylent 2040.20 gbp net60"]),
              ("002-refunds", 14, ()), ("003-credits", 2, ()), ("004-payouts", 2, ())],
        signal=("TERM", 450),
    ),
    "term-in-first-job": dict(
        jobs=[("eu-0001", 16, ()), ("eu-0002", 2, ()), ("us-0001", 2, ())],
        signal=("TERM", 400),
    ),
    "term-in-last-job": dict(
        jobs=[("batch-01", 2, ()), ("batch-02", 2, ()), ("batch-03", 16, ())],
        signal=("TERM", 550),
    ),
    "signal-after-finish": dict(
        jobs=[("nightly-a", 2, ()), ("nightly-b", 2, ()), ("nightly-c", 1, ())],
        signal=("TERM", 3000),
    ),
    "ctrl-c-mid-job": dict(
        jobs=[("2024-06-01", 4, ()), ("2024-06-02", 14, ()), ("2024-06-03", 3, ())],
        signal=("INT", 500),
    ),
    "ctrl-c-first-job": dict(
        jobs=[("a-export", 12, ()), ("b-export", 3, ())],
        signal=("INT", 300),
    ),
    "restart-after-kill": dict(
        jobs=[("001-invoices", 8, ()), ("002-refunds", 8, ()), ("003-credits", 14, ()),
              ("004-payouts", 6, ()), ("005-fees", 2, ()), ("006-taxes", 2, ())],
        already_done=["001-invoices", "002-refunds", "004-payouts"],
        part={"003-credits": 5},
        extra={"state.json": json.dumps({
            "signal": None, "interrupted_at": None,
            "done": ["001-invoices", "002-refunds"],
            "pending": ["003-credits", "004-payouts", "005-fees", "006-taxes"],
        }) + "\n"},
        signal=("TERM", 350),
    ),
    "job-names-sorted": dict(
        jobs=[("Job-2", 0, ()), ("job-10", 14, ()), ("job-100", 2, ()), ("job-9", 2, ())],
        extra={
            "jobs/README.txt": "Jobs are dropped here by the billing exporter, one *.job file per batch.\n",
            "jobs/job-11.job.tmp": "inv-9901 still being uploaded\n",
            "jobs/archive/job-1.job": "inv-0001 archived long ago\n",
        },
        signal=("TERM", 350),
    ),
    "no-jobs": dict(
        jobs=[],
        extra={"jobs/README.txt": "Jobs are dropped here by the billing exporter, one *.job file per batch.\n"},
        signal=None,
    ),
    "long-queue": dict(
        jobs=[("q-01", 2, ()), ("q-02", 2, ["inv-7001  Initech\tLLC 10.00 usd", "  inv-7002 back\\slash ltd 5.00 eur"]),
              ("q-03", 2, ()), ("q-04", 2, ["inv-7005 wonka-gmbh zürich 99.99 chf", "inv-7006 *.job $HOME 1.00 eur"]),
              ("q-05", 24, ()), ("q-06", 2, ())],
        signal=("TERM", 1000),
    ),
}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def main():
    expected_root = os.path.join(HERE, "expected")
    tables = []
    for name, case in CASES.items():
        fix = os.path.join(HERE, name)
        exp = os.path.join(expected_root, name)
        for d in (fix, exp):
            shutil.rmtree(d, ignore_errors=True)
        jobs = [(j, records(j, n, sp)) for j, n, sp in case["jobs"]]
        jobs.sort(key=lambda jr: jr[0].encode())
        already = set(case.get("already_done", ()))
        for j, recs in jobs:
            write(os.path.join(fix, "jobs", j + ".job"), "".join(r + "\n" for r in recs))
            if j in already:
                write(os.path.join(fix, "done", j + ".out"), render(recs))
        for j, lines in case.get("part", {}).items():
            recs = dict(jobs)[j]
            write(os.path.join(fix, "done", j + ".out.part"), render(recs[:lines])[: -len(f"END {lines}\n")])
        for path, text in case.get("extra", {}).items():
            write(os.path.join(fix, path), text)

        # The schedule on paper.
        signal = case["signal"]
        t = 0
        done, interrupted = [], None
        stopped = False
        for j, recs in jobs:
            if j in already:
                continue
            if stopped:
                break
            start, end = t, t + STEP_MS * len(recs)
            t = end
            done.append(j)
            if signal and start <= signal[1] < end:
                assert signal[1] - start >= MIN_BEFORE, (name, j, "signal too soon after start")
                assert end - signal[1] >= MIN_AFTER, (name, j, "signal too close to the end")
                interrupted, stopped = j, True
            elif signal and start > signal[1]:
                raise AssertionError((name, "signal between jobs"))
        if signal and interrupted is None:
            assert signal[1] - t >= MIN_IDLE, (name, "signal too close to the end of the run")
        got_signal = signal[0] if interrupted else None
        all_done = sorted(already | set(done), key=str.encode)
        pending = [j for j, _ in jobs if j not in all_done]
        state = {"signal": got_signal, "interrupted_at": interrupted, "done": all_done,
                 "pending": pending}
        write(os.path.join(exp, "state.json"), json.dumps(state, indent=2) + "\n")
        for j, recs in jobs:
            if j in done:
                write(os.path.join(exp, "done", j + ".out"), render(recs))

        # The [[test]] table.
        lines = ["[[test]]", f'name = "{name}"']
        if case.get("sample"):
            lines.append("sample = true")
        lines.append(f'fixtures = "tests/{name}"')
        if signal:
            lines.append(f'signal = {{ name = "{signal[0]}", after = "{signal[1]}ms" }}')
        files = [f'  {{ path = "state.json", file = "tests/expected/{name}/state.json", compare = "json" }},']
        for j, _ in jobs:
            if j in done:
                files.append(f'  {{ path = "done/{j}.out", file = "tests/expected/{name}/done/{j}.out", compare = "exact" }},')
        for j, _ in jobs:
            if j not in all_done:
                files.append(f'  {{ path = "done/{j}.out", absent = true }},')
        for j, _ in jobs:
            if j not in already:
                files.append(f'  {{ path = "done/{j}.out.part", absent = true }},')
        lines.append("files = [")
        lines.extend(files)
        lines.append("]")
        unchanged = [f"jobs/{j}.job" for j, _ in jobs] + [f"done/{j}.out" for j in sorted(already, key=str.encode)]
        unchanged += [p for p in case.get("extra", {}) if p.startswith("jobs/")]
        lines.append("unchanged = [" + ", ".join(f'"{u}"' for u in unchanged) + "]")
        tables.append("\n".join(lines))
    print("\n\n".join(tables))


if __name__ == "__main__":
    main()
