#!/usr/bin/env python3
"""Regenerates the /proc-style snapshots of fd-leak-hunt and the expected outputs.

Run from anywhere: python3 tests/gen.py
tests/NAME/snap1/ and tests/NAME/snap2/ are the fixtures; tests/expected/NAME[-minN].out the
expected stdout, computed here from the model below (independently of the reference solutions).

A process folder holds `stat` (one line, as /proc/PID/stat: field 22 is the start time) and
`fd/`, one plain file per open descriptor, named by its number, holding the link target as
`readlink /proc/PID/fd/N` would print it. Symbolic links are not used: plain files keep the
fixtures inside the challenge folder.
"""
import os
import random
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))


def stat_line(pid, comm, start, ppid=1, state="S", threads=1):
    # 52 fields like Linux 6.x; only pid, comm and starttime (field 22) matter here.
    fields = [str(pid), f"({comm})", state, str(ppid), str(pid), str(pid), "0", "-1",
              "4194560", "1520", "0", "12", "0", "37", "12", "0", "0", "20", "0",
              str(threads), "0", str(start), "24834048", "1893", "18446744073709551615",
              "94207431512064", "94207431960329", "140727069472160", "0", "0", "0", "0",
              "4096", "17923", "0", "0", "17", "1", "0", "0", "0", "0", "0",
              "94207432093296", "94207432112448", "94207451889664", "140727069478727",
              "140727069478747", "140727069478747", "140727069479914", "0"]
    return " ".join(fields) + "\n"


class Proc:
    """One process in one snapshot."""

    def __init__(self, pid, comm, start, fds, threads=(), fdinfo=False, readable=True,
                 ppid=1, state="S"):
        self.pid, self.comm, self.start, self.fds = pid, comm, start, fds
        self.threads, self.fdinfo, self.readable = threads, fdinfo, readable
        self.ppid, self.state = ppid, state


def base_fds(*more):
    return ["/dev/null", "socket:[18821]", "socket:[18821]", *more]


def write_snapshot(folder, procs, extras=True):
    if extras:  # entries of /proc that are not processes
        os.makedirs(os.path.join(folder, "sys", "fs"), exist_ok=True)
        with open(os.path.join(folder, "sys", "fs", "file-nr"), "w") as f:
            f.write("4128\t0\t9223372036854775807\n")
        with open(os.path.join(folder, "uptime"), "w") as f:
            f.write("88213.52 170092.33\n")
        os.makedirs(os.path.join(folder, "net"), exist_ok=True)
        with open(os.path.join(folder, "net", "sockstat"), "w") as f:
            f.write("sockets: used 1204\nTCP: inuse 310 orphan 0 tw 12 alloc 322 mem 40\n")
    for p in procs:
        d = os.path.join(folder, str(p.pid))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "stat"), "w") as f:
            f.write(stat_line(p.pid, p.comm, p.start, p.ppid, p.state, max(1, len(p.threads) + 1)))
        if not p.readable:
            continue
        fd_dirs = [os.path.join(d, "fd")]
        # A thread shares the descriptor table: /proc/PID/task/TID/fd lists the same fds.
        # (The bot copied task/ only for multi-threaded processes.)
        if p.threads:
            fd_dirs += [os.path.join(d, "task", str(tid), "fd") for tid in (p.pid, *p.threads)]
        for fd_dir in fd_dirs:
            os.makedirs(fd_dir, exist_ok=True)
            for n, target in enumerate(p.fds):
                with open(os.path.join(fd_dir, str(n)), "w") as f:
                    f.write(target + "\n")
        for tid in (p.pid, *p.threads):
            if p.threads:
                with open(os.path.join(d, "task", str(tid), "stat"), "w") as f:
                    f.write(stat_line(tid, p.comm, p.start, p.ppid, p.state))
        if p.fdinfo:
            os.makedirs(os.path.join(d, "fdinfo"), exist_ok=True)
            for n in range(len(p.fds)):
                with open(os.path.join(d, "fdinfo", str(n)), "w") as f:
                    f.write(f"pos:\t0\nflags:\t02004002\nmnt_id:\t15\nino:\t{1000 + n}\n")


def kind(target):
    return "file" if target.startswith("/") else target.split(":", 1)[0]


def expected(before, after, minimum):
    old = {p.pid: p for p in before}
    rows = []
    for p in after:
        q = old.get(p.pid)
        if q is None or q.start != p.start or not p.readable or not q.readable:
            continue
        delta = len(p.fds) - len(q.fds)
        if delta < minimum:
            continue
        growth = {}
        for t in p.fds:
            growth[kind(t)] = growth.get(kind(t), 0) + 1
        for t in q.fds:
            growth[kind(t)] = growth.get(kind(t), 0) - 1
        top = sorted(growth.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        rows.append((-delta, p.pid, f"{p.pid} {p.comm} {len(q.fds)} {len(p.fds)} +{delta} {top}"))
    return "".join(r[2] + "\n" for r in sorted(rows))


def sockets(rng, n):
    return [f"socket:[{rng.randrange(40000, 990000)}]" for _ in range(n)]


def pipes(rng, n):
    return [f"pipe:[{rng.randrange(40000, 990000)}]" for _ in range(n)]


# --- the cases -------------------------------------------------------------------------------

def web_01():
    rng = random.Random(1)
    nginx_master = base_fds("/var/log/nginx/error.log", "/var/log/nginx/access.log",
                            "socket:[22011]", "socket:[22012]")
    worker1 = nginx_master + ["anon_inode:[eventpoll]", "anon_inode:[eventfd]"] + sockets(rng, 6)
    worker1b = nginx_master + ["anon_inode:[eventpoll]", "anon_inode:[eventfd]"] + sockets(rng, 5)
    api = base_fds("/srv/api/app.jar", "anon_inode:[eventpoll]", "pipe:[30111]", "pipe:[30111]")
    api1 = api + sockets(rng, 8)
    api2 = api + sockets(rng, 8) + sockets(rng, 41)  # CLOSE_WAIT leak
    pg = base_fds("/var/lib/postgresql/15/main/base/16384/2619", "socket:[22300]")
    before = [
        Proc(1, "systemd", 3, base_fds("anon_inode:[eventpoll]", "anon_inode:inotify",
                                       "socket:[1401]", "socket:[1402]")),
        Proc(2, "kthreadd", 3, [], readable=False, ppid=0),
        Proc(812, "nginx", 1402, nginx_master),
        Proc(813, "nginx", 1403, worker1),
        Proc(1207, "java", 2210, api1),
        Proc(1530, "postgres", 1630, pg + ["/var/lib/postgresql/15/main/pg_wal/000000010000000000000042"]),
        Proc(2950, "cron", 1700, base_fds()),
    ]
    after = [
        Proc(1, "systemd", 3, before[0].fds),
        Proc(2, "kthreadd", 3, [], readable=False, ppid=0),
        Proc(812, "nginx", 1402, nginx_master),
        Proc(813, "nginx", 1403, worker1b),
        Proc(1207, "java", 2210, api2),
        Proc(1530, "postgres", 1630, pg + ["/var/lib/postgresql/15/main/pg_wal/000000010000000000000043",
                                           "/var/lib/postgresql/15/main/base/16384/2840"]),
        Proc(2950, "cron", 1700, base_fds()),
        Proc(31877, "sh", 88000, base_fds()),  # a cron job started in between
    ]
    return before, after


def worker_node():
    rng = random.Random(2)
    celery = base_fds("/srv/tasks/worker.py", "anon_inode:[eventpoll]")
    before = [
        Proc(1, "systemd", 3, base_fds("anon_inode:[eventpoll]", "socket:[1401]")),
        Proc(2, "kthreadd", 3, [], readable=False, ppid=0),
        Proc(9, "kworker/0:1-events", 4, [], readable=False, ppid=2),
        # the same PID, but a different process in snap2 (start time differs): not a leak
        Proc(4242, "backup.sh", 40100, base_fds("/backup/db.dump")),
        # renamed itself between the snapshots (prctl PR_SET_NAME): same process
        Proc(5100, "python3", 52000, celery + pipes(rng, 4)),
        # exits before snap2
        Proc(5200, "rsync", 60000, base_fds("/data/a", "/data/b", "socket:[77001]")),
        # fd/ unreadable in snap2 (permission denied while it was being set up)
        Proc(6001, "sudo", 70000, base_fds("/dev/pts/0")),
        Proc(7000, "containerd-shim", 71000, base_fds("pipe:[55000]", "pipe:[55001]",
                                                     "anon_inode:[eventpoll]") + sockets(rng, 3)),
    ]
    after = [
        Proc(1, "systemd", 3, before[0].fds),
        Proc(2, "kthreadd", 3, [], readable=False, ppid=0),
        Proc(9, "kworker/0:1-events", 4, [], readable=False, ppid=2),
        Proc(4242, "backup.sh", 95500, base_fds("/backup/db.dump", "/backup/files.tar",
                                                 "/backup/etc.tar", "pipe:[90001]", "pipe:[90002]")),
        Proc(5100, "celery", 52000, celery + pipes(rng, 4) + pipes(rng, 18)),
        Proc(6001, "sudo", 70000, [], readable=False),
        Proc(7000, "containerd-shim", 71000, before[-1].fds + ["pipe:[55002]", "pipe:[55003]",
                                                                 "socket:[88001]", "socket:[88002]"]),
        Proc(7100, "runc", 94000, base_fds("/run/containerd/runc.sock")),
    ]
    return before, after


def parse_traps():
    rng = random.Random(3)
    firefox = base_fds("/usr/lib/firefox/libxul.so", "anon_inode:[eventfd]")
    before = [
        Proc(1, "systemd", 3, base_fds("anon_inode:[eventpoll]", "socket:[1401]")),
        # comm with a space, and one with parentheses and a space
        Proc(3001, "Web Content", 91000, firefox + ["/memfd:mozilla-ipc (deleted)"]),
        Proc(3002, "weird) (name", 91200, base_fds("pipe:[12001]")),
        # PIDs that sort differently as text and as numbers; equal growth
        Proc(99, "agent", 800, base_fds("socket:[3001]")),
        Proc(100, "agent", 801, base_fds("socket:[3002]")),
        Proc(1000, "agent", 802, base_fds("socket:[3003]")),
        # threads (task/TID/fd repeats the table) and fdinfo/ next to fd/
        Proc(4100, "envoy", 93000, base_fds("anon_inode:[eventpoll]") + sockets(rng, 6),
             threads=(4101, 4102, 4103), fdinfo=True),
        # namespace descriptors and a path with a colon in it
        Proc(4500, "netns-helper", 93100, base_fds("net:[4026531840]")),
        Proc(4600, "exporter", 93200, base_fds("/var/lib/node_exporter/textfile:collector.prom")),
    ]
    after = [
        Proc(1, "systemd", 3, before[0].fds),
        Proc(3001, "Web Content", 91000, firefox + ["/memfd:mozilla-ipc (deleted)"] * 4
             + ["anon_inode:[eventfd]"] * 3),
        Proc(3002, "weird) (name", 91200, base_fds("pipe:[12001]", "pipe:[12002]", "pipe:[12003]")),
        Proc(99, "agent", 800, base_fds("socket:[3001]", "socket:[3011]", "socket:[3021]")),
        Proc(100, "agent", 801, base_fds("socket:[3002]", "socket:[3012]", "/tmp/agent.lock")),
        Proc(1000, "agent", 802, base_fds("socket:[3003]", "pipe:[3013]", "pipe:[3023]")),
        Proc(4100, "envoy", 93000, base_fds("anon_inode:[eventpoll]") + sockets(rng, 6)
             + sockets(rng, 9), threads=(4101, 4102, 4103), fdinfo=True),
        Proc(4500, "netns-helper", 93100, base_fds("net:[4026531840]", "net:[4026532301]",
                                                   "net:[4026532388]", "/run/netns/blue",
                                                   "/run/netns/green")),
        Proc(4600, "exporter", 93200, base_fds("/var/lib/node_exporter/textfile:collector.prom",
                                               "/var/lib/node_exporter/textfile:collector.prom",
                                               "/var/lib/node_exporter/textfile:collector.prom")),
    ]
    return before, after


def quiet_host():
    rng = random.Random(4)
    before = [
        Proc(1, "systemd", 3, base_fds("anon_inode:[eventpoll]", "socket:[1401]")),
        # churn: different descriptors, same count
        Proc(640, "haproxy", 5000, base_fds("anon_inode:[eventpoll]") + sockets(rng, 12)),
        # fewer descriptors than before
        Proc(702, "redis-server", 5100, base_fds("anon_inode:[eventpoll]") + sockets(rng, 30)),
    ]
    after = [
        Proc(1, "systemd", 3, before[0].fds),
        Proc(640, "haproxy", 5000, base_fds("anon_inode:[eventpoll]") + sockets(rng, 12)),
        Proc(702, "redis-server", 5100, base_fds("anon_inode:[eventpoll]") + sockets(rng, 21)),
    ]
    return before, after


CASES = {
    "web-01": (web_01, [("web-01", 1), ("web-01-min41", 41)]),
    "worker-node": (worker_node, [("worker-node", 1), ("worker-node-min5", 5)]),
    "parse-traps": (parse_traps, [("parse-traps", 1), ("parse-traps-min3", 3)]),
    "quiet-host": (quiet_host, [("quiet-host", 1)]),
}


def main():
    for folder, (make, outputs) in CASES.items():
        before, after = make()
        root = os.path.join(HERE, folder)
        shutil.rmtree(root, ignore_errors=True)
        write_snapshot(os.path.join(root, "snap1"), before)
        write_snapshot(os.path.join(root, "snap2"), after)
        os.makedirs(os.path.join(HERE, "expected"), exist_ok=True)
        for name, minimum in outputs:
            with open(os.path.join(HERE, "expected", name + ".out"), "w") as f:
                f.write(expected(before, after, minimum))


if __name__ == "__main__":
    main()
