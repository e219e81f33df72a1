//! Getting a loaded challenge and a submission ready to judge, whatever the challenge's format:
//! `Loaded::resolve` (a path → a submission, a Kattis package's by its own rules with its
//! included files) and `Loaded::prepare`, the pre-judge step (a Kattis package's validators
//! copied with its constants, its time limit derived from its accepted submissions and cached).
//! Above the judge, which deriving runs; below the commands, which call these.

mod kattis;
mod limitcache;
mod timelimit;

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::challenge::Loaded;
use crate::challenge::kattis::{
    self as package, FileError, SafetyMargin, TimeLimit, ValidatorCopyError,
};
use crate::harness::Harness;
use crate::judge::JudgeError;
use crate::outcome::{SubmissionResult, Verdict};
use crate::runner::Executor;
use crate::sandbox::SandboxStatus;
use crate::submission::{Submission, SubmissionError};

/// A submission ready to judge, owning the folder its files were gathered in when the format
/// adds files (a Kattis package's `include/`): judging reads from it while this value lives.
#[derive(Debug)]
pub struct Resolved {
    submission: Submission,
    /// Held only to be removed with the submission, after judging.
    _folder: Option<tempfile::TempDir>,
}

impl Deref for Resolved {
    type Target = Submission;

    fn deref(&self) -> &Submission {
        &self.submission
    }
}

/// Why a path is not a submission that can be judged here.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    /// A Kattis submission whose language cannot run here. Tools judging a whole package skip
    /// it and say so with this note, as problemtools does.
    #[error(transparent)]
    Unavailable(#[from] Unavailable),
    /// No entry file, an unknown `--lang`, an unreadable file…
    #[error(transparent)]
    Invalid(#[from] SubmissionError),
    #[error("cannot create a temporary folder: {0}")]
    TempFolder(std::io::Error),
    /// A file could not be gathered with the package's included files.
    #[error(transparent)]
    Copy(#[from] FileError),
}

/// Why a Kattis submission's language cannot run here.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unavailable {
    /// A Kattis language the harness has no language for; `given_by` names the submission
    /// when submissions.yaml gave it that language.
    #[error("{code} is not in the harness{}", given_by.as_ref().map(|s| format!(" (submissions.yaml gives {s} the language `{code}`)")).unwrap_or_default())]
    NotInHarness {
        code: String,
        given_by: Option<String>,
    },
    /// The harness language's programs are not installed (looked for on the run's `PATH`).
    #[error("no toolchain for {language} here (`{}` not found on {path})", programs.join("`, `"))]
    NoToolchain {
        language: String,
        programs: Vec<String>,
        path: &'static str,
    },
    /// No rule tells its language (the harness's own message).
    #[error("{0}")]
    UnknownLanguage(String),
}

/// What the pre-judge step may use to judge (deriving a Kattis time limit runs the package's
/// accepted submissions).
pub struct Judging<'a> {
    pub harness: &'a Harness,
    pub executor: &'a dyn Executor,
    pub sandbox: &'a SandboxStatus,
    pub jobs: usize,
    /// `--no-cache`: neither the compile cache nor the cache of derived limits.
    pub no_cache: bool,
}

/// Which time limit the challenge is judged under.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LimitUse {
    /// `test`, `grade`: the time limit; a Kattis limit to derive comes from the cache of
    /// derived limits unless `rederive`.
    Limit { rederive: bool },
    /// `verify`: the time limit × the safety margin, results then read at the limit itself, as
    /// problemtools does. `fixed` (`--time-limit`) comes before the package's own; a derived
    /// limit is always measured again (the package's proof), refreshing the cache.
    WithMargin { fixed: Option<Duration> },
}

/// The time limit of a Kattis package as it is judged, and how it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    pub limit: Duration,
    pub margin: SafetyMargin,
    /// `limits.time_limit in problem.yaml`, `.timelimit`, `--time-limit`, or the derivation.
    pub how: String,
    /// What to tell the user when the limit was derived: the accepted submissions skipped, and
    /// the limit with its derivation.
    pub notes: Vec<String>,
}

impl Timing {
    /// What `verify` judges under: the limit × the safety margin.
    pub fn judged_under(&self) -> Duration {
        self.limit.mul_f64(self.margin.factor)
    }

    /// `result`, judged under the limit × the margin, as it is at the limit, in the format's
    /// verdicts (a memory limit reached is a run-time error).
    pub fn at_limit(&self, result: &SubmissionResult) -> SubmissionResult {
        package::format_verdicts(&package::at_limit(result, self.limit))
    }

    /// problemtools' "sensitive to time limit" warning for `result` (judged under the limit ×
    /// the margin) of an `accepted` submission or another.
    pub fn sensitivity(&self, accepted: bool, result: &SubmissionResult) -> Option<String> {
        package::sensitivity(accepted, result, self.limit, self.margin)
    }
}

/// Why the pre-judge step failed.
#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    #[error(transparent)]
    Validators(#[from] ValidatorCopyError),
    /// A definition problem: nothing was run.
    #[error(transparent)]
    NoTimeLimit(#[from] NoTimeLimit),
    #[error(transparent)]
    Derivation(#[from] DerivationFailed),
    #[error(transparent)]
    Judge(#[from] JudgeError),
}

/// A package that gives no time limit and none can be derived.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoTimeLimit {
    #[error(
        "{}: no time limit: problem.yaml has no limits.time_limit, there is no .timelimit file, and submissions/accepted/ is empty, so it cannot be derived; set limits.time_limit or add an accepted submission",
        manifest.display()
    )]
    NoAccepted { manifest: PathBuf },
    /// Every accepted submission was skipped: (path relative to `submissions/`, why).
    #[error(
        "{}: no time limit: no accepted submission can run here to derive it from: {}; install a toolchain (`livejudge doctor` lists them), or set limits.time_limit or a .timelimit file (`verify --time-limit` also gives one)",
        manifest.display(),
        skipped.iter().map(|(path, note)| format!("{path} ({note})")).collect::<Vec<_>>().join(", ")
    )]
    NoneCanRun {
        manifest: PathBuf,
        skipped: Vec<(String, String)>,
    },
}

/// An accepted submission that could not give the time limit (path relative to `submissions/`).
#[derive(Debug, thiserror::Error)]
pub enum DerivationFailed {
    #[error("cannot derive the time limit: accepted submission {submission}: {error}")]
    Unresolved {
        submission: String,
        error: Box<ResolveError>,
    },
    #[error(
        "cannot derive the time limit: accepted submission {submission} got {} on test {test}{}",
        verdict.code(),
        message.as_deref().map(|m| format!(": {m}")).unwrap_or_default()
    )]
    NotAccepted {
        submission: String,
        verdict: Verdict,
        test: String,
        message: Option<String>,
    },
}

impl Loaded {
    /// The submission at `path` (a file, or a folder holding the entry file), in `lang` when
    /// given: by the challenge's rules, or a Kattis package's (its entry points, languages and
    /// included files).
    pub fn resolve(
        &self,
        path: &Path,
        harness: &Harness,
        lang: Option<&str>,
    ) -> Result<Resolved, ResolveError> {
        match self.kattis() {
            Some(package) => kattis::resolve(path, self, package, harness, lang),
            None => Ok(Resolved {
                submission: Submission::resolve(path, self, harness, lang)?,
                _folder: None,
            }),
        }
    }

    /// Whether the folder `dir`, holding the files `files` (and folders), is one submission
    /// rather than a folder of submissions: for challenge.toml, it holds exactly one entry file
    /// (several, `solve.sh` and `solve.py` as in a challenge's `solution/`, are several
    /// submissions in one folder); for a Kattis package, a source file named like the folder
    /// or `main.*` (source files only: a package's `submissions/` holds `submissions.yaml`,
    /// which does not make it one submission).
    pub fn is_submission_folder(&self, dir: &Path, files: &[&Path], harness: &Harness) -> bool {
        let stem = |p: &&Path| p.file_stem().map(|s| s.to_string_lossy().into_owned());
        if self.kattis().is_none() {
            return files
                .iter()
                .filter_map(stem)
                .filter(|s| *s == self.entry)
                .count()
                == 1;
        }
        let folder = dir
            .canonicalize()
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default();
        files
            .iter()
            .filter(|p| harness.languages.iter().any(|l| l.has_extension(p)))
            .filter_map(stem)
            .any(|s| s.eq_ignore_ascii_case("main") || (!folder.is_empty() && s == folder))
    }

    /// The pre-judge step: a Kattis package's output validator gets its constants (in a folder
    /// this challenge keeps), and its time limit is applied as `limit_use` says, derived from its
    /// accepted submissions when the package does not give it. `None` for challenge.toml, and
    /// under [`LimitUse::Limit`] when the package gives its limit (applied when it was read).
    pub fn prepare(
        &mut self,
        judging: &Judging<'_>,
        limit_use: LimitUse,
    ) -> Result<Option<Timing>, PrepareError> {
        let Some((package, challenge)) = self.kattis_mut() else {
            return Ok(None);
        };
        let copy = package::prepare_validators(challenge, package)?;
        let margin = package.safety_margin;
        let timing = match (limit_use, &package.time_limit) {
            (LimitUse::Limit { .. }, TimeLimit::Given(_) | TimeLimit::File(_)) => None,
            (LimitUse::WithMargin { fixed: Some(limit) }, _) => Some(Timing {
                limit,
                margin,
                how: "--time-limit".into(),
                notes: Vec::new(),
            }),
            (LimitUse::WithMargin { fixed: None }, TimeLimit::Given(limit)) => Some(Timing {
                limit: *limit,
                margin,
                how: "limits.time_limit in problem.yaml".into(),
                notes: Vec::new(),
            }),
            (LimitUse::WithMargin { fixed: None }, TimeLimit::File(limit)) => Some(Timing {
                limit: *limit,
                margin,
                how: ".timelimit".into(),
                notes: Vec::new(),
            }),
            (_, TimeLimit::Derive { .. }) => {
                let rederive = match limit_use {
                    LimitUse::Limit { rederive } => rederive,
                    LimitUse::WithMargin { .. } => true,
                };
                let derived = timelimit::derive_cached(judging, challenge, package, rederive)?;
                let mut notes = derived.skip_notes();
                notes.push(derived.describe(package));
                Some(Timing {
                    limit: derived.limit,
                    margin,
                    how: derived.derivation(package),
                    notes,
                })
            }
        };
        if let Some(timing) = &timing {
            let applied = match limit_use {
                LimitUse::Limit { .. } => timing.limit,
                LimitUse::WithMargin { .. } => timing.judged_under(),
            };
            package::apply_time_limit(challenge, applied);
        }
        if let Some(folder) = copy {
            self.keep(folder);
        }
        Ok(timing)
    }
}
