//! cgroup v1 for runs, used when the judge is root and the pids, memory and cpuacct controllers
//! are mounted: where each controller puts this process, and a zygote's cgroups (limits set and
//! counters reset before each run, read after it). The zygote itself sits in them.

use std::path::{Path, PathBuf};

use super::Usage;

/// Why cgroup v1 cannot host this judge's runs.
#[derive(Debug, thiserror::Error)]
pub enum V1Error {
    #[error("no cgroup v1 `{0}` controller")]
    NoController(&'static str),
    #[error("the cgroup v1 `{0}` controller is not mounted")]
    NotMounted(&'static str),
    #[error("cgroup v1 needs root")]
    NotRoot,
    /// Reading /proc/self/cgroup or /proc/self/mountinfo.
    #[error("{0}")]
    Read(std::io::Error),
    #[error("{} is not writable", .0.display())]
    NotWritable(PathBuf),
}

/// A cgroup v1 controller a run can be put under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Controller {
    Pids,
    Memory,
    Cpuacct,
}

impl Controller {
    const ALL: [Controller; 3] = [Controller::Pids, Controller::Memory, Controller::Cpuacct];

    fn name(self) -> &'static str {
        match self {
            Controller::Pids => "pids",
            Controller::Memory => "memory",
            Controller::Cpuacct => "cpuacct",
        }
    }
}

/// Where each cgroup v1 controller puts this process: the mount point joined with this
/// process's own cgroup path, so a run's cgroup nests under whatever limits the judge itself is
/// under. Pure over the text of /proc/self/cgroup and /proc/self/mountinfo.
pub fn v1_folders(cgroup: &str, mountinfo: &str) -> Result<Vec<(Controller, PathBuf)>, V1Error> {
    let mut found = Vec::new();
    for controller in Controller::ALL {
        let own = cgroup
            .lines()
            .find_map(|line| {
                let mut parts = line.splitn(3, ':');
                let (_, names, path) = (parts.next()?, parts.next()?, parts.next()?);
                names
                    .split(',')
                    .any(|n| n == controller.name())
                    .then_some(path)
            })
            .ok_or(V1Error::NoController(controller.name()))?;
        let mount = mountinfo
            .lines()
            .find_map(|line| {
                let (left, right) = line.split_once(" - ")?;
                let mut right = right.split_whitespace();
                let fstype = right.next()?;
                let options = right.nth(1)?;
                (fstype == "cgroup" && options.split(',').any(|o| o == controller.name()))
                    .then(|| left.split_whitespace().nth(4).map(str::to_string))?
            })
            .ok_or(V1Error::NotMounted(controller.name()))?;
        found.push((
            controller,
            Path::new(&mount).join(own.trim_start_matches('/')),
        ));
    }
    Ok(found)
}

/// The cgroup v1 folders under which runs get their own cgroups, when the judge may create them
/// (it is root and the pids, memory and cpuacct controllers are mounted).
pub fn detect() -> Result<Vec<(Controller, PathBuf)>, V1Error> {
    if !rustix::process::geteuid().is_root() {
        return Err(V1Error::NotRoot);
    }
    let cgroup = std::fs::read_to_string("/proc/self/cgroup").map_err(V1Error::Read)?;
    let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").map_err(V1Error::Read)?;
    let folders = v1_folders(&cgroup, &mountinfo)?;
    for (_, folder) in &folders {
        if rustix::fs::access(folder, rustix::fs::Access::WRITE_OK).is_err() {
            return Err(V1Error::NotWritable(folder.clone()));
        }
    }
    Ok(folders)
}

/// Starts, in a thread of its own, the RCU grace period the first cgroup v1 migration of a
/// while waits for (7–8 ms on the development VM, whatever else the machine does). Writing this
/// process into the cgroup it is already in moves nothing, but takes the kernel's
/// `cgroup_threadgroup_rwsem` for writing, which waits for a grace period once and then, for a
/// grace period more, lets the next writers through without one: a zygote's own join
/// ([`RunCgroup::join`]) a few milliseconds later waits only for what is left of it. For a
/// command about to judge as root (the only judge that joins cgroups v1); best effort. A command
/// that ends within the grace period waits for the thread (at most one grace period). Returns
/// the thread, which nobody needs to wait for.
pub fn warm_up_migration() -> Option<std::thread::JoinHandle<()>> {
    if !rustix::process::geteuid().is_root() {
        return None;
    }
    std::thread::Builder::new()
        .name("cgroup-warm-up".into())
        .spawn(|| {
            if let Some((_, folder)) = detect().ok().and_then(|folders| folders.into_iter().next())
            {
                let _ = std::fs::write(folder.join("cgroup.procs"), "0");
            }
        })
        .ok()
}

/// The name of the cgroup of the zygote whose pid is `pid`, under each parent folder.
pub fn zygote_name(pid: u32) -> String {
    format!("livejudge-zygote-{pid}")
}

/// A zygote's cgroups (one folder per controller). The zygote joins them once — attaching a
/// process to a cgroup v1 hierarchy waits for an RCU grace period, about half a millisecond
/// each here — and every run it forks is born inside them. Runs of one zygote never overlap,
/// so before each run the limits are set and the counters reset for that run alone.
#[derive(Debug)]
pub struct RunCgroup {
    folders: Vec<(Controller, PathBuf)>,
    /// Files read or written before and after every run, opened once (a path lookup in the
    /// cgroup filesystem costs more than the read or write itself).
    /// `None` for a file that could not be opened (e.g. `memory.memsw.*` without swap
    /// accounting): such files are then used through their path.
    opened: std::sync::Mutex<
        std::collections::HashMap<(Controller, &'static str), Option<std::fs::File>>,
    >,
    /// Limits written so far (a limit equal to the previous run's is not written again).
    limits: std::sync::Mutex<std::collections::HashMap<&'static str, u64>>,
    /// The OOM-kill count the last run ended with: the next one starts with it (nothing of the
    /// zygote's runs lives between two runs).
    oom_kills_after: std::sync::Mutex<Option<u64>>,
}

impl RunCgroup {
    /// Creates `name` under each parent folder.
    pub fn create(parents: &[(Controller, PathBuf)], name: &str) -> std::io::Result<RunCgroup> {
        let mut cgroup = RunCgroup {
            folders: Vec::new(),
            opened: Default::default(),
            limits: Default::default(),
            oom_kills_after: Default::default(),
        };
        for (controller, parent) in parents {
            let folder = parent.join(name);
            std::fs::create_dir(&folder)?;
            cgroup.folders.push((*controller, folder));
        }
        Ok(cgroup)
    }

    /// The cgroup's folder in each hierarchy.
    pub fn folders(&self) -> Vec<PathBuf> {
        self.folders.iter().map(|(_, f)| f.clone()).collect()
    }

    /// Moves the calling process into every folder.
    pub fn join(&self) -> std::io::Result<()> {
        for (_, folder) in &self.folders {
            std::fs::write(folder.join("cgroup.procs"), "0")?;
        }
        Ok(())
    }

    fn file(&self, controller: Controller, name: &str) -> Option<PathBuf> {
        self.folders
            .iter()
            .find(|(c, _)| *c == controller)
            .map(|(_, folder)| folder.join(name))
    }

    /// Runs `op` on the kept descriptor of a file (opened read-write on first use); `None` when
    /// it cannot be opened.
    fn with_open<T>(
        &self,
        controller: Controller,
        name: &'static str,
        op: impl FnOnce(&std::fs::File) -> T,
    ) -> Option<T> {
        let mut opened = self.opened.lock().ok()?;
        let path = self.file(controller, name)?;
        opened
            .entry((controller, name))
            .or_insert_with(|| {
                std::fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .open(path)
                    .ok()
            })
            .as_ref()
            .map(op)
    }

    fn write(
        &self,
        controller: Controller,
        name: &'static str,
        value: &str,
    ) -> std::io::Result<()> {
        use std::os::unix::fs::FileExt;
        let Some(path) = self.file(controller, name) else {
            return Ok(());
        };
        // Each write to a cgroup file is one whole value, whatever the offset.
        match self.with_open(controller, name, |file| file.write_at(value.as_bytes(), 0)) {
            Some(written) => written.map(|_| ()),
            None => std::fs::write(path, value),
        }
    }

    /// The whole text of a file, read afresh from its start.
    fn read(&self, controller: Controller, name: &'static str) -> Option<String> {
        use std::os::unix::fs::FileExt;
        let kept = self.with_open(controller, name, |file| {
            let mut buffer = [0u8; 512];
            let n = file.read_at(&mut buffer, 0).ok()?;
            // Larger than the buffer: read it the ordinary way.
            (n < buffer.len()).then(|| String::from_utf8_lossy(&buffer[..n]).into_owned())
        });
        match kept {
            Some(Some(text)) => Some(text),
            _ => std::fs::read_to_string(self.file(controller, name)?).ok(),
        }
    }

    fn read_number(&self, controller: Controller, name: &'static str) -> Option<u64> {
        self.read(controller, name)?.trim().parse().ok()
    }

    fn oom_kills(&self) -> u64 {
        self.read(Controller::Memory, "memory.oom_control")
            .and_then(|text| {
                text.lines().find_map(|l| {
                    l.strip_prefix("oom_kill ")
                        .and_then(|n| n.trim().parse::<u64>().ok())
                })
            })
            .unwrap_or(0)
    }

    /// Writes a limit, unless the previous run had the same.
    fn set_limit(
        &self,
        controller: Controller,
        name: &'static str,
        value: u64,
    ) -> std::io::Result<()> {
        if self
            .limits
            .lock()
            .is_ok_and(|limits| limits.get(name) == Some(&value))
        {
            return Ok(());
        }
        let written = self.write(controller, name, &value.to_string());
        if let Ok(mut limits) = self.limits.lock() {
            match &written {
                // An absent file (no swap accounting) is not tried again.
                Ok(()) => limits.insert(name, value),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => limits.insert(name, value),
                Err(_) => limits.remove(name),
            };
        }
        written
    }

    /// Sets one run's limits and resets the counters; returns the OOM-kill count so far (it
    /// cannot be reset), to compare with after the run.
    pub fn prepare_run(&self, processes: u32, memory: u64) -> std::io::Result<u64> {
        self.set_limit(Controller::Pids, "pids.max", u64::from(processes))?;
        // Without swap accounting this file is absent; the memory limit suffices. The combined
        // limit may never be below the memory limit: when it fails first (it would be), it is
        // written again after the memory limit.
        let combined = "memory.memsw.limit_in_bytes";
        let first = self.set_limit(Controller::Memory, combined, memory);
        self.set_limit(Controller::Memory, "memory.limit_in_bytes", memory)?;
        if first.is_err() {
            let _ = self.set_limit(Controller::Memory, combined, memory);
        }
        self.write(Controller::Memory, "memory.max_usage_in_bytes", "0")?;
        self.write(Controller::Memory, "memory.failcnt", "0")?;
        self.write(Controller::Cpuacct, "cpuacct.usage", "0")?;
        let known = self.oom_kills_after.lock().ok().and_then(|known| *known);
        Ok(known.unwrap_or_else(|| self.oom_kills()))
    }

    /// CPU time since `prepare_run`, in nanoseconds.
    pub fn cpu_ns(&self) -> Option<u64> {
        self.read_number(Controller::Cpuacct, "cpuacct.usage")
    }

    /// What the run measured; `oom_kills_before` is what `prepare_run` returned.
    pub fn usage(&self, oom_kills_before: u64) -> Usage {
        let failures = self
            .read_number(Controller::Memory, "memory.failcnt")
            .unwrap_or(0);
        let oom_kills = self.oom_kills();
        if let Ok(mut known) = self.oom_kills_after.lock() {
            *known = Some(oom_kills);
        }
        Usage {
            cpu_ns: self.cpu_ns(),
            peak_memory: self.read_number(Controller::Memory, "memory.max_usage_in_bytes"),
            memory_limit_hit: oom_kills > oom_kills_before || failures > 0,
        }
    }

    /// Moves the calling process back to the parent cgroups and removes the folders (they must
    /// hold no other process by then).
    pub fn remove(&self) {
        for (_, folder) in &self.folders {
            if let Some(parent) = folder.parent() {
                let _ = std::fs::write(parent.join("cgroup.procs"), "0");
            }
            super::remove_folder(folder);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warming_up_migrations_leaves_the_judge_where_it_was() {
        let before = std::fs::read_to_string("/proc/self/cgroup").unwrap();
        let warmed = warm_up_migration().map(|thread| thread.join().is_ok());
        assert_eq!(warmed.is_some(), rustix::process::geteuid().is_root());
        assert_ne!(warmed, Some(false), "the warm-up thread panicked");
        assert_eq!(
            std::fs::read_to_string("/proc/self/cgroup").unwrap(),
            before
        );
    }

    const MOUNTS: &str = "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n";

    #[test]
    fn nests_under_the_judges_own_cgroups() {
        let folders = v1_folders("12:pids:/ci-test\n5:memory:/\n3:cpuacct:/x/y\n", MOUNTS).unwrap();
        assert_eq!(
            folders,
            vec![
                (
                    Controller::Pids,
                    PathBuf::from("/sys/fs/cgroup/pids/ci-test")
                ),
                (Controller::Memory, PathBuf::from("/sys/fs/cgroup/memory")),
                (
                    Controller::Cpuacct,
                    PathBuf::from("/sys/fs/cgroup/cpuacct/x/y")
                ),
            ]
        );
    }

    #[test]
    fn a_missing_controller_is_named() {
        let err = v1_folders("12:pids:/\n", MOUNTS).unwrap_err().to_string();
        assert!(err.contains("memory"), "{err}");
    }

    #[test]
    fn limits_are_written_and_usage_read_on_a_fake_tree() {
        let root = tempfile::tempdir().unwrap();
        let parents: Vec<(Controller, PathBuf)> = Controller::ALL
            .iter()
            .map(|c| {
                let p = root.path().join(c.name());
                std::fs::create_dir(&p).unwrap();
                (*c, p)
            })
            .collect();
        let run = RunCgroup::create(&parents, "run-1").unwrap();
        assert_eq!(run.prepare_run(64, 1 << 20).unwrap(), 0);
        let memory = root.path().join("memory/run-1");
        assert_eq!(
            std::fs::read_to_string(root.path().join("pids/run-1/pids.max")).unwrap(),
            "64"
        );
        assert_eq!(
            std::fs::read_to_string(memory.join("memory.limit_in_bytes")).unwrap(),
            "1048576"
        );
        std::fs::write(root.path().join("cpuacct/run-1/cpuacct.usage"), "1500000\n").unwrap();
        std::fs::write(memory.join("memory.failcnt"), "3\n").unwrap();
        std::fs::write(memory.join("memory.max_usage_in_bytes"), "999\n").unwrap();
        let usage = run.usage(0);
        assert_eq!(usage.cpu_ns, Some(1_500_000));
        assert_eq!(usage.peak_memory, Some(999));
        assert!(usage.memory_limit_hit);
    }
}
