//! One test's verdict: the raw facts of a run plus what the test expects → the test's outcome.
//! Verdict precedence (JE, CE, TLE, MLE, OLE, RTE, WA, AC) is decided here and only here. Pure:
//! the judge reads files and runs checkers, then hands the evidence in. (Grading a whole class
//! of submissions is `commands::grade`.)

use crate::challenge::{ExitExpectation, Limits, TestCase};
use crate::compare::{self, CompareKind, CompareSpec, Comparison};
use crate::outcome::{Detail, Location, ShownDiff, TestOutcome, Verdict};
use crate::runner::RunFacts;

/// A run is judged MLE rather than RTE when it failed with its peak resident memory at or above
/// this share of the limit. Allocation failures under `RLIMIT_AS` leave no other trace.
const MLE_RSS_SHARE: f64 = 0.8;

/// What the judge found about one expected file after the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileEvidence {
    /// For `absent = true`: whether something is there.
    Exists(bool),
    /// For a content check: the file's bytes and mode, or why it could not be read.
    Content {
        bytes: Vec<u8>,
        mode: u32,
    },
    Missing,
    Refused(String),
}

/// How a fixture named by `unchanged` is no longer what it was before the run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FixtureChange {
    #[error("it is not a fixture file of this test")]
    NotAFixture,
    #[error("its content changed")]
    ContentChanged,
    #[error("it was deleted")]
    Deleted,
    /// Something the judge refuses to read stands there; the text says which.
    #[error("it was replaced by {0}")]
    Replaced(String),
}

/// The result of a custom checker or output validator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckerVerdict {
    Pass(String),
    Fail(String),
    /// The checker itself failed: a judge error, never a pass.
    Broken(String),
}

/// Everything the judge gathered about one test's run.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    pub facts: RunFacts,
    /// Expected stdout/stderr content (already read), when the test has that expectation and
    /// the judge did not find it byte-identical to the output under a comparator that passes
    /// identical bytes (`CompareKind::passes_identical`: then nothing is left to compare).
    pub expected_stdout: Option<Vec<u8>>,
    pub expected_stderr: Option<Vec<u8>>,
    /// One entry per `files` expectation, in order: (expected content when it has one, found).
    pub files: Vec<(Option<Vec<u8>>, FileEvidence)>,
    /// One entry per `unchanged` path, in order: whether it is still byte-identical, and why not.
    pub unchanged: Vec<Result<(), FixtureChange>>,
    pub checker: Option<CheckerVerdict>,
    /// What the checker (or output validator) printed on stderr, whatever its verdict.
    pub checker_stderr: Option<Vec<u8>>,
    /// A failure of the judge or the challenge while preparing or observing the run.
    pub judge_error: Option<String>,
}

/// One expectation that did not hold.
struct FailedExpectation {
    detail: Detail,
    message: String,
    shown: Option<ShownDiff>,
    /// Where in the actual output the first difference is.
    location: Option<Location>,
}

pub fn signal_name(signal: i32) -> String {
    let name = match signal {
        libc::SIGHUP => "SIGHUP",
        libc::SIGINT => "SIGINT",
        libc::SIGQUIT => "SIGQUIT",
        libc::SIGILL => "SIGILL",
        libc::SIGTRAP => "SIGTRAP",
        libc::SIGABRT => "SIGABRT",
        libc::SIGBUS => "SIGBUS",
        libc::SIGFPE => "SIGFPE",
        libc::SIGKILL => "SIGKILL",
        libc::SIGUSR1 => "SIGUSR1",
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGUSR2 => "SIGUSR2",
        libc::SIGPIPE => "SIGPIPE",
        libc::SIGALRM => "SIGALRM",
        libc::SIGTERM => "SIGTERM",
        libc::SIGXCPU => "SIGXCPU",
        libc::SIGXFSZ => "SIGXFSZ",
        libc::SIGSYS => "SIGSYS",
        _ => return format!("signal {signal}"),
    };
    name.to_string()
}

/// The exit status a checker sees: the code, or 128 + the signal.
pub fn exit_status(facts: &RunFacts) -> i32 {
    facts
        .exit_code
        .unwrap_or_else(|| 128 + facts.signal.unwrap_or(0))
}

/// Which resource limit the run reached, if any: the verdict and its detail.
pub fn limit_reached(facts: &RunFacts, limits: &Limits) -> Option<(Verdict, Detail)> {
    if facts.wall_limit {
        return Some((Verdict::TLE, Detail::Wall));
    }
    if facts.cpu_limit || facts.signal == Some(libc::SIGXCPU) || facts.cpu >= limits.cpu {
        return Some((Verdict::TLE, Detail::Cpu));
    }
    let failed = facts.signal.is_some() || facts.exit_code.is_some_and(|c| c != 0);
    // With a cgroup the kernel says whether the limit was hit; without one, a failed run whose
    // peak memory came close to the limit is the best sign there is.
    let near_limit = !facts.memory_exact
        && (facts.max_rss_kib as f64 * 1024.0) >= limits.memory as f64 * MLE_RSS_SHARE;
    if failed && (facts.memory_limit || near_limit) {
        return Some((Verdict::MLE, Detail::Memory));
    }
    if facts.stdout_over {
        return Some((Verdict::OLE, Detail::Stdout));
    }
    if facts.stderr_over {
        return Some((Verdict::OLE, Detail::Stderr));
    }
    if facts.signal == Some(libc::SIGXFSZ) || facts.file_limit {
        return Some((Verdict::OLE, Detail::FileSize));
    }
    if facts.disk_full {
        return Some((Verdict::OLE, Detail::Disk));
    }
    None
}

/// True when the run ended the way the test allows, so content checks and a checker apply.
pub fn ended_normally(facts: &RunFacts, test: &TestCase) -> bool {
    limit_reached(facts, &test.limits).is_none() && runtime_error(facts, test.exit).is_none()
}

fn runtime_error(facts: &RunFacts, exit: ExitExpectation) -> Option<Detail> {
    if let Some(signal) = facts.signal {
        let allowed = match exit {
            ExitExpectation::Any => true,
            ExitExpectation::Code(code) => code == 128 + signal,
            ExitExpectation::Nonzero => false,
        };
        return (!allowed).then(|| Detail::Signal(signal_name(signal)));
    }
    match facts.exit_code {
        Some(code) if code != 0 && !exit.expects_failure() => Some(Detail::ExitStatus(code)),
        _ => None,
    }
}

fn compare_stream(
    detail: Detail,
    spec: &CompareSpec,
    expected: &[u8],
    actual: &[u8],
) -> Option<FailedExpectation> {
    match compare::compare(spec, expected, actual) {
        Comparison::Pass => None,
        Comparison::Fail(mismatch) => {
            let showable = !matches!(spec.kind, CompareKind::Regex | CompareKind::Contains);
            Some(FailedExpectation {
                message: mismatch.message,
                location: mismatch.line.map(|line| Location {
                    line,
                    column: mismatch.column,
                    starts_message: mismatch.states_line,
                }),
                // Decoded only to be shown; the comparator decided on the bytes.
                shown: showable.then(|| ShownDiff::new(detail.to_string(), expected, actual)),
                detail,
            })
        }
    }
}

/// Most of the solution's stderr kept with a failing outcome.
const STDERR_TAIL: usize = 4096;

/// The end of `stderr`, cut at a line start when it is long.
pub fn stderr_tail(stderr: &[u8]) -> Option<String> {
    let text = crate::escape::shown_bytes(stderr);
    let text = text.trim_end();
    if text.is_empty() {
        return None;
    }
    if text.len() <= STDERR_TAIL {
        return Some(text.to_string());
    }
    let mut start = text.len() - STDERR_TAIL;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let tail = &text[start..];
    let tail = tail.find('\n').map_or(tail, |i| &tail[i + 1..]);
    Some(format!("…\n{tail}"))
}

/// Turns the evidence of one run into the test's outcome.
pub fn grade(test: &TestCase, evidence: &Evidence) -> TestOutcome {
    let mut outcome = grade_without_stderr(test, evidence);
    let stderr_judged = outcome.detail == Some(Detail::Stderr);
    if outcome.verdict != Verdict::AC && outcome.verdict != Verdict::JE && !stderr_judged {
        outcome.stderr_tail = stderr_tail(&evidence.facts.stderr);
    }
    // Kept whatever the verdict: a checker that crashed with the status that means "reject"
    // (Python's uncaught exception exits 1) shows its traceback here.
    outcome.checker_stderr = evidence
        .checker_stderr
        .as_deref()
        .and_then(stderr_tail)
        .filter(|text| !text.trim().is_empty());
    outcome
}

fn grade_without_stderr(test: &TestCase, evidence: &Evidence) -> TestOutcome {
    let facts = &evidence.facts;
    let mut outcome = TestOutcome {
        name: test.name.clone(),
        sample: test.sample,
        verdict: Verdict::AC,
        detail: None,
        points: 0,
        max_points: test.points,
        wall_ms: facts.wall.as_secs_f64() * 1000.0,
        cpu_ms: facts.cpu.as_secs_f64() * 1000.0,
        max_rss_kib: facts.max_rss_kib,
        exit_code: facts.exit_code,
        signal: facts.signal.map(signal_name),
        message: None,
        location: None,
        diff: None,
        stderr_tail: None,
        checker_stderr: None,
        shown_diff: None,
        mismatches: Vec::new(),
    };
    let checker_broken = match &evidence.checker {
        Some(CheckerVerdict::Broken(message)) => Some(message.clone()),
        _ => None,
    };
    if let Some(message) = evidence
        .judge_error
        .clone()
        .or_else(|| facts.spawn_error.clone())
        .or(checker_broken)
    {
        outcome.verdict = Verdict::JE;
        outcome.message = Some(message);
        return outcome;
    }
    if let Some((verdict, detail)) = limit_reached(facts, &test.limits) {
        outcome.message = Some(limit_message(verdict, &detail, &test.limits));
        outcome.verdict = verdict;
        outcome.detail = Some(detail);
        return outcome;
    }
    if let Some(detail) = runtime_error(facts, test.exit) {
        outcome.verdict = Verdict::RTE;
        outcome.message = Some(match facts.signal {
            Some(_) => format!("killed by {detail}"),
            None => format!("{detail} (the test expects exit status {})", test.exit),
        });
        outcome.detail = Some(detail);
        // An unexpected exit status: the output may be wrong too; say so as well.
        if facts.signal.is_none() {
            outcome.mismatches = mismatches(
                expectation_failures(test, evidence)
                    .into_iter()
                    .filter(|f| f.detail != Detail::Exit),
            );
        }
        return outcome;
    }
    let mut failures = expectation_failures(test, evidence).into_iter();
    let first = failures.next();
    outcome.mismatches = mismatches(failures);
    match first {
        None => {
            outcome.points = test.points;
            if let Some(CheckerVerdict::Pass(message)) = &evidence.checker
                && !message.trim().is_empty()
            {
                outcome.message = Some(message.trim().to_string());
            }
        }
        Some(first) => {
            outcome.verdict = Verdict::WA;
            outcome.detail = Some(first.detail);
            outcome.message = Some(first.message);
            outcome.location = first.location;
            outcome.diff = first.shown.as_ref().map(ShownDiff::unified);
            outcome.shown_diff = first.shown;
        }
    }
    outcome
}

/// Failures beyond the first, as the outcome carries them.
fn mismatches(
    failures: impl Iterator<Item = FailedExpectation>,
) -> Vec<crate::outcome::OtherMismatch> {
    failures
        .map(|f| crate::outcome::OtherMismatch {
            detail: f.detail,
            message: f.message,
            diff: f.shown.as_ref().map(ShownDiff::unified),
            shown_diff: f.shown,
        })
        .collect()
}

fn limit_message(verdict: Verdict, detail: &Detail, limits: &Limits) -> String {
    use crate::challenge::units::{show_duration, show_size};
    match (verdict, detail) {
        (Verdict::TLE, Detail::Wall) => {
            format!("wall-clock limit {} reached", show_duration(limits.time))
        }
        (Verdict::TLE, _) => format!("CPU time limit {} reached", show_duration(limits.cpu)),
        (Verdict::MLE, _) => format!("memory limit {} reached", show_size(limits.memory)),
        (Verdict::OLE, Detail::FileSize) => {
            format!("file size limit {} reached", show_size(limits.file_size))
        }
        (Verdict::OLE, Detail::Disk) => format!(
            "the working folder filled its disk limit of {}",
            show_size(limits.disk)
        ),
        (Verdict::OLE, stream) => format!(
            "{stream} passed the output limit of {}",
            show_size(limits.output)
        ),
        _ => verdict.label().to_string(),
    }
}

/// Every expectation of the test that failed, in a fixed order: exit status, stdout, stderr,
/// files, unchanged files, checker.
fn expectation_failures(test: &TestCase, evidence: &Evidence) -> Vec<FailedExpectation> {
    let facts = &evidence.facts;
    let mut failures = Vec::new();
    let status = exit_status(facts);
    if !test.exit.accepts(status) {
        failures.push(FailedExpectation {
            detail: Detail::Exit,
            message: format!("expected exit status {}, got {status}", test.exit),
            shown: None,
            location: None,
        });
    }
    for (detail, expectation, expected, actual) in [
        (
            Detail::Stdout,
            &test.stdout,
            &evidence.expected_stdout,
            &facts.stdout,
        ),
        (
            Detail::Stderr,
            &test.stderr,
            &evidence.expected_stderr,
            &facts.stderr,
        ),
    ] {
        if let (Some(expectation), Some(expected)) = (expectation, expected) {
            failures.extend(compare_stream(
                detail,
                &expectation.compare,
                expected,
                actual,
            ));
        }
    }
    for (expectation, (expected, found)) in test.files.iter().zip(&evidence.files) {
        let subject = Detail::File(expectation.path.display().to_string());
        match (&expectation.kind, found) {
            (crate::challenge::FileCheck::Absent, FileEvidence::Exists(true)) => {
                failures.push(FailedExpectation {
                    detail: subject.clone(),
                    message: format!(
                        "{} should not exist after the run",
                        expectation.path.display()
                    ),
                    shown: None,
                    location: None,
                })
            }
            (crate::challenge::FileCheck::Absent, _) => {}
            (crate::challenge::FileCheck::Present { content, mode }, found) => match found {
                FileEvidence::Content {
                    bytes,
                    mode: actual_mode,
                } => {
                    if let Some(expected) = expected
                        && let Some(mut failure) =
                            compare_stream(subject.clone(), &content.compare, expected, bytes)
                    {
                        failure.message =
                            format!("{}: {}", expectation.path.display(), failure.message);
                        if let Some(location) = &mut failure.location {
                            location.starts_message = false;
                        }
                        failures.push(failure);
                        continue;
                    }
                    if let Some(mode) = mode
                        && mode & 0o7777 != *actual_mode
                    {
                        failures.push(FailedExpectation {
                            detail: subject.clone(),
                            message: format!(
                                "{}: expected mode {:04o}, got {:04o}",
                                expectation.path.display(),
                                mode,
                                actual_mode
                            ),
                            shown: None,
                            location: None,
                        });
                    }
                }
                FileEvidence::Missing | FileEvidence::Exists(false) => {
                    failures.push(FailedExpectation {
                        detail: subject.clone(),
                        message: format!(
                            "{} was expected but does not exist",
                            expectation.path.display()
                        ),
                        shown: None,
                        location: None,
                    })
                }
                FileEvidence::Exists(true) => {}
                FileEvidence::Refused(why) => failures.push(FailedExpectation {
                    detail: subject.clone(),
                    message: format!("{} is {why}", expectation.path.display()),
                    shown: None,
                    location: None,
                }),
            },
        }
    }
    for (path, state) in test.unchanged.iter().zip(&evidence.unchanged) {
        if let Err(why) = state {
            failures.push(FailedExpectation {
                detail: Detail::Unchanged(path.display().to_string()),
                message: format!("{} must not change: {why}", path.display()),
                shown: None,
                location: None,
            });
        }
    }
    if let Some(CheckerVerdict::Fail(message)) = &evidence.checker {
        failures.push(FailedExpectation {
            detail: Detail::Check,
            message: if message.trim().is_empty() {
                "the checker rejected the result".into()
            } else {
                message.trim().to_string()
            },
            shown: None,
            location: None,
        });
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::challenge::{Content, Expectation, Stdin};

    /// Verdict precedence as results.md states it: "Within one test the first that applies
    /// wins, in this order". Written out here, not taken from `Verdict`'s `Ord`, so that the
    /// table below checks the code against the contract and not against itself.
    const CONTRACT_ORDER: [Verdict; 8] = [
        Verdict::JE,
        Verdict::CE,
        Verdict::TLE,
        Verdict::MLE,
        Verdict::OLE,
        Verdict::RTE,
        Verdict::WA,
        Verdict::AC,
    ];

    fn rank(verdict: Verdict) -> usize {
        CONTRACT_ORDER
            .iter()
            .position(|v| *v == verdict)
            .expect("every verdict is in the contract's order")
    }

    /// One fact the judge can find about a run, with the verdict it means on its own. (CE has
    /// no evidence: a compile error is decided before any run, in `judge`.)
    #[derive(Debug, Clone, Copy)]
    enum Fact {
        JudgeError,
        SpawnError,
        CheckerBroken,
        WallLimit,
        CpuLimit,
        MemoryLimit,
        StdoutOverCap,
        FileSizeLimit,
        DiskFull,
        KilledBySignal,
        NonzeroExit,
        WrongStdout,
        CheckerRejects,
    }

    const FACTS: [(Fact, Verdict); 13] = [
        (Fact::JudgeError, Verdict::JE),
        (Fact::SpawnError, Verdict::JE),
        (Fact::CheckerBroken, Verdict::JE),
        (Fact::WallLimit, Verdict::TLE),
        (Fact::CpuLimit, Verdict::TLE),
        (Fact::MemoryLimit, Verdict::MLE),
        (Fact::StdoutOverCap, Verdict::OLE),
        (Fact::FileSizeLimit, Verdict::OLE),
        (Fact::DiskFull, Verdict::OLE),
        (Fact::KilledBySignal, Verdict::RTE),
        (Fact::NonzeroExit, Verdict::RTE),
        (Fact::WrongStdout, Verdict::WA),
        (Fact::CheckerRejects, Verdict::WA),
    ];

    /// A test expecting `right` on stdout and exit status 0, with default limits.
    fn test_case() -> TestCase {
        TestCase {
            name: "t".into(),
            sample: false,
            args: Vec::new(),
            stdin: Stdin::Empty,
            env: Default::default(),
            fixtures: Vec::new(),
            exit: ExitExpectation::Code(0),
            points: 1,
            limits: Limits::default(),
            stdout: Some(Expectation {
                content: Content::Text("right\n".into()),
                compare: CompareSpec::new(CompareKind::Exact),
            }),
            stderr: None,
            files: Vec::new(),
            unchanged: Vec::new(),
            check: None,
            validator: None,
            signal: None,
            generate: None,
        }
    }

    /// A run that passes `test_case`.
    fn passing_run() -> Evidence {
        let mut evidence = Evidence {
            expected_stdout: Some(b"right\n".to_vec()),
            ..Evidence::default()
        };
        evidence.facts.exit_code = Some(0);
        evidence.facts.stdout = b"right\n".to_vec();
        evidence
    }

    /// Adds `fact` to `evidence`, keeping what is there (a run that died of a signal has no exit
    /// code; a limit the judge enforced kills the run with SIGKILL).
    fn add(evidence: &mut Evidence, fact: Fact) {
        let facts = &mut evidence.facts;
        let kill = |facts: &mut RunFacts, signal: i32| {
            facts.exit_code = None;
            facts.signal.get_or_insert(signal);
        };
        match fact {
            Fact::JudgeError => evidence.judge_error = Some("the judge failed".into()),
            Fact::SpawnError => facts.spawn_error = Some("cannot start".into()),
            Fact::CheckerBroken => {
                evidence.checker = Some(CheckerVerdict::Broken("checker crashed".into()))
            }
            Fact::WallLimit => {
                facts.wall_limit = true;
                kill(facts, libc::SIGKILL);
            }
            Fact::CpuLimit => {
                facts.cpu_limit = true;
                kill(facts, libc::SIGKILL);
            }
            Fact::MemoryLimit => {
                facts.memory_limit = true;
                kill(facts, libc::SIGKILL);
            }
            Fact::StdoutOverCap => facts.stdout_over = true,
            Fact::FileSizeLimit => facts.file_limit = true,
            Fact::DiskFull => facts.disk_full = true,
            Fact::KilledBySignal => kill(facts, libc::SIGSEGV),
            Fact::NonzeroExit => {
                if facts.signal.is_none() {
                    facts.exit_code = Some(3);
                }
            }
            Fact::WrongStdout => facts.stdout = b"wrong\n".to_vec(),
            Fact::CheckerRejects => {
                if evidence.checker.is_none() {
                    evidence.checker = Some(CheckerVerdict::Fail("rejected".into()));
                }
            }
        }
    }

    fn verdict_of(facts: &[Fact]) -> Verdict {
        let mut evidence = passing_run();
        for fact in facts {
            add(&mut evidence, *fact);
        }
        grade(&test_case(), &evidence).verdict
    }

    #[test]
    fn each_fact_alone_gives_its_verdict() {
        assert_eq!(verdict_of(&[]), Verdict::AC);
        for (fact, verdict) in FACTS {
            assert_eq!(verdict_of(&[fact]), verdict, "{fact:?}");
        }
    }

    /// Every pair of competing facts, in both orders: the verdict that comes first in the
    /// contract's order wins.
    #[test]
    fn the_contracts_precedence_decides_between_any_two_facts() {
        let mut failures = Vec::new();
        for (first, first_verdict) in FACTS {
            for (second, second_verdict) in FACTS {
                let expected = if rank(first_verdict) <= rank(second_verdict) {
                    first_verdict
                } else {
                    second_verdict
                };
                let got = verdict_of(&[first, second]);
                if got != expected {
                    failures.push(format!(
                        "{first:?} + {second:?}: expected {}, got {}",
                        expected.code(),
                        got.code()
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn a_limit_wins_over_the_judges_own_kill_signal() {
        let mut evidence = passing_run();
        evidence.facts.wall_limit = true;
        evidence.facts.exit_code = None;
        evidence.facts.signal = Some(libc::SIGKILL);
        let outcome = grade(&test_case(), &evidence);
        assert_eq!(outcome.verdict, Verdict::TLE);
        assert_eq!(outcome.detail, Some(Detail::Wall));
    }

    #[test]
    fn an_expected_nonzero_exit_is_judged_as_an_expectation_not_a_runtime_error() {
        let mut test = test_case();
        test.exit = ExitExpectation::Nonzero;
        let mut evidence = passing_run();
        assert_eq!(grade(&test, &evidence).verdict, Verdict::WA);
        evidence.facts.exit_code = Some(2);
        assert_eq!(grade(&test, &evidence).verdict, Verdict::AC);
        test.exit = ExitExpectation::Code(3);
        let outcome = grade(&test, &evidence);
        assert_eq!(outcome.verdict, Verdict::WA);
        assert_eq!(outcome.detail, Some(Detail::Exit));
    }

    #[test]
    fn what_a_solution_prints_decides_nothing_but_its_expectations() {
        let mut evidence = passing_run();
        evidence.facts.stderr = b"time limit exceeded\njudge error\n".to_vec();
        assert_eq!(grade(&test_case(), &evidence).verdict, Verdict::AC);
    }

    #[test]
    fn a_changed_fixture_is_wrong_and_says_how_it_changed() {
        let mut test = test_case();
        test.unchanged = vec!["keep/MANIFEST".into(), "keep/log".into()];
        let mut evidence = passing_run();
        evidence.unchanged = vec![Ok(()), Err(FixtureChange::Replaced("a symlink".into()))];
        let outcome = grade(&test, &evidence);
        assert_eq!(outcome.verdict, Verdict::WA);
        assert_eq!(outcome.detail, Some(Detail::Unchanged("keep/log".into())));
        assert_eq!(
            outcome.message.as_deref(),
            Some("keep/log must not change: it was replaced by a symlink")
        );
    }
}
