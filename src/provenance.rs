//! What produced a grade document (docs/ci.md, "Reproducible documents"): livejudge's version,
//! the digests of the challenge and of the harness, the start time and a summary of the machine;
//! and the rewriting of the judge's own temporary paths out of results.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::challenge::Challenge;
use crate::report::document::{ChallengeInfo, Machine, RunInfo};

/// A file the provenance of a document is computed from cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ProvenanceError {
    #[error("cannot list {}: {source}", folder.display())]
    List {
        folder: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read {}: {source}", file.display())]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read the harness {}: {source}", file.display())]
    Harness {
        file: PathBuf,
        source: std::io::Error,
    },
}

/// Top-level folders of a challenge that do not decide how a submission is graded: reference
/// and starter code, sample submissions. Everything else (the definition, tests, fixtures,
/// expected files, checkers, the statement) is in the digest.
const NOT_GRADING: &[&str] = &["solution", "solutions", "starter", "submissions"];

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 over the relative path and content of every file of the challenge's folder, in byte
/// order of the paths, leaving out hidden files and `NOT_GRADING` folders: equal for two copies
/// of the same challenge wherever they are, different when a test changes.
pub fn challenge_digest(root: &Path) -> Result<String, ProvenanceError> {
    use std::os::unix::ffi::OsStrExt;
    let mut files: Vec<PathBuf> = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let folder = root.join(&relative);
        let entries = std::fs::read_dir(&folder).map_err(|source| ProvenanceError::List {
            folder: folder.clone(),
            source,
        })?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let top_level_skip = relative.as_os_str().is_empty()
                && NOT_GRADING.iter().any(|n| name.as_bytes() == n.as_bytes());
            if name.as_bytes().starts_with(b".") || top_level_skip {
                continue;
            }
            let child = relative.join(&name);
            // Links are followed: what the judge reads is what counts.
            match std::fs::metadata(root.join(&child)) {
                Ok(meta) if meta.is_dir() => pending.push(child),
                Ok(meta) if meta.is_file() => files.push(child),
                _ => {}
            }
        }
    }
    files.sort_by(|a, b| a.as_os_str().as_bytes().cmp(b.as_os_str().as_bytes()));
    let mut hasher = Sha256::new();
    for file in &files {
        let bytes = std::fs::read(root.join(file)).map_err(|source| ProvenanceError::Read {
            file: root.join(file),
            source,
        })?;
        hasher.update(file.as_os_str().as_bytes());
        hasher.update([0]);
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    Ok(hex(&hasher.finalize()))
}

/// The challenge as a document lists it, with its digest.
pub fn challenge_info(challenge: &Challenge) -> Result<ChallengeInfo, ProvenanceError> {
    Ok(ChallengeInfo {
        id: challenge.id.clone(),
        title: challenge.title.clone(),
        path: challenge.root.display().to_string(),
        digest: challenge_digest(&challenge.root)?,
    })
}

/// SHA-256 of the language table in force: the `--harness` file's bytes, else the built-in
/// table's text.
pub fn harness_digest(file: Option<&Path>) -> Result<String, ProvenanceError> {
    let bytes = match file {
        Some(path) => std::fs::read(path).map_err(|source| ProvenanceError::Harness {
            file: path.to_path_buf(),
            source,
        })?,
        None => crate::harness::BUILTIN.as_bytes().to_vec(),
    };
    Ok(hex(&Sha256::digest(&bytes)))
}

/// The machine a run happened on: OS, architecture, kernel release, cores, sandbox level.
pub fn machine(sandbox_level: &str) -> Machine {
    let uname = rustix::system::uname();
    Machine {
        os: std::env::consts::OS.to_string(),
        arch: std::env::consts::ARCH.to_string(),
        kernel: uname.release().to_string_lossy().into_owned(),
        cores: std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        sandbox: sandbox_level.to_string(),
    }
}

/// The run information of a document started now.
pub fn run_info(
    harness_file: Option<&Path>,
    sandbox_level: &str,
) -> Result<RunInfo, ProvenanceError> {
    Ok(RunInfo {
        livejudge: env!("CARGO_PKG_VERSION").to_string(),
        harness_digest: harness_digest(harness_file)?,
        started_at: Some(crate::state::now()),
        machine: Some(machine(sandbox_level)),
        timings: true,
        reveal: "none".into(),
        retry_tle: None,
        submission_budget_ms: None,
    })
}

/// `text` with every path under the judge's own folder `judge` (`…/livejudge-PID-XXXXXX/`)
/// rewritten: a run's working folder (`judge/run-XXXXXX/work`) becomes `/box`, where runs in
/// the sandbox's filesystem see it anyway, and anything else of the judge's becomes
/// `/livejudge`. Two runs of the same inputs then carry the same text.
pub fn without_judge_paths(text: &str, judge: &str) -> String {
    if judge.is_empty() || !text.contains(judge) {
        return text.to_string();
    }
    let pattern = format!(
        r"{}/(?:run-[A-Za-z0-9]+/work|[A-Za-z0-9_.-]+)",
        regex::escape(judge.trim_end_matches('/'))
    );
    let Ok(paths) = regex::Regex::new(&pattern) else {
        return text.to_string();
    };
    let rewritten = paths.replace_all(text, |found: &regex::Captures<'_>| {
        if found[0].ends_with("/work") {
            "/box".to_string()
        } else {
            "/livejudge".to_string()
        }
    });
    rewritten.replace(judge, "/livejudge")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judge_paths_are_rewritten() {
        let judge = "/dev/shm/livejudge-41-eoEd1w";
        let text = format!(
            "{judge}/run-AbC12z/work/solve.sh: line 3: boom\ncd {judge}/run-x/judge failed; {judge}"
        );
        assert_eq!(
            without_judge_paths(&text, judge),
            "/box/solve.sh: line 3: boom\ncd /livejudge/judge failed; /livejudge"
        );
        assert_eq!(without_judge_paths("nothing", judge), "nothing");
    }

    #[test]
    fn the_digest_follows_tests_not_solutions_or_place() {
        let one = tempfile::tempdir().unwrap();
        let two = tempfile::tempdir().unwrap();
        for root in [one.path(), two.path()] {
            std::fs::create_dir_all(root.join("tests")).unwrap();
            std::fs::create_dir_all(root.join("solution")).unwrap();
            std::fs::write(root.join("challenge.toml"), "id = 'x'\n").unwrap();
            std::fs::write(root.join("tests/a.in"), "1\n").unwrap();
        }
        let digest = challenge_digest(one.path()).unwrap();
        assert_eq!(digest, challenge_digest(two.path()).unwrap());
        std::fs::write(one.path().join("solution/solve.sh"), "echo\n").unwrap();
        std::fs::write(one.path().join(".notes"), "x").unwrap();
        assert_eq!(digest, challenge_digest(one.path()).unwrap());
        std::fs::write(one.path().join("tests/a.in"), "2\n").unwrap();
        assert_ne!(digest, challenge_digest(one.path()).unwrap());
        assert_eq!(digest.len(), 64);
    }
}
