//! Builders for end-to-end tests: a throwaway challenge folder, a solution, and a run of the real
//! `livejudge` binary with its JSON parsed.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub const BIN: &str = env!("CARGO_BIN_EXE_livejudge");

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
            tmp: tempfile::tempdir().unwrap(),
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
        let mut command = Command::new(BIN);
        command
            .arg("test")
            .arg(&self.dir)
            .arg(self.solution.as_ref().expect("a solution"))
            .args(["--format", format, "--color", "never"])
            .args(&self.args)
            .env("TMPDIR", self.tmp.path())
            .env("LIVEJUDGE_CACHE", self.cache.path())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (k, v) in &self.env {
            command.env(k, v);
        }
        command
    }

    pub fn judge_raw(&self) -> Output {
        run(self.command("json"))
    }

    pub fn human(&self) -> Output {
        run(self.command("human"))
    }

    pub fn judge(&self) -> Judged {
        let out = self.judge_raw();
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

    /// Run folders the judge left in its TMPDIR.
    pub fn leftover_run_folders(&self) -> Vec<String> {
        std::fs::read_dir(self.tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect()
    }
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
