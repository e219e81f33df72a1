//! Verdicts and results: the outcome of one test and of one submission, as reporters consume them
//! and as `--format json` prints them (results.md). Plain data; no I/O.

use serde::{Deserialize, Serialize};

/// The verdict codes of results.md, in precedence order (first wins within one test).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Verdict {
    JE,
    CE,
    TLE,
    MLE,
    OLE,
    RTE,
    WA,
    AC,
}

impl Verdict {
    pub fn code(self) -> &'static str {
        match self {
            Verdict::AC => "AC",
            Verdict::WA => "WA",
            Verdict::TLE => "TLE",
            Verdict::MLE => "MLE",
            Verdict::OLE => "OLE",
            Verdict::RTE => "RTE",
            Verdict::CE => "CE",
            Verdict::JE => "JE",
        }
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::AC => "passed",
            Verdict::WA => "wrong answer",
            Verdict::TLE => "time limit exceeded",
            Verdict::MLE => "memory limit exceeded",
            Verdict::OLE => "output limit exceeded",
            Verdict::RTE => "runtime error",
            Verdict::CE => "compile error",
            Verdict::JE => "judge error",
        }
    }

    pub fn parse(code: &str) -> Option<Verdict> {
        [
            Verdict::AC,
            Verdict::WA,
            Verdict::TLE,
            Verdict::MLE,
            Verdict::OLE,
            Verdict::RTE,
            Verdict::CE,
            Verdict::JE,
        ]
        .into_iter()
        .find(|v| v.code().eq_ignore_ascii_case(code))
    }
}

/// The two sides of the first failed content expectation, kept for the human reporter's
/// coloured diff. Never serialised: JSON carries the rendered `diff` instead.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShownDiff {
    /// What failed: `stdout`, `stderr`, or `file out/report.csv`.
    pub subject: String,
    pub expected: String,
    pub actual: String,
}

/// The outcome of one test (results.md, `tests[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestOutcome {
    pub name: String,
    pub sample: bool,
    pub verdict: Verdict,
    /// For TLE `wall` or `cpu`; for RTE the signal or status; for WA what failed
    /// (`stdout`, `stderr`, `exit`, `file PATH`, `unchanged PATH`, `check`).
    pub detail: Option<String>,
    pub points: u32,
    pub max_points: u32,
    pub wall_ms: f64,
    pub cpu_ms: f64,
    pub max_rss_kib: u64,
    pub exit_code: Option<i32>,
    /// The signal's name (`SIGKILL`), when the run died of one.
    pub signal: Option<String>,
    pub message: Option<String>,
    /// Where the first difference is in the actual output (1-based), when the failed
    /// expectation is a comparison that can tell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    pub diff: Option<String>,
    /// The last lines of what the solution printed on stderr (at most 4 KiB), for a test that
    /// did not pass: usually the first clue to a crash.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stderr_tail: Option<String>,
    /// What the test's checker or output validator printed on stderr (its last 4 KiB), whatever
    /// its verdict: a crashing checker's traceback (shown with `-v`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checker_stderr: Option<String>,
    #[serde(skip)]
    pub shown_diff: Option<ShownDiff>,
    /// Every other expectation that failed besides the one `detail` names (stdout, stderr,
    /// exit status, each file), so a learner sees all that is wrong at once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mismatches: Vec<Mismatch>,
}

/// One more failed expectation of a test (results.md `tests[].mismatches[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mismatch {
    /// What failed, as `detail` names it: `stdout`, `stderr`, `exit`, `file PATH`, …
    pub detail: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
    #[serde(skip)]
    pub shown_diff: Option<ShownDiff>,
}

impl TestOutcome {
    /// An outcome for a test that could not be run (compile error, judge error).
    pub fn not_run(
        name: &str,
        sample: bool,
        max_points: u32,
        verdict: Verdict,
        message: String,
    ) -> TestOutcome {
        TestOutcome {
            name: name.to_string(),
            sample,
            verdict,
            detail: None,
            points: 0,
            max_points,
            wall_ms: 0.0,
            cpu_ms: 0.0,
            max_rss_kib: 0,
            exit_code: None,
            signal: None,
            message: Some(message),
            line: None,
            column: None,
            diff: None,
            stderr_tail: None,
            checker_stderr: None,
            shown_diff: None,
            mismatches: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeRef {
    pub id: String,
    pub title: String,
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionRef {
    pub path: String,
    pub language: String,
    pub sha256: String,
}

/// How much of the sandbox was in force (results.md `sandbox`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxInfo {
    /// `full`, `partial` or `none`.
    pub level: String,
    pub layers: Vec<String>,
}

/// The result of one submission on one challenge (`livejudge.result.v1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmissionResult {
    /// Always `RESULT_SCHEMA`; readers check the schema before (`merge`).
    #[serde(skip_deserializing, default = "result_schema")]
    pub schema: &'static str,
    pub challenge: ChallengeRef,
    pub submission: SubmissionRef,
    pub verdict: Verdict,
    pub score: u64,
    pub max_score: u64,
    pub sandbox: SandboxInfo,
    pub tests: Vec<TestOutcome>,
}

pub const RESULT_SCHEMA: &str = "livejudge.result.v1";

/// The schema of every result read back (`serde(default)`).
fn result_schema() -> &'static str {
    RESULT_SCHEMA
}

impl SubmissionResult {
    /// The submission's verdict: that of its first non-AC test in test order.
    pub fn overall(tests: &[TestOutcome]) -> Verdict {
        tests
            .iter()
            .map(|t| t.verdict)
            .find(|v| *v != Verdict::AC)
            .unwrap_or(Verdict::AC)
    }

    pub fn score(tests: &[TestOutcome]) -> u64 {
        tests.iter().map(|t| u64::from(t.points)).sum()
    }
}
