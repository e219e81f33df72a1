//! The grade document: what `grade` and `merge` print (as JSON `livejudge.grade.v1`, written
//! by `report::schema`) and what every grade format (human, junit, github, csv) is rendered
//! from.

use serde::{Deserialize, Serialize};

use crate::escape::{neutralise_line, neutralise_option};
use crate::outcome::{ChallengeRef, Detail, SandboxLevel, SubmissionResult, Verdict};

pub use super::schema::GRADE_SCHEMA;

#[derive(Debug, Clone, PartialEq)]
pub struct GradeDocument {
    pub challenge: ChallengeRef,
    /// `K/N` of a partitioned run; null for a whole run and for a merge.
    pub partition: Option<String>,
    /// What the run was: livejudge's version, digests, start and machine (docs/ci.md).
    /// Absent from documents of older versions.
    pub run: Option<RunInfo>,
    /// Every challenge graded, with the digest of its definition and tests: one for a plain
    /// run, several for a class run (`challenge` is then `class`).
    pub challenges: Vec<ChallengeInfo>,
    /// One `livejudge.result.v1` per submission, in path order (class runs: student, then
    /// challenge order).
    pub results: Vec<GradedResult>,
}

/// What a grade run was, so that a document says what produced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunInfo {
    /// livejudge's version (`CARGO_PKG_VERSION`).
    pub livejudge: String,
    /// SHA-256 of the language table in force (`--harness FILE` or the built-in one).
    pub harness_digest: String,
    /// RFC 3339 UTC; null with `--no-timings`.
    pub started_at: Option<String>,
    /// Where it ran; null with `--no-timings`.
    pub machine: Option<Machine>,
    /// false with `--no-timings`: every wall_ms, cpu_ms and max_rss_kib is 0.
    pub timings: bool,
    /// `none` (default: hidden tests' messages, diffs and stderr withheld) or `hidden`.
    pub reveal: String,
    /// `--retry-tle N`, `--submission-budget` in ms, `--balance FILE`: what changed the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_tle: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submission_budget_ms: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Machine {
    pub os: String,
    pub arch: String,
    pub kernel: String,
    pub cores: usize,
    /// The sandbox level in force (`full`, `partial`, `none`).
    pub sandbox: String,
}

/// A challenge of the run and the SHA-256 of its definition and tests (`digest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeInfo {
    pub id: String,
    pub title: String,
    pub path: String,
    pub digest: String,
}

/// One result of a grade document: a `livejudge.result.v1` with what grading adds to it (the
/// student of a class run, retried tests, tests a budget left unrun). Reads as the result.
#[derive(Debug, Clone, PartialEq)]
pub struct GradedResult {
    pub result: SubmissionResult,
    /// The student, in a class run (`--class`, `--roster`).
    pub student: Option<String>,
    /// Tests re-run alone after a TLE or MLE (`--retry-tle`), with every verdict they got.
    pub retries: Vec<Retry>,
    /// Tests not run because the submission used its `--submission-budget`.
    pub not_run: Vec<String>,
    /// A class run's student who handed nothing in for this challenge.
    pub missing: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retry {
    pub test: String,
    /// The first verdict, then each retry's; the last is the one kept.
    pub verdicts: Vec<Verdict>,
}

impl From<SubmissionResult> for GradedResult {
    fn from(result: SubmissionResult) -> Self {
        GradedResult {
            result,
            student: None,
            retries: Vec::new(),
            not_run: Vec::new(),
            missing: false,
        }
    }
}

impl std::ops::Deref for GradedResult {
    type Target = SubmissionResult;
    fn deref(&self) -> &SubmissionResult {
        &self.result
    }
}

impl std::ops::DerefMut for GradedResult {
    fn deref_mut(&mut self) -> &mut SubmissionResult {
        &mut self.result
    }
}

impl GradedResult {
    /// How the result is keyed: student (or path), challenge, path.
    pub fn key(&self) -> (String, String, String) {
        (
            self.student
                .clone()
                .unwrap_or_else(|| self.submission.path.clone()),
            self.challenge.id.clone(),
            self.submission.path.clone(),
        )
    }

    /// Who the row of a class table is: the student, else the submission's path.
    pub fn who(&self) -> &str {
        self.student.as_deref().unwrap_or(&self.submission.path)
    }

    /// The worst verdict of its tests (precedence order), AC when all passed.
    pub fn worst(&self) -> Verdict {
        self.tests
            .iter()
            .map(|t| t.verdict)
            .min()
            .unwrap_or(self.verdict)
    }
}

/// The order of a document's results: by student (or path), challenge, then path, byte by byte.
pub fn sort_results(results: &mut [GradedResult]) {
    results.sort_by(|a, b| {
        let (ka, kb) = (a.key(), b.key());
        (ka.0.as_bytes(), ka.1.as_bytes(), ka.2.as_bytes()).cmp(&(
            kb.0.as_bytes(),
            kb.1.as_bytes(),
            kb.2.as_bytes(),
        ))
    });
}

impl GradeDocument {
    pub fn new(
        challenge: ChallengeRef,
        partition: Option<String>,
        results: Vec<GradedResult>,
    ) -> Self {
        GradeDocument {
            challenge,
            partition,
            run: None,
            challenges: Vec::new(),
            results,
        }
    }

    /// Whether this is a class run (results keyed by student).
    pub fn is_class(&self) -> bool {
        self.results.iter().any(|r| r.student.is_some()) || self.challenges.len() > 1
    }

    /// Drops everything that differs between two runs of the same inputs (`--no-timings`):
    /// times, memory, start time and machine.
    pub fn drop_timings(&mut self) {
        if let Some(run) = &mut self.run {
            run.started_at = None;
            run.machine = None;
            run.timings = false;
        }
        for r in &mut self.results {
            for t in &mut r.result.tests {
                t.wall_ms = 0.0;
                t.cpu_ms = 0.0;
                t.max_rss_kib = 0;
            }
        }
    }

    /// The exit code of cli.md for these results: 0 when every submission is accepted, 4 when
    /// any has a judge error, else 1.
    pub fn exit_code(&self) -> crate::exit::Exit {
        use crate::exit::Exit;
        if self.results.iter().any(|r| r.verdict == Verdict::JE) {
            Exit::JudgeError
        } else if self.results.iter().all(|r| r.verdict == Verdict::AC) {
            Exit::Success
        } else {
            Exit::NotAccepted
        }
    }

    /// How many submissions got each verdict, in precedence order, verdicts with none left out.
    pub fn tally(&self) -> Vec<(Verdict, usize)> {
        let mut counts: std::collections::BTreeMap<Verdict, usize> = Default::default();
        for r in &self.results {
            *counts.entry(r.verdict).or_default() += 1;
        }
        counts.into_iter().collect()
    }

    /// `3 submissions: 1 AC, 1 WA, 1 CE`.
    pub fn tally_line(&self) -> String {
        let counts: Vec<String> = self
            .tally()
            .iter()
            .rev()
            .map(|(v, n)| format!("{n} {}", v.code()))
            .collect();
        let n = self.results.len();
        format!(
            "{n} submission{}{}{}",
            if n == 1 { "" } else { "s" },
            if counts.is_empty() { "" } else { ": " },
            counts.join(", ")
        )
    }

    /// The names of the tests, in test order, from the first result that has them.
    pub fn test_names(&self) -> Vec<String> {
        self.results
            .iter()
            .map(|r| r.tests.iter().map(|t| t.name.clone()).collect::<Vec<_>>())
            .max_by_key(|names| names.len())
            .unwrap_or_default()
    }
}

/// Neutralises (`escape::neutralise`) everything in `result` that came from the submission or
/// its files: its path, and each test's message, diff, stderr tail and detail; and, for a result
/// read back by `merge` from a file anyone could have written, every other text field too.
/// One-line fields (path, names, language, sandbox) keep one line (`escape::neutralise_line`).
pub fn neutralise_result(result: &mut SubmissionResult) {
    neutralise_challenge(&mut result.challenge);
    let submission = &mut result.submission;
    for field in [
        &mut submission.path,
        &mut submission.language,
        &mut submission.sha256,
    ] {
        *field = neutralise_line(field);
    }
    result.sandbox.level = SandboxLevel::parse(&neutralise_line(result.sandbox.level.name()));
    for layer in &mut result.sandbox.layers {
        *layer = neutralise_line(layer);
    }
    for t in &mut result.tests {
        neutralise_option(&mut t.message);
        neutralise_option(&mut t.diff);
        neutralise_option(&mut t.stderr_tail);
        neutralise_option(&mut t.checker_stderr);
        if let Some(detail) = &mut t.detail {
            *detail = Detail::parse(&neutralise_line(&detail.to_string()));
        }
        t.name = neutralise_line(&t.name);
        t.signal = t.signal.as_deref().map(neutralise_line);
        t.shown_diff = None;
    }
}

/// Neutralises a challenge reference read back from a document (`merge`).
pub fn neutralise_challenge(challenge: &mut ChallengeRef) {
    for field in [&mut challenge.id, &mut challenge.title, &mut challenge.path] {
        *field = neutralise_line(field);
    }
}

/// `neutralise_result` plus what grading added (student, retried and unrun test names).
pub fn neutralise_graded(graded: &mut GradedResult) {
    neutralise_result(&mut graded.result);
    graded.student = graded.student.as_deref().map(neutralise_line);
    for retry in &mut graded.retries {
        retry.test = neutralise_line(&retry.test);
    }
    for name in &mut graded.not_run {
        *name = neutralise_line(name);
    }
}

/// What a hidden test that did not pass says unless `--reveal hidden`.
pub const WITHHELD: &str =
    "hidden test: its output, diff and stderr are withheld (`--reveal hidden` shows them)";

/// Withholds what a hidden test (`sample = false`) would tell about its input and expected
/// output: the message, the diff, the stderr tail and the place of the first difference of
/// every hidden test that did not pass. The verdict, its detail (`stdout`, `wall`), points and
/// exit status stay. A compile or judge error is about the submission or the judge, not the
/// test, and is kept.
pub fn withhold_hidden(graded: &mut GradedResult) {
    for t in &mut graded.result.tests {
        if t.sample || matches!(t.verdict, Verdict::AC | Verdict::CE | Verdict::JE) {
            continue;
        }
        if graded.not_run.contains(&t.name) {
            continue;
        }
        t.message = Some(WITHHELD.into());
        t.diff = None;
        t.stderr_tail = None;
        t.location = None;
    }
}
