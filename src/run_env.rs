//! The environment of one sandboxed run — its fresh folder, its variables, its Landlock policy
//! and view, and the `RunSpec` that puts them together (`RunEnv::spec`) — shared by the compile
//! step, the tests and their checkers. It decides no verdict.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use crate::challenge::{Limits, SignalSpec};
use crate::harness::Placeholders;
use crate::runner::{Executor, MemoryStrategy, RunFacts, RunSpec, RunStdin, ViewSpec};
use crate::sandbox::SandboxStatus;
use crate::sandbox::landlock::Policy;
use crate::sandbox::workdir::RunDir;

/// The environment's fixed part (sandbox.md): everything else of the judge's is cleared.
pub const BASE_PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// Read-only binds of folders of the machine into a view: (machine path, view path).
pub type Binds = Vec<(PathBuf, String)>;

/// Why judging stopped without a result.
#[derive(Debug, thiserror::Error)]
pub enum JudgeError {
    #[error("interrupted")]
    Interrupted,
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// How runs are made here: the sandbox's layers in force and the executor that runs them.
#[derive(Clone, Copy)]
pub struct RunEnv<'a> {
    pub sandbox: &'a SandboxStatus,
    pub executor: &'a dyn Executor,
}

impl<'a> RunEnv<'a> {
    /// A fresh run folder: inside the view when runs have one (the run sees its working folder
    /// at `view::BOX`).
    pub fn new_run_dir(&self) -> io::Result<RunDir> {
        let dir = RunDir::new()?;
        Ok(if self.sandbox.view {
            dir.seen_at(crate::sandbox::view::BOX)
        } else {
            dir
        })
    }

    /// A run folder for a run inside the view, whose prepared folder is `shared`'s (see
    /// `RunDir::sharing`).
    pub fn sharing_run_dir(&self, shared: std::sync::Arc<RunDir>) -> RunDir {
        RunDir::sharing(shared).seen_at(crate::sandbox::view::BOX)
    }

    /// Hands the prepared folder to the run user when runs reach it on the machine (a root
    /// judge without a view); inside a view the zygote hands over its copy.
    pub fn hand_over(&self, dir: &RunDir) -> io::Result<()> {
        if let Some(ids) = self.sandbox.run_as
            && !self.sandbox.view
        {
            dir.hand_over(ids.0, ids.1)?;
            open_for(dir)?;
        }
        Ok(())
    }

    /// The spec of a run of `argv` in `dir` under `limits`, to complete with the builder's
    /// methods: everything the sandbox decides (user, Landlock, namespaces, view) is filled in
    /// by `RunSpecBuilder::build`.
    pub fn spec<'d>(
        &self,
        dir: &'d RunDir,
        argv: Vec<String>,
        limits: Limits,
        memory: MemoryStrategy,
    ) -> RunSpecBuilder<'a, 'd> {
        RunSpecBuilder {
            sandbox: self.sandbox,
            dir,
            argv,
            limits,
            memory,
            workdir: None,
            env: BTreeMap::new(),
            stdin: RunStdin::Null,
            readable: Vec::new(),
            binds: Vec::new(),
            cgroup: false,
            signal: None,
        }
    }

    /// Runs `spec` and, for a run in a view, takes back the working folder it left.
    pub fn execute(&self, dir: &mut RunDir, spec: &RunSpec) -> io::Result<RunFacts> {
        let mut facts = self.executor.execute(spec)?;
        if let Some(work) = facts.work.take() {
            dir.adopt_work(work.0);
        } else if spec.view.is_some() && facts.spawn_error.is_none() {
            return Err(io::Error::other(
                "the run's working folder did not come back from its view",
            ));
        }
        Ok(facts)
    }
}

/// A `RunSpec` in the making (see `RunEnv::spec`).
#[must_use]
pub struct RunSpecBuilder<'a, 'd> {
    sandbox: &'a SandboxStatus,
    dir: &'d RunDir,
    argv: Vec<String>,
    limits: Limits,
    memory: MemoryStrategy,
    workdir: Option<PathBuf>,
    env: BTreeMap<String, String>,
    stdin: RunStdin,
    readable: Vec<String>,
    binds: Binds,
    cgroup: bool,
    signal: Option<SignalSpec>,
}

impl RunSpecBuilder<'_, '_> {
    /// Where the run starts (as it sees it); the run folder's working folder by default.
    pub fn workdir(mut self, workdir: PathBuf) -> Self {
        self.workdir = Some(workdir);
        self
    }

    /// Variables on top of the fixed ones (`base_env`).
    pub fn env(mut self, env: BTreeMap<String, String>) -> Self {
        self.env = env;
        self
    }

    /// Where the run's stdin comes from; `/dev/null` unless said.
    pub fn stdin(mut self, stdin: RunStdin) -> Self {
        self.stdin = stdin;
        self
    }

    /// Folders (as the run sees them) Landlock lets the run read, besides the system's.
    pub fn readable(mut self, folders: Vec<String>) -> Self {
        self.readable = folders;
        self
    }

    /// Folders of the machine bound read-only into the run's view, when it has one.
    pub fn binds(mut self, binds: Binds) -> Self {
        self.binds = binds;
        self
    }

    /// Puts the run in its own cgroup. Only a solution's runs are: a compile's or a checker's
    /// folder outlives the run or is a copy, and must not count against any run's memory.
    pub fn in_cgroup(mut self) -> Self {
        self.cgroup = true;
        self
    }

    /// A signal sent to the main process this long into the run (a test's `signal`).
    pub fn signal(mut self, signal: Option<SignalSpec>) -> Self {
        self.signal = signal;
        self
    }

    pub fn build(self) -> RunSpec {
        let sandbox = self.sandbox;
        let dir = self.dir;
        RunSpec {
            argv: self.argv,
            workdir: self.workdir.unwrap_or_else(|| dir.run_work()),
            env: base_env(dir, &self.env),
            stdin: self.stdin,
            limits: self.limits,
            memory: self.memory,
            run_as: sandbox.run_as,
            landlock: policy(sandbox, dir, &self.readable),
            namespaces: sandbox.namespaces,
            mounts: sandbox.mounts,
            cgroup: self.cgroup && sandbox.cgroup,
            view: sandbox.view.then(|| ViewSpec {
                prepared: dir.prepared(),
                shared: dir.is_sharing(),
                binds: self.binds,
            }),
            signal: self.signal,
        }
    }
}

/// A run's exit in words: its status, or the signal that ended it.
pub fn describe_exit(code: Option<i32>, signal: Option<i32>) -> String {
    match (code, signal) {
        (Some(code), _) => format!("exit status {code}"),
        (None, Some(signal)) => format!("killed by {}", crate::verdict::signal_name(signal)),
        _ => "no status".into(),
    }
}

/// The placeholders of a program whose entry file is `entry` in the working folder `work`.
pub fn placeholders(work: &Path, entry: &Path, stem: &str) -> Placeholders {
    let file = work.join(entry);
    Placeholders {
        dir: file.parent().unwrap_or(work).to_string_lossy().into_owned(),
        file: file.to_string_lossy().into_owned(),
        exe: work.join(stem).to_string_lossy().into_owned(),
        stem: stem.to_string(),
    }
}

/// The run's environment: cleared, then the fixed variables, then `extra`.
fn base_env(dir: &RunDir, extra: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let work = dir.run_work().to_string_lossy().into_owned();
    let mut env: BTreeMap<String, String> = BTreeMap::new();
    env.insert("PATH".into(), BASE_PATH.into());
    env.insert("HOME".into(), work.clone());
    env.insert("PWD".into(), work);
    env.insert("TMPDIR".into(), dir.tmp().to_string_lossy().into_owned());
    env.insert("LANG".into(), "C.UTF-8".into());
    env.insert("TZ".into(), "UTC".into());
    for (key, value) in extra {
        env.insert(key.clone(), value.clone());
    }
    env.into_iter().collect()
}

/// The Landlock policy of a run in `dir`, with `extra_read` folders readable too.
fn policy(sandbox: &SandboxStatus, dir: &RunDir, extra_read: &[String]) -> Option<Policy> {
    sandbox.landlock.then(|| {
        let work = dir.run_work().to_string_lossy().into_owned();
        if sandbox.view {
            // Everything in a view may be read: it holds nothing else. One rule then says it
            // (rules on the system folders inside it would repeat it, at a cost every run).
            Policy::in_view(&work)
        } else {
            Policy::for_run(&work, extra_read)
        }
    })
}

/// Lets the unprivileged run user reach the working folder through the run's root folder.
fn open_for(dir: &RunDir) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let root = dir
        .work()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o711))?;
    Ok(())
}
