//! The validated challenge model: what a challenge asks of a solution, independent of how it was
//! written on disk (challenge.toml, discovered case files, or a Kattis package). Every path here is
//! absolute and already checked to stay inside the challenge folder; nothing here touches the disk.

pub mod kattis;
pub mod lint;
pub mod load;
pub mod open;
pub mod schema;
pub mod syntax;
pub mod units;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use crate::compare::CompareSpec;

pub use open::{Loaded, open};

/// The five kinds of exercise the catalog holds.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Scripting,
    Debugging,
    DataStructures,
    Systems,
    LiveCoding,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::Scripting,
        Category::Debugging,
        Category::DataStructures,
        Category::Systems,
        Category::LiveCoding,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Category::Scripting => "scripting",
            Category::Debugging => "debugging",
            Category::DataStructures => "data-structures",
            Category::Systems => "systems",
            Category::LiveCoding => "live-coding",
        }
    }

    pub fn parse(text: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == text)
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard];

    pub fn name(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }

    pub fn parse(text: &str) -> Option<Difficulty> {
        Difficulty::ALL.into_iter().find(|d| d.name() == text)
    }
}

/// Resource limits of one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time.
    pub time: Duration,
    /// CPU time, all processes of the run together where the platform allows it.
    pub cpu: Duration,
    /// Memory, in bytes.
    pub memory: u64,
    /// Cap per captured stream, in bytes.
    pub output: u64,
    /// Simultaneous processes and threads.
    pub processes: u32,
    /// Largest file the run may write, in bytes.
    pub file_size: u64,
    /// All files of the working folder together, in bytes (enforced where the run's
    /// filesystem is built for it: see `sandbox::view`).
    pub disk: u64,
    /// The main thread's stack, in bytes (`RLIMIT_STACK`); `None` gives Linux's usual 8 MiB,
    /// whatever the judge's own (`sandbox::supervisor`).
    /// Kattis packages set it to the memory limit, as problemtools does.
    pub stack: Option<u64>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            time: Duration::from_secs(5),
            cpu: Duration::from_secs(5),
            memory: 512 << 20,
            output: 8 << 20,
            processes: 64,
            file_size: 64 << 20,
            disk: 64 << 20,
            stack: None,
        }
    }
}

/// Where the expected content of an expectation comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// Inline text from challenge.toml (for `regex`, the pattern; for `contains`, the needle).
    Text(String),
    /// An absolute path inside the challenge folder.
    File(PathBuf),
}

/// One expectation on a stream or a file's content.
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    pub content: Content,
    pub compare: CompareSpec,
}

/// What a test expects of one file left in the working folder.
#[derive(Debug, Clone, PartialEq)]
pub struct FileExpectation {
    /// Relative to the working folder.
    pub path: PathBuf,
    pub kind: FileCheck,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FileCheck {
    /// The file must not exist after the run.
    Absent,
    /// The file must exist, hold matching content and, when given, these permission bits.
    Present {
        content: Expectation,
        mode: Option<u32>,
    },
}

/// The exit status a test expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitExpectation {
    Code(i32),
    Nonzero,
    Any,
}

impl ExitExpectation {
    pub fn accepts(self, code: i32) -> bool {
        match self {
            ExitExpectation::Code(want) => want == code,
            ExitExpectation::Nonzero => code != 0,
            ExitExpectation::Any => true,
        }
    }

    /// True when a non-zero exit is something the test judges as an expectation (WA when wrong)
    /// rather than a runtime error.
    pub fn expects_failure(self) -> bool {
        !matches!(self, ExitExpectation::Code(0))
    }
}

impl std::fmt::Display for ExitExpectation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExitExpectation::Code(code) => write!(f, "{code}"),
            ExitExpectation::Nonzero => f.write_str("nonzero"),
            ExitExpectation::Any => f.write_str("any"),
        }
    }
}

/// Where a test's stdin comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Stdin {
    /// `/dev/null`.
    #[default]
    Empty,
    Text(String),
    /// An absolute path inside the challenge folder.
    File(PathBuf),
}

/// One test case, with `[defaults]` already applied.
#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    pub name: String,
    pub sample: bool,
    pub args: Vec<String>,
    pub stdin: Stdin,
    /// `[defaults].env` merged with the test's own (the test wins per key).
    pub env: BTreeMap<String, String>,
    /// Absolute fixture folders, copied in this order (later ones win on the same path).
    pub fixtures: Vec<PathBuf>,
    pub exit: ExitExpectation,
    pub points: u32,
    pub limits: Limits,
    pub stdout: Option<Expectation>,
    pub stderr: Option<Expectation>,
    pub files: Vec<FileExpectation>,
    /// Fixture files (relative to the working folder) that must be byte-identical after the run.
    pub unchanged: Vec<PathBuf>,
    /// Absolute path of a custom checker program.
    pub check: Option<PathBuf>,
    /// Kattis output validator, when the challenge came from a problem package.
    pub validator: Option<Validator>,
    /// A signal sent to the solution's main process while it runs.
    pub signal: Option<SignalSpec>,
    /// A command that writes more fixtures of the test before its runs (`generate`).
    pub generate: Option<Generate>,
}

/// `generate = ["python3", "gen/biglog.py", "--lines", "400000"]` of a test: run once per judge
/// process in an empty folder; the files it leaves there are fixtures of the test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generate {
    /// The command as written.
    pub argv: Vec<String>,
    /// The first word holding a `/`: its index in `argv` and the file of the challenge it names.
    pub script: Option<(usize, PathBuf)>,
}

/// `signal = { name = "TERM", after = "300ms" }` of a test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignalSpec {
    /// The signal's number (`libc::SIGTERM`, …).
    pub number: i32,
    /// How long after the start of the run it is sent.
    pub after: Duration,
}

/// A Kattis custom output validator: `VALIDATOR input answer feedback_dir [flags] < stdout`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validator {
    /// The validator's source: a file, or a folder holding a multi-file program.
    pub source: PathBuf,
    /// The test's answer file (`.ans`), given to the validator as its second argument.
    pub answer: PathBuf,
    pub flags: Vec<String>,
}

/// Which on-disk format a challenge was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Livejudge,
    Kattis,
}

/// A `--test NAME` that names no test of the challenge.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("challenge `{challenge}` has no test `{name}`{}; its tests: {known}", .closest.as_ref().map(|c| format!(" (did you mean `{c}`?)")).unwrap_or_default())]
pub struct UnknownTest {
    pub challenge: String,
    pub name: String,
    /// The known test whose name is closest to `name`, when one is close.
    pub closest: Option<String>,
    /// The challenge's test names, comma-separated; the first [`UnknownTest::SHOWN`] of a
    /// longer list, then how many there are.
    pub known: String,
}

impl UnknownTest {
    /// Test names listed at most: a package of 200 tests would fill the screen.
    pub const SHOWN: usize = 12;
}

/// Callers show the message as a usage error.
impl From<UnknownTest> for String {
    fn from(error: UnknownTest) -> String {
        error.to_string()
    }
}

/// A validated challenge.
#[derive(Debug, Clone, PartialEq)]
pub struct Challenge {
    pub id: String,
    pub title: String,
    pub category: Category,
    pub difficulty: Difficulty,
    pub minutes: Option<u32>,
    pub tags: Vec<String>,
    /// Absolute path of the statement (it may not exist; `lint` says so).
    pub statement: PathBuf,
    /// Stem of the solution's entry file.
    pub entry: String,
    /// Allowed languages; `None` means every language of the harness.
    pub languages: Option<Vec<String>>,
    pub starter_passes: bool,
    pub hints: Vec<String>,
    /// The challenge-wide limits (tests may override them).
    pub limits: Limits,
    /// Absolute path of the challenge folder.
    pub root: PathBuf,
    /// The file the definition was read from (challenge.toml or problem.yaml).
    pub manifest: PathBuf,
    pub format: Format,
    pub tests: Vec<TestCase>,
}

impl Challenge {
    /// The tests plain `test` runs: the samples, or every test when there are none.
    pub fn default_selection(&self) -> Vec<&TestCase> {
        let samples: Vec<&TestCase> = self.tests.iter().filter(|t| t.sample).collect();
        if samples.is_empty() {
            self.tests.iter().collect()
        } else {
            samples
        }
    }

    /// The tests named by `--test NAME` flags, in the order given; the error names the unknown
    /// test and lists the known ones.
    pub fn named_tests(&self, names: &[String]) -> Result<Vec<&TestCase>, UnknownTest> {
        names
            .iter()
            .map(|name| {
                self.tests.iter().find(|t| &t.name == name).ok_or_else(|| {
                    let names: Vec<&str> = self.tests.iter().map(|t| t.name.as_str()).collect();
                    let mut known = names
                        .iter()
                        .take(UnknownTest::SHOWN)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ");
                    if names.len() > UnknownTest::SHOWN {
                        known.push_str(&format!(", … ({} in all)", names.len()));
                    }
                    UnknownTest {
                        challenge: self.id.clone(),
                        name: name.clone(),
                        closest: schema::closest(name, &names).map(str::to_string),
                        known,
                    }
                })
            })
            .collect()
    }

    /// Whether a failing hidden test shows the learner its input (`hidden_inputs`, default
    /// true; `false` keeps them private, for exams). Read from the definition on demand; a
    /// Kattis package always shows them.
    pub fn hidden_inputs(&self) -> bool {
        if self.format != Format::Livejudge {
            return true;
        }
        std::fs::read_to_string(&self.manifest)
            .ok()
            .and_then(|text| text.parse::<toml::Table>().ok())
            .and_then(|table| table.get("hidden_inputs").and_then(toml::Value::as_bool))
            .unwrap_or(true)
    }

    pub fn max_score(&self) -> u64 {
        self.tests.iter().map(|t| u64::from(t.points)).sum()
    }
}
