#!/usr/bin/env python3
"""Checker for bounded-parallel-probe: proves from probe-state/probes.log, the record the
instrumented probe.sh leaves behind, that

- every host of hosts.txt was probed exactly once, and nothing else was;
- never more than CONCURRENCY probes were alive at once (a probe counts from its start until its
  process has exited; probe.sh does the counting when each probe starts);
- the run was parallel: min(CONCURRENCY, hosts) probes did run together;
- the pool stayed busy: whenever a probe ended while hosts were still waiting, the next probe
  started soon after (no batches, no fixed per-worker queues);
- a probe that ran out of time was killed close to its deadline.

Times come from the log (the probes' own clocks), never from the judge. CONCURRENCY and TIMEOUT
are the values each probe saw in its environment (probe.sh records them).

Log lines (probe.sh):
  START <t> <host> <pid> alive=<k> pids=<p1,p2,..> cap=<C> timeout=<T>
  END   <t> <host> <pid> UP|DOWN        the probe finished by itself
  TERM  <t> <host> <pid>                it received SIGTERM and is exiting
  ALIVE <t> <host> <pid>                a hanging probe, every 0.1 s while alive
"""
import os
import sys

GAP = 0.5  # a free slot with hosts waiting must be refilled within this many seconds
LATE = 0.5  # a timed-out probe must be gone within this many seconds after its deadline
TICK = 0.1  # a hanging probe writes ALIVE this often

LOG = os.path.join("probe-state", "probes.log")


def fail(message):
    print(message)
    sys.exit(1)


def read_hosts():
    try:
        with open("hosts.txt", encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError as err:
        fail(f"hosts.txt is gone from the working folder ({err.strerror}); leave it in place")
    return [s for s in (line.strip() for line in lines) if s and not s.startswith("#")]


class Probe:
    def __init__(self, host, pid, start, alive, pids, cap, timeout):
        self.host, self.pid, self.start = host, pid, start
        self.alive, self.pids, self.cap, self.timeout = alive, pids, cap, timeout
        self.end = None  # time of END
        self.term = None  # time of TERM
        self.last_alive = None  # time of the last ALIVE

    def finish(self, timeout):
        """Best known upper estimate of when this probe stopped occupying its slot."""
        if self.end is not None:
            return self.end
        if self.term is not None:
            return self.term
        # Killed without a trace: it died within a tick of its last sign of life.
        return (self.last_alive if self.last_alive is not None else self.start) + TICK


def read_log():
    try:
        with open(LOG, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return None
    probes = {}
    for number, line in enumerate(lines, 1):
        fields = line.split()
        try:
            kind, t, host, pid = fields[0], float(fields[1]), fields[2], int(fields[3])
            if kind == "START":
                extra = dict(f.split("=", 1) for f in fields[4:])
                pids = [int(p) for p in extra["pids"].split(",") if p]
                probes[pid] = Probe(
                    host, pid, t, int(extra["alive"]), pids, extra["cap"], extra["timeout"]
                )
                continue
            probe = probes[pid]
        except (IndexError, ValueError, KeyError):
            fail(f"{LOG} line {number} is not what probe.sh writes: {line!r}. "
                 "Leave probe-state/ to probe.sh.")
        if kind == "END":
            probe.end = t
        elif kind == "TERM":
            probe.term = t
        elif kind == "ALIVE":
            probe.last_alive = t
        else:
            fail(f"{LOG} line {number} is not what probe.sh writes: {line!r}")
    return sorted(probes.values(), key=lambda p: (p.start, p.pid))


def limits(probes):
    """CONCURRENCY and TIMEOUT as the probes saw them."""
    caps = {p.cap for p in probes}
    timeouts = {p.timeout for p in probes}
    if caps == {"unset"} or timeouts == {"unset"}:
        fail("probe.sh did not see CONCURRENCY or TIMEOUT in its environment: "
             "let the probes inherit your environment")
    if len(caps) != 1 or len(timeouts) != 1:
        fail(f"the probes saw different settings (CONCURRENCY {sorted(caps)}, "
             f"TIMEOUT {sorted(timeouts)}): pass your environment on unchanged")
    try:
        return int(caps.pop()), float(timeouts.pop())
    except ValueError:
        fail("CONCURRENCY or TIMEOUT in the probes' environment is not a number")


def main():
    hosts = read_hosts()
    probes = read_log()
    if not hosts:
        if probes:
            fail(f"hosts.txt lists no host, but {len(probes)} probe(s) ran")
        print("no hosts, no probes")
        return
    if probes is None:
        fail(f"no probe ran: {LOG} is missing. Run ./probe.sh HOST for every host "
             "(and leave probe-state/ alone).")
    if not probes:
        fail(f"{LOG} records no probe at all")

    # Every host exactly once.
    wanted = set(hosts)
    counts = {}
    for p in probes:
        counts[p.host] = counts.get(p.host, 0) + 1
    for p in probes:
        if p.host not in wanted:
            fail(f"probed {p.host!r}, which is not a host of hosts.txt "
                 "(blank lines and # comments are not hosts; surrounding spaces are not part of a name)")
    for host in hosts:
        if host not in counts:
            fail(f"{host} was never probed")
        if counts[host] > 1:
            fail(f"{host} was probed {counts[host]} times: probe each host once")

    cap, timeout = limits(probes)
    t0 = probes[0].start
    at = lambda t: f"{t - t0:.2f} s"
    by_pid = {p.pid: p.host for p in probes}

    # The cap, as each probe counted the probes alive when it started.
    for p in probes:
        if p.alive > cap:
            names = ", ".join(sorted(by_pid.get(q, "?") for q in p.pids))
            fail(f"at {at(p.start)} the probe of {p.host} started while {p.alive} probes were "
                 f"alive ({names}), but CONCURRENCY is {cap}. A probe holds its slot until its "
                 "process has exited, one you killed included: wait for it before starting "
                 "the next.")

    # Parallel at all.
    peak = max(p.alive for p in probes)
    need = min(cap, len(hosts))
    if peak < need:
        fail(f"at most {peak} probe(s) ever ran at once; with CONCURRENCY={cap} and "
             f"{len(hosts)} host(s), {need} should run together")

    # Timed-out probes were killed close to their deadline.
    for p in probes:
        if p.end is None and p.last_alive is not None and p.last_alive > p.start + timeout + LATE:
            fail(f"the probe of {p.host} (started at {at(p.start)}) was still running at "
                 f"{at(p.last_alive)}, {p.last_alive - p.start - timeout:.2f} s after its "
                 f"TIMEOUT of {timeout:g} s: stop it, and everything it started, when time is up")

    # The pool stays busy: a slot freed while hosts wait is refilled at once.
    finish = {p.pid: p.finish(timeout) for p in probes}
    starts = sorted(p.start for p in probes)
    for p in sorted(probes, key=lambda q: finish[q.pid]):
        e = finish[p.pid]
        started = sum(1 for s in starts if s <= e)
        if started >= len(hosts):
            continue
        running = sum(1 for q in probes if q.start <= e and finish[q.pid] > e)
        if running >= cap:
            continue
        later = [s for s in starts if s > e]
        if later[0] - e > GAP:
            fail(f"the probe of {p.host} ended at {at(e)}, leaving {cap - running} of "
                 f"{cap} slot(s) free while {len(hosts) - started} host(s) waited, but the next "
                 f"probe started only at {at(later[0])}. Start the next host as soon as any "
                 "probe finishes (a pool, not batches or fixed queues per worker).")

    span = max(finish.values()) - t0
    print(f"{len(probes)} probes, at most {peak} at once (CONCURRENCY={cap}), "
          f"{span:.2f} s from the first start to the last end")


if __name__ == "__main__":
    main()
