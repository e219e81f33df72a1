//! The runner: starts one supervised run, feeds it, reads its stdout and stderr concurrently with
//! a cap (past which the run is stopped, never buffered without bound), and collects the raw facts.
//! It decides no verdict. The `Executor` trait lets grading be tested with a scripted fake
//! (`scripted::ScriptedExecutor`, in tests).

use std::io::{self, Write};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use crate::challenge::Limits;
use crate::interrupt;
use crate::sandbox::supervisor::{Report, Request};
use crate::sandbox::zygote;

pub mod prestart;
#[cfg(test)]
pub mod scripted;
mod zygotes;

use zygotes::{Zygote, ZygoteKey};
pub use zygotes::{ZygoteKind, zygote_binary};

/// How a runtime's memory is limited (harness `memory`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MemoryStrategy {
    /// `RLIMIT_AS`: every mapping counts. Right for most programs.
    #[default]
    AddressSpace,
    /// `RLIMIT_DATA`: heap and private mappings only, for runtimes that reserve large address
    /// spaces up front (the JVM, Go).
    Data,
}

/// One run to make.
#[derive(Debug, Clone)]
pub struct RunSpec {
    pub argv: Vec<String>,
    pub workdir: PathBuf,
    pub env: Vec<(String, String)>,
    pub stdin: RunStdin,
    pub limits: Limits,
    pub memory: MemoryStrategy,
    /// Run as this uid/gid (when the judge is root).
    pub run_as: Option<(u32, u32)>,
    /// Confine the run with Landlock to these paths.
    pub landlock: Option<crate::sandbox::landlock::Policy>,
    /// Run in fresh namespaces under an init process.
    pub namespaces: bool,
    /// With namespaces: a read-only filesystem but the run folders, and an own /proc.
    pub mounts: bool,
    /// Put the run in its own cgroup.
    pub cgroup: bool,
    /// With `mounts`: run in a filesystem built for it (`sandbox::view`); `workdir` is then the
    /// working folder as the run sees it.
    pub view: Option<ViewSpec>,
    /// A signal sent to the main process this long into the run (a test's `signal`).
    pub signal: Option<crate::challenge::SignalSpec>,
}

/// Where a run's stdin comes from.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum RunStdin {
    /// `/dev/null`.
    #[default]
    Null,
    /// A file, opened read-only.
    File(PathBuf),
    /// These bytes, in a sealed memfd: no file to write and remove for each run, and nothing a
    /// run can change (a checker is given the same bytes afterwards).
    Bytes(std::sync::Arc<[u8]>),
}

impl From<&crate::challenge::Stdin> for RunStdin {
    fn from(stdin: &crate::challenge::Stdin) -> RunStdin {
        match stdin {
            crate::challenge::Stdin::Empty => RunStdin::Null,
            crate::challenge::Stdin::Text(text) => RunStdin::Bytes(text.as_bytes().into()),
            crate::challenge::Stdin::File(path) => RunStdin::File(path.clone()),
        }
    }
}

impl RunStdin {
    /// What the run will read.
    pub fn bytes(&self) -> io::Result<std::borrow::Cow<'_, [u8]>> {
        Ok(match self {
            RunStdin::Null => std::borrow::Cow::Borrowed(&[]),
            RunStdin::File(path) => std::borrow::Cow::Owned(std::fs::read(path)?),
            RunStdin::Bytes(bytes) => std::borrow::Cow::Borrowed(bytes),
        })
    }

    /// A descriptor at the start of the input.
    fn open(&self) -> io::Result<OwnedFd> {
        match self {
            RunStdin::Null => Ok(std::fs::File::open("/dev/null")?.into()),
            RunStdin::File(path) => {
                let mut file = std::fs::File::open(path)?;
                if !Self::only_root_may_write(&file)? {
                    // A run of the file's owner (every run of an unprivileged judge) could
                    // reopen `/proc/self/fd/0` for writing and rewrite the challenge's test
                    // where Landlock does not stop it: it gets a sealed copy instead.
                    return sealed(|memfd| std::io::copy(&mut file, memfd).map(drop));
                }
                Ok(file.into())
            }
            RunStdin::Bytes(bytes) => sealed(|memfd| memfd.write_all(bytes)),
        }
    }

    /// True when the judge is root and `file` is root's, writable by its owner alone: runs
    /// (another user then) cannot write it, however they reach it.
    fn only_root_may_write(file: &std::fs::File) -> io::Result<bool> {
        use std::os::unix::fs::MetadataExt;
        let meta = file.metadata()?;
        Ok(rustix::process::geteuid().is_root() && meta.uid() == 0 && meta.mode() & 0o022 == 0)
    }
}

/// A memfd holding what `fill` writes, sealed before anyone else holds it: the run can neither
/// write it (through its descriptor or a reopened `/proc/self/fd/0`) nor shrink or grow it.
fn sealed(fill: impl FnOnce(&mut std::fs::File) -> io::Result<()>) -> io::Result<OwnedFd> {
    use rustix::fs::{MemfdFlags, SealFlags};
    let memfd = rustix::fs::memfd_create("stdin", MemfdFlags::CLOEXEC | MemfdFlags::ALLOW_SEALING)?;
    let mut file = std::fs::File::from(memfd);
    fill(&mut file)?;
    rustix::fs::fcntl_add_seals(
        &file,
        SealFlags::WRITE | SealFlags::GROW | SealFlags::SHRINK | SealFlags::SEAL,
    )?;
    std::io::Seek::rewind(&mut file)?;
    Ok(file.into())
}

/// What a run in a view is given.
#[derive(Debug, Clone)]
pub struct ViewSpec {
    /// The folder the judge prepared, copied into the run's working folder.
    pub prepared: PathBuf,
    /// `prepared` is shared by every test of a submission and never changes (`RunDir::sharing`).
    pub shared: bool,
    /// Folders of the machine bound read-only into the view: (machine path, view path).
    pub binds: Vec<(PathBuf, String)>,
}

/// The working folder a run in a view left, held open (a tmpfs of its own, freed when the last
/// holder lets go).
#[derive(Debug, Clone)]
pub struct ReturnedWork(pub std::sync::Arc<OwnedFd>);

impl PartialEq for ReturnedWork {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The raw facts of a finished run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunFacts {
    pub exit_code: Option<i32>,
    pub signal: Option<i32>,
    pub wall: Duration,
    pub cpu: Duration,
    pub max_rss_kib: u64,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// The stream passed the output cap (what was kept is the first `limits.output` bytes).
    pub stdout_over: bool,
    pub stderr_over: bool,
    pub wall_limit: bool,
    /// The run as a whole reached its CPU limit (measured by its cgroup).
    pub cpu_limit: bool,
    /// The run's cgroup hit its memory limit.
    pub memory_limit: bool,
    /// A cgroup limited and counted the run's memory: `memory_limit` is certain, and the
    /// peak alone is no sign of the limit.
    pub memory_exact: bool,
    /// A file in the working folder reached the `file_size` limit (set by the judge).
    pub file_limit: bool,
    /// Ctrl-C arrived while it ran.
    pub interrupted: bool,
    /// The program could not be started.
    pub spawn_error: Option<String>,
    /// Processes the teardown had to kill after the main one ended.
    pub strays_killed: u32,
    /// The run's working folder was full (`limits.disk`) when it ended.
    pub disk_full: bool,
    /// The working folder of a run in a view, as the run left it.
    pub work: Option<ReturnedWork>,
}

/// Runs processes. The real one supervises; tests may script one.
pub trait Executor: Sync {
    fn execute(&self, spec: &RunSpec) -> io::Result<RunFacts>;
}

/// Runs each process under a zygote (`livejudge __zygote`) that supervises it: one zygote per
/// concurrent run, started on first use and kept for the executor's lifetime.
#[derive(Debug)]
pub struct SupervisedExecutor {
    binary: PathBuf,
    idle: Mutex<Vec<Zygote>>,
    /// Zygotes told to exit (`retire`), waited for when the executor goes.
    retired: Mutex<Vec<Zygote>>,
}

impl Drop for SupervisedExecutor {
    fn drop(&mut self) {
        // Every idle zygote is told first, then each is waited for (dropping `retired`): they
        // tear their runs' namespaces down side by side, not one after another.
        self.retire();
    }
}

impl SupervisedExecutor {
    /// Uses this very binary as the zygote (`$LIVEJUDGE_SUPERVISOR` overrides it).
    pub fn from_current_exe() -> io::Result<SupervisedExecutor> {
        Ok(SupervisedExecutor::new(zygote_binary()?))
    }

    /// Tells every idle zygote to exit, without waiting for it (dropping the executor does):
    /// for a caller done with runs, so that their teardown goes on while it does the rest. They
    /// leave the pool: a run asked for later starts a zygote of its own.
    pub fn retire(&self) {
        let told: Vec<Zygote> = match self.idle.lock() {
            Ok(mut idle) => idle.drain(..).collect(),
            Err(_) => return,
        };
        if let Ok(mut retired) = self.retired.lock() {
            retired.extend(told.into_iter().map(|mut zygote| {
                zygote.tell_to_exit();
                zygote
            }));
        }
    }

    pub fn new(binary: PathBuf) -> SupervisedExecutor {
        SupervisedExecutor {
            binary,
            idle: Mutex::new(Vec::new()),
            retired: Mutex::new(Vec::new()),
        }
    }

    /// Sends a run to an idle zygote (starting one when none is idle, and replacing one that
    /// died). The zygote is the caller's until the run ends, so the runs of one zygote — which
    /// may share its network namespace — never overlap.
    fn dispatch(
        &self,
        key: ZygoteKey,
        request: &[u8],
        fds: &[BorrowedFd<'_>; zygote::FDS_PER_RUN],
    ) -> io::Result<Zygote> {
        let idle = {
            let mut idle = self
                .idle
                .lock()
                .map_err(|_| io::Error::other("zygote pool poisoned"))?;
            idle.iter()
                .position(|z| z.key == key)
                .map(|i| idle.swap_remove(i))
        };
        let zygote = match idle {
            Some(zygote) => zygote,
            None => {
                prestart::count_use(key.1);
                match prestart::claim(&self.binary, key) {
                    Some(zygote) => zygote,
                    None => Zygote::spawn(&self.binary, key)?,
                }
            }
        };
        match zygote.send(request, fds) {
            Ok(()) => Ok(zygote),
            Err(_) => {
                drop(zygote);
                let fresh = Zygote::spawn(&self.binary, key)?;
                fresh.send(request, fds)?;
                Ok(fresh)
            }
        }
    }

    /// Returns a zygote whose run has ended to the pool.
    fn release(&self, zygote: Zygote) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(zygote);
        }
    }
}

/// Numbers runs, so a working folder sent back is matched with its run.
static NEXT_SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Extra time the zygote gets past the wall limit before the judge gives up on the run.
const SUPERVISOR_GRACE: Duration = Duration::from_secs(5);
const CHUNK: usize = 64 * 1024;

fn cloexec_pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    Ok(rustix::pipe::pipe_with(rustix::pipe::PipeFlags::CLOEXEC)?)
}

impl Executor for SupervisedExecutor {
    fn execute(&self, spec: &RunSpec) -> io::Result<RunFacts> {
        let request = Request {
            argv: spec.argv.clone(),
            cwd: spec.workdir.to_string_lossy().into_owned(),
            env: spec.env.clone(),
            wall_ms: spec.limits.time.as_millis() as u64,
            cpu_ms: spec.limits.cpu.as_millis() as u64,
            address_space_bytes: (spec.memory == MemoryStrategy::AddressSpace)
                .then_some(spec.limits.memory),
            data_bytes: (spec.memory == MemoryStrategy::Data).then_some(spec.limits.memory),
            file_size_bytes: spec.limits.file_size,
            processes: spec.limits.processes,
            open_files: 256,
            run_as: spec.run_as,
            landlock: spec.landlock.clone().map(|mut policy| {
                // A toolchain named by an absolute path (a harness of the user's) is readable.
                if let Some(folder) = spec
                    .argv
                    .first()
                    .map(Path::new)
                    .filter(|p| p.is_absolute())
                    .and_then(Path::parent)
                {
                    policy.allow_read(folder.to_string_lossy().into_owned());
                }
                policy
            }),
            namespaces: spec.namespaces,
            mounts: spec.mounts,
            cgroup: spec.cgroup,
            view: spec
                .view
                .as_ref()
                .map(|view| crate::sandbox::supervisor::ViewRequest {
                    work: view.prepared.to_string_lossy().into_owned(),
                    disk: spec.limits.disk,
                    shared: view.shared,
                    binds: view
                        .binds
                        .iter()
                        .map(|(source, target)| crate::sandbox::view::Bind {
                            source: source.to_string_lossy().into_owned(),
                            target: target.clone(),
                        })
                        .collect(),
                }),
            seq: NEXT_SEQ.fetch_add(1, std::sync::atomic::Ordering::SeqCst),
            signal: spec
                .signal
                .map(|signal| (signal.number, signal.after.as_millis() as u64)),
            stack_bytes: spec.limits.stack,
        };
        let seq = request.seq;
        let stdin = spec.stdin.open()?;
        let (out_read, out_write) = cloexec_pipe()?;
        let (err_read, err_write) = cloexec_pipe()?;
        let (control_read, control_write) = cloexec_pipe()?;
        let (report_read, report_write) = cloexec_pipe()?;
        let request = serde_json::to_vec(&request).map_err(io::Error::other)?;
        let zygote = self.dispatch(
            (std::thread::current().id(), ZygoteKind::of(spec)),
            &request,
            &[
                stdin.as_fd(),
                out_write.as_fd(),
                err_write.as_fd(),
                control_read.as_fd(),
                report_write.as_fd(),
            ],
        )?;
        // Only the zygote and the run may hold the write ends now, so EOF means the run is over.
        drop((stdin, out_write, err_write, control_read, report_write));
        let mut control = std::fs::File::from(control_write);
        let collected = collect(
            &out_read,
            &err_read,
            &report_read,
            &mut control,
            spec.limits.output,
            spec.limits.time + SUPERVISOR_GRACE,
        )?;
        if collected.gave_up {
            // Not returned to the pool: whatever it sends later belongs to no run.
            return Err(io::Error::other("the supervisor did not finish in time"));
        }
        let work = match spec.view {
            Some(_) => zygote.receive_work(seq),
            None => Ok(None),
        };
        self.release(zygote);
        let work = work?;
        if collected.report.is_empty() {
            return Err(io::Error::other("the supervisor ended without a report"));
        }
        let report: Report = serde_json::from_slice(&collected.report)
            .map_err(|e| io::Error::other(format!("unreadable supervisor report: {e}")))?;
        if let Some(error) = report.internal_error {
            return Err(io::Error::other(format!("supervisor: {error}")));
        }
        Ok(RunFacts {
            exit_code: report.exit_code,
            signal: report.signal,
            wall: Duration::from_nanos(report.wall_ns),
            cpu: Duration::from_nanos(report.cpu_ns),
            max_rss_kib: report.max_rss_kib,
            stdout: collected.stdout.bytes,
            stderr: collected.stderr.bytes,
            stdout_over: collected.stdout.over,
            stderr_over: collected.stderr.over,
            wall_limit: report.wall_limit,
            cpu_limit: report.cpu_limit,
            memory_limit: report.memory_limit,
            memory_exact: report.memory_exact,
            file_limit: false,
            interrupted: collected.interrupted,
            spawn_error: report.spawn_error,
            strays_killed: report.strays_killed,
            disk_full: report.disk_full,
            work: work.map(|fd| ReturnedWork(std::sync::Arc::new(fd))),
        })
    }
}

#[derive(Default)]
struct Capture {
    bytes: Vec<u8>,
    over: bool,
    open: bool,
}

impl Capture {
    /// Keeps at most `cap` bytes; returns true the first time the cap is passed.
    fn take(&mut self, chunk: &[u8], cap: u64) -> bool {
        let room = (cap as usize).saturating_sub(self.bytes.len());
        self.bytes
            .extend_from_slice(&chunk[..chunk.len().min(room)]);
        if chunk.len() > room && !self.over {
            self.over = true;
            return true;
        }
        false
    }
}

struct Collected {
    stdout: Capture,
    stderr: Capture,
    report: Vec<u8>,
    interrupted: bool,
    gave_up: bool,
}

thread_local! {
    /// A judge thread's read buffer, kept from run to run (zeroing a new one for every run
    /// showed in profiles).
    static READ_BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Reads stdout, stderr and the report until all three close (the report: until its line is
/// whole), in one thread with poll.
fn collect(
    out: &OwnedFd,
    err: &OwnedFd,
    report: &OwnedFd,
    control: &mut std::fs::File,
    cap: u64,
    give_up_after: Duration,
) -> io::Result<Collected> {
    use rustix::event::{PollFd, PollFlags};
    let started = std::time::Instant::now();
    let mut result = Collected {
        stdout: Capture {
            open: true,
            ..Capture::default()
        },
        stderr: Capture {
            open: true,
            ..Capture::default()
        },
        report: Vec::new(),
        interrupted: false,
        gave_up: false,
    };
    let mut report_open = true;
    let mut stop_sent = false;
    let mut buffer = READ_BUFFER.take();
    buffer.resize(CHUNK, 0);
    let mut stop = |control: &mut std::fs::File| {
        if !stop_sent {
            stop_sent = true;
            let _ = control.write_all(b"stop\n");
        }
    };
    while result.stdout.open || result.stderr.open || report_open {
        let elapsed = started.elapsed();
        if elapsed >= give_up_after {
            result.gave_up = true;
            break;
        }
        let left = give_up_after - elapsed;
        let timeout = rustix::event::Timespec {
            tv_sec: left.as_secs() as i64,
            tv_nsec: i64::from(left.subsec_nanos()),
        };
        let mut fds = Vec::with_capacity(4);
        let mut which = Vec::with_capacity(4);
        if result.stdout.open {
            fds.push(PollFd::new(out, PollFlags::IN));
            which.push(0);
        }
        if result.stderr.open {
            fds.push(PollFd::new(err, PollFlags::IN));
            which.push(1);
        }
        if report_open {
            fds.push(PollFd::new(report, PollFlags::IN));
            which.push(2);
        }
        let interrupt_fd = interrupt::fd().filter(|_| !result.interrupted);
        if let Some(fd) = &interrupt_fd {
            fds.push(PollFd::from_borrowed_fd(fd.as_fd(), PollFlags::IN));
            which.push(3);
        }
        match rustix::event::poll(&mut fds, Some(&timeout)) {
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => return Err(e.into()),
        }
        let ready: Vec<(usize, bool)> = fds
            .iter()
            .zip(&which)
            .map(|(fd, w)| (*w, !fd.revents().is_empty()))
            .collect();
        drop(fds);
        for (w, is_ready) in ready {
            if !is_ready {
                continue;
            }
            match w {
                0 | 1 => {
                    let (fd, capture) = if w == 0 {
                        (out, &mut result.stdout)
                    } else {
                        (err, &mut result.stderr)
                    };
                    match rustix::io::read(fd, &mut buffer) {
                        Ok(0) => capture.open = false,
                        Ok(n) => {
                            if capture.take(&buffer[..n], cap) {
                                stop(control);
                            }
                        }
                        Err(rustix::io::Errno::INTR) | Err(rustix::io::Errno::AGAIN) => {}
                        Err(e) => return Err(e.into()),
                    }
                }
                2 => match rustix::io::read(report, &mut buffer) {
                    Ok(0) => report_open = false,
                    Ok(n) => {
                        result.report.extend_from_slice(&buffer[..n]);
                        // The report is one line, written last and at once: whole, it is all.
                        report_open = !result.report.ends_with(b"\n");
                    }
                    Err(rustix::io::Errno::INTR) | Err(rustix::io::Errno::AGAIN) => {}
                    Err(e) => return Err(e.into()),
                },
                _ => {
                    result.interrupted = true;
                    stop(control);
                }
            }
        }
    }
    READ_BUFFER.set(buffer);
    Ok(result)
}
