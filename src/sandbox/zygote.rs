//! The zygote: a small single-threaded fork server (`livejudge __zygote`), started once per judge
//! worker. For each run it receives a request and the run's descriptors (stdin, stdout, stderr,
//! control, report) over a Unix seqpacket socket, forks, and the child becomes that run's
//! supervisor. Forking a small single-threaded process is far cheaper than the multi-threaded
//! judge forking and exec'ing a supervisor for every run, and it is safe: nothing else runs in
//! the zygote between the fork and the child's own work.

use std::io::{IoSliceMut, Write};
use std::mem::MaybeUninit;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use rustix::net::{RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags};

use super::supervisor::{self, Report, Request};

/// Descriptors that come with each request, in this order.
pub const FDS_PER_RUN: usize = 5;
/// Largest request the zygote accepts.
pub const MAX_REQUEST: usize = 1 << 20;

/// Set once at start when this zygote made the network namespace its runs share.
static SHARED_NETWORK: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// True in a zygote (and the supervisors it forks) that sits in its own network namespace.
pub fn shared_network() -> bool {
    SHARED_NETWORK.load(std::sync::atomic::Ordering::SeqCst)
}

/// The cgroups this zygote sits in, when it made them (see `cgroup::RunCgroup`).
static CGROUP: std::sync::OnceLock<super::cgroup::RunCgroup> = std::sync::OnceLock::new();

/// The zygote's cgroups, in the zygote and the supervisors it forks.
pub fn cgroup() -> Option<&'static super::cgroup::RunCgroup> {
    CGROUP.get()
}

/// Makes this zygote's cgroups under its own and joins them; the zygote (and so every
/// supervisor) is never the OOM killer's choice, only the runs are.
fn enter_cgroup() -> std::io::Result<()> {
    let parents = super::cgroup::detect_v1().map_err(std::io::Error::other)?;
    let name = format!("livejudge-zygote-{}", std::process::id());
    let cgroup = super::cgroup::RunCgroup::create(&parents, &name)?;
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

/// Entry point of `livejudge __zygote [cgroup] [network]`; fd 0 is the socket to the judge.
/// With `cgroup`, the zygote first makes and joins its own cgroups (root, cgroup v1); with
/// `network`, it enters a network namespace (and, unprivileged, a user namespace) that its runs
/// share one after another. If either fails, runs go without it (cgroup) or make their own
/// (network). Never returns.
pub fn main() -> ! {
    let options: Vec<String> = std::env::args().skip(2).collect();
    super::landlock::warm_up();
    // The cgroup first: as an unprivileged judge the network step enters a user namespace, and
    // cgroups are a root-only layer anyway.
    if options.iter().any(|o| o == "cgroup") {
        let _ = enter_cgroup();
    }
    if options.iter().any(|o| o == "network") {
        let unprivileged = !rustix::process::geteuid().is_root();
        if super::namespaces::enter_shared_network(unprivileged).is_ok() {
            SHARED_NETWORK.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    }
    // SAFETY: signal dispositions of this single-threaded process. Children are reaped by the
    // kernel (SIGCHLD ignored); Ctrl-C is the judge's to handle.
    unsafe {
        libc::signal(libc::SIGCHLD, libc::SIG_IGN);
        libc::signal(libc::SIGINT, libc::SIG_IGN);
        libc::signal(libc::SIGQUIT, libc::SIG_IGN);
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    // SAFETY: fd 0 is the socket the judge handed us.
    let socket = unsafe { OwnedFd::from_raw_fd(0) };
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
            Ok(message) if message.bytes == 0 => finish(),
            Ok(message) => message.bytes,
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => finish(),
        };
        let mut fds: Vec<OwnedFd> = Vec::new();
        for message in control.drain() {
            if let RecvAncillaryMessage::ScmRights(received) = message {
                fds.extend(received);
            }
        }
        if fds.len() != FDS_PER_RUN {
            continue;
        }
        let request: Result<Request, String> =
            serde_json::from_slice(&buffer[..bytes]).map_err(|e| format!("bad request: {e}"));
        // SAFETY: the zygote is single-threaded, so the child may run any code.
        let pid = unsafe { libc::fork() };
        if pid == 0 {
            become_supervisor(fds, request);
        }
        drop(fds);
    }
}

/// The judge is done with us: wait for every supervisor we forked to end completely (with
/// SIGCHLD ignored, `wait` returns only when no child is left), then exit. The judge waits for
/// the zygote, so when it has finished no process of any run is left, not even an exiting one.
fn finish() -> ! {
    loop {
        // SAFETY: waiting for our own children.
        let waited = unsafe { libc::waitpid(-1, std::ptr::null_mut(), 0) };
        if waited < 0 && std::io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
            break;
        }
    }
    if let Some(cgroup) = cgroup() {
        cgroup.remove();
    }
    std::process::exit(0)
}

/// In the forked child: put the run's descriptors at 0–4, close everything else, supervise.
fn become_supervisor(fds: Vec<OwnedFd>, request: Result<Request, String>) -> ! {
    // SAFETY: rearranging this process's own descriptors; high copies first so no dup2 target
    // clobbers a source still needed.
    unsafe {
        libc::signal(libc::SIGCHLD, libc::SIG_DFL);
        let high: Vec<i32> = fds
            .iter()
            .map(|fd| libc::fcntl(fd.as_raw_fd(), libc::F_DUPFD_CLOEXEC, 100))
            .collect();
        drop(fds);
        for (target, fd) in high.iter().enumerate() {
            libc::dup2(*fd, target as i32);
        }
        for fd in high {
            libc::close(fd);
        }
        // What else the zygote holds open (the Landlock folders it opened once) stays, close-on-
        // exec: nothing reaches the run (`serve` marks every descriptor above 2 so).
    }
    let code = match request {
        Ok(request) => supervisor::serve(&request),
        Err(message) => {
            let _ = supervisor::send_report(&Report {
                internal_error: Some(message),
                ..Report::default()
            });
            70
        }
    };
    let _ = std::io::stderr().flush();
    // SAFETY: leaving the forked child without running the zygote's destructors.
    unsafe { libc::_exit(code) }
}
