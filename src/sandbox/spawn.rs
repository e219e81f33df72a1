//! Starting a run's first process: the child the zygote forks (or clones sharing its memory,
//! or clones into a cgroup v2), and everything that child does before exec — descriptors,
//! signals, session, limits, the unprivileged user, its own user namespace, the view, Landlock —
//! with async-signal-safe calls only, on data prepared before the fork (`supervisor::prepare`).

use std::ffi::CString;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd};

use super::supervisor::ChildSetup;

/// The run's stdin, stdout and stderr as the child finds them before it moves them to 0–2.
pub(super) type Stdio = [OwnedFd; 3];

/// Everything the child reads before exec; all of it prepared before the fork.
pub(super) struct Child<'a> {
    pub(super) prepared: &'a ChildSetup,
    pub(super) argv: &'a [*const libc::c_char],
    pub(super) envp: &'a [*const libc::c_char],
    pub(super) stdio: &'a Stdio,
    pub(super) ruleset: Option<i32>,
    pub(super) new_namespaces: bool,
    pub(super) report_errno: i32,
    /// A `cgroup.procs` the child moves itself into first (cgroup v2 without `clone3`).
    pub(super) join_cgroup: Option<i32>,
}

/// Size of the stack a child that shares the zygote's memory runs on until it execs.
const CHILD_STACK: usize = 256 * 1024;

/// The signals the zygote ignores, asked once before its first child starts (the child only
/// reads them). Ignoring survives exec, so a run's first process sets each back to its default:
/// those the zygote ignores for itself (SIGINT, SIGQUIT, SIGPIPE) and those the judge was
/// started with (`nohup`'s SIGHUP, a launcher's SIGUSR1 or SIGTTOU…), which would otherwise
/// decide how the solution meets a signal a test sends it.
static IGNORED_SIGNALS: std::sync::OnceLock<Vec<libc::c_int>> = std::sync::OnceLock::new();

/// Asks once which signals this process ignores (see `IGNORED_SIGNALS`): the zygote does as it
/// starts, so that no run's CPU time counts it; starting a child asks if nobody has.
pub(super) fn note_ignored_signals() {
    IGNORED_SIGNALS.get_or_init(|| {
        (1..libc::SIGRTMAX())
            .filter(|&sig| sig != libc::SIGKILL && sig != libc::SIGSTOP)
            .filter(|&sig| {
                // SAFETY: a query of this process's disposition into a zeroed struct (glibc
                // refuses its own internal signals, which are then left out).
                unsafe {
                    let mut old: libc::sigaction = std::mem::zeroed();
                    libc::sigaction(sig, std::ptr::null(), &mut old) == 0
                        && old.sa_sigaction == libc::SIG_IGN
                }
            })
            .collect()
    });
}

/// Starts the child and returns its pid (or -1). With `share_memory`, the child runs on a stack
/// of its own in the zygote's memory (`CLONE_VM | CLONE_VFORK`, as `posix_spawn` does) and the
/// zygote waits until it has exec'd or failed; otherwise it is an ordinary fork.
pub(super) fn spawn(child: &Child<'_>, share_memory: bool) -> libc::pid_t {
    note_ignored_signals();
    extern "C" fn start(arg: *mut libc::c_void) -> libc::c_int {
        // SAFETY: `arg` is the `Child` that `spawn` passed and keeps alive (the parent is
        // suspended until this child execs or exits).
        let child = unsafe { &*(arg as *const Child<'_>) };
        exec_child(child)
    }
    if !share_memory {
        // SAFETY: the zygote is single-threaded, so the child may run arbitrary (but here only
        // async-signal-safe) code before exec.
        let pid = unsafe { libc::fork() };
        if pid == 0 {
            exec_child(child);
        }
        return pid;
    }
    static STACK: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let stack = *STACK.get_or_init(|| {
        // Kept for the zygote's lifetime; its pages are touched only as deep as a child goes.
        let memory: &'static mut [u8] = Box::leak(vec![0u8; CHILD_STACK].into_boxed_slice());
        memory.as_mut_ptr() as usize
    });
    // The stack grows down from its 16-byte aligned top.
    let top = (stack + CHILD_STACK) & !15;
    // Whether a process is dumpable belongs to its memory, which the child shares until it
    // execs: its uid change sets the flag to the machine's `suid_dumpable`, and it makes itself
    // dumpable to write its user namespace's maps. The zygote's own flag is put back after.
    // SAFETY: prctl on this process.
    let dumpable = unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) };
    // SAFETY: the child runs `start` on its own stack and only makes async-signal-safe calls
    // that write nothing but its own stack (and errno) before it execs or exits; CLONE_VFORK
    // keeps this (single-threaded) process suspended until then, so nothing else touches the
    // shared memory meanwhile and `child` outlives the call.
    let pid = unsafe {
        libc::clone(
            start,
            top as *mut libc::c_void,
            libc::CLONE_VM | libc::CLONE_VFORK | libc::SIGCHLD,
            child as *const Child<'_> as *mut libc::c_void,
        )
    };
    if dumpable >= 0 {
        // SAFETY: prctl on this process.
        unsafe { libc::prctl(libc::PR_SET_DUMPABLE, dumpable as libc::c_ulong, 0, 0, 0) };
    }
    pid
}

/// `clone_args` of `clone3(2)`.
#[repr(C)]
#[derive(Default)]
struct CloneArgs {
    flags: u64,
    pidfd: u64,
    child_tid: u64,
    parent_tid: u64,
    exit_signal: u64,
    stack: u64,
    stack_size: u64,
    tls: u64,
    set_tid: u64,
    set_tid_size: u64,
    cgroup: u64,
}

/// Starts the child inside a cgroup v2: with `clone3(CLONE_INTO_CGROUP)` (Linux 5.7+) when the
/// target allows it, a fork whose child is born there (no process is migrated); otherwise an
/// ordinary fork whose child first moves itself through the folder's `cgroup.procs`. Returns
/// the pid, or -1.
pub(super) fn spawn_into_cgroup(
    child: &Child<'_>,
    target: super::cgroup::SpawnTarget,
) -> libc::pid_t {
    const CLONE_INTO_CGROUP: u64 = 0x2_0000_0000;
    note_ignored_signals();
    if let Some(folder) = target.folder {
        let args = CloneArgs {
            flags: CLONE_INTO_CGROUP,
            exit_signal: libc::SIGCHLD as u64,
            cgroup: folder as u64,
            ..CloneArgs::default()
        };
        // SAFETY: clone3 without CLONE_VM or a stack is a fork: the child continues here on a
        // copy of this (single-threaded) process and only makes async-signal-safe calls before
        // it execs.
        let pid = unsafe {
            libc::syscall(
                libc::SYS_clone3,
                &args as *const CloneArgs,
                std::mem::size_of::<CloneArgs>(),
            )
        } as libc::pid_t;
        if pid == 0 {
            exec_child(child);
        }
        let unsupported = pid < 0
            && matches!(
                io::Error::last_os_error().raw_os_error(),
                Some(libc::ENOSYS | libc::E2BIG | libc::EINVAL)
            );
        if !unsupported {
            return pid;
        }
    }
    let child = Child {
        join_cgroup: Some(target.procs),
        ..*child
    };
    // SAFETY: as in `spawn`: the zygote is single-threaded.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        exec_child(&child);
    }
    pid
}

/// Runs in the child: only async-signal-safe calls, no allocation, nothing written outside its
/// own stack. Never returns.
pub(super) fn exec_child(child: &Child<'_>) -> ! {
    let p = child.prepared;
    let report_errno = child.report_errno;
    // SAFETY: plain syscalls on prepared data; we are the only thread of the child.
    unsafe {
        if let Some(fd) = child.join_cgroup
            && libc::write(fd, b"0".as_ptr().cast(), 1) != 1
        {
            fail_child(report_errno, 7);
        }
        // The zygote's descriptors 0–2 are its own; the run's are above 2 (received over the
        // socket while 0–2 were open), so no dup2 target clobbers a source still needed.
        for (target, fd) in child.stdio.iter().enumerate() {
            if libc::dup2(fd.as_raw_fd(), target as i32) < 0 {
                fail_child(report_errno, 5);
            }
        }
        // Nothing but 0, 1, 2 may reach the solution: every other descriptor closes on exec.
        libc::syscall(
            libc::SYS_close_range,
            3u32,
            u32::MAX,
            libc::CLOSE_RANGE_CLOEXEC,
        );
        // The zygote blocks SIGCHLD (it reads it from a signalfd) and ignores signals; the
        // solution starts with none blocked and every one at its default (handlers are reset
        // by exec, ignored signals are not: `IGNORED_SIGNALS`).
        let mut none: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut none);
        libc::sigprocmask(libc::SIG_SETMASK, &none, std::ptr::null_mut());
        let ignored = IGNORED_SIGNALS.get().map_or(
            &[libc::SIGINT, libc::SIGQUIT, libc::SIGPIPE][..],
            Vec::as_slice,
        );
        for &sig in ignored.iter().chain(&[libc::SIGCHLD]) {
            libc::signal(sig, libc::SIG_DFL);
        }
        // The usual umask, not the judge's: the modes of the files a solution creates (which a
        // test may expect) must not depend on who started the judge (077, 002…).
        libc::umask(0o022);
        // Nor a real-time policy the judge was started with (`chrt -f`): a busy run would keep
        // its CPU from the zygote that has to stop it at its limit. (Niceness, a batch or idle
        // policy and the CPUs allowed stay as the judge's: they are the user's to choose.)
        let policy = libc::sched_getscheduler(0);
        if policy == libc::SCHED_FIFO || policy == libc::SCHED_RR {
            let normal = libc::sched_param { sched_priority: 0 };
            libc::sched_setscheduler(0, libc::SCHED_OTHER, &normal);
        }
        // IPC and UTS namespaces of the run's own (the PID and network ones are the zygote's,
        // used by one run at a time); with a user namespace of its own, they come with it.
        if child.new_namespaces
            && p.user.is_none()
            && libc::unshare(libc::CLONE_NEWIPC | libc::CLONE_NEWUTS) != 0
        {
            fail_child(report_errno, 6);
        }
    }
    allow_oom_kill();
    // SAFETY: prctl on the child itself.
    unsafe {
        // Ambient capabilities survive the exec of a non-root program: a judge started with
        // some (systemd's `AmbientCapabilities=`, `setpriv --ambient-caps`) would hand them to
        // every run where no user namespace of the run's own clears them (CAP_DAC_READ_SEARCH
        // reads any file, the hidden tests' included).
        libc::prctl(
            libc::PR_CAP_AMBIENT,
            libc::PR_CAP_AMBIENT_CLEAR_ALL,
            0,
            0,
            0,
        );
    }
    // SAFETY: as above.
    unsafe {
        libc::setsid();
        for (resource, soft, hard) in &p.limits {
            let limit = libc::rlimit {
                rlim_cur: *soft,
                rlim_max: *hard,
            };
            libc::setrlimit(*resource, &limit);
        }
        if let Some((uid, gid)) = p.run_as
            && (libc::setgroups(0, std::ptr::null()) != 0
                || libc::setgid(gid) != 0
                || libc::setuid(uid) != 0)
        {
            fail_child(report_errno, 1);
        }
        if let Some((uid_map, gid_map)) = &p.user {
            enter_own_user_namespace(uid_map, gid_map, report_errno);
        }
        for (resource, soft, hard) in &p.late_limits {
            let limit = libc::rlimit {
                rlim_cur: *soft,
                rlim_max: *hard,
            };
            libc::setrlimit(*resource, &limit);
        }
        if let Some(root) = p.chroot
            && (libc::fchdir(root) != 0
                || libc::chroot(c".".as_ptr()) != 0
                || libc::chdir(c"/".as_ptr()) != 0)
        {
            fail_child(report_errno, 9);
        }
        libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        if libc::chdir(p.cwd.as_ptr()) != 0 {
            fail_child(report_errno, 2);
        }
        // The ruleset was built before the fork; restricting is one syscall.
        if let Some(fd) = child.ruleset
            && libc::syscall(libc::SYS_landlock_restrict_self, fd, 0u32) != 0
        {
            fail_child(report_errno, 4);
        }
        libc::execve(p.program.as_ptr(), child.argv.as_ptr(), child.envp.as_ptr());
        fail_child(report_errno, 3);
    }
}

/// Moves the child (already running as the run's user) into a user namespace of its own, with
/// IPC and UTS namespaces owned by it, its ids mapped to themselves, and a session keyring of its
/// own: per-user kernel state (keyrings, message queues) cannot pass between runs, even of
/// one zygote, nor reach the judge's. Async-signal-safe.
unsafe fn enter_own_user_namespace(uid_map: &CString, gid_map: &CString, report_errno: i32) {
    /// `KEYCTL_JOIN_SESSION_KEYRING` of keyctl(2).
    const JOIN_SESSION_KEYRING: libc::c_long = 1;
    // SAFETY: plain syscalls on prepared, NUL-terminated data.
    unsafe {
        // Dropping root made the child undumpable, which makes its /proc files root's: it could
        // not write its own maps.
        libc::prctl(libc::PR_SET_DUMPABLE, 1, 0, 0, 0);
        if libc::unshare(libc::CLONE_NEWUSER | libc::CLONE_NEWIPC | libc::CLONE_NEWUTS) != 0
            || !write_proc_self(c"/proc/self/setgroups", b"deny")
            || !write_proc_self(c"/proc/self/uid_map", uid_map.as_bytes())
            || !write_proc_self(c"/proc/self/gid_map", gid_map.as_bytes())
        {
            fail_child(report_errno, 8);
        }
        if libc::syscall(
            libc::SYS_keyctl,
            JOIN_SESSION_KEYRING,
            std::ptr::null::<libc::c_char>(),
        ) < 0
        {
            fail_child(report_errno, 8);
        }
        // Undumpable again before the exec (which makes the run's own new memory dumpable or
        // not as for any program): a child sharing the zygote's memory made the zygote dumpable
        // too, and the run's first process must not start while it is.
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

/// Writes `content` to a file of `/proc/self`. Async-signal-safe.
unsafe fn write_proc_self(path: &std::ffi::CStr, content: &[u8]) -> bool {
    // SAFETY: open, write and close with a NUL-terminated path and a live buffer.
    unsafe {
        let fd = libc::open(path.as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC);
        if fd < 0 {
            return false;
        }
        let written = libc::write(fd, content.as_ptr().cast(), content.len());
        libc::close(fd);
        written == content.len() as isize
    }
}

/// The run's processes may be chosen by the OOM killer (the zygote made itself immune, and
/// its children inherit that). Async-signal-safe.
fn allow_oom_kill() {
    // SAFETY: open, write and close of a procfs file with a static path.
    unsafe {
        let fd = libc::open(
            c"/proc/self/oom_score_adj".as_ptr(),
            libc::O_WRONLY | libc::O_CLOEXEC,
        );
        if fd >= 0 {
            libc::write(fd, b"0".as_ptr().cast(), 1);
            libc::close(fd);
        }
    }
}

/// Tells the supervisor through the errno pipe which step failed, then exits.
unsafe fn fail_child(pipe: i32, step: i32) -> ! {
    // SAFETY: write and _exit are async-signal-safe.
    unsafe {
        let errno = *libc::__errno_location();
        let message = [step, errno];
        libc::write(
            pipe,
            message.as_ptr().cast(),
            std::mem::size_of_val(&message),
        );
        libc::_exit(127)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    /// Runs `check` in a forked copy of this process (single-threaded, so that a child sharing
    /// its memory sees only it) and returns its exit status.
    fn in_a_forked_process(check: fn() -> i32) -> i32 {
        // SAFETY: the forked child runs `check` and `_exit`s; glibc's malloc and Rust's
        // allocator are usable after fork, and the child makes no use of other threads' state.
        let pid = unsafe { libc::fork() };
        assert!(pid >= 0, "fork: {}", io::Error::last_os_error());
        if pid == 0 {
            // SAFETY: `_exit` with the check's answer.
            unsafe { libc::_exit(check()) };
        }
        let mut status = 0;
        // SAFETY: waits for the child just forked.
        assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
        assert!(
            libc::WIFEXITED(status),
            "the forked check died: {status:#x}"
        );
        libc::WEXITSTATUS(status)
    }

    /// True (after saying so) when these checks cannot run: they need root.
    fn skipped_unless_root(why: &str) -> bool {
        let skipped = !rustix::process::geteuid().is_root();
        if skipped {
            eprintln!("skipped: {why} needs root");
        }
        skipped
    }

    /// Starts `program` (`args` from argv[0] on) from `/` the way the zygote starts a run, with
    /// `stdout` (stdin and stderr /dev/null), a user namespace of its own mapping `user` when
    /// given, and sharing this process's memory when `shared`; waits for the child, and returns
    /// whether it exec'd.
    fn run_child(
        program: &CStr,
        args: &[&CStr],
        stdout: OwnedFd,
        user: Option<(CString, CString)>,
        shared: bool,
    ) -> bool {
        let setup = ChildSetup {
            program: program.into(),
            argv: args.iter().map(|&a| a.into()).collect(),
            envp: Vec::new(),
            cwd: c"/".into(),
            limits: Vec::new(),
            late_limits: Vec::new(),
            run_as: None,
            user,
            chroot: None,
        };
        let null = || std::fs::File::open("/dev/null").map(OwnedFd::from);
        let (Ok(stdin), Ok(stderr)) = (null(), null()) else {
            return false;
        };
        let stdio: Stdio = [stdin, stdout, stderr];
        let argv: Vec<_> = setup
            .argv
            .iter()
            .map(|a| a.as_ptr())
            .chain([std::ptr::null()])
            .collect();
        let envp = [std::ptr::null()];
        let Ok((errors, report)) = rustix::pipe::pipe_with(rustix::pipe::PipeFlags::CLOEXEC) else {
            return false;
        };
        let child = Child {
            prepared: &setup,
            argv: &argv,
            envp: &envp,
            stdio: &stdio,
            ruleset: None,
            new_namespaces: setup.user.is_some(),
            report_errno: report.as_raw_fd(),
            join_cgroup: None,
        };
        let pid = spawn(&child, shared);
        drop(report);
        let mut failed = [0u8; 8];
        let execd = pid > 0 && rustix::io::read(&errors, &mut failed).is_ok_and(|n| n == 0);
        let mut status = 0;
        // SAFETY: waits for the child just started.
        unsafe { libc::waitpid(pid, &mut status, 0) };
        execd
    }

    /// A child started sharing the zygote's memory makes itself dumpable to write its own user
    /// namespace's maps; dumpability belongs to the memory, so the zygote would stay dumpable
    /// after the child's exec, and a run of the judge's own user could then open the zygote's
    /// `/proc/1/mem` and `/proc/1/root` (Landlock aside).
    #[test]
    fn a_child_sharing_the_zygotes_memory_leaves_it_undumpable() {
        if skipped_unless_root("mapping root in a user namespace") {
            return;
        }
        fn check() -> i32 {
            let Ok(null) = std::fs::File::create("/dev/null") else {
                return 10;
            };
            // SAFETY: prctl on this (forked, single-threaded) process.
            unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) };
            let root = || Some((c"0 0 1".into(), c"0 0 1".into()));
            if !run_child(c"/bin/true", &[c"true"], null.into(), root(), true) {
                return 11;
            }
            // SAFETY: as above.
            let dumpable = unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) };
            i32::from(dumpable != 0)
        }
        assert_eq!(
            in_a_forked_process(check),
            0,
            "1: the process that started the child is dumpable after the child's exec; \
             10–11: the check could not run"
        );
    }

    /// The capability sets of capget(2)/capset(2), version 3.
    #[repr(C)]
    struct CapHeader {
        version: u32,
        pid: i32,
    }
    #[repr(C)]
    #[derive(Clone, Copy, Default)]
    struct CapData {
        effective: u32,
        permitted: u32,
        inheritable: u32,
    }

    #[test]
    fn a_run_gets_none_of_the_judges_ambient_capabilities() {
        if skipped_unless_root("giving a user an ambient capability") {
            return;
        }
        fn check() -> i32 {
            const DAC_READ_SEARCH: u32 = 2;
            let mut header = CapHeader {
                version: 0x2008_0522,
                pid: 0,
            };
            let mut data = [CapData::default(); 2];
            // Opened while still root: the file is root's.
            let Ok(out) = tempfile::NamedTempFile::new() else {
                return 10;
            };
            let (Ok(stdout), Ok(mut seen)) = (out.reopen(), out.reopen()) else {
                return 10;
            };
            // As `setpriv --reuid --inh-caps --ambient-caps` does: a non-root user keeping a
            // capability, raised as ambient (root's exec clears ambient capabilities itself).
            // SAFETY: prctl, setresuid, capget and capset on this (forked, single-threaded)
            // process, with version-3 structs.
            let raised = unsafe {
                libc::prctl(libc::PR_SET_KEEPCAPS, 1, 0, 0, 0) == 0
                    && libc::setresgid(65534, 65534, 65534) == 0
                    && libc::setresuid(65534, 65534, 65534) == 0
                    && libc::syscall(libc::SYS_capget, &mut header, data.as_mut_ptr()) == 0
                    && {
                        data[0].inheritable |= 1 << DAC_READ_SEARCH;
                        libc::syscall(libc::SYS_capset, &header, data.as_ptr()) == 0
                            && libc::prctl(
                                libc::PR_CAP_AMBIENT,
                                libc::PR_CAP_AMBIENT_RAISE,
                                DAC_READ_SEARCH as libc::c_ulong,
                                0,
                                0,
                            ) == 0
                    }
            };
            if !raised {
                return 11;
            }
            let shell = [c"sh", c"-c", c"grep CapAmb /proc/self/status"];
            if !run_child(c"/bin/sh", &shell, stdout.into(), None, false) {
                return 12;
            }
            let mut line = String::new();
            match std::io::Read::read_to_string(&mut seen, &mut line) {
                Ok(_) if line.trim() == "CapAmb:\t0000000000000000" => 0,
                Ok(_) => 1,
                Err(_) => 13,
            }
        }
        assert_eq!(
            in_a_forked_process(check),
            0,
            "1: the run kept the ambient capability; 10–13: the check could not run"
        );
    }
}
