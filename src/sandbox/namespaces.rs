//! Namespaces for runs: user (when the judge is not root), PID, network, IPC and UTS. A zygote
//! makes the user, network, PID and UTS ones once (`enter_zygote`) and serves its runs, one at a
//! time, as PID 1 there; each run's process adds IPC and UTS namespaces of its own. The network
//! namespace has only a loopback interface, with nothing listening on it.

use std::io;

/// Enters fresh namespaces, all at once (the probe uses it to see whether they are available).
/// As an unprivileged judge a user namespace comes first, mapping the judge's own uid and gid to
/// themselves, which grants the rights to create the others.
pub fn enter(unprivileged: bool) -> io::Result<()> {
    if unprivileged {
        enter_user()?;
    }
    unshare(libc::CLONE_NEWPID | libc::CLONE_NEWNET | libc::CLONE_NEWIPC | libc::CLONE_NEWUTS)?;
    let _ = loopback_up();
    // The machine's name is not the run's business.
    let _ = rustix::system::sethostname(b"livejudge");
    Ok(())
}

/// Enters a user namespace (when unprivileged), a network namespace with only loopback, and
/// PID and UTS namespaces, once, in the zygote; its next child is PID 1 of the new PID
/// namespace. Creating a network namespace is the dearest part of a run's isolation (about a
/// millisecond here); runs of one zygote use these namespaces one after another, never at the
/// same time, and nothing of a run survives in them (its processes, and so its sockets, are
/// gone). Each run still gets IPC and UTS namespaces of its own (System V objects would outlive
/// their processes).
pub fn enter_zygote(unprivileged: bool) -> io::Result<()> {
    if unprivileged {
        enter_user()?;
    }
    unshare(libc::CLONE_NEWNET | libc::CLONE_NEWPID | libc::CLONE_NEWUTS)?;
    let _ = loopback_up();
    let _ = rustix::system::sethostname(b"livejudge");
    Ok(())
}

fn enter_user() -> io::Result<()> {
    let uid = rustix::process::getuid().as_raw();
    let gid = rustix::process::getgid().as_raw();
    unshare(libc::CLONE_NEWUSER)?;
    std::fs::write("/proc/self/setgroups", "deny")?;
    std::fs::write("/proc/self/uid_map", format!("{uid} {uid} 1"))?;
    std::fs::write("/proc/self/gid_map", format!("{gid} {gid} 1"))?;
    Ok(())
}

fn unshare(flags: i32) -> io::Result<()> {
    // SAFETY: unshare only changes this (single-threaded) process's namespaces.
    if unsafe { libc::unshare(flags) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Brings `lo` up in the new network namespace, so programs that talk to themselves over
/// loopback behave as they would elsewhere (Landlock still denies TCP bind and connect).
fn loopback_up() -> io::Result<()> {
    // SAFETY: a plain socket and ioctl on a zeroed, NUL-terminated ifreq.
    unsafe {
        let socket = libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0);
        if socket < 0 {
            return Err(io::Error::last_os_error());
        }
        let mut request: libc::ifreq = std::mem::zeroed();
        for (slot, byte) in request.ifr_name.iter_mut().zip(b"lo\0") {
            *slot = *byte as libc::c_char;
        }
        let mut result = libc::ioctl(socket, libc::SIOCGIFFLAGS, &mut request);
        if result == 0 {
            request.ifr_ifru.ifru_flags |= libc::IFF_UP as libc::c_short;
            result = libc::ioctl(socket, libc::SIOCSIFFLAGS, &request);
        }
        libc::close(socket);
        if result != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Why an attempt in a throwaway child (`attempt_in_child`) failed.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    #[error("{0}")]
    Pipe(rustix::io::Errno),
    #[error("{0}")]
    Fork(io::Error),
    /// The child failed without saying why.
    #[error("the probe failed")]
    Silent,
    /// What the child said (its error's message).
    #[error("{0}")]
    Said(String),
}

/// The probe's results travel as text (`sandbox::Probe`, the JSON of `livejudge __probe`).
impl From<ProbeError> for String {
    fn from(error: ProbeError) -> String {
        error.to_string()
    }
}

/// Tries the namespaces in a throwaway child; the error says why they are unavailable.
pub fn probe(unprivileged: bool) -> Result<(), ProbeError> {
    attempt_in_child(|| enter(unprivileged))
}

/// Runs `attempt` in a forked child and reports its outcome: the error says why it failed.
/// Only for a single-threaded process (`livejudge __probe`): the child runs Rust code.
pub fn attempt_in_child(attempt: impl FnOnce() -> io::Result<()>) -> Result<(), ProbeError> {
    let (read, write) =
        rustix::pipe::pipe_with(rustix::pipe::PipeFlags::CLOEXEC).map_err(ProbeError::Pipe)?;
    // SAFETY: the caller is single-threaded, so the child may run Rust code.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(ProbeError::Fork(io::Error::last_os_error()));
    }
    if pid == 0 {
        let code = match attempt() {
            Ok(()) => 0,
            Err(e) => {
                let _ = rustix::io::write(&write, e.to_string().as_bytes());
                1
            }
        };
        // SAFETY: leaving the throwaway child.
        unsafe { libc::_exit(code) }
    }
    drop(write);
    let mut message = Vec::new();
    let mut buffer = [0u8; 256];
    while let Ok(n) = rustix::io::read(&read, &mut buffer) {
        if n == 0 {
            break;
        }
        message.extend_from_slice(&buffer[..n]);
    }
    let mut status = 0;
    // SAFETY: reaping the child we forked.
    unsafe { libc::waitpid(pid, &mut status, 0) };
    if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0 {
        Ok(())
    } else if message.is_empty() {
        Err(ProbeError::Silent)
    } else {
        Err(ProbeError::Said(
            String::from_utf8_lossy(&message).trim().to_string(),
        ))
    }
}
