//! Verdicts and results: the outcome of one test and of one submission, as reporters consume
//! them. Plain data; no I/O. What `--format json` prints (results.md) is built from these types
//! in `report::schema`, the one place that knows the wire format.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::diff::Cropped;

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

/// What exactly a verdict is about (results.md `detail`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Detail {
    /// TLE: the wall-clock limit (`wall`).
    Wall,
    /// TLE: the CPU time limit (`cpu`).
    Cpu,
    /// MLE (`memory`).
    Memory,
    /// OLE: the stream passed its cap; WA: its content is wrong (`stdout`).
    Stdout,
    /// As `Stdout`, for stderr (`stderr`).
    Stderr,
    /// OLE: a file reached the `file_size` limit (`file`).
    FileSize,
    /// OLE: the working folder filled its disk limit (`disk`).
    Disk,
    /// RTE: killed by this signal, by name (`SIGSEGV`, or `signal 77` for one without a name).
    Signal(String),
    /// RTE: an exit status the test did not expect (`exit status 3`).
    ExitStatus(i32),
    /// WA: the exit status is not the one expected (`exit`).
    Exit,
    /// WA: a file left in the working folder, by its relative path (`file PATH`).
    File(String),
    /// WA: a fixture that changed though it must not (`unchanged PATH`).
    Unchanged(String),
    /// WA: the checker or output validator rejected the output (`check`).
    Check,
    /// TLE: not run, the submission had used its `--submission-budget` (`budget`).
    Budget,
    /// A detail this version does not write, read back from a document (`merge`), kept as it was.
    Unrecognised(String),
}

impl Detail {
    /// The detail `text` names: the inverse of `Display`, so that a document read back is
    /// written again byte for byte (anything else is `Unrecognised`).
    pub fn parse(text: &str) -> Detail {
        let detail = match text {
            "wall" => Detail::Wall,
            "cpu" => Detail::Cpu,
            "memory" => Detail::Memory,
            "stdout" => Detail::Stdout,
            "stderr" => Detail::Stderr,
            "file" => Detail::FileSize,
            "disk" => Detail::Disk,
            "exit" => Detail::Exit,
            "check" => Detail::Check,
            "budget" => Detail::Budget,
            _ => {
                if let Some(path) = text.strip_prefix("file ") {
                    Detail::File(path.to_string())
                } else if let Some(path) = text.strip_prefix("unchanged ") {
                    Detail::Unchanged(path.to_string())
                } else if let Some(code) = text.strip_prefix("exit status ") {
                    code.parse().map_or_else(
                        |_| Detail::Unrecognised(text.to_string()),
                        Detail::ExitStatus,
                    )
                } else if text.starts_with("SIG") || text.starts_with("signal ") {
                    Detail::Signal(text.to_string())
                } else {
                    Detail::Unrecognised(text.to_string())
                }
            }
        };
        // `exit status +3` or `exit status 03` would not come back the same way.
        if detail.to_string() == text {
            detail
        } else {
            Detail::Unrecognised(text.to_string())
        }
    }
}

impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Detail::Wall => f.write_str("wall"),
            Detail::Cpu => f.write_str("cpu"),
            Detail::Memory => f.write_str("memory"),
            Detail::Stdout => f.write_str("stdout"),
            Detail::Stderr => f.write_str("stderr"),
            Detail::FileSize => f.write_str("file"),
            Detail::Disk => f.write_str("disk"),
            Detail::Signal(name) => f.write_str(name),
            Detail::ExitStatus(code) => write!(f, "exit status {code}"),
            Detail::Exit => f.write_str("exit"),
            Detail::File(path) => write!(f, "file {path}"),
            Detail::Unchanged(path) => write!(f, "unchanged {path}"),
            Detail::Check => f.write_str("check"),
            Detail::Budget => f.write_str("budget"),
            Detail::Unrecognised(text) => f.write_str(text),
        }
    }
}

/// Where the first difference is in the actual output (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: Option<usize>,
    /// The message starts by naming this line (`line 2: expected …`), so that a reporter can
    /// add the column there rather than say the line twice.
    pub starts_message: bool,
}

/// The two sides of the first failed content expectation, kept for the human reporter's
/// coloured diff. Never serialised: JSON carries the rendered `diff` instead. Only the middles
/// are kept: equal lines at both ends beyond the diff's context are counted in `cropped`, so a
/// large output with one wrong line costs a few lines here, not two copies of the output. Middles
/// larger than [`ShownDiff::KEPT_AT_MOST`] (outputs that differ all along) are diffed at once,
/// without copying them, and only the bounded diffs are kept: a failing test never holds its
/// outputs, and the judge never holds a third and fourth copy of them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShownDiff {
    /// What failed: `stdout`, `stderr`, or `file out/report.csv`.
    pub subject: String,
    sides: Sides,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Sides {
    /// The middles as shown (`escape::shown_bytes`), with the equal lines left out before and
    /// after them.
    Kept {
        expected: String,
        actual: String,
        cropped: Cropped,
    },
    /// What [`ShownDiff::model`] and [`ShownDiff::unified`] give, made from middles too large
    /// to keep.
    Diffed {
        model: Box<crate::diff::Diff>,
        unified: String,
    },
}

impl Default for Sides {
    fn default() -> Self {
        Sides::Kept {
            expected: String::new(),
            actual: String::new(),
            cropped: Cropped::default(),
        }
    }
}

impl ShownDiff {
    /// Bytes of the two middles together kept as they are; past it, the diffs are made at once.
    pub const KEPT_AT_MOST: usize = 1 << 20;

    /// The two sides as shown (`escape::shown_bytes`), their equal ends cropped.
    pub fn new(subject: String, expected: &[u8], actual: &[u8]) -> ShownDiff {
        let (old, new, cropped) = crate::diff::crop(expected, actual);
        let expected = crate::escape::shown_bytes(&expected[old]);
        let actual = crate::escape::shown_bytes(&actual[new]);
        let sides = if expected.len() + actual.len() <= Self::KEPT_AT_MOST {
            Sides::Kept {
                expected: expected.into_owned(),
                actual: actual.into_owned(),
                cropped,
            }
        } else {
            let (model, unified) =
                crate::diff::diff_and_unified_cropped(&expected, &actual, cropped);
            Sides::Diffed {
                model: Box::new(model),
                unified,
            }
        };
        ShownDiff { subject, sides }
    }

    /// The diff model of the whole outputs.
    pub fn model(&self) -> crate::diff::Diff {
        match &self.sides {
            Sides::Kept {
                expected,
                actual,
                cropped,
            } => crate::diff::diff_cropped(
                expected,
                actual,
                *cropped,
                crate::diff::DiffBounds::default(),
            ),
            Sides::Diffed { model, .. } => (**model).clone(),
        }
    }

    /// The plain unified diff of the whole outputs (`diff` in JSON).
    pub fn unified(&self) -> String {
        match &self.sides {
            Sides::Kept {
                expected,
                actual,
                cropped,
            } => crate::diff::unified_cropped(expected, actual, *cropped),
            Sides::Diffed { unified, .. } => unified.clone(),
        }
    }

    /// Bytes of the outputs this holds (the middles, when kept): what tests check.
    #[cfg(test)]
    pub fn held_bytes(&self) -> usize {
        match &self.sides {
            Sides::Kept {
                expected, actual, ..
            } => expected.len() + actual.len(),
            Sides::Diffed { .. } => 0,
        }
    }
}

/// The outcome of one test (results.md, `tests[]`).
#[derive(Debug, Clone, PartialEq)]
pub struct TestOutcome {
    pub name: String,
    pub sample: bool,
    pub verdict: Verdict,
    /// What exactly the verdict is about (see [`Detail`]).
    pub detail: Option<Detail>,
    pub points: u32,
    pub max_points: u32,
    pub wall_ms: f64,
    pub cpu_ms: f64,
    pub max_rss_kib: u64,
    pub exit_code: Option<i32>,
    /// The signal's name (`SIGKILL`), when the run died of one.
    pub signal: Option<String>,
    pub message: Option<String>,
    /// Where the first difference is in the actual output, when the failed expectation is a
    /// comparison that can tell.
    pub location: Option<Location>,
    pub diff: Option<String>,
    /// The last lines of what the solution printed on stderr (at most 4 KiB), for a test that
    /// did not pass: usually the first clue to a crash.
    pub stderr_tail: Option<String>,
    /// What the test's checker or output validator printed on stderr (its last 4 KiB), whatever
    /// its verdict: a crashing checker's traceback (shown with `-v`).
    pub checker_stderr: Option<String>,
    pub shown_diff: Option<ShownDiff>,
    /// Every other expectation that failed besides the one `detail` names (stdout, stderr,
    /// exit status, each file), so a learner sees all that is wrong at once.
    pub mismatches: Vec<OtherMismatch>,
}

/// One more failed expectation of a test (results.md `tests[].mismatches[]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherMismatch {
    /// What failed, as `detail` names it: `stdout`, `stderr`, `exit`, `file PATH`, …
    pub detail: Detail,
    pub message: String,
    pub diff: Option<String>,
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
            location: None,
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxInfo {
    pub level: SandboxLevel,
    /// The names of the layers in force (`landlock`, `pidns`, …), as `sandbox` names them.
    pub layers: Vec<String>,
}

/// How much of the sandbox was in force (results.md: `full`, `partial` or `none`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SandboxLevel {
    /// Every layer this platform can have.
    Full,
    Partial,
    /// `--no-sandbox`.
    None,
    /// A level this version does not know, read back from a document (`merge`), kept as it was.
    Unrecognised(String),
}

impl SandboxLevel {
    pub fn name(&self) -> &str {
        match self {
            SandboxLevel::Full => "full",
            SandboxLevel::Partial => "partial",
            SandboxLevel::None => "none",
            SandboxLevel::Unrecognised(name) => name,
        }
    }

    pub fn parse(name: &str) -> SandboxLevel {
        match name {
            "full" => SandboxLevel::Full,
            "partial" => SandboxLevel::Partial,
            "none" => SandboxLevel::None,
            _ => SandboxLevel::Unrecognised(name.to_string()),
        }
    }
}

impl fmt::Display for SandboxLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The result of one submission on one challenge, written as `livejudge.result.v1`
/// (`report::schema`).
#[derive(Debug, Clone, PartialEq)]
pub struct SubmissionResult {
    pub challenge: ChallengeRef,
    pub submission: SubmissionRef,
    pub verdict: Verdict,
    pub score: u64,
    pub max_score: u64,
    pub sandbox: SandboxInfo,
    pub tests: Vec<TestOutcome>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_detail_reads_back_as_it_was_written() {
        let details = [
            Detail::Wall,
            Detail::Cpu,
            Detail::Memory,
            Detail::Stdout,
            Detail::Stderr,
            Detail::FileSize,
            Detail::Disk,
            Detail::Signal("SIGSEGV".into()),
            Detail::Signal("signal 77".into()),
            Detail::ExitStatus(3),
            Detail::ExitStatus(-1),
            Detail::Exit,
            Detail::File("out/report.csv".into()),
            Detail::Unchanged("data/input.txt".into()),
            Detail::Check,
            Detail::Budget,
        ];
        for detail in details {
            assert_eq!(Detail::parse(&detail.to_string()), detail);
        }
        for text in [
            "exit status 03",
            "exit status +3",
            "exit status x",
            "",
            "stdout ",
        ] {
            assert_eq!(Detail::parse(text), Detail::Unrecognised(text.into()));
            assert_eq!(Detail::parse(text).to_string(), text);
        }
    }

    #[test]
    fn a_sandbox_level_reads_back_as_it_was_written() {
        for level in [
            SandboxLevel::Full,
            SandboxLevel::Partial,
            SandboxLevel::None,
            SandboxLevel::Unrecognised("strict".into()),
        ] {
            assert_eq!(SandboxLevel::parse(level.name()), level);
        }
    }

    /// Middles too large to keep are diffed at once: nothing of the outputs is held, and the
    /// diffs are those of the whole outputs, as when the middles are kept.
    #[test]
    fn large_middles_are_diffed_at_once_and_not_held() {
        // Over 1 MiB between the two changes, in few lines: the line diff stays far from its
        // deadline (an approximate diff could differ from run to run).
        let padding = "x".repeat(300);
        let same: String = (0..2_000)
            .map(|i| format!("same line {i:06} {padding}\n"))
            .collect();
        let expected = format!("first e\n{same}last e\n");
        let actual = format!("first a\n{same}last a\n");
        let shown = ShownDiff::new("stdout".into(), expected.as_bytes(), actual.as_bytes());
        assert_eq!(shown.held_bytes(), 0, "not kept");
        assert_eq!(shown.model(), crate::diff::diff(&expected, &actual));
        assert_eq!(shown.unified(), crate::diff::unified(&expected, &actual));
        let model = shown.model();
        assert!(!model.approximate);
        assert_eq!(model.hunks.len(), 2, "the first and the last line");
        let small = ShownDiff::new("stdout".into(), b"a\nb\n", b"a\nc\n");
        assert!(small.held_bytes() > 0, "kept");
        assert_eq!(small.model(), crate::diff::diff("a\nb\n", "a\nc\n"));
    }
}
