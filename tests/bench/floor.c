// The floor of a contained judge (built and run by tests/bench/floor.sh; not part of `cargo test`
// or `.ci/run`).
//
// What it is for: livejudge at -j1 takes some ratio R of a bare shell loop that only runs the
// solution. Part of R is the kernel work its containment needs per run, which no judge that
// contains runs the same way can avoid; the rest is the judge's own work (threads, the zygote's
// messages, reading the challenge, the report). This program measures the first part without
// livejudge: a single process, no threads, that judges N runs of a bash solution doing per run
// only the kernel work of livejudge's containment (src/sandbox/, docs/sandbox.md). `floor full`
// ÷ the bare loop is the containment floor; livejudge ÷ `floor full` is the judge's own work.
//
// Usage: floor plain|full N SOLUTION INPUT EXPECTED
//   Runs `/bin/bash solve.sh` N times, SOLUTION copied in as solve.sh, INPUT on stdin, and
//   compares stdout with EXPECTED byte for byte (the exit status must be 0). Exits 0 when every
//   run passed, 1 when some did not (how many on stderr), 2 on a usage error or when a step
//   failed (its name and errno on stderr).
//   plain  fork/exec, pipes, compare only: per run the solution is rewritten into a working
//          folder, a memfd holds the input, clone(CLONE_VM | CLONE_VFORK), exec, poll, wait4.
//   full   the containment (needs root). Once, as once per livejudge judge worker: cgroup v1
//          memory and cpuacct groups of its own (optional: without them, a note and no counter
//          reads), then PID 1 of new PID, mount, network and UTS namespaces, a parking tmpfs,
//          the view (FLOOR_VIEW), the system folders opened for Landlock. Per run, in the judge:
//          a tmpfs as the working folder with the solution copied in (owned by 65534), the
//          memory group's peak reset, a Landlock ruleset built (read and execute below the
//          system folders, everything below the working folder), a sealed memfd with the input,
//          pipes for stdout and stderr, clone(CLONE_VM | CLONE_VFORK). In the child:
//          oom_score_adj, setsid, rlimits, drop to uid/gid 65534, its own user + IPC + UTS
//          namespace with uid/gid maps and a fresh session keyring, chroot into the view,
//          RLIMIT_NPROC, no_new_privs, chdir, Landlock, exec. Back in the judge: read stdout and
//          stderr until both close, wait4, compare, read the memory peak and the CPU usage,
//          move the tmpfs onto the parking's one spot, over the one parked before (MS_MOVE), and
//          every 16 runs detach the parking (taking the 16 parked tmpfs with it) and mount a
//          fresh one, as livejudge's sandbox::view does.
// Environment (each on when set to anything but "" or "0"; for `full`):
//   FLOOR_VIEW         chroot each run into a view: a read-only tmpfs root holding read-only
//                      binds of /usr, /etc and /opt, /bin, /lib and /lib64 as symlinks into usr,
//                      /dev/null, /proc and /box (the working folder), as src/sandbox/view.rs.
//   FLOOR_NO_USERNS    no per-run user namespace (no maps, no keyring): IPC and UTS namespaces
//                      only, and the chroot done as root before dropping to 65534.
//   FLOOR_NO_LANDLOCK  no landlock_restrict_self; the ruleset is still built every run.
//   FLOOR_ZYGOTE       two processes, as livejudge has: this process judges from outside the
//                      namespaces and cgroups (it makes the memfd and the pipes, reads the
//                      outputs and compares), and PID 1 of the namespaces, a zygote, does the
//                      containment's work and the clone for each request it receives over a
//                      socket (the run's stdin, stdout and stderr as SCM_RIGHTS), then sends back
//                      the wait status before parking the tmpfs. The cost of the split itself.
//   FLOOR_QUEUE        with FLOOR_ZYGOTE: the judge sends the request for the next run before the
//                      current one ends, so that the zygote starts it without waiting for the
//                      judge (what a pipelined livejudge could gain; see docs/performance.md for
//                      why livejudge does not).
//   FLOOR_DEBUG        each run's wait status and output size on stderr.
// Runs get the environment livejudge gives them: PATH=/usr/local/bin:/usr/bin:/bin, HOME and
// TMPDIR = the working folder (/box inside the view), LANG=C.UTF-8, TZ=UTC.
//
// Its files go in a folder of its own, /dev/shm/livejudge-floor-XXXXXX, and its cgroups are
// named livejudge-floor-PID: two of it can run at once. The mounts live in the judging
// process's private mount namespace and go with it; the outer process, which stays outside that
// namespace, then removes the folders and cgroups it made.
//
// Build: cc -O2 -Wall -Wextra -o floor floor.c   (needs <linux/landlock.h>, as in Debian 12's headers)
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/keyctl.h>
#include <linux/landlock.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

enum {
    NOBODY = 65534,        // the uid and gid runs get
    PARK_EVERY = 16,       // parked working folders unmounted together
    FILE_MAX = 64 << 10,   // SOLUTION, INPUT and EXPECTED are read into buffers this large
    PATH_LEN = 256,
};
#define WORKDIR_TMPFS "size=1052671,nr_inodes=65536,mode=0755,uid=65534,gid=65534"
#define PARKING_TMPFS "size=64k,mode=0700"
#define RUN_PATH "PATH=/usr/local/bin:/usr/bin:/bin"

static int full, with_view, no_userns, no_landlock, debug;
static int through_zygote, queue_ahead;  // FLOOR_ZYGOTE, FLOOR_QUEUE
static int outer = 1;  // the process that made the folder and removes it (not the PID 1 judge)

// The folder of its own and what is in it, as the judging process sees them.
static char base[PATH_LEN];        // /dev/shm/livejudge-floor-XXXXXX
static char plain_dir[PATH_LEN];   // plain: the working folder
static char box_dir[PATH_LEN];     // full without a view: the working folder's mount point
static char view_dir[PATH_LEN];    // full with a view: the view's root ...
static char view_box[PATH_LEN];    // ... and the working folder's mount point in it
static char park_dir[PATH_LEN];    // full: the parking tmpfs
static const char *workdir;        // the working folder's mount point (box_dir or view_box)
static char solution_path[PATH_LEN + 16];
static char spot[PATH_LEN + 8];      // full: where each run's tmpfs is parked, over the last

static void mount_parking(void);
static void mkdir_or_die(const char *path, mode_t mode, const char *step);

static char script[FILE_MAX], input[FILE_MAX], expected[FILE_MAX];
static size_t script_len, input_len, expected_len;

// cgroup v1: [0] memory, [1] cpuacct.
static const char *const controllers[2] = {"memory", "cpuacct"};
static char cg_dir[2][PATH_LEN * 2];
static int cg_made[2], have_cgroups;
static char cg_mem_peak[PATH_LEN * 3], cg_cpu_usage[PATH_LEN * 3];

// Landlock: the rights handled (all the kernel knows, up to ABI 5), the system folders opened once.
static __u64 handled;
static int ro_fds[8], n_ro;

// What the run's child needs, made before the clone: it shares this memory (CLONE_VM) and must
// not allocate.
static char home_env[PATH_LEN + 8], tmpdir_env[PATH_LEN + 8];
static char *run_argv[] = {"bash", "solve.sh", NULL};
static char *run_envp[] = {RUN_PATH, home_env, tmpdir_env, "LANG=C.UTF-8", "TZ=UTC", NULL};
static const char *run_chdir;  // full: where the child goes (plain: the judge goes there)
static int run_ruleset = -1;
static char stack[256 * 1024];
// Set by the child when a step before exec fails (it shares the memory; the judge reads them
// once the vfork has returned).
static const char *failed_step;
static int failed_errno;
struct child { int in, out, err; };

static volatile sig_atomic_t interrupted;
static volatile pid_t judge_pid;

static void cleanup(void);

static void die(const char *step) {
    fprintf(stderr, "floor: %s: %s\n", step, strerror(errno));
    if (outer) cleanup();
    exit(2);
}

static void note_no_cgroups(const char *step, const char *path) {
    static int said;
    if (!said++)
        fprintf(stderr, "floor: note: going on without cgroup v1 counters (%s %s: %s)\n", step, path,
                strerror(errno));
}

static int flag(const char *name) {
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0");
}

static size_t slurp(const char *path, char *buf) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "floor: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    size_t got = 0;
    ssize_t n;
    while ((n = read(fd, buf + got, FILE_MAX - got)) > 0) got += n;
    if (n < 0 || got == FILE_MAX) {
        fprintf(stderr, "floor: %s: %s\n", path, n < 0 ? strerror(errno) : "larger than 64 KiB");
        exit(2);
    }
    close(fd);
    return got;
}

// One write (even of nothing, as the prototype did), then more only if it was short.
static void write_all(int fd, const char *buf, size_t len, const char *step) {
    size_t done = 0;
    do {
        ssize_t n = write(fd, buf + done, len - done);
        if (n < 0) die(step);
        done += n;
    } while (done < len);
}

static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int r = write(fd, text, strlen(text));
    close(fd);
    return r;
}

// ---- the run's child: from clone to exec -------------------------------------------------------

static __attribute__((noreturn)) void child_fail(const char *step, int code) {
    failed_step = step;
    failed_errno = errno;
    _exit(code);
}

static int child_main(void *arg) {
    struct child *c = arg;
    dup2(c->in, 0);
    dup2(c->out, 1);
    dup2(c->err, 2);
    syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (full) {
        write_file("/proc/self/oom_score_adj", "0");
        setsid();
        struct rlimit l = {10, 11};
        setrlimit(RLIMIT_CPU, &l);
        l.rlim_cur = l.rlim_max = 1 << 26;
        setrlimit(RLIMIT_FSIZE, &l);
        l.rlim_cur = l.rlim_max = 0;
        setrlimit(RLIMIT_CORE, &l);
        l.rlim_cur = l.rlim_max = 256;
        setrlimit(RLIMIT_NOFILE, &l);
        if (no_userns) {
            if (unshare(CLONE_NEWIPC | CLONE_NEWUTS)) child_fail("unshare(IPC, UTS)", 121);
            if (with_view && (chroot(view_dir) || chdir("/"))) child_fail("chroot into the view", 125);
        }
        if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY)) child_fail("drop to uid 65534", 120);
        if (!no_userns) {
            // Dumpable again after the uid change, so that it may write its own maps.
            prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
            if (unshare(CLONE_NEWUSER | CLONE_NEWIPC | CLONE_NEWUTS)) child_fail("unshare(user, IPC, UTS)", 121);
            if (write_file("/proc/self/setgroups", "deny") < 0 || write_file("/proc/self/uid_map", "65534 65534 1") < 0 ||
                write_file("/proc/self/gid_map", "65534 65534 1") < 0)
                child_fail("write the uid/gid maps", 122);
            syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL);
            if (with_view && (chroot(view_dir) || chdir("/"))) child_fail("chroot into the view", 125);
        }
        l.rlim_cur = l.rlim_max = 64;
        setrlimit(RLIMIT_NPROC, &l);
        prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        if (chdir(run_chdir)) child_fail("chdir into the working folder", 123);
        if (!no_landlock && syscall(SYS_landlock_restrict_self, run_ruleset, 0))
            child_fail("landlock_restrict_self", 124);
    }
    execve("/bin/bash", run_argv, run_envp);
    child_fail("execve /bin/bash", 127);
}

// ---- the judge: one run ------------------------------------------------------------------------

static void add_rule(int ruleset, int fd, __u64 access) {
    struct landlock_path_beneath_attr a = {.allowed_access = access, .parent_fd = fd};
    if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &a, 0)) die("landlock_add_rule");
}

static int build_ruleset(void) {
    struct landlock_ruleset_attr ra = {.handled_access_fs = handled};
    int ruleset = syscall(SYS_landlock_create_ruleset, &ra, sizeof ra, 0);
    if (ruleset < 0) die("landlock_create_ruleset");
    __u64 rx = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
    for (int k = 0; k < n_ro; k++) add_rule(ruleset, ro_fds[k], rx);
    int box = open(workdir, O_PATH | O_CLOEXEC);
    if (box < 0) die("open the working folder for Landlock");
    add_rule(ruleset, box, handled);
    close(box);
    return ruleset;
}

static void read_counter(const char *path) {
    char b[64];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || read(fd, b, sizeof b) < 0) die(path);
    close(fd);
}

// What a run is given: stdin, a sealed memfd holding the input, and pipes for stdout and stderr
// (the judge keeps the read ends).
struct run_io { int in, out_r, out_w, err_r, err_w; };

static struct run_io open_run_io(void) {
    struct run_io io;
    io.in = memfd_create("stdin", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (io.in < 0) die("memfd_create");
    write_all(io.in, input, input_len, "write the input");
    if (lseek(io.in, 0, SEEK_SET) < 0) die("lseek");
    if (fcntl(io.in, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL)) die("seal the input");
    int out[2], err[2];
    if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) die("pipe2");
    io.out_r = out[0], io.out_w = out[1], io.err_r = err[0], io.err_w = err[1];
    return io;
}

// The run's ends, once they are the run's (or the zygote's) alone: EOF then means the run is over.
static void close_run_ends(struct run_io *io) {
    close(io->in);
    close(io->out_w);
    close(io->err_w);
}

// Reads stdout (kept, up to the buffer; more makes the run fail) and stderr (dropped) until both
// close; 1 when stdout is EXPECTED.
static int read_outputs(int out_r, int err_r) {
    static char buf[FILE_MAX], drop[FILE_MAX];
    size_t got = 0;
    int open_fds = 2, overflow = 0;
    struct pollfd p[2] = {{out_r, POLLIN, 0}, {err_r, POLLIN, 0}};
    while (open_fds) {
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR) continue;
            die("poll");
        }
        for (int k = 0; k < 2; k++) {
            if (p[k].fd < 0 || !p[k].revents) continue;
            int keep = k == 0 && got < sizeof buf;
            ssize_t n = read(p[k].fd, keep ? buf + got : drop, keep ? sizeof buf - got : sizeof drop);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                close(p[k].fd);
                p[k].fd = -1;
                open_fds--;
            } else if (keep) {
                got += n;
            } else if (k == 0) {
                overflow = 1;
            }
        }
    }
    if (debug) fprintf(stderr, "floor: %zu bytes out\n", got);
    return !overflow && got == expected_len && !memcmp(buf, expected, got);
}

static int passed(int status) { return WIFEXITED(status) && !WEXITSTATUS(status); }

// The containment's work before a run: a tmpfs of its own as the working folder with the solution
// copied in, the memory group's peak reset, a Landlock ruleset (closed by after_contained_run).
static void prepare_contained_run(void) {
    if (mount("tmpfs", workdir, "tmpfs", MS_NOSUID | MS_NODEV, WORKDIR_TMPFS)) die("mount the working folder");
    int fd = open(solution_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) die("copy the solution");
    write_all(fd, script, script_len, "copy the solution");
    if (fchown(fd, NOBODY, NOBODY)) die("chown the solution");
    close(fd);
    if (have_cgroups && write_file(cg_mem_peak, "0") < 0) die("reset memory.max_usage_in_bytes");
    run_ruleset = build_ruleset();
}

// clone(CLONE_VM | CLONE_VFORK): returns once the child has exec'd (or failed before).
static pid_t start_child(int in, int out, int err) {
    struct child c = {in, out, err};
    failed_step = NULL;
    pid_t pid = clone(child_main, stack + sizeof stack, CLONE_VM | CLONE_VFORK | SIGCHLD, &c);
    if (pid < 0) die("clone");
    if (full) close(run_ruleset);
    return pid;
}

static int wait_child(pid_t pid, int i) {
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR) die("wait4");
    if (failed_step) {
        fprintf(stderr, "floor: run %d: %s: %s\n", i + 1, failed_step, strerror(failed_errno));
        if (outer) cleanup();
        exit(2);
    }
    if (debug) fprintf(stderr, "floor: run %d: status %#x\n", i + 1, status);
    return status;
}

// The counters read, then the tmpfs parked: every process of the run is gone (this solution
// leaves none behind; livejudge's PID 1 reaps and kills any).
static void read_counters(void) {
    if (have_cgroups) {
        read_counter(cg_mem_peak);
        read_counter(cg_cpu_usage);
    }
}

static void park(int i) {
    if (mount(workdir, spot, NULL, MS_MOVE, NULL)) die("park the working folder (MS_MOVE)");
    if (i % PARK_EVERY == PARK_EVERY - 1) {
        if (umount2(park_dir, MNT_DETACH)) die("unmount the parking");
        mount_parking();
    }
}

// Judges run i in this one process; 1 when it passed.
static int run_one(int i) {
    if (full) {
        prepare_contained_run();
    } else {
        int fd = open(solution_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) die("write the solution");
        write_all(fd, script, script_len, "write the solution");
        close(fd);
        if (chdir(plain_dir)) die("chdir into the working folder");
    }
    struct run_io io = open_run_io();
    pid_t pid = start_child(io.in, io.out_w, io.err_w);
    close_run_ends(&io);
    int same = read_outputs(io.out_r, io.err_r);
    int ok = same && passed(wait_child(pid, i));
    if (full) {
        read_counters();
        park(i);
    }
    return ok;
}

// ---- two processes: the judge and a zygote (FLOOR_ZYGOTE) -------------------------------------

// A request: the run's number, with its stdin, stdout and stderr. A report: the wait status.
// -1 when the other process is gone because the bench was interrupted (on_signal killed it).
static int send_message(int sock, const int *fds, int n, const void *data, size_t len) {
    char space[CMSG_SPACE(sizeof(int) * 3)];
    memset(space, 0, sizeof space);
    struct iovec iov = {(void *)data, len};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};
    if (n) {
        m.msg_control = space;
        m.msg_controllen = CMSG_SPACE(sizeof(int) * n);
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * n);
        memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
    }
    while (sendmsg(sock, &m, MSG_NOSIGNAL) < 0) {
        if (interrupted) return -1;
        if (errno != EINTR) die("sendmsg");
    }
    return 0;
}

// 0 at the end of the messages (or when interrupted); fds gets the descriptors that came (up to 3).
static ssize_t receive_message(int sock, int *fds, void *data, size_t len) {
    char space[CMSG_SPACE(sizeof(int) * 3)];
    struct iovec iov = {data, len};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = space, .msg_controllen = sizeof space};
    ssize_t got;
    while ((got = recvmsg(sock, &m, MSG_CMSG_CLOEXEC)) < 0) {
        if (interrupted) return 0;
        if (errno != EINTR) die("recvmsg");
    }
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    if (fds && c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
        memcpy(fds, CMSG_DATA(c), c->cmsg_len - CMSG_LEN(0));
    return got;
}

// The zygote (PID 1 of the namespaces, in the cgroups): runs what each request asks, in turn,
// and reports its wait status before parking its tmpfs, as livejudge's zygote does.
static int serve(int sock) {
    for (;;) {
        int fds[3] = {-1, -1, -1}, i;
        if (receive_message(sock, fds, &i, sizeof i) == 0) return 0;
        prepare_contained_run();
        pid_t pid = start_child(fds[0], fds[1], fds[2]);
        for (int k = 0; k < 3; k++) close(fds[k]);
        int status = wait_child(pid, i);
        read_counters();
        if (send_message(sock, NULL, 0, &status, sizeof status)) return 130;
        park(i);
    }
}

// The judge's half of run i: its stdin and pipes sent to the zygote; returns the read ends.
static void request_run(int sock, int i, int *out_r, int *err_r) {
    struct run_io io = open_run_io();
    int fds[3] = {io.in, io.out_w, io.err_w};
    send_message(sock, fds, 3, &i, sizeof i);  // (interrupted: the next report will not come)
    close_run_ends(&io);
    *out_r = io.out_r;
    *err_r = io.err_r;
}

// Reads run i's outputs and then the zygote's report; 1 when it passed, -1 when interrupted.
static int collect_run(int sock, int out_r, int err_r) {
    int same = read_outputs(out_r, err_r), status;
    if (receive_message(sock, NULL, &status, sizeof status) != sizeof status) {
        if (interrupted) return -1;
        fprintf(stderr, "floor: the zygote ended without a report\n");
        if (outer) cleanup();
        exit(2);
    }
    return same && passed(status);
}

// The judge of FLOOR_ZYGOTE: one request at a time, or (FLOOR_QUEUE) the next one queued at the
// zygote before the current run ends, so that the zygote never waits for the judge.
static int judge_through_zygote(int sock, int n) {
    int out_r[2], err_r[2], ok = 0, ahead = queue_ahead ? 1 : 0;
    for (int i = 0; i <= ahead && i < n; i++) request_run(sock, i, &out_r[i % 2], &err_r[i % 2]);
    for (int i = 0; i < n && !interrupted; i++) {
        int passed_run = collect_run(sock, out_r[i % 2], err_r[i % 2]);
        if (passed_run < 0) break;
        ok += passed_run;
        int next = i + 1 + ahead;
        if (next < n) request_run(sock, next, &out_r[next % 2], &err_r[next % 2]);
    }
    return ok;
}

/// A fresh parking tmpfs, and its one spot.
static void mount_parking(void) {
    if (mount("tmpfs", park_dir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, PARKING_TMPFS)) die("mount the parking");
    mkdir_or_die(spot, 0700, "make the parking spot");
}

// The runs judged; the exit status of the whole (0 when every run passed).
static int verdict(int ok, int n) {
    if (interrupted) return 130;
    if (ok != n) {
        fprintf(stderr, "floor: %d of %d runs passed\n", ok, n);
        return 1;
    }
    return 0;
}

static int judge_all(int n) {
    int ok = 0;
    for (int i = 0; i < n && !interrupted; i++) ok += run_one(i);
    return verdict(ok, n);
}

// ---- once per judge ----------------------------------------------------------------------------

// The process's own cgroup v1 path for a controller, from /proc/self/cgroup ("" for the root).
static int own_cgroup(const char *controller, char *path, size_t size) {
    FILE *f = fopen("/proc/self/cgroup", "re");
    if (!f) return -1;
    char line[1024];
    int found = -1;
    while (found < 0 && fgets(line, sizeof line, f)) {
        // hierarchy-id:controller,controller:path
        char *list = strchr(line, ':'), *at = list ? strchr(list + 1, ':') : NULL;
        if (!at) continue;
        *at++ = 0;
        at[strcspn(at, "\n")] = 0;
        for (char *save, *c = strtok_r(list + 1, ",", &save); c; c = strtok_r(NULL, ",", &save))
            if (!strcmp(c, controller)) {
                snprintf(path, size, "%s", strcmp(at, "/") ? at : "");
                found = 0;
            }
    }
    fclose(f);
    return found;
}

// In the outer process: a memory and a cpuacct group of its own, or none (a note).
static void make_cgroups(void) {
    for (int k = 0; k < 2; k++) {
        char own[PATH_LEN];
        errno = ENOENT;
        if (own_cgroup(controllers[k], own, sizeof own)) {
            note_no_cgroups("no v1 hierarchy for", controllers[k]);
            return;
        }
        snprintf(cg_dir[k], sizeof cg_dir[k], "/sys/fs/cgroup/%s%s/livejudge-floor-%d", controllers[k], own,
                 (int)getpid());
        if (mkdir(cg_dir[k], 0755)) {
            note_no_cgroups("mkdir", cg_dir[k]);
            return;
        }
        cg_made[k] = 1;
    }
    snprintf(cg_mem_peak, sizeof cg_mem_peak, "%s/memory.max_usage_in_bytes", cg_dir[0]);
    snprintf(cg_cpu_usage, sizeof cg_cpu_usage, "%s/cpuacct.usage", cg_dir[1]);
    have_cgroups = 1;
}

// In the judge (PID 1): join both groups, the judge and its runs counted in them.
static void join_cgroups(void) {
    for (int k = 0; k < 2 && have_cgroups; k++) {
        char procs[sizeof cg_dir + 16];  // (gcc cannot tell which of the two it is)
        snprintf(procs, sizeof procs, "%s/cgroup.procs", cg_dir[k]);
        if (write_file(procs, "0") < 0) {
            note_no_cgroups("join", cg_dir[k]);
            have_cgroups = 0;
        }
    }
}

static void mkdir_or_die(const char *path, mode_t mode, const char *step) {
    if (mkdir(path, mode) && errno != EEXIST) die(step);
}

// The view: a read-only root of read-only binds, as livejudge's sandbox::view builds it.
static void build_view(void) {
    mkdir_or_die(view_dir, 0755, "make the view's folder");
    if (mount("tmpfs", view_dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")) die("mount the view's root");
    const char *binds[] = {"usr", "etc", "opt"};
    for (int k = 0; k < 3; k++) {
        char target[PATH_LEN + 8], source[16];
        snprintf(target, sizeof target, "%s/%s", view_dir, binds[k]);
        snprintf(source, sizeof source, "/%s", binds[k]);
        mkdir_or_die(target, 0755, "make a bind's folder in the view");
        if (mount(source, target, NULL, MS_BIND | MS_REC, NULL)) die("bind into the view");
        if (mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC, NULL)) die("bind read-only");
    }
    const char *links[][2] = {{"usr/bin", "bin"}, {"usr/lib", "lib"}, {"usr/lib64", "lib64"}};
    for (int k = 0; k < 3; k++) {
        char at[PATH_LEN + 8];
        snprintf(at, sizeof at, "%s/%s", view_dir, links[k][1]);
        if (symlink(links[k][0], at)) die("symlink in the view");
    }
    char path[PATH_LEN + 16];
    snprintf(path, sizeof path, "%s/dev", view_dir);
    mkdir_or_die(path, 0755, "make the view's /dev");
    mkdir_or_die(view_box, 0755, "make the view's /box");
    snprintf(path, sizeof path, "%s/dev/null", view_dir);
    int null = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
    if (null < 0) die("make the view's /dev/null");
    close(null);
    if (mount("/dev/null", path, NULL, MS_BIND, NULL)) die("bind /dev/null into the view");
    snprintf(path, sizeof path, "%s/proc", view_dir);
    mkdir_or_die(path, 0755, "make the view's /proc");
    if (mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL)) die("mount the view's /proc");
    if (mount(NULL, view_dir, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, "size=1m,mode=0755"))
        die("remount the view read-only");
}

// PID 1 of the new PID namespace: the judge, or with FLOOR_ZYGOTE the zygote serving `sock`.
static int judge_contained(int n, int sock) {
    outer = 0;
    join_cgroups();
    // Its own mount, network and UTS namespaces (the outer process stays out of them, so that
    // the mounts go with this process and the outer one can remove the folders).
    if (unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWUTS)) die("unshare(mount, network, UTS)");
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL)) die("make the mounts private");
    if (!with_view) mkdir_or_die(box_dir, 0755, "make the working folder's mount point");
    mkdir_or_die(park_dir, 0700, "make the parking");
    mount_parking();
    if (with_view) build_view();
    const char *ro[] = {"/usr", "/bin", "/lib", "/lib64", "/etc", "/opt"};
    for (unsigned k = 0; k < sizeof ro / sizeof *ro; k++) {
        int fd = open(ro[k], O_PATH | O_CLOEXEC);
        if (fd >= 0) ro_fds[n_ro++] = fd;
    }
    int abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi < 1) die("Landlock (landlock_create_ruleset version)");
    // ABI 1: 13 rights; 2: + REFER; 3 and 4: + TRUNCATE; 5 and later: + IOCTL_DEV.
    int rights = abi >= 5 ? 16 : abi >= 3 ? 15 : abi == 2 ? 14 : 13;
    handled = (1ULL << rights) - 1;
    return through_zygote ? serve(sock) : judge_all(n);
}

// ---- the outer process -------------------------------------------------------------------------

static void on_signal(int sig) {
    (void)sig;
    interrupted = 1;
    // PID 1 of a PID namespace takes no signal it has no handler for, but SIGKILL.
    if (judge_pid > 0) kill(judge_pid, SIGKILL);
}

static void rmdir_quietly(const char *path) {
    if (*path && rmdir(path) && errno != ENOENT) fprintf(stderr, "floor: rmdir %s: %s\n", path, strerror(errno));
}

// Runs in the outer process once nothing it made is in use.
static void cleanup(void) {
    int saved = errno;
    for (int k = 0; k < 2; k++) {
        if (!cg_made[k]) continue;
        // A group empties as its last task is released, some milliseconds after the judge's
        // namespaces are torn down: retry for up to a second, in steps short enough not to add
        // to the time measured (0.2 ms).
        for (int tries = 0; rmdir(cg_dir[k]) && errno == EBUSY && tries < 5000; tries++) usleep(200);
        if (access(cg_dir[k], F_OK) == 0) fprintf(stderr, "floor: could not remove %s\n", cg_dir[k]);
        cg_made[k] = 0;
    }
    if (*base) {
        if (!full) unlink(solution_path);
        rmdir_quietly(plain_dir);
        rmdir_quietly(box_dir);
        rmdir_quietly(park_dir);
        rmdir_quietly(view_dir);
        rmdir_quietly(base);
        *base = 0;
    }
    errno = saved;
}

static void usage(void) {
    fprintf(stderr,
            "usage: floor plain|full N SOLUTION INPUT EXPECTED\n"
            "  plain: fork/exec/pipes/compare only; full: livejudge's containment (needs root)\n"
            "  environment (full): FLOOR_VIEW, FLOOR_NO_USERNS, FLOOR_NO_LANDLOCK, FLOOR_ZYGOTE, FLOOR_QUEUE; FLOOR_DEBUG\n");
    exit(2);
}

int main(int argc, char **argv) {
    if (argc != 6 || (strcmp(argv[1], "plain") && strcmp(argv[1], "full"))) usage();
    full = !strcmp(argv[1], "full");
    char *end;
    long n = strtol(argv[2], &end, 10);
    if (*end || n < 1 || n > 1000000) usage();
    with_view = flag("FLOOR_VIEW");
    no_userns = flag("FLOOR_NO_USERNS");
    no_landlock = flag("FLOOR_NO_LANDLOCK");
    debug = flag("FLOOR_DEBUG");
    through_zygote = flag("FLOOR_ZYGOTE");
    queue_ahead = flag("FLOOR_QUEUE");
    if (full && geteuid() != 0) {
        fprintf(stderr, "floor: `full` needs root: it mounts tmpfs, makes namespaces and cgroups, and drops "
                        "each run to uid 65534 (run it with sudo)\n");
        return 2;
    }
    script_len = slurp(argv[3], script);
    input_len = slurp(argv[4], input);
    expected_len = slurp(argv[5], expected);

    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);

    // The folder of its own; others must be able to pass through it (runs are uid 65534).
    snprintf(base, sizeof base, "/dev/shm/livejudge-floor-XXXXXX");
    if (!mkdtemp(base)) {
        *base = 0;
        die("mkdtemp /dev/shm/livejudge-floor-XXXXXX");
    }
    if (chmod(base, 0755)) die("chmod the folder");
    snprintf(plain_dir, sizeof plain_dir, "%.200s/plain", base);
    snprintf(box_dir, sizeof box_dir, "%.200s/box", base);
    snprintf(view_dir, sizeof view_dir, "%.200s/view", base);
    snprintf(view_box, sizeof view_box, "%.200s/view/box", base);
    snprintf(park_dir, sizeof park_dir, "%.200s/park", base);
    snprintf(spot, sizeof spot, "%s/spot", park_dir);
    const char *inside;  // the working folder as the run sees it
    if (!full) {
        workdir = inside = plain_dir;
        if (mkdir(plain_dir, 0755)) die("make the working folder");
    } else {
        workdir = with_view ? view_box : box_dir;
        inside = with_view ? "/box" : box_dir;
    }
    run_chdir = inside;
    snprintf(solution_path, sizeof solution_path, "%s/solve.sh", workdir);
    snprintf(home_env, sizeof home_env, "HOME=%s", inside);
    snprintf(tmpdir_env, sizeof tmpdir_env, "TMPDIR=%s", inside);

    int code;
    if (!full) {
        code = judge_all(n);
    } else {
        make_cgroups();
        // A new PID namespace for the children: the judge (or the zygote) is its PID 1, the
        // runs below it.
        if (unshare(CLONE_NEWPID)) die("unshare(PID)");
        int sockets[2] = {-1, -1};  // with FLOOR_ZYGOTE: [0] the judge's (this process), [1] the zygote's
        if (through_zygote && socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sockets)) die("socketpair");
        fflush(stderr);
        pid_t pid = fork();
        if (pid < 0) die("fork");
        if (pid == 0) {
            fflush(stderr);
            if (through_zygote) close(sockets[0]);
            _exit(judge_contained(n, sockets[1]));
        }
        judge_pid = pid;
        if (interrupted) kill(pid, SIGKILL);
        int judged = 0;
        if (through_zygote) {
            // This process judges, outside the namespaces and the cgroups, as livejudge's judge
            // does; closing its end tells the zygote to exit.
            close(sockets[1]);
            judged = verdict(judge_through_zygote(sockets[0], n), n);
            close(sockets[0]);
        }
        int status;
        while (waitpid(pid, &status, 0) < 0)
            if (errno != EINTR) die("waitpid");
        code = interrupted ? 130 : WIFEXITED(status) ? WEXITSTATUS(status) : 2;
        if (!code) code = judged;
        if (WIFSIGNALED(status) && !interrupted) fprintf(stderr, "floor: the judge died of signal %d\n", WTERMSIG(status));
    }
    if (interrupted && !code) code = 130;
    cleanup();
    return code;
}
