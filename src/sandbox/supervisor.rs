//! The supervision of one run, done by the zygote itself (see `sandbox::zygote`), which runs one
//! run at a time and is the parent and reaper of every process of it: with namespaces it is
//! PID 1 of its own PID namespace, without them a child subreaper. It starts the solution in its
//! own session with the run's limits (and, as root, as an unprivileged user), waits for it with
//! the wall-clock limit, and then kills every process the run started — including ones that left
//! the process group — before it reports. The zygote is single-threaded, so forking inside it is
//! safe; the multi-threaded judge never forks.
//!
//! Protocol: the `Request` and the run's descriptors (stdin, stdout, stderr, control, report)
//! come from the judge through the zygote's socket. A byte on the control pipe (or its end, when
//! the judge dies) means "stop the run now". The report pipe receives one JSON `Report` line.

use std::ffi::CString;
use std::io;
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::spawn::{Child, Stdio, spawn, spawn_into_cgroup};

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
    /// With `namespaces`: the zygote's mount namespace (read-only but the run folders, own
    /// /proc; see `sandbox::mounts`).
    #[serde(default)]
    pub mounts: bool,
    /// Put the run in the zygote's cgroups (v2, or v1 as root): exact process and memory limits
    /// for the run as a whole, exact CPU time, and a reliable memory-limit verdict.
    #[serde(default)]
    pub cgroup: bool,
    /// With `mounts`: run inside the zygote's view (`sandbox::view`), `cwd` being a path of the
    /// view; the working folder is sent back to the judge after the run.
    #[serde(default)]
    pub view: Option<ViewRequest>,
    /// Echoed with the working folder sent back, so the judge never takes another run's.
    #[serde(default)]
    pub seq: u64,
    /// A signal (number, milliseconds into the run) sent to the main process.
    #[serde(default)]
    pub signal: Option<(i32, u64)>,
    /// The main thread's stack limit (`RLIMIT_STACK`), when not the system's.
    #[serde(default)]
    pub stack_bytes: Option<u64>,
}

/// What a run inside the view brings into it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ViewRequest {
    /// The folder the judge prepared (of the machine), copied into the run's working folder.
    pub work: String,
    /// Size of the working folder (`limits.disk`), in bytes.
    pub disk: u64,
    /// Folders of the machine bound read-only into the view.
    pub binds: Vec<super::view::Bind>,
    /// `work` is shared by every test of a submission and never changes while it exists: the
    /// zygote may keep it in memory (`sandbox::prepared`).
    #[serde(default)]
    pub shared: bool,
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
    /// A cgroup limited and counted the run's memory, so `memory_limit` says for certain
    /// whether the limit was reached.
    #[serde(default)]
    pub memory_exact: bool,
    /// The judge asked for the run to stop (output cap, Ctrl-C) or went away.
    pub stopped_by_judge: bool,
    /// Processes still alive after the main one ended, killed by the teardown.
    pub strays_killed: u32,
    /// The solution could not be started (no such program, exec format error).
    pub spawn_error: Option<String>,
    /// Something in the supervisor itself failed.
    pub internal_error: Option<String>,
    /// The run's working folder was full (`limits.disk`) when it ended.
    #[serde(default)]
    pub disk_full: bool,
}

/// The descriptors of one run, as the zygote received them.
pub struct RunFds {
    pub stdin: OwnedFd,
    pub stdout: OwnedFd,
    pub stderr: OwnedFd,
    /// A byte on it (or its end, when the judge dies) means "stop the run now".
    pub control: OwnedFd,
    /// Receives one JSON `Report` line.
    pub report: OwnedFd,
}

/// What the zygote made for its runs, as the supervisor of each run is given it: each layer
/// the zygote set up, or why it could not.
#[derive(Clone, Copy)]
pub struct Environment<'z> {
    /// Ok when the zygote is PID 1 of the namespaces its runs share.
    pub namespaces: Result<(), &'z str>,
    /// Ok when the runs see the read-only filesystem and own /proc of `sandbox::mounts`.
    pub mounts: Result<(), &'z str>,
    /// The filesystem built for the runs (`sandbox::view`).
    pub view: Result<&'z super::view::View, &'z str>,
    /// Set when a zygote without namespaces is not a child subreaper (orphans would escape it).
    pub subreaper_error: Option<&'z str>,
    /// The zygote's cgroups, when it made them.
    pub cgroup: Option<&'z super::cgroup::ZygoteCgroup>,
    /// A signalfd readable when a child of the zygote changes state (SIGCHLD is blocked in the
    /// zygote and read from it); without one the supervisor polls.
    pub child_events: Option<BorrowedFd<'z>>,
}

impl Environment<'_> {
    /// Empties the signalfd of SIGCHLD (the children themselves are reaped with `wait4`).
    fn drain_child_events(&self) {
        if let Some(fd) = self.child_events {
            let mut buffer = [0u8; 4 * std::mem::size_of::<libc::signalfd_siginfo>()];
            while matches!(rustix::io::read(fd, &mut buffer), Ok(n) if n > 0) {}
        }
    }

    /// The zygote's cgroups, when this run is limited and measured by them.
    fn run_cgroup(&self, request: &Request) -> Option<&super::cgroup::ZygoteCgroup> {
        self.cgroup.filter(|_| request.cgroup)
    }
}

/// Why a run could not be supervised to its end; sent as the report's `internal_error`, or its
/// `spawn_error` when the solution itself could not be started.
#[derive(Debug, thiserror::Error)]
enum RunError {
    #[error("entering namespaces: {0}")]
    Namespaces(String),
    #[error("isolating the filesystem: {0}")]
    Mounts(String),
    #[error("{0}")]
    Subreaper(String),
    #[error("preparing the run's filesystem: {0}")]
    AttachView(io::Error),
    #[error("building the run's filesystem: {0}")]
    NoView(String),
    /// The program, its arguments or its environment cannot be started (a spawn error).
    #[error("{0}")]
    Prepare(io::Error),
    #[error("building the Landlock ruleset: {0}")]
    Landlock(landlock::RulesetError),
    #[error("setting the run's cgroup limits: {0}")]
    CgroupLimits(io::Error),
    #[error("pipe: {0}")]
    Pipe(rustix::io::Errno),
    #[error("fork: {0}")]
    Fork(io::Error),
}

impl RunError {
    /// The report of a run that failed this way.
    fn into_report(self) -> Report {
        match self {
            RunError::Prepare(_) => Report {
                spawn_error: Some(self.to_string()),
                ..Report::default()
            },
            _ => Report {
                internal_error: Some(self.to_string()),
                ..Report::default()
            },
        }
    }
}

/// Supervises one run in the zygote, which is single-threaded and runs one run at a time: it is
/// the parent (and reaper) of every process of the run. Sends the report and closes the run's
/// descriptors before it returns.
pub fn serve(env: &Environment<'_>, request: &Request, fds: RunFds, socket: &OwnedFd) {
    let RunFds {
        stdin,
        stdout,
        stderr,
        control,
        report,
    } = fds;
    let mut attached = super::view::Attached::default();
    let mut outcome = run(
        env,
        request,
        [stdin, stdout, stderr],
        &control,
        &mut attached,
    )
    .unwrap_or_else(RunError::into_report);
    if request.view.is_some() {
        // Every process of the run is gone: the working folder goes back to the judge (or
        // nothing, when it was never made), then leaves the view.
        let work = env.view.ok().and_then(|view| {
            let fd = view.open_work().ok()?;
            outcome.disk_full = disk_full(&fd);
            Some(fd)
        });
        let _ = send_work(socket, request.seq, work.as_ref());
        drop(work);
        let _ = send_report(&report, &outcome);
        // After the report: releasing the view unmounts the parked mounts every few runs, which
        // waits for an RCU grace period the judge need not wait for. The next request is read
        // only when this is done.
        drop(report);
        if let Ok(view) = env.view {
            view.release(attached);
        }
        return;
    }
    let _ = send_report(&report, &outcome);
}

/// True when a working folder has (almost) no room or no inode left.
fn disk_full(work: &OwnedFd) -> bool {
    rustix::fs::fstatvfs(work).is_ok_and(|stat| {
        stat.f_bavail.saturating_mul(stat.f_bsize) < 64 * 1024 || stat.f_favail == 0
    })
}

/// Sends the run's working folder (when there is one) to the judge with the request's `seq`.
fn send_work(socket: &OwnedFd, seq: u64, work: Option<&OwnedFd>) -> io::Result<()> {
    use rustix::net::{SendAncillaryBuffer, SendAncillaryMessage, SendFlags};
    use std::os::fd::AsFd;
    let mut space = [std::mem::MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
    let mut control = SendAncillaryBuffer::new(&mut space);
    let fds = work.map(|fd| [fd.as_fd()]);
    if let Some(fds) = &fds {
        control.push(SendAncillaryMessage::ScmRights(fds));
    }
    rustix::net::sendmsg(
        socket,
        &[io::IoSlice::new(&seq.to_le_bytes())],
        &mut control,
        SendFlags::NOSIGNAL,
    )?;
    Ok(())
}

/// Writes the report line on `out`.
pub fn send_report(out: &OwnedFd, report: &Report) -> io::Result<()> {
    let mut line = serde_json::to_vec(report).map_err(io::Error::other)?;
    line.push(b'\n');
    let mut rest = &line[..];
    while !rest.is_empty() {
        match rustix::io::write(out, rest) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => rest = &rest[n..],
            Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Everything the child needs, prepared before fork so the child only makes syscalls.
pub(super) struct ChildSetup {
    pub(super) program: CString,
    pub(super) argv: Vec<CString>,
    pub(super) envp: Vec<CString>,
    pub(super) cwd: CString,
    pub(super) limits: Vec<(libc::__rlimit_resource_t, libc::rlim_t, libc::rlim_t)>,
    /// Limits set once the run is in its own user namespace (see `prepare`).
    pub(super) late_limits: Vec<(libc::__rlimit_resource_t, libc::rlim_t, libc::rlim_t)>,
    pub(super) run_as: Option<(u32, u32)>,
    /// A user namespace of the run's own: its `uid_map` and `gid_map` lines.
    pub(super) user: Option<(CString, CString)>,
    /// The view's root (a descriptor), entered with `fchdir` and `chroot(".")`.
    pub(super) chroot: Option<i32>,
}

fn cstring(text: &str) -> io::Result<CString> {
    CString::new(text).map_err(|_| io::Error::other(format!("NUL byte in {text:?}")))
}

/// The stack limit of a run whose challenge sets none: Linux's usual 8 MiB (soft), not the one
/// the judge was started with (`ulimit -s unlimited` or 64 MiB would let a recursion pass that
/// overflows anywhere else); the hard limit stays the judge's, so a solution may raise its own,
/// and a lower hard limit is kept.
fn usual_stack() -> (libc::__rlimit_resource_t, libc::rlim_t, libc::rlim_t) {
    const USUAL: libc::rlim_t = 8 << 20;
    // The zygote's own hard limit, asked once: nothing changes it while the zygote lives.
    static HARD: std::sync::OnceLock<libc::rlim_t> = std::sync::OnceLock::new();
    let hard = *HARD.get_or_init(|| {
        rustix::process::getrlimit(rustix::process::Resource::Stack)
            .maximum
            .unwrap_or(libc::RLIM_INFINITY)
    });
    (libc::RLIMIT_STACK, USUAL.min(hard), hard)
}

fn prepare(
    request: &Request,
    view: Option<&super::view::View>,
    cgroup: Option<&super::cgroup::ZygoteCgroup>,
) -> io::Result<ChildSetup> {
    let view_root = view.map(|v| v.root());
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
    let program = resolve_program(first, path_var, &request.cwd, view_root).ok_or_else(|| {
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
    let cgroup_memory = cgroup.is_some_and(|c| c.limits_memory());
    if let Some(bytes) = request.address_space_bytes.filter(|_| !cgroup_memory) {
        limits.push((libc::RLIMIT_AS, bytes, bytes));
    }
    if let Some(bytes) = request.data_bytes.filter(|_| !cgroup_memory) {
        limits.push((libc::RLIMIT_DATA, bytes, bytes));
    }
    limits.push(match request.stack_bytes {
        Some(bytes) => (libc::RLIMIT_STACK, bytes, bytes),
        None => usual_stack(),
    });
    // RLIMIT_NPROC counts the processes of the user in the caller's user namespace. In a user
    // namespace of the run's own (set after entering it, so the namespace's ceiling for the
    // user's processes outside stays the zygote's) that is the run's processes alone. Without
    // one it counts every process of the user: as an unprivileged judge the run gets its limit
    // on top of the user's other processes; as root, concurrent runs of uid 65534 share it.
    let own_user_namespace = request.namespaces;
    let already = if request.run_as.is_some() || own_user_namespace {
        0
    } else {
        processes_of_user(rustix::process::getuid().as_raw())
    };
    let nproc = u64::from(request.processes) + already;
    // With a cgroup, pids.max counts the run's own processes only.
    let mut late_limits = Vec::new();
    if !cgroup.is_some_and(|c| c.limits_processes()) {
        if own_user_namespace {
            late_limits.push((libc::RLIMIT_NPROC, nproc, nproc));
        } else {
            limits.push((libc::RLIMIT_NPROC, nproc, nproc));
        }
    }
    Ok(ChildSetup {
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
        late_limits,
        run_as: request.run_as,
        user: match request.namespaces {
            // The ids the run has when it enters its own user namespace, mapped to themselves.
            true => {
                let (uid, gid) = request.run_as.unwrap_or((
                    rustix::process::getuid().as_raw(),
                    rustix::process::getgid().as_raw(),
                ));
                Some((
                    cstring(&format!("{uid} {uid} 1"))?,
                    cstring(&format!("{gid} {gid} 1"))?,
                ))
            }
            false => None,
        },
        chroot: match view {
            Some(view) => Some(
                view.root_fd()
                    .ok_or_else(|| io::Error::other("the view's root is not open"))?,
            ),
            None => None,
        },
    })
}

/// The program to exec: `name` as given when it holds a `/`, else the first executable of that
/// name on `path_var`, looked up in the view when the run has one (`view_root`).
fn resolve_program(
    name: &str,
    path_var: &str,
    cwd: &str,
    view_root: Option<&std::path::Path>,
) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let is_exec = |p: &std::path::Path| {
        let seen = match view_root {
            Some(root) => root.join(p.strip_prefix("/").unwrap_or(p)),
            None => p.to_path_buf(),
        };
        seen.metadata()
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

/// What the processes of the run used, summed (CPU) and maximised (memory) over every process
/// reaped, each with what it had reaped itself.
#[derive(Default)]
struct Accounts {
    cpu_ns: u64,
    max_rss_kib: u64,
}

impl Accounts {
    fn add(&mut self, usage: &libc::rusage) {
        let to_ns = |tv: libc::timeval| tv.tv_sec as u64 * 1_000_000_000 + tv.tv_usec as u64 * 1000;
        self.cpu_ns += to_ns(usage.ru_utime) + to_ns(usage.ru_stime);
        self.max_rss_kib = self.max_rss_kib.max(usage.ru_maxrss as u64);
    }
}

/// What one `wait4` on the zygote's children found (every one of them belongs to the current run).
enum Reaped {
    Child(libc::pid_t, i32),
    /// Children are left, none has ended yet (only without blocking).
    Running,
    /// No child is left.
    None,
}

fn reap(accounts: &mut Accounts, block: bool) -> Reaped {
    loop {
        let mut status = 0;
        // SAFETY: reaping our own children, with a zeroed rusage to fill.
        let (pid, usage) = unsafe {
            let mut usage: libc::rusage = std::mem::zeroed();
            let flags = if block { 0 } else { libc::WNOHANG };
            (libc::wait4(-1, &mut status, flags, &mut usage), usage)
        };
        if pid > 0 {
            accounts.add(&usage);
            return Reaped::Child(pid, status);
        }
        if pid == 0 {
            return Reaped::Running;
        }
        if io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
            continue;
        }
        return Reaped::None;
    }
}

fn run(
    env: &Environment<'_>,
    request: &Request,
    stdio: Stdio,
    control: &OwnedFd,
    attached: &mut super::view::Attached,
) -> Result<Report, RunError> {
    let mut report = Report::default();
    let namespaces = request.namespaces;
    if namespaces {
        env.namespaces
            .map_err(|e| RunError::Namespaces(e.to_string()))?;
    }
    if request.mounts {
        env.mounts.map_err(|e| RunError::Mounts(e.to_string()))?;
    }
    if let Some(e) = env.subreaper_error {
        return Err(RunError::Subreaper(e.to_string()));
    }
    let view = match (&request.view, env.view) {
        (None, _) => None,
        (Some(wanted), Ok(view)) => {
            view.attach(wanted, request.run_as, attached)
                .map_err(RunError::AttachView)?;
            Some(view)
        }
        (Some(_), Err(e)) => return Err(RunError::NoView(e.to_string())),
    };
    // The zygote's cgroups, set up for this run alone (its runs never overlap).
    let cgroup = env.run_cgroup(request);
    let prepared = prepare(request, view, cgroup).map_err(RunError::Prepare)?;
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
    let ruleset: Option<OwnedFd> = request
        .landlock
        .as_ref()
        .map(|policy| super::landlock::build(policy, view.map(|v| v.root())))
        .transpose()
        .map_err(RunError::Landlock)?
        .and_then(Option::<OwnedFd>::from);
    let baseline = cgroup
        .map(|c| {
            let memory = request
                .address_space_bytes
                .or(request.data_bytes)
                .unwrap_or(u64::MAX / 2);
            // Where the zygote shares the cgroup (v1) it counts as a process too (and, with
            // namespaces, the one that waits for it).
            let zygotes = if env.namespaces.is_ok() { 2 } else { 1 };
            c.prepare_run(request.processes, zygotes, memory)
        })
        .transpose()
        .map_err(RunError::CgroupLimits)?;
    // A close-on-exec pipe: a successful exec closes it empty, a failure writes (step, errno).
    let (errno_read, errno_write) =
        rustix::pipe::pipe_with(rustix::pipe::PipeFlags::CLOEXEC).map_err(RunError::Pipe)?;
    let started = Instant::now();
    let child = Child {
        prepared: &prepared,
        argv: &argv,
        envp: &envp,
        stdio: &stdio,
        ruleset: ruleset.as_ref().map(|fd| fd.as_raw_fd()),
        new_namespaces: namespaces,
        report_errno: errno_write.as_raw_fd(),
        join_cgroup: None,
    };
    let pid = match cgroup.and_then(|c| c.spawn_target()) {
        // cgroup v2: the run is born in its own cgroup, apart from the zygote's.
        Some(target) => spawn_into_cgroup(&child, target),
        // With a cgroup v1 the memory of the run is measured there, so the child may share
        // the zygote's memory until it execs (no page tables to copy). Without one, the run's
        // peak memory comes from `wait4`, which would then count the zygote's own pages too.
        None => spawn(&child, cgroup.is_some()),
    };
    if pid < 0 {
        return Err(RunError::Fork(io::Error::last_os_error()));
    }
    // Only the run may hold its stdin, stdout and stderr now, so the judge sees their end when
    // the last process of the run is gone.
    drop(stdio);
    drop(errno_write);
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
            5 => "setting up stdin, stdout and stderr",
            6 => "entering the run's namespaces",
            7 => "entering the run's cgroup",
            8 => "entering the run's user namespace",
            9 => "entering the run's filesystem",
            _ => "starting the program",
        };
        report.spawn_error = Some(format!(
            "{step} failed for `{}`: {}",
            request.argv[0],
            io::Error::from_raw_os_error(failure[1])
        ));
    }
    drop(errno_read);
    let deadline = started + Duration::from_millis(request.wall_ms);
    let cpu_limit = Duration::from_millis(request.cpu_ms);
    let mut accounts = Accounts::default();
    let outcome = wait_main(
        env,
        pid,
        started,
        deadline,
        request
            .signal
            .map(|(number, ms)| (number, started + Duration::from_millis(ms))),
        control,
        cgroup
            .zip(baseline.as_ref())
            .map(|(c, b)| (c, b, cpu_limit)),
        &mut accounts,
    );
    report.wall_ns = started.elapsed().as_nanos() as u64;
    let (status, strays) = teardown(pid, namespaces, cgroup, &mut accounts);
    match outcome {
        Waited::Exited(status) => {
            if libc::WIFEXITED(status) {
                report.exit_code = Some(libc::WEXITSTATUS(status));
            } else if libc::WIFSIGNALED(status) {
                report.signal = Some(libc::WTERMSIG(status));
            }
        }
        other => {
            match other {
                Waited::WallLimit => report.wall_limit = true,
                Waited::CpuLimit => report.cpu_limit = true,
                _ => report.stopped_by_judge = true,
            }
            if let Some(status) = status
                && libc::WIFSIGNALED(status)
            {
                report.signal = Some(libc::WTERMSIG(status));
            }
        }
    }
    report.strays_killed = strays;
    report.cpu_ns = accounts.cpu_ns;
    report.max_rss_kib = accounts.max_rss_kib;
    if let (Some(cgroup), Some(baseline)) = (cgroup, &baseline) {
        // The cgroup saw every process, including those killed before anyone reaped them.
        let measured = cgroup.usage(baseline);
        report.cpu_ns = measured.cpu_ns.unwrap_or(report.cpu_ns);
        report.max_rss_kib = measured
            .peak_memory
            .map_or(report.max_rss_kib, |bytes| bytes / 1024);
        report.memory_limit = measured.memory_limit_hit;
        report.memory_exact = cgroup.limits_memory() && measured.peak_memory.is_some();
    }
    Ok(report)
}

enum Waited {
    Exited(i32),
    WallLimit,
    CpuLimit,
    Stopped,
}

/// Every CPU the machine has (at least 1), read once: a bound on how fast a run can use CPU
/// time, whatever affinity it gives itself.
fn cpus() -> u32 {
    static CPUS: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *CPUS.get_or_init(|| {
        // SAFETY: sysconf has no preconditions.
        let n = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_CONF) };
        u32::try_from(n).unwrap_or(u32::MAX).max(1)
    })
}

/// With a cgroup, its CPU time is checked this often against the run's CPU limit.
const CPU_POLL: Duration = Duration::from_millis(20);

/// Waits for the main process, the deadline, or a word from the judge, whichever comes first,
/// reaping (and accounting) every other process of the run that ends meanwhile.
#[allow(clippy::too_many_arguments)]
fn wait_main(
    env: &Environment<'_>,
    main: libc::pid_t,
    started: Instant,
    deadline: Instant,
    mut signal: Option<(i32, Instant)>,
    control: &OwnedFd,
    cpu: Option<(
        &super::cgroup::ZygoteCgroup,
        &super::cgroup::Baseline,
        Duration,
    )>,
    accounts: &mut Accounts,
) -> Waited {
    let children = env.child_events;
    loop {
        while let Reaped::Child(pid, status) = reap(accounts, false) {
            if pid == main {
                return Waited::Exited(status);
            }
        }
        let now = Instant::now();
        if now >= deadline {
            return Waited::WallLimit;
        }
        if let Some((number, at)) = signal
            && now >= at
        {
            // SAFETY: signalling our own child, which has not been reaped (it would have been
            // seen above), so its pid is still its own.
            unsafe { libc::kill(main, number) };
            signal = None;
        }
        // The run cannot have used more CPU than its wall time on every CPU: until then there
        // is nothing to read.
        if let Some((cgroup, baseline, limit)) = cpu
            && (now - started) * cpus() >= limit
            && cgroup
                .cpu_ns(baseline)
                .is_some_and(|ns| ns >= limit.as_nanos() as u64)
        {
            return Waited::CpuLimit;
        }
        let remaining = match signal {
            Some((_, at)) => at.min(deadline) - now,
            None => deadline - now,
        };
        // Without a signalfd fall back to short sleeps between checks.
        let mut slice = if children.is_some() {
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
        let mut fds = vec![rustix::event::PollFd::new(
            control,
            rustix::event::PollFlags::IN,
        )];
        if let Some(fd) = &children {
            fds.push(rustix::event::PollFd::new(fd, rustix::event::PollFlags::IN));
        }
        match rustix::event::poll(&mut fds, Some(&timeout)) {
            Ok(_) => {
                if !fds[0].revents().is_empty() {
                    return Waited::Stopped;
                }
                if fds.get(1).is_some_and(|fd| !fd.revents().is_empty()) {
                    env.drain_child_events();
                }
            }
            Err(rustix::io::Errno::INTR) => {}
            Err(_) => std::thread::sleep(Duration::from_millis(1)),
        }
    }
}

/// Kills every process of the run that is left and reaps them all, the main process too when it
/// is still alive (its wait status is returned then). Returns that status and how many other
/// processes were left. Costs nothing extra when the run left no process.
fn teardown(
    main: libc::pid_t,
    namespaces: bool,
    cgroup: Option<&super::cgroup::ZygoteCgroup>,
    accounts: &mut Accounts,
) -> (Option<i32>, u32) {
    let mut main_status = None;
    let mut strays = 0u32;
    // SAFETY: getpid has no preconditions.
    let pid_one = namespaces && unsafe { libc::getpid() } == 1;
    // Where every process of the run is known to be a descendant of the zygote — in the
    // zygote's PID namespace, or in a cgroup v2 of the run's own, whose processes are all
    // reparented to the zygote (a subreaper) when their parents die — one sweep kills them all
    // and blocking reaps collect them.
    if pid_one || cgroup.is_some_and(|c| c.runs_apart()) {
        // Processes that already ended are reaped first; they are not strays. When the zygote
        // has no child at all, nothing is left.
        loop {
            match reap(accounts, false) {
                Reaped::None => return (main_status, strays),
                Reaped::Child(pid, status) if pid == main => main_status = Some(status),
                Reaped::Child(..) => {}
                Reaped::Running => break,
            }
        }
        // `cgroup.kill` kills every process of the run's cgroup, forks in flight included. As
        // PID 1, -1 means every process of the namespace but this one: SIGKILL cannot be
        // blocked and a process with it pending cannot fork, so one sweep reaches them all.
        // Either way the blocking reaps return as each one dies.
        if !cgroup.is_some_and(|c| c.kill_run()) {
            if pid_one {
                // SAFETY: verified above that -1 means "everyone in our own namespace".
                unsafe { libc::kill(-1, libc::SIGKILL) };
            } else {
                // cgroup v2 without `cgroup.kill` (before Linux 5.14): the subreaper sweep.
                return sweep_orphans(main, main_status, strays, accounts);
            }
        }
        while let Reaped::Child(pid, status) = reap(accounts, true) {
            if pid == main {
                main_status = Some(status);
            } else {
                strays += 1;
            }
        }
        return (main_status, strays);
    }
    sweep_orphans(main, main_status, strays, accounts)
}

/// The teardown of a child subreaper without a cgroup to kill: kills the run's process group
/// and the main process, then every process that was reparented to us, until none is left.
fn sweep_orphans(
    main: libc::pid_t,
    mut main_status: Option<i32>,
    mut strays: u32,
    accounts: &mut Accounts,
) -> (Option<i32>, u32) {
    // SAFETY: signalling the run's process group (made by setsid) and our own child.
    unsafe {
        libc::kill(-main, libc::SIGKILL);
        libc::kill(main, libc::SIGKILL);
    }
    let me = std::process::id() as libc::pid_t;
    loop {
        match reap(accounts, false) {
            Reaped::Child(pid, status) if pid == main => main_status = Some(status),
            Reaped::Child(..) => strays += 1,
            Reaped::None => break,
            Reaped::Running => {
                // Children are alive: processes that escaped the group and were reparented to
                // us.
                for child in children_of(me) {
                    // SAFETY: these are our own children; killing their group too takes down
                    // anything they started under it before we get to it.
                    unsafe {
                        libc::kill(-child, libc::SIGKILL);
                        libc::kill(child, libc::SIGKILL);
                    }
                }
                std::thread::sleep(Duration::from_micros(200));
            }
        }
    }
    (main_status, strays)
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
