//! The zygote: a small single-threaded process (`livejudge __zygote`), started once per judge
//! worker, that supervises that worker's runs one after another. For each run it receives a
//! request and the run's descriptors (stdin, stdout, stderr, control, report) over a Unix
//! seqpacket socket, forks the solution and supervises it itself (`supervisor::serve`, given
//! what the zygote made for its runs: `supervisor::Environment`). Forking from a small
//! single-threaded process is far cheaper than the multi-threaded judge forking and exec'ing a
//! supervisor for every run, and it is safe: nothing else runs in the zygote between the fork
//! and the child's exec.
//!
//! With namespaces, the zygote first makes a user (when unprivileged), network, PID and UTS
//! namespace and forks: the child is PID 1 of that PID namespace and serves the runs, the parent
//! only waits for it. Runs of one zygote never overlap, so while a run goes on the namespace holds
//! that run's processes and the zygote only; when it ends, the zygote (PID 1) kills everything
//! else in it. Each run also gets IPC and UTS namespaces of its own.

use std::io::IoSliceMut;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use std::sync::OnceLock;

use rustix::net::{RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags};

use super::supervisor::{self, Report, Request, RunFds};

/// Descriptors that come with each request, in this order.
pub const FDS_PER_RUN: usize = 5;
/// Largest request the zygote accepts.
pub const MAX_REQUEST: usize = 1 << 20;
/// The judge's last message to a zygote it waits for: exit now, and leave the cgroups v1 to the
/// judge, which removes them once the zygote is gone. Leaving them itself would move the zygote
/// out first, and a cgroup v1 migration waits for an RCU grace period (15–20 ms here) on the
/// judge's way out, after every verdict is in.
pub const EXIT_LEAVING_CGROUPS: &[u8] = b"exit, the judge removes the cgroups";
/// The exit code of PID 1 that passes `EXIT_LEAVING_CGROUPS` on to the zygote that waits for it.
const CODE_LEAVING_CGROUPS: i32 = 3;

/// Whether this zygote made the namespaces its runs share, or why not.
static NAMESPACES: OnceLock<Result<(), String>> = OnceLock::new();

/// Ok in a zygote that is PID 1 of the namespaces its runs share; otherwise why it is not.
fn namespaces() -> Result<(), &'static str> {
    match NAMESPACES.get() {
        Some(Ok(())) => Ok(()),
        Some(Err(why)) => Err(why),
        None => Err("this zygote was not started with namespaces"),
    }
}

/// Whether this zygote's PID 1 made the mount namespace its runs share, or why not.
static MOUNTS: OnceLock<Result<(), String>> = OnceLock::new();

/// Ok in a zygote whose runs see the read-only filesystem and own /proc of `sandbox::mounts`.
fn mounts() -> Result<(), &'static str> {
    match MOUNTS.get() {
        Some(Ok(())) => Ok(()),
        Some(Err(why)) => Err(why),
        None => Err("this zygote was not started with a mount namespace"),
    }
}

/// The view this zygote's PID 1 built for its runs (`sandbox::view`), or why not.
static VIEW: OnceLock<Result<super::view::View, String>> = OnceLock::new();

/// The view runs of this zygote enter, when it has one.
fn view() -> Result<&'static super::view::View, &'static str> {
    match VIEW.get() {
        Some(Ok(view)) => Ok(view),
        Some(Err(why)) => Err(why),
        None => Err("this zygote was not started with a view"),
    }
}

/// Why this zygote (without namespaces) could not become a child subreaper.
static SUBREAPER: OnceLock<String> = OnceLock::new();

/// Set when a zygote without namespaces is not a child subreaper (orphans would escape it).
fn subreaper_error() -> Option<&'static str> {
    SUBREAPER.get().map(String::as_str)
}

/// The cgroups of this zygote and its runs, when it made them (see `cgroup::ZygoteCgroup`).
static CGROUP: OnceLock<super::cgroup::ZygoteCgroup> = OnceLock::new();

/// The zygote's cgroups.
fn cgroup() -> Option<&'static super::cgroup::ZygoteCgroup> {
    CGROUP.get()
}

/// A signalfd that becomes readable when a child of the zygote changes state (SIGCHLD is
/// blocked in the zygote and read from it).
static CHILD_EVENTS: OnceLock<Option<OwnedFd>> = OnceLock::new();

/// The signalfd of SIGCHLD, when the kernel gave one.
fn child_events() -> Option<BorrowedFd<'static>> {
    CHILD_EVENTS.get()?.as_ref().map(|fd| fd.as_fd())
}

/// What this zygote made for its runs, handed to the supervisor of each one.
fn environment() -> supervisor::Environment<'static> {
    supervisor::Environment {
        namespaces: namespaces(),
        mounts: mounts(),
        view: view(),
        subreaper_error: subreaper_error(),
        cgroup: cgroup(),
        child_events: child_events(),
    }
}

/// Blocks SIGCHLD and opens the signalfd that reports it.
fn watch_children() {
    // SAFETY: changing this single-threaded process's signal mask; signalfd on a valid set.
    let fd = unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGCHLD);
        libc::sigprocmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        let fd = libc::signalfd(-1, &set, libc::SFD_CLOEXEC | libc::SFD_NONBLOCK);
        (fd >= 0).then(|| OwnedFd::from_raw_fd(fd))
    };
    let _ = CHILD_EVENTS.set(fd);
}

/// Makes this zygote's cgroups and joins its own: under the judge's base folder with cgroup v2
/// (`v2_base`), else under its own cgroup v1 ones. The zygote is never the OOM killer's choice,
/// only the runs are.
fn enter_cgroup(v2_base: Option<&str>) -> std::io::Result<()> {
    use super::cgroup::{ZygoteCgroup, v1, v2};
    let cgroup = match v2_base {
        Some(base) => ZygoteCgroup::V2(v2::RunCgroups::create(
            std::path::Path::new(base),
            std::process::id(),
        )?),
        None => {
            let parents = v1::detect().map_err(std::io::Error::other)?;
            let name = v1::zygote_name(std::process::id());
            ZygoteCgroup::V1(v1::RunCgroup::create(&parents, &name)?)
        }
    };
    if let Err(e) = cgroup.join() {
        cgroup.remove();
        return Err(e);
    }
    // Best effort: lowering it needs CAP_SYS_RESOURCE, which a root in a container may lack;
    // the OOM killer then still prefers the run's processes, which hold the memory.
    let _ = std::fs::write("/proc/self/oom_score_adj", "-1000");
    let _ = CGROUP.set(cgroup);
    Ok(())
}

/// Entry point of `livejudge __zygote [cgroup | cgroup2=BASE] [namespaces] [mounts=FOLDER]
/// [view=FOLDER]`; fd 0
/// is the socket to the judge. With `cgroup`, the zygote first makes and joins its own cgroups
/// (root, cgroup v1); with `cgroup2=BASE`, its own and its runs' cgroups under BASE (cgroup v2);
/// with `namespaces`, it makes the namespaces its runs share and serves them as PID 1 there —
/// with `mounts=FOLDER`, in a mount namespace where only FOLDER (where run folders are made) is
/// writable and /proc is the namespace's own (`sandbox::mounts`); with `view=FOLDER` (an empty
/// folder of the judge's), runs see only the filesystem built there (`sandbox::view`). If the
/// cgroup fails, runs go without it; if the namespaces fail, runs that ask for them get an
/// internal error saying why. Never returns.
pub fn main() -> ! {
    let options: Vec<String> = std::env::args().skip(2).collect();
    // SAFETY: signal dispositions of this single-threaded process. Ctrl-C is the judge's to
    // handle (it tells us through the control pipe).
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_IGN);
        libc::signal(libc::SIGQUIT, libc::SIG_IGN);
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    super::spawn::note_ignored_signals();
    // The cgroup first, while the zygote is still in the judge's user namespace (an
    // unprivileged judge's namespace step enters a new one).
    let v2_base = options.iter().find_map(|o| o.strip_prefix("cgroup2="));
    if v2_base.is_some() || options.iter().any(|o| o == "cgroup") {
        let _ = enter_cgroup(v2_base);
    }
    // SAFETY: fd 0 is the socket the judge handed us.
    let socket = unsafe { OwnedFd::from_raw_fd(0) };
    if options.iter().any(|o| o == "namespaces") {
        let unprivileged = !rustix::process::geteuid().is_root();
        match super::namespaces::enter_zygote(unprivileged) {
            Ok(()) => become_pid_one(
                socket,
                options
                    .iter()
                    .find_map(|o| o.strip_prefix("mounts="))
                    .map(std::path::Path::new),
                options
                    .iter()
                    .find_map(|o| o.strip_prefix("view="))
                    .map(std::path::Path::new),
            ),
            Err(e) => {
                let _ = NAMESPACES.set(Err(format!("making the zygote's namespaces: {e}")));
            }
        }
    } else if let Err(e) = rustix::process::set_child_subreaper(Some(rustix::process::getpid())) {
        let _ = SUBREAPER.set(format!("becoming a subreaper: {e}"));
    }
    super::landlock::warm_up();
    watch_children();
    serve(socket)
}

/// Forks the process that is PID 1 of the new PID namespace and serves the runs (in the runs'
/// mount namespace when `writable` is given: see `sandbox::mounts`); this one waits for it (the
/// judge waits for this one) and then leaves its cgroups.
fn become_pid_one(
    socket: OwnedFd,
    writable: Option<&std::path::Path>,
    view: Option<&std::path::Path>,
) -> ! {
    // SAFETY: the zygote is single-threaded, so the child may run any code.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        // SAFETY: prctl on this process. PID 1 of the runs' namespace dies with its parent; and
        // it is not dumpable (after its user namespace's maps were written, which needs it): a
        // run, even of the judge's own user, cannot open its /proc/1/root, cwd, fd or memory,
        // which lead out of the run's view.
        unsafe {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0);
            libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
        }
        let _ = NAMESPACES.set(Ok(()));
        if let Some(runs) = writable {
            let mut folders = vec![runs.to_path_buf()];
            folders.extend(cgroup().map(|c| c.folders()).unwrap_or_default());
            let folders: Vec<&std::path::Path> = folders.iter().map(|f| f.as_path()).collect();
            let isolated = super::mounts::isolate(&folders, true)
                .map_err(|e| format!("making the runs' mount namespace: {e}"));
            if let Some(point) = view {
                let _ = VIEW.set(match &isolated {
                    Ok(()) => super::view::View::build(point)
                        .map_err(|e| format!("building the runs' filesystem: {e}")),
                    Err(why) => Err(why.clone()),
                });
            }
            let _ = MOUNTS.set(isolated);
        }
        // After the mounts: Landlock rules hold the folders they were opened on, and /proc is
        // a new mount now.
        super::landlock::warm_up();
        watch_children();
        serve(socket);
    }
    drop(socket);
    if pid < 0 {
        finish(1);
    }
    let mut status = 0;
    loop {
        // SAFETY: waiting for our own child.
        let waited = unsafe { libc::waitpid(pid, &mut status, 0) };
        if waited == pid
            || (waited < 0 && std::io::Error::last_os_error().raw_os_error() != Some(libc::EINTR))
        {
            break;
        }
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        70
    };
    finish(code)
}

/// Serves runs, one at a time, until the judge closes its end of the socket. Every run has
/// ended completely (all its processes reaped) before the next request is read, so when this
/// returns no process of any run is left. Never returns.
fn serve(socket: OwnedFd) -> ! {
    let mut buffer = vec![0u8; MAX_REQUEST];
    loop {
        let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(FDS_PER_RUN))];
        let mut control = RecvAncillaryBuffer::new(&mut space);
        let received = rustix::net::recvmsg(
            &socket,
            &mut [IoSliceMut::new(&mut buffer)],
            &mut control,
            RecvFlags::CMSG_CLOEXEC,
        );
        let bytes = match received {
            Ok(message) if message.bytes == 0 => finish(0),
            Ok(message) if buffer[..message.bytes] == *EXIT_LEAVING_CGROUPS => {
                finish(CODE_LEAVING_CGROUPS)
            }
            Ok(message) => message.bytes,
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => finish(0),
        };
        let mut fds: Vec<OwnedFd> = Vec::new();
        for message in control.drain() {
            if let RecvAncillaryMessage::ScmRights(received) = message {
                fds.extend(received);
            }
        }
        let Ok::<[OwnedFd; FDS_PER_RUN], _>([stdin, stdout, stderr, control, report]) =
            fds.try_into()
        else {
            continue;
        };
        // The run's descriptors must be above 0–2, which the child moves them to.
        if [&stdin, &stdout, &stderr, &control, &report]
            .iter()
            .any(|fd| fd.as_raw_fd() <= 2)
        {
            let _ = supervisor::send_report(
                &report,
                &Report {
                    internal_error: Some("the zygote's descriptors 0–2 were closed".into()),
                    ..Report::default()
                },
            );
            continue;
        }
        let fds = RunFds {
            stdin,
            stdout,
            stderr,
            control,
            report,
        };
        match serde_json::from_slice::<Request>(&buffer[..bytes]) {
            Ok(request) => supervisor::serve(&environment(), &request, fds, &socket),
            Err(e) => {
                let _ = supervisor::send_report(
                    &fds.report,
                    &Report {
                        internal_error: Some(format!("bad request: {e}")),
                        ..Report::default()
                    },
                );
            }
        }
    }
}

/// Leaves the cgroups (when this process made them, and the judge does not remove them after
/// it: `EXIT_LEAVING_CGROUPS`) and exits.
fn finish(code: i32) -> ! {
    let made_the_cgroups = NAMESPACES.get().is_none_or(|n| n.is_err());
    // Only the process that made the cgroups removes them: in the PID-1 child `cgroup()` is set
    // too (inherited), but its parent is still inside them.
    if made_the_cgroups && let Some(cgroup) = cgroup() {
        match cgroup {
            super::cgroup::ZygoteCgroup::V1(_) if code == CODE_LEAVING_CGROUPS => {}
            _ => cgroup.remove(),
        }
    }
    std::process::exit(if made_the_cgroups && code == CODE_LEAVING_CGROUPS {
        0
    } else {
        code
    })
}
