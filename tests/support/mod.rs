//! Builders for end-to-end tests: a throwaway challenge folder, a solution, and a run of the real
//! `livejudge` binary with its JSON parsed.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub const BIN: &str = env!("CARGO_BIN_EXE_livejudge");

/// The `livejudge` binary to test: `$LIVEJUDGE_TEST_BIN` when set (CI copies the binaries where
/// an unprivileged user can reach them), else the one cargo built.
pub fn bin() -> PathBuf {
    std::env::var_os("LIVEJUDGE_TEST_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(BIN))
}

/// Where judges started by tests keep learner state (`LIVEJUDGE_HOME`), so that `test` never
/// writes a `.livejudge/` into the folder the tests run from.
pub fn scratch_home() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("learner-state")
}

/// A challenge folder named `demo` in a fresh temporary folder, plus one solution.
pub struct Case {
    _root: tempfile::TempDir,
    dir: PathBuf,
    solution: Option<PathBuf>,
    args: Vec<String>,
    env: Vec<(String, String)>,
    /// TMPDIR of the judge: run folders are created here, so leftovers can be counted.
    tmp: tempfile::TempDir,
    /// LIVEJUDGE_CACHE of the judge: each case has its own compile cache.
    cache: tempfile::TempDir,
}

/// What the binary did.
pub struct Output {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A JSON result.
pub struct Judged {
    pub status: i32,
    pub json: serde_json::Value,
    pub stderr: String,
}

impl Case {
    pub fn new(toml: &str) -> Case {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("demo");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("challenge.toml"), toml).unwrap();
        Case {
            _root: root,
            dir,
            solution: None,
            args: Vec::new(),
            env: Vec::new(),
            tmp: run_folder_base(),
            cache: tempfile::tempdir().unwrap(),
        }
    }

    /// The case's compile cache folder (LIVEJUDGE_CACHE).
    pub fn cache_dir(&self) -> &Path {
        self.cache.path()
    }

    /// Writes a folder solution `name/` holding `files` (relative path, content).
    pub fn solution_dir(mut self, name: &str, files: &[(&str, &str)]) -> Case {
        let folder = self.dir.parent().unwrap().join("solution").join(name);
        for (relative, content) in files {
            let path = folder.join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, content).unwrap();
        }
        self.solution = Some(folder);
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The folder holding the challenge folder `demo/` (and `solution/`).
    pub fn root(&self) -> &Path {
        self.dir.parent().unwrap()
    }

    /// `livejudge ARGS…` with this case's environment, run in `root()` so relative paths are
    /// stable (`grade`, `merge`).
    pub fn livejudge(&self, args: &[&str]) -> Command {
        let mut command = Command::new(bin());
        command
            .args(args)
            .current_dir(self.root())
            .env("TMPDIR", self.tmp.path())
            .env("LIVEJUDGE_TMPDIR", self.tmp.path())
            .env("LIVEJUDGE_CACHE", self.cache.path())
            // Learner state lives in one home: keep it out of the machine's.
            .env("LIVEJUDGE_HOME", self.cache.path().join("state"))
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("GITHUB_STEP_SUMMARY");
        for (k, v) in &self.env {
            command.env(k, v);
        }
        command
    }

    /// Adds a file to the challenge folder.
    pub fn file(self, relative: &str, content: &str) -> Case {
        let path = self.dir.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
        self
    }

    /// Writes the solution (outside the challenge folder).
    pub fn solution(mut self, name: &str, content: &str) -> Case {
        let folder = self.dir.parent().unwrap().join("solution");
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join(name);
        std::fs::write(&path, content).unwrap();
        self.solution = Some(path);
        self
    }

    pub fn args(mut self, args: &[&str]) -> Case {
        self.args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Case {
        self.env.push((key.into(), value.into()));
        self
    }

    fn command(&self, format: &str) -> Command {
        self.command_with_color(format, "never")
    }

    fn command_with_color(&self, format: &str, color: &str) -> Command {
        let mut command = Command::new(bin());
        command
            .arg("test")
            .arg(&self.dir)
            .arg(self.solution.as_ref().expect("a solution"))
            .args(["--format", format, "--color", color])
            .args(&self.args)
            .env("TMPDIR", self.tmp.path())
            .env("LIVEJUDGE_TMPDIR", self.tmp.path())
            .env("LIVEJUDGE_CACHE", self.cache.path())
            // `test` records attempts: keep them out of the working folder.
            .env("LIVEJUDGE_HOME", self.cache.path().join("state"))
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (k, v) in &self.env {
            command.env(k, v);
        }
        command
    }

    /// The JSON command line, to run some other way (see `run_bounded`, `contained`).
    pub fn json_command(&self) -> Command {
        self.command("json")
    }

    /// The judge's TMPDIR: every run folder (and so every run's program path) lies below it.
    pub fn tmp_path(&self) -> &Path {
        self.tmp.path()
    }

    pub fn judge_raw(&self) -> Output {
        run(self.command("json"))
    }

    pub fn human(&self) -> Output {
        run(self.command("human"))
    }

    /// The human report with `--color COLOR` and extra environment variables.
    pub fn human_with(&self, color: &str, env: &[(&str, &str)]) -> Output {
        let mut command = self.command_with_color("human", color);
        for (key, value) in env {
            command.env(key, value);
        }
        run(command)
    }

    pub fn judge(&self) -> Judged {
        Judged::parse(self.judge_raw())
    }

    /// Run folders the judge left in its TMPDIR.
    pub fn leftover_run_folders(&self) -> Vec<String> {
        std::fs::read_dir(self.tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect()
    }
}

/// A fresh folder for one case's run folders: on /dev/shm when it is there, as the judge itself
/// prefers (a disk mounted with `discard` makes creating and removing files slow enough to turn
/// a file-heavy case into a time-out), else in the system's temporary folder.
fn run_folder_base() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(dir) = tempfile::tempdir_in(shm)
    {
        return dir;
    }
    tempfile::tempdir().unwrap()
}

pub fn run(mut command: Command) -> Output {
    let out = command.output().expect("livejudge runs");
    Output {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl Judged {
    /// Parses the JSON the binary printed; panics with everything it printed when it is not JSON.
    pub fn parse(out: Output) -> Judged {
        let json = serde_json::from_str(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}); exit {}\nstdout:\n{}\nstderr:\n{}",
                out.status, out.stdout, out.stderr
            )
        });
        Judged {
            status: out.status,
            json,
            stderr: out.stderr,
        }
    }

    pub fn verdicts(&self) -> Vec<String> {
        self.json["tests"]
            .as_array()
            .map(|tests| {
                tests
                    .iter()
                    .map(|t| t["verdict"].as_str().unwrap_or("?").to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn test(&self, index: usize) -> &serde_json::Value {
        &self.json["tests"][index]
    }

    /// The names of the tests judged, in the report's order.
    pub fn test_names(&self) -> Vec<&str> {
        self.json["tests"]
            .as_array()
            .map(|tests| tests.iter().filter_map(|t| t["name"].as_str()).collect())
            .unwrap_or_default()
    }

    pub fn assert_code(&self, code: i32) {
        assert_eq!(
            self.status, code,
            "exit code; stderr:\n{}\n{}",
            self.stderr, self.json
        );
    }
}

/// Pids of processes whose command line contains `needle`.
pub fn processes_with(needle: &str) -> Vec<u32> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        if let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) {
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            if cmdline.contains(needle) && pid != std::process::id() {
                found.push(pid);
            }
        }
    }
    found
}

/// Runs `command` (stdin from /dev/null, stdout and stderr captured) and gives up after
/// `limit`: the process is then killed by its pid and the output says so in `stderr`.
pub fn run_bounded(mut command: Command, limit: std::time::Duration) -> Output {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout")));
    let err = drain(Box::new(child.stderr.take().expect("stderr")));
    let status = match wait_timeout::ChildExt::wait_timeout(&mut child, limit).expect("wait") {
        Some(status) => status.code().unwrap_or(-1),
        None => {
            let _ = child.kill();
            let _ = child.wait();
            -2
        }
    };
    let stdout = String::from_utf8_lossy(&out.join().unwrap_or_default()).into_owned();
    let mut stderr = String::from_utf8_lossy(&err.join().unwrap_or_default()).into_owned();
    if status == -2 {
        stderr.push_str(&format!("\n[test harness: killed after {limit:?}]"));
    }
    Output {
        status,
        stdout,
        stderr,
    }
}

pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Set (`LIVEJUDGE_REQUIRE_SANDBOX=1`, by `.ci/run`) where every sandbox case is expected to
/// run: a case that cannot set itself up there is a failure, never a skip.
pub fn sandbox_required() -> bool {
    std::env::var_os("LIVEJUDGE_REQUIRE_SANDBOX").is_some_and(|v| !v.is_empty())
}

/// The one way a case that cannot run here gives up: it says why, loudly, and passes — or fails
/// where the sandbox is required (`sandbox_required`). The caller returns right after.
#[track_caller]
pub fn skip(why: impl std::fmt::Display) {
    let name = std::thread::current().name().unwrap_or("?").to_string();
    assert!(
        !sandbox_required(),
        "`{name}` could not run, and LIVEJUDGE_REQUIRE_SANDBOX is set: {why}"
    );
    eprintln!("\n!!! SKIPPED `{name}`: {why}\n");
}

/// True as root; otherwise the case is skipped (`skip`) for `why` it needs root.
#[track_caller]
pub fn needs_root(why: &str) -> bool {
    let root = is_root();
    if !root {
        skip(format!("needs root {why}"));
    }
    root
}

/// A string unique to this call in this process and among concurrent test processes, usable as
/// a `sleep` argument (`sleep 4242001.123456`) so the test can look for survivors by it.
pub fn unique() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{}{:03}.{:06}", std::process::id(), n, nanos % 1_000_000)
}

/// How a dangerous case was run: its output, and how many processes were still alive in the
/// containment's PID namespace right after the judge ended (1 = only the wrapper itself).
pub struct Contained {
    pub output: Output,
    pub alive_after: Option<usize>,
}

/// Processes allowed in a containment (judge, its threads, supervisors, the run).
const CONTAINED_PIDS: u32 = 256;
/// Memory allowed in a containment (root: a cgroup v1 memory limit; else RLIMIT_AS).
const CONTAINED_MEMORY: u64 = 2 << 30;

/// Runs `command` — a judge about to run a solution that could harm this machine if the sandbox
/// failed (fork bomb, `kill -9 -1`, memory bomb, `pkill`) — never bare: inside a PID namespace
/// of its own (everything in it dies with it) with a process limit set up by the test itself.
/// As root: a cgroup v1 `pids` child (and a `memory` child when there is one) plus
/// `unshare --pid --fork --kill-child --mount-proc`. Otherwise: a user namespace mapping the
/// current user to itself plus the same PID namespace, under `prlimit --nproc --as`.
/// Returns why when no containment can be set up; the caller must then skip, loudly.
pub fn contained(command: &Command, limit: std::time::Duration) -> Result<Contained, String> {
    let name = format!("livejudge-hostile-{}", unique().replace('.', "-"));
    let mut cgroups: Vec<PathBuf> = Vec::new();
    let cleanup = |cgroups: &[PathBuf]| {
        for folder in cgroups {
            // The namespace is gone, but the cgroup may take a moment to empty. A judge killed
            // inside it (at the hard stop) leaves its zygotes' cgroups below it: those go first.
            for _ in 0..50 {
                for inner in std::fs::read_dir(folder).into_iter().flatten().flatten() {
                    if inner.path().is_dir() {
                        let _ = std::fs::remove_dir(inner.path());
                    }
                }
                if std::fs::remove_dir(folder).is_ok() || !folder.exists() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
    };
    let mut wrapper;
    if is_root() {
        let pids = Path::new("/sys/fs/cgroup/pids");
        if !pids.join("cgroup.procs").exists() {
            return Err("root, but no cgroup v1 pids hierarchy at /sys/fs/cgroup/pids".into());
        }
        let folder = pids.join(&name);
        std::fs::create_dir(&folder)
            .and_then(|()| std::fs::write(folder.join("pids.max"), CONTAINED_PIDS.to_string()))
            .map_err(|e| format!("cannot set up the pids cgroup {}: {e}", folder.display()))?;
        cgroups.push(folder);
        let memory = Path::new("/sys/fs/cgroup/memory");
        if memory.join("cgroup.procs").exists() {
            let folder = memory.join(&name);
            if std::fs::create_dir(&folder).is_ok() {
                cgroups.push(folder.clone());
                if let Err(e) = std::fs::write(
                    folder.join("memory.limit_in_bytes"),
                    CONTAINED_MEMORY.to_string(),
                ) {
                    cleanup(&cgroups);
                    return Err(format!("cannot limit memory in {}: {e}", folder.display()));
                }
            }
        }
        wrapper = Command::new("unshare");
        wrapper.args(["--pid", "--fork", "--kill-child", "--mount-proc", "--"]);
    } else {
        wrapper = Command::new("prlimit");
        wrapper
            .arg(format!("--nproc={CONTAINED_PIDS}"))
            .arg(format!("--as={CONTAINED_MEMORY}"))
            .args([
                "--",
                "unshare",
                "--map-current-user",
                "--pid",
                "--fork",
                "--kill-child",
                "--mount-proc",
                "--",
            ]);
    }
    let count = tempfile::NamedTempFile::new().map_err(|e| e.to_string())?;
    // Joins the cgroups, moves the namespace's pid counter on (so the judge's pids, which a
    // solution may find in this namespace's /proc, do not collide with the small pids of the
    // run's own namespace), runs the judge (not as PID 1, so it is an ordinary process), then
    // counts what is left in the namespace with shell builtins only.
    let script = r#"out=$1; shift
while [ "$1" != "--" ]; do echo 0 > "$1" || exit 97; shift; done; shift
echo 20000 2>/dev/null > /proc/sys/kernel/ns_last_pid || {
  i=0; while [ $i -lt 100 ]; do (:) & i=$((i+1)); done; wait
}
"$@"; rc=$?
n=0; for p in /proc/[0-9]*; do n=$((n+1)); done
echo "$n" > "$out"
exit $rc"#;
    wrapper
        .args(["sh", "-c", script, "sh"])
        .arg(count.path())
        .args(cgroups.iter().map(|c| c.join("cgroup.procs")))
        .arg("--")
        .arg(command.get_program())
        .args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        wrapper.current_dir(dir);
    }
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => wrapper.env(key, value),
            None => wrapper.env_remove(key),
        };
    }
    let output = run_bounded(wrapper, limit);
    cleanup(&cgroups);
    if output.status == 97 {
        return Err(format!("could not join the cgroups: {}", output.stderr));
    }
    let alive_after = std::fs::read_to_string(count.path())
        .ok()
        .and_then(|text| text.trim().parse().ok());
    if alive_after.is_none() && output.stdout.is_empty() {
        return Err(format!(
            "the containment did not start (exit {}): {}",
            output.status, output.stderr
        ));
    }
    Ok(Contained {
        output,
        alive_after,
    })
}

/// A folder outside every run, open to everyone (0777) so only the sandbox protects it, holding
/// a world-writable file and a private one with unique content. `assert_untouched` checks that
/// nothing was added, removed or changed.
pub struct Canary {
    pub dir: PathBuf,
    pub content: String,
    pub secret: String,
    modified: std::time::SystemTime,
}

impl Canary {
    /// Created directly in /tmp, where a solution would look.
    pub fn new() -> Canary {
        use std::os::unix::fs::PermissionsExt;
        let mark = unique();
        let dir = PathBuf::from(format!("/tmp/livejudge-canary-{mark}"));
        std::fs::create_dir(&dir).unwrap();
        let content = format!("canary {mark}\n");
        let secret = format!("SECRET-{}", mark.replace('.', "-"));
        std::fs::write(dir.join("file"), &content).unwrap();
        std::fs::write(dir.join("secret"), format!("{secret}\n")).unwrap();
        std::fs::set_permissions(dir.join("file"), std::fs::Permissions::from_mode(0o666)).unwrap();
        std::fs::set_permissions(dir.join("secret"), std::fs::Permissions::from_mode(0o600))
            .unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        let modified = std::fs::metadata(dir.join("file"))
            .and_then(|m| m.modified())
            .unwrap();
        Canary {
            dir,
            content,
            secret,
            modified,
        }
    }

    pub fn file(&self) -> String {
        self.dir.join("file").display().to_string()
    }

    pub fn secret_file(&self) -> String {
        self.dir.join("secret").display().to_string()
    }

    pub fn assert_untouched(&self) {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let mut names: Vec<String> = std::fs::read_dir(&self.dir)
            .unwrap_or_else(|e| panic!("canary folder {} is gone: {e}", self.dir.display()))
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["file", "secret"], "canary folder contents changed");
        let mode = |p: &Path| std::fs::symlink_metadata(p).map(|m| m.permissions().mode() & 0o7777);
        assert_eq!(
            mode(&self.dir).ok(),
            Some(0o777),
            "canary folder mode changed"
        );
        assert_eq!(
            std::fs::read_to_string(self.dir.join("file"))
                .ok()
                .as_deref(),
            Some(self.content.as_str()),
            "canary file changed"
        );
        assert_eq!(mode(&self.dir.join("file")).ok(), Some(0o666));
        assert_eq!(
            std::fs::metadata(self.dir.join("file"))
                .and_then(|m| m.modified())
                .ok(),
            Some(self.modified),
            "canary file's modification time changed"
        );
        assert_eq!(
            std::fs::read_to_string(self.dir.join("secret")).ok(),
            Some(format!("{}\n", self.secret)),
            "canary secret changed"
        );
        let meta = std::fs::symlink_metadata(self.dir.join("secret")).unwrap();
        assert_eq!(meta.nlink(), 1, "someone hard-linked the canary secret");
    }
}

impl Drop for Canary {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o700));
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
