//! The supervisor: a tiny process per run (forked by the zygote, see `sandbox::zygote`) that owns
//! the run's process tree. It becomes a child subreaper, starts
//! the solution in its own session with the run's limits (and, as root, as an unprivileged user),
//! waits for it with the wall-clock limit, and then kills every process the run started —
//! including ones that left the process group — before it reports and exits. It is
//! single-threaded, so forking inside it is safe; the multi-threaded judge never forks.
//!
//! Protocol: the `Request` comes from the zygote. fd 3 is the control pipe: a byte on it (or its
//! end, when the judge dies) means "stop the run now". fd 4 receives one JSON `Report` line.
//! fds 0, 1 and 2 are the run's stdin, stdout and stderr.

use std::ffi::CString;
use std::io::{self, Write};
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// fd of the control pipe in the supervisor.
pub const CONTROL_FD: i32 = 3;
/// fd of the report pipe in the supervisor.
pub const REPORT_FD: i32 = 4;

/// What to run and under which limits.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    /// Program and arguments; the program is looked up in the run's `PATH` when it has no `/`.
    pub argv: Vec<String>,
    pub cwd: String,
    /// The run's whole environment.
    pub env: Vec<(String, String)>,
    pub wall_ms: u64,
    pub cpu_ms: u64,
    /// Address-space limit in bytes (`RLIMIT_AS`), or none for runtimes that reserve large
    /// address spaces (their limit is then the data segment, `data_bytes`).
    pub address_space_bytes: Option<u64>,
    pub data_bytes: Option<u64>,
    pub file_size_bytes: u64,
    pub processes: u32,
    pub open_files: u64,
    /// Run as this uid/gid (set when the judge is root).
    pub run_as: Option<(u32, u32)>,
    /// Confine the run with Landlock to these paths.
    pub landlock: Option<super::landlock::Policy>,
    /// Run in fresh user (when not root), PID, network, IPC and UTS namespaces, under an init
    /// process whose death takes every process of the run with it.
    pub namespaces: bool,
    /// Put the run in its own cgroup v1 (pids, memory, cpuacct): exact process and memory
    /// limits for the run as a whole, exact CPU time, and a reliable memory-limit verdict.
    #[serde(default)]
    pub cgroup: bool,
}

/// How the run ended, as the supervisor saw it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Exit status of the main process, when it exited.
    pub exit_code: Option<i32>,
    /// Signal that ended the main process, when one did.
    pub signal: Option<i32>,
    pub wall_ns: u64,
    /// User + system time of every process of the run that was reaped.
    pub cpu_ns: u64,
    pub max_rss_kib: u64,
    /// The wall-clock limit was reached.
    pub wall_limit: bool,
    /// The CPU limit of the run as a whole was reached (measured by its cgroup).
    #[serde(default)]
    pub cpu_limit: bool,
    /// The run's cgroup hit its memory limit.
    #[serde(default)]
    pub memory_limit: bool,
    /// The judge asked for the run to stop (output cap, Ctrl-C) or went away.
    pub stopped_by_judge: bool,
    /// Processes still alive after the main one ended, killed by the teardown.
    pub strays_killed: u32,
    /// The solution could not be started (no such program, exec format error).
    pub spawn_error: Option<String>,
    /// Something in the supervisor itself failed.
    pub internal_error: Option<String>,
}

/// Supervises one run in this (forked, single-threaded) process, whose fds 0–4 are the run's
/// stdin, stdout, stderr, control and report. Returns the exit code for the process.
pub fn serve(request: &Request) -> i32 {
    // Nothing but 0, 1, 2 may reach the solution: every other descriptor closes on exec.
    // SAFETY: close_range only changes descriptor flags; signal dispositions are our own.
    unsafe {
        libc::syscall(
            libc::SYS_close_range,
            3u32,
            u32::MAX,
            libc::CLOSE_RANGE_CLOEXEC,
        );
        // The terminal's Ctrl-C reaches the judge's whole process group; the judge handles it
        // and tells us through the control pipe, so we must not die of it first.
        libc::signal(libc::SIGINT, libc::SIG_IGN);
        libc::signal(libc::SIGQUIT, libc::SIG_IGN);
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    // SAFETY: fd 3 is the control pipe handed to us by the judge.
    let control = unsafe { OwnedFd::from_raw_fd(CONTROL_FD) };
    let report = match rustix::process::set_child_subreaper(Some(rustix::process::getpid())) {
        Ok(()) => run(request, &control),
        Err(e) => Report {
            internal_error: Some(format!("becoming a subreaper: {e}")),
            ..Report::default()
        },
    };
    match send_report(&report) {
        Ok(()) => 0,
        Err(_) => 70,
    }
}

/// Writes the report line on fd 4.
pub fn send_report(report: &Report) -> io::Result<()> {
    // SAFETY: fd 4 is the report pipe handed to us by the judge.
    let mut out = unsafe { std::fs::File::from_raw_fd(REPORT_FD) };
    let mut line = serde_json::to_vec(report).map_err(io::Error::other)?;
    line.push(b'\n');
    out.write_all(&line)?;
    let _ = std::io::BufWriter::new(&mut out).flush();
    Ok(())
}

/// Everything the child needs, prepared before fork so the child only makes syscalls.
struct Prepared {
    program: CString,
    argv: Vec<CString>,
    envp: Vec<CString>,
    cwd: CString,
    limits: Vec<(libc::__rlimit_resource_t, libc::rlim_t, libc::rlim_t)>,
    run_as: Option<(u32, u32)>,
}

fn cstring(text: &str) -> io::Result<CString> {
    CString::new(text).map_err(|_| io::Error::other(format!("NUL byte in {text:?}")))
}

fn prepare(request: &Request) -> io::Result<Prepared> {
    let first = request
        .argv
        .first()
        .ok_or_else(|| io::Error::other("empty command"))?;
    let path_var = request
        .env
        .iter()
        .find(|(k, _)| k == "PATH")
        .map(|(_, v)| v.as_str())
        .unwrap_or("/usr/bin:/bin");
    let program = resolve_program(first, path_var, &request.cwd).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::NotFound,
            format!("`{first}` was not found on PATH ({path_var})"),
        )
    })?;
    let cpu_secs = request.cpu_ms.div_ceil(1000).max(1);
    let mut limits = vec![
        (libc::RLIMIT_CPU, cpu_secs, cpu_secs + 1),
        (
            libc::RLIMIT_FSIZE,
            request.file_size_bytes,
            request.file_size_bytes,
        ),
        (libc::RLIMIT_CORE, 0, 0),
        (libc::RLIMIT_NOFILE, request.open_files, request.open_files),
    ];
    // With a cgroup the memory limit applies to the run as a whole and is enforced by the
    // kernel's accounting; an address-space limit would only make allocations fail early.
    let cgroup = uses_cgroup(request);
    if let Some(bytes) = request.address_space_bytes.filter(|_| !cgroup) {
        limits.push((libc::RLIMIT_AS, bytes, bytes));
    }
    if let Some(bytes) = request.data_bytes.filter(|_| !cgroup) {
        limits.push((libc::RLIMIT_DATA, bytes, bytes));
    }
    // RLIMIT_NPROC counts every process of the user, not just the run's. As an unprivileged
    // judge the user's other processes count too, so the run gets its limit on top of them.
    let already = if request.run_as.is_some() {
        0
    } else {
        processes_of_user(rustix::process::getuid().as_raw())
    };
    let nproc = u64::from(request.processes) + already;
    // With a cgroup, pids.max counts the run's own processes only; RLIMIT_NPROC would count
    // every process of the (shared) run user, so concurrent runs would starve each other.
    if !cgroup {
        limits.push((libc::RLIMIT_NPROC, nproc, nproc));
    }
    Ok(Prepared {
        program: cstring(&program)?,
        argv: request
            .argv
            .iter()
            .map(|a| cstring(a))
            .collect::<io::Result<_>>()?,
        envp: request
            .env
            .iter()
            .map(|(k, v)| cstring(&format!("{k}={v}")))
            .collect::<io::Result<_>>()?,
        cwd: cstring(&request.cwd)?,
        limits,
        run_as: request.run_as,
    })
}

fn resolve_program(name: &str, path_var: &str, cwd: &str) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let is_exec = |p: &std::path::Path| {
        p.metadata()
            .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
            .unwrap_or(false)
    };
    if name.contains('/') {
        let path = std::path::Path::new(cwd).join(name);
        return Some(path.to_string_lossy().into_owned());
    }
    path_var
        .split(':')
        .map(|dir| std::path::Path::new(dir).join(name))
        .find(|p| is_exec(p))
        .map(|p| p.to_string_lossy().into_owned())
}

fn processes_of_user(uid: u32) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::read_dir("/proc")
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .bytes()
                        .all(|b| b.is_ascii_digit())
                })
                .filter(|e| e.metadata().map(|m| m.uid() == uid).unwrap_or(false))
                .count() as u64
        })
        .unwrap_or(0)
}

/// Runs in the forked child: only async-signal-safe calls, no allocation. Never returns.
fn exec_child(
    p: &Prepared,
    argv: &[*const libc::c_char],
    envp: &[*const libc::c_char],
    ruleset: Option<landlock::RulesetCreated>,
    report_errno: i32,
) -> ! {
    allow_oom_kill();
    // SAFETY: plain syscalls on prepared data; we are the only thread of the forked child.
    unsafe {
        libc::setsid();
        for (resource, soft, hard) in &p.limits {
            let limit = libc::rlimit {
                rlim_cur: *soft,
                rlim_max: *hard,
            };
            libc::setrlimit(*resource, &limit);
        }
        for sig in [libc::SIGINT, libc::SIGQUIT, libc::SIGPIPE] {
            libc::signal(sig, libc::SIG_DFL);
        }
        if let Some((uid, gid)) = p.run_as
            && (libc::setgroups(0, std::ptr::null()) != 0
                || libc::setgid(gid) != 0
                || libc::setuid(uid) != 0)
        {
            fail_child(report_errno, 1);
        }
        libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        if libc::chdir(p.cwd.as_ptr()) != 0 {
            fail_child(report_errno, 2);
        }
        // The supervisor is single-threaded, so this forked child may use the ruleset built
        // before the fork; restricting needs only two syscalls.
        if let Some(ruleset) = ruleset
            && ruleset.restrict_self().is_err()
        {
            fail_child(report_errno, 4);
        }
        libc::execve(p.program.as_ptr(), argv.as_ptr(), envp.as_ptr());
        fail_child(report_errno, 3);
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

fn run(request: &Request, control: &OwnedFd) -> Report {
    let mut report = Report::default();
    let prepared = match prepare(request) {
        Ok(p) => p,
        Err(e) => {
            report.spawn_error = Some(e.to_string());
            return report;
        }
    };
    let argv: Vec<*const libc::c_char> = prepared
        .argv
        .iter()
        .map(|a| a.as_ptr())
        .chain(std::iter::once(std::ptr::null()))
        .collect();
    let envp: Vec<*const libc::c_char> = prepared
        .envp
        .iter()
        .map(|a| a.as_ptr())
        .chain(std::iter::once(std::ptr::null()))
        .collect();
    let ruleset = match request
        .landlock
        .as_ref()
        .map(super::landlock::build)
        .transpose()
    {
        Ok(ruleset) => ruleset,
        Err(e) => {
            report.internal_error = Some(format!("building the Landlock ruleset: {e}"));
            return report;
        }
    };
    // The zygote's cgroups, set up for this run alone (its runs never overlap).
    let cgroup = super::zygote::cgroup().filter(|_| uses_cgroup(request));
    let oom_kills_before = match cgroup.map(|c| {
        let memory = request
            .address_space_bytes
            .or(request.data_bytes)
            .unwrap_or(u64::MAX / 2);
        // The zygote, this supervisor and the run's init count as processes too.
        c.prepare_run(request.processes.saturating_add(3), memory)
    }) {
        None => 0,
        Some(Ok(before)) => before,
        Some(Err(e)) => {
            report.internal_error = Some(format!("setting the run's cgroup limits: {e}"));
            return report;
        }
    };
    if request.namespaces
        && let Err(e) =
            super::namespaces::enter(request.run_as.is_none(), super::zygote::shared_network())
    {
        report.internal_error = Some(format!("entering namespaces: {e}"));
        return report;
    }
    // Close-on-exec pipes: a successful exec closes the first empty, a failure writes
    // (step, errno); the run's init writes the main process's wait status on the second.
    let cloexec = || rustix::pipe::pipe_with(rustix::pipe::PipeFlags::CLOEXEC);
    let ((errno_read, errno_write), (status_read, status_write)) =
        match cloexec().and_then(|a| Ok((a, cloexec()?))) {
            Ok(pipes) => pipes,
            Err(e) => {
                report.internal_error = Some(format!("pipe: {e}"));
                return report;
            }
        };
    let started = Instant::now();
    // SAFETY: the supervisor is single-threaded, so the child may run arbitrary (but here only
    // async-signal-safe) code before exec.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        report.internal_error = Some(format!("fork: {}", io::Error::last_os_error()));
        return report;
    }
    if pid == 0 {
        if request.namespaces {
            run_init(
                &prepared,
                &argv,
                &envp,
                ruleset,
                errno_write.as_raw_fd(),
                status_write.as_raw_fd(),
            );
        }
        exec_child(&prepared, &argv, &envp, ruleset, errno_write.as_raw_fd());
    }
    drop(errno_write);
    drop(status_write);
    drop(ruleset);
    let mut failure = [0i32; 2];
    // SAFETY: reading plain integers from our own pipe.
    let got = unsafe {
        libc::read(
            errno_read.as_raw_fd(),
            failure.as_mut_ptr().cast(),
            std::mem::size_of_val(&failure),
        )
    };
    if got == std::mem::size_of_val(&failure) as isize {
        let step = match failure[0] {
            1 => "dropping privileges",
            2 => "entering the working folder",
            4 => "applying Landlock",
            _ => "starting the program",
        };
        report.spawn_error = Some(format!(
            "{step} failed for `{}`: {}",
            request.argv[0],
            io::Error::from_raw_os_error(failure[1])
        ));
    }
    let deadline = started + Duration::from_millis(request.wall_ms);
    let cpu_limit = Duration::from_millis(request.cpu_ms);
    let outcome = wait_main(pid, deadline, control, cgroup.map(|c| (c, cpu_limit)));
    report.wall_ns = started.elapsed().as_nanos() as u64;
    let outcome = match outcome {
        // With namespaces the child is the run's init: the main process's status comes from it.
        Waited::Exited(_) if request.namespaces => match read_status(&status_read) {
            Some(status) => Waited::Exited(status),
            None => {
                report.internal_error = Some("the run's init ended without a status".into());
                return report;
            }
        },
        other => other,
    };
    match outcome {
        Waited::Exited(status) => {
            if libc::WIFEXITED(status) {
                report.exit_code = Some(libc::WEXITSTATUS(status));
            } else if libc::WIFSIGNALED(status) {
                report.signal = Some(libc::WTERMSIG(status));
            }
        }
        Waited::WallLimit => report.wall_limit = true,
        Waited::CpuLimit => report.cpu_limit = true,
        Waited::Stopped => report.stopped_by_judge = true,
    }
    if !matches!(outcome, Waited::Exited(_)) && request.namespaces {
        // The run's init kills everything in the namespace and reaps the main process.
        stop_init(pid);
        if let Some(status) = read_status(&status_read)
            && libc::WIFSIGNALED(status)
        {
            report.signal = Some(libc::WTERMSIG(status));
        }
    } else if !matches!(outcome, Waited::Exited(_)) {
        // The main process is still alive: kill its group and itself, and collect its status.
        // SAFETY: signalling and reaping our own child.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
            libc::kill(pid, libc::SIGKILL);
            let mut status = 0;
            libc::waitpid(pid, &mut status, 0);
            if libc::WIFSIGNALED(status) {
                report.signal = Some(libc::WTERMSIG(status));
            }
        }
    }
    report.strays_killed = kill_everything(pid);
    // SAFETY: getrusage on ourselves.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    let to_ns = |tv: libc::timeval| tv.tv_sec as u64 * 1_000_000_000 + tv.tv_usec as u64 * 1000;
    report.cpu_ns = to_ns(usage.ru_utime) + to_ns(usage.ru_stime);
    report.max_rss_kib = usage.ru_maxrss as u64;
    if let Some(cgroup) = cgroup {
        // The cgroup saw every process, including those killed before anyone reaped them.
        let measured = cgroup.usage(oom_kills_before);
        report.cpu_ns = measured.cpu_ns.unwrap_or(report.cpu_ns);
        report.max_rss_kib = measured
            .peak_memory
            .map_or(report.max_rss_kib, |bytes| bytes / 1024);
        report.memory_limit = measured.memory_limit_hit;
    }
    report
}

/// The run's init (PID 1 of the run's PID namespace): starts the main process, reaps every
/// orphan, and when the main process ends reports its status and exits — the kernel then kills
/// every process left in the namespace. Never returns.
fn run_init(
    p: &Prepared,
    argv: &[*const libc::c_char],
    envp: &[*const libc::c_char],
    ruleset: Option<landlock::RulesetCreated>,
    errno_pipe: i32,
    status_pipe: i32,
) -> ! {
    // SAFETY: we are the single-threaded init; sigaction, fork, wait, kill, write and _exit only.
    unsafe {
        // SIGUSR1 from the supervisor means "stop the run": without SA_RESTART it interrupts
        // waitpid below, and init then kills the run itself so that it can still reap the main
        // process (and its CPU time reaches the supervisor's accounts).
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_stop_request as *const () as usize;
        libc::sigaction(libc::SIGUSR1, &action, std::ptr::null_mut());
        let main = libc::fork();
        if main < 0 {
            fail_child(errno_pipe, 5);
        }
        if main == 0 {
            exec_child(p, argv, envp, ruleset, errno_pipe);
        }
        drop(ruleset);
        libc::close(errno_pipe);
        loop {
            let mut status = 0;
            let reaped = libc::waitpid(-1, &mut status, 0);
            if reaped == main {
                libc::write(
                    status_pipe,
                    (&raw const status).cast(),
                    std::mem::size_of::<i32>(),
                );
                libc::_exit(0);
            }
            if reaped < 0 && *libc::__errno_location() != libc::EINTR {
                libc::_exit(1);
            }
            // Only ever as PID 1 of the run's own namespace, where -1 means "everyone in here".
            if STOP_REQUESTED.load(std::sync::atomic::Ordering::SeqCst) && libc::getpid() == 1 {
                libc::kill(-1, libc::SIGKILL);
            }
        }
    }
}

/// Set in the run's init when the supervisor asks it to stop the run.
static STOP_REQUESTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

extern "C" fn on_stop_request(_: libc::c_int) {
    STOP_REQUESTED.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// How long the run's init gets to kill and reap the run before it is killed itself.
const INIT_GRACE: Duration = Duration::from_millis(500);

/// Asks the run's init to kill the run and reap the main process; kills the init when it does
/// not finish in time. Returns the init's wait status.
fn stop_init(init: libc::pid_t) -> i32 {
    // SAFETY: signalling and reaping our own child.
    unsafe {
        libc::kill(init, libc::SIGUSR1);
        let deadline = Instant::now() + INIT_GRACE;
        loop {
            let mut status = 0;
            if libc::waitpid(init, &mut status, libc::WNOHANG) == init {
                return status;
            }
            if Instant::now() >= deadline {
                libc::kill(init, libc::SIGKILL);
                libc::waitpid(init, &mut status, 0);
                return status;
            }
            std::thread::sleep(Duration::from_micros(500));
        }
    }
}

fn read_status(pipe: &OwnedFd) -> Option<i32> {
    let mut bytes = [0u8; 4];
    match rustix::io::read(pipe, &mut bytes) {
        Ok(4) => Some(i32::from_ne_bytes(bytes)),
        _ => None,
    }
}

/// True when this run is limited and measured by the zygote's cgroups.
fn uses_cgroup(request: &Request) -> bool {
    request.cgroup && super::zygote::cgroup().is_some()
}

enum Waited {
    Exited(i32),
    WallLimit,
    CpuLimit,
    Stopped,
}

/// Waits for the main process, the deadline, or a word from the judge, whichever comes first.
/// With a cgroup, its CPU time is checked this often against the run's CPU limit.
const CPU_POLL: Duration = Duration::from_millis(20);

fn wait_main(
    pid: libc::pid_t,
    deadline: Instant,
    control: &OwnedFd,
    cpu: Option<(&super::cgroup::RunCgroup, Duration)>,
) -> Waited {
    let pidfd = rustix::process::Pid::from_raw(pid)
        .and_then(|p| rustix::process::pidfd_open(p, rustix::process::PidfdFlags::empty()).ok());
    loop {
        let mut status = 0;
        // SAFETY: reaping our own child without blocking.
        let reaped = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        if reaped == pid {
            return Waited::Exited(status);
        }
        let now = Instant::now();
        if now >= deadline {
            return Waited::WallLimit;
        }
        if let Some((cgroup, limit)) = cpu
            && cgroup
                .cpu_ns()
                .is_some_and(|ns| ns >= limit.as_nanos() as u64)
        {
            return Waited::CpuLimit;
        }
        let remaining = deadline - now;
        // Without a pidfd (old kernels) fall back to short sleeps between checks.
        let mut slice = if pidfd.is_some() {
            remaining
        } else {
            remaining.min(Duration::from_millis(5))
        };
        if cpu.is_some() {
            slice = slice.min(CPU_POLL);
        }
        let timeout = rustix::event::Timespec {
            tv_sec: slice.as_secs() as i64,
            tv_nsec: i64::from(slice.subsec_nanos()),
        };
        // SAFETY: the control fd stays open for the whole function.
        let control_fd = unsafe { BorrowedFd::borrow_raw(control.as_raw_fd()) };
        let mut fds = vec![rustix::event::PollFd::new(
            &control_fd,
            rustix::event::PollFlags::IN,
        )];
        if let Some(fd) = &pidfd {
            fds.push(rustix::event::PollFd::new(fd, rustix::event::PollFlags::IN));
        }
        match rustix::event::poll(&mut fds, Some(&timeout)) {
            Ok(_) => {
                let judge_spoke = !fds[0].revents().is_empty();
                if judge_spoke {
                    return Waited::Stopped;
                }
            }
            Err(rustix::io::Errno::INTR) => {}
            Err(_) => std::thread::sleep(Duration::from_millis(1)),
        }
    }
}

/// Kills the run's process group and every process that was reparented to us, until none is
/// left. Returns how many strays it found. Costs nothing extra when the run left no process.
fn kill_everything(main_pid: libc::pid_t) -> u32 {
    let me = std::process::id() as libc::pid_t;
    let mut strays = 0u32;
    // SAFETY: signalling the run's process group, which the main process created with setsid.
    unsafe {
        libc::kill(-main_pid, libc::SIGKILL);
    }
    loop {
        let mut status = 0;
        // SAFETY: reaping our own children.
        let reaped = unsafe { libc::waitpid(-1, &mut status, libc::WNOHANG) };
        if reaped > 0 {
            continue;
        }
        if reaped < 0 {
            // ECHILD: no child is left, alive or dead.
            break;
        }
        // Children are alive: processes that escaped the group and were reparented to us.
        for child in children_of(me) {
            strays += 1;
            // SAFETY: these are our own children; killing their group too takes down anything
            // they started under it before we get to it.
            unsafe {
                libc::kill(-child, libc::SIGKILL);
                libc::kill(child, libc::SIGKILL);
            }
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    strays
}

/// The pids whose parent is `parent`, found by reading `/proc/*/stat` (the `children` file is
/// not compiled into every kernel).
fn children_of(parent: libc::pid_t) -> Vec<libc::pid_t> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return found;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|s| s.parse::<libc::pid_t>().ok()) else {
            continue;
        };
        let Ok(stat) = std::fs::read(entry.path().join("stat")) else {
            continue;
        };
        // The command name may hold spaces and parentheses: the fields start after the last ')'.
        let Some(close) = stat.iter().rposition(|&b| b == b')') else {
            continue;
        };
        let rest = String::from_utf8_lossy(&stat[close + 1..]);
        let ppid = rest
            .split_whitespace()
            .nth(1)
            .and_then(|f| f.parse::<libc::pid_t>().ok());
        if ppid == Some(parent) {
            found.push(pid);
        }
    }
    found
}
