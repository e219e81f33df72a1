//! Ctrl-C: the first SIGINT or SIGTERM marks the judge as interrupted and makes a pipe readable
//! for good, so every run that is polling sees it at once, stops its solution and cleans up.

use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

struct Interrupt {
    flag: Arc<AtomicBool>,
    read: OwnedFd,
}

static INTERRUPT: OnceLock<Interrupt> = OnceLock::new();

/// Installs the handlers. Safe to call more than once; later calls do nothing. Without a pipe
/// (no descriptor left) Ctrl-C keeps its default effect: the judge ends, and every supervisor,
/// seeing the judge gone, kills its run.
pub fn install() {
    if INTERRUPT.get().is_some() {
        return;
    }
    let Ok((read, write)) = rustix::pipe::pipe_with(rustix::pipe::PipeFlags::CLOEXEC) else {
        return;
    };
    INTERRUPT.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        let write = std::os::unix::net::UnixStream::from(write);
        for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
            let _ = signal_hook::flag::register(signal, Arc::clone(&flag));
            if let Ok(copy) = write.try_clone() {
                let _ = signal_hook::low_level::pipe::register(signal, copy);
            }
        }
        Interrupt { flag, read }
    });
}

/// True once Ctrl-C (or SIGTERM) arrived.
pub fn interrupted() -> bool {
    INTERRUPT
        .get()
        .is_some_and(|i| i.flag.load(Ordering::SeqCst))
}

/// A descriptor that becomes readable when the judge is interrupted (never drained).
pub fn fd() -> Option<BorrowedFd<'static>> {
    INTERRUPT.get().map(|i| i.read.as_fd())
}
