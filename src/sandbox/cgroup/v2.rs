//! cgroup v2 for runs, used when this process's cgroup is a writable, delegated subtree.
//!
//! The judge prepares one base folder for itself (`prepare_base`): a cgroup that holds
//! processes cannot hand the memory and pids controllers to children, so when the judge is alone
//! in its cgroup it first moves itself into a leaf (`livejudge-judge`, systemd's delegation
//! pattern), then enables the controllers and makes `livejudge-PID` below. Each zygote makes two
//! cgroups there (`RunCgroups`): one it sits in, and one its runs are born into (`clone3` with
//! `CLONE_INTO_CGROUP`, no migration). A run's cgroup therefore holds that run alone: its limits
//! (`memory.max`, `memory.swap.max`, `pids.max`) bound the run as a whole, `cgroup.kill` ends it
//! without touching the zygote, and its counters (`cpu.stat`, `memory.events`, `memory.peak`)
//! are the run's. Never touches cgroup v1 hierarchies, never moves a process but the judge.

use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

use super::Usage;

/// Why cgroup v2 cannot host this judge's runs.
#[derive(Debug, thiserror::Error)]
pub enum V2Error {
    #[error("{}: {error}", path.display())]
    Read { path: PathBuf, error: io::Error },
    #[error("no cgroup v2 hierarchy (this machine uses cgroup v1 only)")]
    NoHierarchy,
    #[error("cgroup v2 is not mounted")]
    NotMounted,
    #[error(
        "the cgroup v2 folder {} lacks the {} controller(s) (a hybrid or v1 machine, or not delegated)",
        folder.display(),
        missing.join(" and ")
    )]
    MissingControllers {
        folder: PathBuf,
        missing: Vec<&'static str>,
    },
    #[error(
        "the cgroup v2 folder {} is not writable (not delegated to this user)",
        .0.display()
    )]
    NotWritable(PathBuf),
    #[error(
        "the cgroup v2 folder {} holds other processes ({others}); run livejudge in a delegated \
         cgroup of its own, e.g. `systemd-run --user --scope -p Delegate=yes livejudge …`",
        folder.display()
    )]
    Shared { folder: PathBuf, others: usize },
    #[error("making {}: {error}", path.display())]
    Make { path: PathBuf, error: io::Error },
    #[error("moving the judge into {}: {error}", leaf.display())]
    MoveJudge { leaf: PathBuf, error: io::Error },
    /// Enabling the controllers for the children of a folder.
    #[error("{0}")]
    Enable(io::Error),
}

/// Reading `path` failed.
fn read_error(path: &Path) -> impl FnOnce(io::Error) -> V2Error {
    let path = path.to_path_buf();
    move |error| V2Error::Read { path, error }
}

/// The leaf a judge moves itself into when its own cgroup has to hand controllers down.
pub const JUDGE_LEAF: &str = "livejudge-judge";

/// Controllers a run cgroup uses when the subtree offers them.
const CONTROLLERS: [&str; 2] = ["memory", "pids"];

/// The cgroup v2 folder of this process when it can host per-run cgroups. With `force`, a
/// folder lacking the memory or pids controller is accepted (the runs then get rlimits for
/// what is missing); used to exercise cgroup v2 on hybrid machines.
pub fn detect(force: bool) -> Result<PathBuf, V2Error> {
    let read = |path: &str| std::fs::read_to_string(path).map_err(read_error(Path::new(path)));
    let cgroup = read("/proc/self/cgroup")?;
    let mountinfo = read("/proc/self/mountinfo")?;
    let folder = own_folder(&cgroup, &mountinfo)?;
    check_delegated(&folder, force)?;
    Ok(folder)
}

/// Where this process's cgroup v2 lives, from /proc/self/cgroup and /proc/self/mountinfo.
pub fn own_folder(cgroup: &str, mountinfo: &str) -> Result<PathBuf, V2Error> {
    let relative = cgroup
        .lines()
        .find_map(|line| line.strip_prefix("0::"))
        .ok_or(V2Error::NoHierarchy)?;
    let mount = mountinfo
        .lines()
        .find_map(|line| {
            let (left, right) = line.split_once(" - ")?;
            let fstype = right.split_whitespace().next()?;
            (fstype == "cgroup2").then(|| left.split_whitespace().nth(4).map(str::to_string))?
        })
        .ok_or(V2Error::NotMounted)?;
    Ok(Path::new(&mount).join(relative.trim_start_matches('/')))
}

/// The controllers of `CONTROLLERS` that `folder` offers.
fn offered(folder: &Path) -> Result<Vec<&'static str>, V2Error> {
    let path = folder.join("cgroup.controllers");
    let text = std::fs::read_to_string(&path).map_err(read_error(&path))?;
    let present: Vec<&str> = text.split_whitespace().collect();
    Ok(CONTROLLERS
        .into_iter()
        .filter(|c| present.contains(c))
        .collect())
}

/// Checks that `folder` offers the memory and pids controllers (unless `force`) and that this
/// process may manage it.
pub fn check_delegated(folder: &Path, force: bool) -> Result<(), V2Error> {
    // A judge in its own leaf manages the folder above it (see `prepare_base`).
    let folder = managed_folder(folder);
    let offered = offered(folder)?;
    if !force && offered.len() < CONTROLLERS.len() {
        let missing: Vec<&str> = CONTROLLERS
            .into_iter()
            .filter(|c| !offered.contains(c))
            .collect();
        return Err(V2Error::MissingControllers {
            folder: folder.to_path_buf(),
            missing,
        });
    }
    let writable = |p: &Path| rustix::fs::access(p, rustix::fs::Access::WRITE_OK).is_ok();
    for path in [
        folder.to_path_buf(),
        folder.join("cgroup.procs"),
        folder.join("cgroup.subtree_control"),
    ] {
        if !writable(&path) {
            return Err(V2Error::NotWritable(folder.to_path_buf()));
        }
    }
    Ok(())
}

/// The folder a judge manages: its own cgroup, or the one above when it already sits in the
/// judge leaf (a judge started by a judge, or a second judge in the same delegated scope).
fn managed_folder(own: &Path) -> &Path {
    match own.parent() {
        Some(parent) if own.file_name().is_some_and(|n| n == JUDGE_LEAF) => parent,
        _ => own,
    }
}

/// Pids listed in a `cgroup.procs` file.
fn pids_in(folder: &Path) -> io::Result<Vec<u32>> {
    Ok(std::fs::read_to_string(folder.join("cgroup.procs"))?
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect())
}

/// Enables `controllers` for the children of `folder`, unless they already are.
fn enable(folder: &Path, controllers: &[&str]) -> io::Result<()> {
    let path = folder.join("cgroup.subtree_control");
    let enabled = std::fs::read_to_string(&path).unwrap_or_default();
    let enabled: Vec<&str> = enabled.split_whitespace().collect();
    let wanted: Vec<String> = controllers
        .iter()
        .filter(|c| !enabled.contains(c))
        .map(|c| format!("+{c}"))
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    std::fs::write(&path, wanted.join(" ")).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("enabling {} in {}: {e}", wanted.join(" "), path.display()),
        )
    })
}

/// Makes the folder under which this judge's zygotes make their cgroups, below `own` (this
/// process's cgroup, as `detect` found it). `me` is this process's pid.
///
/// The hierarchy's root may hold processes and still hand controllers down; any other cgroup
/// may not, so the judge moves itself into the leaf `livejudge-judge` first — only when it is
/// alone in its cgroup: other processes there are not the judge's to move.
pub fn prepare_base(own: &Path, me: u32) -> Result<PathBuf, V2Error> {
    let folder = managed_folder(own);
    let controllers = offered(folder)?;
    let is_root = !folder.join("cgroup.type").exists();
    if !is_root && folder == own {
        let others: Vec<u32> = pids_in(folder)
            .map_err(read_error(&folder.join("cgroup.procs")))?
            .into_iter()
            .filter(|&pid| pid != me)
            .collect();
        if !others.is_empty() {
            return Err(V2Error::Shared {
                folder: folder.to_path_buf(),
                others: others.len(),
            });
        }
        let leaf = folder.join(JUDGE_LEAF);
        super::make_folder(&leaf).map_err(|error| V2Error::Make {
            path: leaf.clone(),
            error,
        })?;
        std::fs::write(leaf.join("cgroup.procs"), me.to_string())
            .map_err(|error| V2Error::MoveJudge { leaf, error })?;
    }
    enable(folder, &controllers).map_err(V2Error::Enable)?;
    sweep_stale(folder);
    let base = folder.join(format!("livejudge-{me}"));
    super::make_folder(&base).map_err(|error| V2Error::Make {
        path: base.clone(),
        error,
    })?;
    if let Err(e) = enable(&base, &controllers) {
        let _ = std::fs::remove_dir(&base);
        return Err(V2Error::Enable(e));
    }
    Ok(base)
}

/// Removes the base folders of judges that are gone (a judge killed with SIGKILL cannot
/// remove its own). Only empty cgroups can be removed, so nothing running is touched.
fn sweep_stale(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix("livejudge-"))
            .and_then(|p| p.parse::<i32>().ok())
        else {
            continue;
        };
        let alive = rustix::process::Pid::from_raw(pid)
            .is_some_and(|pid| rustix::process::test_kill_process(pid).is_ok());
        if !alive {
            remove_tree(&entry.path());
        }
    }
}

/// Removes an (empty) cgroup and the empty cgroups below it.
fn remove_tree(folder: &Path) {
    if let Ok(entries) = std::fs::read_dir(folder) {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                remove_tree(&entry.path());
            }
        }
    }
    super::remove_folder(folder);
}

/// The judge's base folder, once `set_base` recorded it.
static BASE: OnceLock<PathBuf> = OnceLock::new();

/// Records the judge's base folder: zygotes started from now on use cgroup v2 there.
pub fn set_base(base: PathBuf) {
    let _ = BASE.set(base);
}

/// The judge's base folder, when runs use cgroup v2.
pub fn base() -> Option<&'static Path> {
    BASE.get().map(PathBuf::as_path)
}

/// Removes the judge's base folder and whatever zygote cgroups are left in it; called when the
/// judge is done (every zygote has exited by then).
pub fn release_base() {
    if let Some(base) = base() {
        remove_tree(base);
    }
}

/// The name of a zygote's own cgroup under the base.
pub fn zygote_name(pid: u32) -> String {
    format!("zygote-{pid}")
}

/// A zygote's two cgroups: the one it sits in and the one its runs are born into.
#[derive(Debug)]
pub struct RunCgroups {
    base: PathBuf,
    pid: u32,
    zygote: PathBuf,
    runs: Mutex<RunsFolder>,
    /// The runs' cgroup was killed: the next run gets a fresh one (see `renew`).
    killed: AtomicBool,
}

/// The cgroup a zygote's runs are born into, its files opened once.
#[derive(Debug)]
struct RunsFolder {
    path: PathBuf,
    /// The folder, for `clone3(CLONE_INTO_CGROUP)`; `None` when runs must move themselves in.
    dir: Option<OwnedFd>,
    /// `cgroup.procs`, for kernels without `clone3` (the child writes its own pid).
    procs: File,
    cpu_stat: File,
    memory_events: Option<File>,
    /// Opened read-write: writing to it resets the peak seen through this descriptor (Linux
    /// 6.12+); `None` when it is absent or cannot be reset (the peak then comes from `wait4`).
    memory_peak: Option<File>,
    memory_max: Option<File>,
    swap_max: Option<File>,
    pids_max: Option<File>,
    kill: Option<File>,
    /// Limits written so far (memory, processes), so an equal one is not written again.
    written: (Option<u64>, Option<u32>),
}

/// Where a run is started: a cgroup folder for `clone3`, and its `cgroup.procs`.
#[derive(Debug, Clone, Copy)]
pub struct SpawnTarget {
    pub folder: Option<RawFd>,
    pub procs: RawFd,
}

/// Counters of the runs' cgroup when a run started (they only grow).
#[derive(Debug, Clone, Copy, Default)]
pub struct CounterBaseline {
    cpu_usec: u64,
    oom_events: u64,
}

fn open_rw(path: &Path) -> Option<File> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .ok()
}

/// The whole text of a small file, read from its start.
fn read_at_start(file: &File) -> Option<String> {
    let mut buffer = [0u8; 1024];
    let n = file.read_at(&mut buffer, 0).ok()?;
    Some(String::from_utf8_lossy(&buffer[..n]).into_owned())
}

/// The value of `key` in a flat-keyed file (`cpu.stat`, `memory.events`).
fn keyed(text: &str, key: &str) -> Option<u64> {
    text.lines().find_map(|line| {
        let (name, value) = line.split_once(' ')?;
        (name == key).then(|| value.trim().parse().ok())?
    })
}

impl RunsFolder {
    /// Makes (or reuses) the folder `path` and opens its files.
    fn open(path: PathBuf) -> io::Result<RunsFolder> {
        super::make_folder(&path)?;
        let dir = rustix::fs::open(
            &path,
            rustix::fs::OFlags::RDONLY
                | rustix::fs::OFlags::DIRECTORY
                | rustix::fs::OFlags::CLOEXEC,
            rustix::fs::Mode::empty(),
        )?;
        let procs = std::fs::OpenOptions::new()
            .write(true)
            .open(path.join("cgroup.procs"))?;
        let cpu_stat = File::open(path.join("cpu.stat"))?;
        // Only a peak that can be reset before each run is the run's own.
        let memory_peak =
            open_rw(&path.join("memory.peak")).filter(|file| file.write_at(b"reset", 0).is_ok());
        Ok(RunsFolder {
            dir: Some(dir),
            procs,
            cpu_stat,
            memory_events: File::open(path.join("memory.events")).ok(),
            memory_peak,
            memory_max: open_rw(&path.join("memory.max")),
            swap_max: open_rw(&path.join("memory.swap.max")),
            pids_max: open_rw(&path.join("pids.max")),
            kill: open_rw(&path.join("cgroup.kill")),
            written: (None, None),
            path,
        })
    }

    fn cpu_usec(&self) -> Option<u64> {
        keyed(&read_at_start(&self.cpu_stat)?, "usage_usec")
    }

    /// CPU time since `baseline`, in nanoseconds.
    fn cpu_ns_since(&self, baseline: &CounterBaseline) -> Option<u64> {
        Some(self.cpu_usec()?.saturating_sub(baseline.cpu_usec) * 1000)
    }

    /// Allocations that failed at the limit plus processes the OOM killer ended.
    fn oom_events(&self) -> u64 {
        self.memory_events
            .as_ref()
            .and_then(read_at_start)
            .map(|text| keyed(&text, "oom").unwrap_or(0) + keyed(&text, "oom_kill").unwrap_or(0))
            .unwrap_or(0)
    }
}

impl RunCgroups {
    /// Makes `zygote-PID` and `zygote-PID-runs` under `base` for the zygote `pid`.
    pub fn create(base: &Path, pid: u32) -> io::Result<RunCgroups> {
        let zygote = base.join(zygote_name(pid));
        super::make_folder(&zygote)?;
        let runs = RunsFolder::open(base.join(format!("{}-runs", zygote_name(pid))))?;
        Ok(RunCgroups {
            base: base.to_path_buf(),
            pid,
            zygote,
            runs: Mutex::new(runs),
            killed: AtomicBool::new(false),
        })
    }

    fn runs(&self) -> io::Result<std::sync::MutexGuard<'_, RunsFolder>> {
        self.runs
            .lock()
            .map_err(|_| io::Error::other("cgroup state poisoned"))
    }

    /// The judge's base folder these cgroups are in.
    pub fn base(&self) -> &Path {
        &self.base
    }

    /// Moves the calling process into the zygote's own cgroup.
    pub fn join(&self) -> io::Result<()> {
        std::fs::write(self.zygote.join("cgroup.procs"), "0")
    }

    /// The runs' cgroup limits the run's memory as a whole.
    pub fn limits_memory(&self) -> bool {
        self.runs().is_ok_and(|r| r.memory_max.is_some())
    }

    /// The runs' cgroup limits the run's processes as a whole.
    pub fn limits_processes(&self) -> bool {
        self.runs().is_ok_and(|r| r.pids_max.is_some())
    }

    /// Where to start the next run.
    pub fn spawn_target(&self) -> Option<SpawnTarget> {
        let runs = self.runs().ok()?;
        Some(SpawnTarget {
            folder: runs.dir.as_ref().map(AsRawFd::as_raw_fd),
            procs: runs.procs.as_raw_fd(),
        })
    }

    /// Sets one run's limits and notes the counters it starts from.
    pub fn prepare_run(&self, processes: u32, memory: u64) -> io::Result<CounterBaseline> {
        if self.killed.swap(false, Ordering::Relaxed) {
            self.renew();
        }
        let mut runs = self.runs()?;
        if let Some(file) = &runs.memory_max
            && runs.written.0 != Some(memory)
        {
            file.write_at(memory.to_string().as_bytes(), 0)?;
            // Swap would let the run grow past its limit unseen; absent without swap.
            if let Some(swap) = &runs.swap_max {
                let _ = swap.write_at(b"0", 0);
            }
            runs.written.0 = Some(memory);
        }
        if let Some(file) = &runs.pids_max
            && runs.written.1 != Some(processes)
        {
            file.write_at(processes.to_string().as_bytes(), 0)?;
            runs.written.1 = Some(processes);
        }
        if let Some(file) = &runs.memory_peak {
            file.write_at(b"reset", 0)?;
        }
        Ok(CounterBaseline {
            cpu_usec: runs.cpu_usec().unwrap_or(0),
            oom_events: runs.oom_events(),
        })
    }

    /// CPU time of the run since `prepare_run`, in nanoseconds.
    pub fn cpu_ns(&self, baseline: &CounterBaseline) -> Option<u64> {
        self.runs().ok()?.cpu_ns_since(baseline)
    }

    /// What the run measured.
    pub fn usage(&self, baseline: &CounterBaseline) -> Usage {
        let Ok(runs) = self.runs() else {
            return Usage::default();
        };
        Usage {
            cpu_ns: runs.cpu_ns_since(baseline),
            peak_memory: runs
                .memory_peak
                .as_ref()
                .and_then(read_at_start)
                .and_then(|text| text.trim().parse().ok()),
            memory_limit_hit: runs.oom_events() > baseline.oom_events,
        }
    }

    /// Kills every process in the runs' cgroup at once (Linux 5.14+); false when the kernel has
    /// no `cgroup.kill` (the caller's own teardown then does it).
    pub fn kill(&self) -> bool {
        let killed = self.runs().is_ok_and(|runs| {
            runs.kill
                .as_ref()
                .is_some_and(|file| file.write_at(b"1", 0).is_ok())
        });
        if killed {
            self.killed.store(true, Ordering::Relaxed);
        }
        killed
    }

    /// Replaces the runs' cgroup after a `kill` (before the next run, once the killed run has
    /// been measured and reaped): on some kernels (seen on 6.18) a process
    /// started by `clone3(CLONE_INTO_CGROUP)` into a cgroup that was once killed is killed at
    /// birth, so the next run gets a fresh one. When that cannot be made, runs move themselves
    /// into the old one instead (a migration per run, slower but sound).
    fn renew(&self) {
        static GENERATION: AtomicU64 = AtomicU64::new(1);
        let Ok(mut runs) = self.runs() else {
            return;
        };
        let generation = GENERATION.fetch_add(1, Ordering::Relaxed);
        let path = self
            .base
            .join(format!("{}-runs-{generation}", zygote_name(self.pid)));
        match RunsFolder::open(path) {
            Ok(fresh) => {
                let old = std::mem::replace(&mut *runs, fresh);
                super::remove_folder(&old.path);
            }
            Err(_) => runs.dir = None,
        }
    }

    /// Removes the runs' cgroup (the zygote's own is removed by the judge once the zygote has
    /// exited: a process cannot remove the cgroup it is in).
    pub fn remove_runs(&self) {
        if let Ok(runs) = self.runs() {
            super::remove_folder(&runs.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HYBRID_MOUNTS: &str = "35 24 0:30 / /sys/fs/cgroup/unified rw,relatime shared:9 - cgroup2 cgroup2 rw\n36 24 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";

    #[test]
    fn v1_only_machine_is_reported() {
        let err = own_folder(
            "4:memory:/user\n2:pids:/user\n",
            "36 24 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("v1 only"), "{err}");
    }

    #[test]
    fn hybrid_machine_finds_the_unified_folder_but_no_controllers() {
        let folder = own_folder("0::/user.slice\n4:memory:/\n", HYBRID_MOUNTS).unwrap();
        assert_eq!(folder, Path::new("/sys/fs/cgroup/unified/user.slice"));
        let fake = tempfile::tempdir().unwrap();
        std::fs::write(fake.path().join("cgroup.controllers"), "\n").unwrap();
        let err = check_delegated(fake.path(), false).unwrap_err().to_string();
        assert!(err.contains("memory and pids"), "{err}");
    }

    /// A fake delegated cgroup: a folder with the files the kernel would show.
    fn fake_cgroup(folder: &Path, procs: &str) {
        std::fs::create_dir_all(folder).unwrap();
        std::fs::write(folder.join("cgroup.controllers"), "cpu memory pids\n").unwrap();
        std::fs::write(folder.join("cgroup.procs"), procs).unwrap();
        std::fs::write(folder.join("cgroup.subtree_control"), "").unwrap();
        std::fs::write(folder.join("cgroup.type"), "domain\n").unwrap();
    }

    #[test]
    fn delegated_folder_is_accepted() {
        let fake = tempfile::tempdir().unwrap();
        fake_cgroup(fake.path(), "");
        assert!(check_delegated(fake.path(), false).is_ok());
    }

    #[test]
    fn a_judge_alone_in_its_cgroup_moves_into_a_leaf_and_enables_the_controllers() {
        let fake = tempfile::tempdir().unwrap();
        let scope = fake.path().join("judge.scope");
        fake_cgroup(&scope, "4242\n");
        let base = prepare_base(&scope, 4242).unwrap();
        assert_eq!(base, scope.join("livejudge-4242"));
        assert_eq!(
            std::fs::read_to_string(scope.join("livejudge-judge/cgroup.procs")).unwrap(),
            "4242"
        );
        assert_eq!(
            std::fs::read_to_string(scope.join("cgroup.subtree_control")).unwrap(),
            "+memory +pids"
        );
        assert_eq!(
            std::fs::read_to_string(base.join("cgroup.subtree_control")).unwrap(),
            "+memory +pids"
        );
        // A judge already in the leaf manages the folder above without moving again.
        std::fs::write(scope.join("cgroup.subtree_control"), "memory pids").unwrap();
        std::fs::write(scope.join("livejudge-judge/cgroup.procs"), "99").unwrap();
        let again = prepare_base(&scope.join("livejudge-judge"), 4343).unwrap();
        assert_eq!(again, scope.join("livejudge-4343"));
        assert_eq!(
            std::fs::read_to_string(scope.join("livejudge-judge/cgroup.procs")).unwrap(),
            "99"
        );
    }

    #[test]
    fn other_processes_in_the_judges_cgroup_are_never_moved() {
        let fake = tempfile::tempdir().unwrap();
        fake_cgroup(fake.path(), "4242\n17\n");
        let err = prepare_base(fake.path(), 4242).unwrap_err().to_string();
        assert!(err.contains("holds other processes (1)"), "{err}");
        assert!(err.contains("Delegate=yes"), "{err}");
        assert!(!fake.path().join(JUDGE_LEAF).exists());
        assert_eq!(
            std::fs::read_to_string(fake.path().join("cgroup.procs")).unwrap(),
            "4242\n17\n"
        );
    }

    #[test]
    fn stale_base_folders_of_dead_judges_are_swept() {
        let fake = tempfile::tempdir().unwrap();
        fake_cgroup(fake.path(), "");
        std::fs::remove_file(fake.path().join("cgroup.type")).unwrap();
        // pid_max is at most 2^22: this pid cannot be alive.
        let stale = fake.path().join("livejudge-99999999");
        std::fs::create_dir_all(stale.join("zygote-1")).unwrap();
        let mine = std::process::id();
        let base = prepare_base(fake.path(), mine).unwrap();
        assert!(!stale.exists());
        assert!(base.exists());
    }

    #[test]
    fn flat_keyed_files_are_read() {
        let stat = "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n";
        assert_eq!(keyed(stat, "usage_usec"), Some(1500));
        assert_eq!(keyed(stat, "user_usec"), Some(1000));
        let events = "low 0\nhigh 0\nmax 12\noom 1\noom_kill 2\noom_group_kill 0\n";
        assert_eq!(keyed(events, "oom"), Some(1));
        assert_eq!(keyed(events, "oom_kill"), Some(2));
        assert_eq!(keyed(events, "missing"), None);
    }

    #[test]
    fn limits_are_written_and_usage_read_on_a_fake_tree() {
        let fake = tempfile::tempdir().unwrap();
        let runs = fake.path().join("zygote-7-runs");
        std::fs::create_dir_all(&runs).unwrap();
        for (file, text) in [
            ("cgroup.procs", ""),
            ("cpu.stat", "usage_usec 100\n"),
            ("memory.events", "oom 0\noom_kill 0\n"),
            ("memory.max", ""),
            ("pids.max", ""),
            ("cgroup.kill", ""),
        ] {
            std::fs::write(runs.join(file), text).unwrap();
        }
        let cgroups = RunCgroups::create(fake.path(), 7).unwrap();
        assert!(cgroups.limits_memory() && cgroups.limits_processes());
        assert!(cgroups.spawn_target().unwrap().folder.is_some());
        let baseline = cgroups.prepare_run(64, 1 << 20).unwrap();
        assert_eq!(
            std::fs::read_to_string(runs.join("memory.max")).unwrap(),
            "1048576"
        );
        assert_eq!(
            std::fs::read_to_string(runs.join("pids.max")).unwrap(),
            "64"
        );
        std::fs::write(runs.join("cpu.stat"), "usage_usec 2600\n").unwrap();
        std::fs::write(runs.join("memory.events"), "oom 0\noom_kill 1\n").unwrap();
        let usage = cgroups.usage(&baseline);
        assert_eq!(usage.cpu_ns, Some(2_500_000));
        assert!(usage.memory_limit_hit);
        assert!(cgroups.kill());
        assert_eq!(
            std::fs::read_to_string(runs.join("cgroup.kill")).unwrap(),
            "1"
        );
        // The next run would go to a fresh folder; a fake tree cannot make one (the kernel
        // makes a cgroup's files), so runs fall back to moving themselves into the old one.
        cgroups.prepare_run(64, 1 << 20).unwrap();
        let target = cgroups.spawn_target().unwrap();
        assert!(target.folder.is_none());
    }
}
