//! `livejudge verify`: lint, then judge what a challenge folder claims about itself — every
//! reference solution passes every test, every starter fails one (unless `starter_passes`),
//! every `submissions/<folder>/` entry gets its folder's verdict (Kattis 2025-09 rules) — and
//! print a table per challenge with every mismatch explained. Never changes a challenge.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use crate::challenge::units::show_duration;
use crate::challenge::{Challenge, Format, Loaded};
use crate::cli::VerifyArgs;
use crate::diff::escape_controls;
use crate::exit::{Exit, Failure};
use crate::harness::Harness;
use crate::judge::{self, Context, JudgeError};
use crate::layout::{self, JUDGED_FOLDERS};
use crate::outcome::{SubmissionResult, Verdict};
use crate::prepare::{Judging, LimitUse, PrepareError, ResolveError};
use crate::runner::Executor;
use crate::sandbox::SandboxStatus;
use crate::settings::Settings;

/// What a judged entry must get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// AC on every test: reference solutions, `submissions/accepted/`, a passing starter.
    AllAccepted,
    /// Some test not AC: a starter.
    SomeFailure,
    /// `verdict` on some test and nothing but AC or `verdict` (WA, TLE, RTE folders).
    Only(Verdict),
    /// A `submissions/` folder verify does not judge.
    NotJudged,
}

impl Rule {
    fn expected(self) -> String {
        match self {
            Rule::AllAccepted => "AC".into(),
            Rule::SomeFailure => "not AC".into(),
            Rule::Only(v) => v.code().into(),
            Rule::NotJudged => "not judged".into(),
        }
    }

    /// The rule of a `submissions/` folder.
    pub fn of_folder(folder: &str) -> Rule {
        match folder {
            "accepted" => Rule::AllAccepted,
            "wrong_answer" => Rule::Only(Verdict::WA),
            "time_limit_exceeded" => Rule::Only(Verdict::TLE),
            "run_time_error" => Rule::Only(Verdict::RTE),
            _ => Rule::NotJudged,
        }
    }

    /// Every way `result` breaks the rule, one explanation each; empty when it holds.
    pub fn mismatches(self, result: &SubmissionResult) -> Vec<String> {
        let tests = &result.tests;
        let describe = |t: &crate::outcome::TestOutcome| {
            let mut line = format!("test `{}`: {}", t.name, t.verdict.code());
            if let Some(detail) = &t.detail {
                let _ = write!(line, " ({detail})");
            }
            let _ = write!(line, " — {}", t.verdict.label());
            let message = t
                .message
                .as_deref()
                .filter(|m| !m.trim().is_empty())
                .or(t.stderr_tail.as_deref().filter(|m| !m.trim().is_empty()));
            if let Some(message) = message {
                for (i, text) in message.lines().take(4).enumerate() {
                    let text: String = escape_controls(text).chars().take(200).collect();
                    line.push_str(if i == 0 { ": " } else { "\n      " });
                    line.push_str(&text);
                }
            }
            line
        };
        match self {
            Rule::NotJudged => Vec::new(),
            Rule::AllAccepted => tests
                .iter()
                .filter(|t| t.verdict != Verdict::AC)
                .map(|t| format!("{}; expected AC", describe(t)))
                .collect(),
            Rule::SomeFailure => {
                let broken: Vec<String> = tests
                    .iter()
                    .filter(|t| t.verdict == Verdict::JE)
                    .map(|t| {
                        format!(
                            "{}; a judge error is not a failure of the starter",
                            describe(t)
                        )
                    })
                    .collect();
                if !broken.is_empty() {
                    broken
                } else if tests.iter().all(|t| t.verdict == Verdict::AC) {
                    vec![format!(
                        "passes all {} tests, but a starter must fail at least one; make the tests catch what the starter gets wrong, or set `starter_passes = true` if it is meant to pass",
                        tests.len()
                    )]
                } else {
                    Vec::new()
                }
            }
            Rule::Only(want) => {
                // A memory limit reached is a runtime error, as Kattis counts it (its judges
                // have no MLE of their own).
                let counts = |v: Verdict| v == want || (want == Verdict::RTE && v == Verdict::MLE);
                let mut out: Vec<String> = tests
                    .iter()
                    .filter(|t| t.verdict != Verdict::AC && !counts(t.verdict))
                    .map(|t| {
                        format!(
                            "{}; only AC or {} are allowed here",
                            describe(t),
                            want.code()
                        )
                    })
                    .collect();
                if !tests.iter().any(|t| counts(t.verdict)) {
                    let how = if tests.iter().all(|t| t.verdict == Verdict::AC) {
                        "every test passed".to_string()
                    } else {
                        format!("no test got {} ({})", want.code(), want.label())
                    };
                    out.insert(
                        0,
                        format!(
                            "{how}; it must get {} ({}) on at least one test",
                            want.code(),
                            want.label()
                        ),
                    );
                }
                out
            }
        }
    }
}

/// One thing verify judges (or reports): where it is and what it must get.
#[derive(Debug, Clone)]
pub struct Item {
    /// Shown in the table: the path relative to the challenge folder.
    pub what: String,
    /// A file, or a folder holding the entry file.
    pub path: PathBuf,
    pub lang: Option<String>,
    pub rule: Rule,
    /// Why it cannot be judged, found before running anything.
    pub problem: Option<String>,
}

/// Everything verify judges in `challenge`, in table order: solutions, starters, submissions.
pub fn items(challenge: &Challenge, harness: &Harness) -> Vec<Item> {
    let mut items = Vec::new();
    let root = &challenge.root;
    let shown = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    if challenge.format == Format::Livejudge {
        for (folder, rule) in [
            ("solution", Rule::AllAccepted),
            (
                "starter",
                if challenge.starter_passes {
                    Rule::AllAccepted
                } else {
                    Rule::SomeFailure
                },
            ),
        ] {
            let dir = root.join(folder);
            if !dir.is_dir() {
                continue;
            }
            let entries = layout::entry_files(&dir, challenge, harness);
            if entries.is_empty() {
                items.push(Item {
                    what: format!("{folder}/"),
                    path: dir.clone(),
                    lang: None,
                    rule,
                    problem: Some(format!(
                        "`{folder}/` holds no entry file `{}.*`",
                        challenge.entry
                    )),
                });
            }
            for entry in entries {
                let (lang, problem) = match entry.language {
                    Ok(language) => (Some(language.name), None),
                    Err(message) => (None, Some(message)),
                };
                items.push(Item {
                    what: shown(&entry.path),
                    path: dir.clone(),
                    lang,
                    rule,
                    problem,
                });
            }
        }
    }
    let submissions = root.join("submissions");
    let mut folders: Vec<PathBuf> = layout::list_visible(&submissions)
        .into_iter()
        .filter(|p| p.is_dir())
        .collect();
    // The judged folders first, in the spec's order; the others after, by name.
    folders.sort_by_key(|p| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rank = JUDGED_FOLDERS
            .iter()
            .position(|f| *f == name)
            .unwrap_or(JUDGED_FOLDERS.len());
        (rank, name)
    });
    for folder in folders {
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rule = Rule::of_folder(&name);
        for entry in layout::list_visible(&folder) {
            items.push(Item {
                what: shown(&entry),
                path: entry,
                lang: None,
                rule,
                problem: None,
            });
        }
    }
    items
}

/// One row of the table.
struct TableRow {
    what: String,
    /// The rule of the row's entry (none for the header).
    rule: Option<Rule>,
    expected: String,
    got: String,
    time: String,
    slowest: String,
    mismatches: Vec<String>,
    /// Why it was not run: its language cannot run here.
    skipped: Option<String>,
    /// Time-limit sensitivity (Kattis packages).
    warnings: Vec<String>,
}

impl TableRow {
    fn new(what: &str, expected: String) -> TableRow {
        TableRow {
            what: what.to_string(),
            rule: None,
            expected,
            got: "-".into(),
            time: "-".into(),
            slowest: "-".into(),
            mismatches: Vec::new(),
            skipped: None,
            warnings: Vec::new(),
        }
    }
}

/// How one challenge came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ChallengeState {
    Verified,
    Mismatch,
    JudgeError,
    Invalid,
}

struct Verified {
    state: ChallengeState,
    /// The table and the explanations (stdout).
    report: String,
    /// Lint diagnostics (stderr).
    diagnostics: String,
}

fn got(result: &SubmissionResult) -> String {
    let mut counts: BTreeMap<Verdict, usize> = BTreeMap::new();
    for t in &result.tests {
        *counts.entry(t.verdict).or_default() += 1;
    }
    if counts.len() <= 1 {
        return result.verdict.code().to_string();
    }
    let parts: Vec<String> = counts
        .iter()
        .rev()
        .map(|(v, n)| format!("{n} {}", v.code()))
        .collect();
    format!("{} ({})", result.verdict.code(), parts.join(", "))
}

/// A challenge that could not be judged because the judge (or a Kattis time-limit derivation)
/// failed.
fn judge_failure(dir: &Path, message: String, diagnostics: String) -> Verified {
    Verified {
        state: ChallengeState::JudgeError,
        report: format!("{}: not judged: {message}\n", dir.display()),
        diagnostics,
    }
}

fn verify_one(
    dir: &Path,
    harness: &Harness,
    executor: &dyn Executor,
    sandbox: &SandboxStatus,
    per_judge: usize,
    fixed: Option<Duration>,
) -> Result<Verified, JudgeError> {
    let (challenge, diagnostics) = layout::lint(dir, harness);
    let mut shown_diagnostics = String::new();
    for d in &diagnostics {
        let _ = writeln!(shown_diagnostics, "{d}");
    }
    let Some(challenge) = challenge else {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        return Ok(Verified {
            state: ChallengeState::Invalid,
            report: format!(
                "{}: not judged: {errors} definition error(s) (see above)\n",
                dir.display()
            ),
            diagnostics: shown_diagnostics,
        });
    };
    // A Kattis package: its validators get their constants, its time limit may need deriving
    // from the accepted submissions, and its submissions resolve by its own rules. It is judged
    // under its time limit × the safety margin; each result is then read at the time limit (and
    // the difference reported), as problemtools does.
    let mut challenge = match Loaded::new(challenge) {
        Ok(loaded) => loaded,
        Err(d) => {
            return Ok(Verified {
                state: ChallengeState::Invalid,
                report: format!("{}: not judged: {d}\n", dir.display()),
                diagnostics: shown_diagnostics,
            });
        }
    };
    let judging = Judging {
        harness,
        executor,
        sandbox,
        jobs: per_judge,
        no_cache: false,
    };
    let timing = match challenge.prepare(&judging, LimitUse::WithMargin { fixed }) {
        Ok(timing) => timing,
        Err(PrepareError::Judge(JudgeError::Interrupted)) => return Err(JudgeError::Interrupted),
        Err(PrepareError::NoTimeLimit(message)) => {
            return Ok(Verified {
                state: ChallengeState::Invalid,
                report: format!("{}: not judged: {message}\n", dir.display()),
                diagnostics: shown_diagnostics,
            });
        }
        Err(e) => return Ok(judge_failure(dir, e.to_string(), shown_diagnostics)),
    };
    let ctx = Context {
        challenge: &challenge,
        harness,
        executor,
        sandbox,
        jobs: per_judge,
        fail_fast: false,
        no_cache: false,
    };
    let tests: Vec<&crate::challenge::TestCase> = challenge.tests.iter().collect();
    let mut rows = Vec::new();
    let mut state = ChallengeState::Verified;
    let items = items(&challenge, harness);
    // Whether a reference solution or an accepted submission was judged.
    let mut judged_accepted = false;
    for item in &items {
        let mut row = TableRow {
            rule: Some(item.rule),
            ..TableRow::new(&item.what, item.rule.expected())
        };
        if item.rule == Rule::NotJudged {
            rows.push(row);
            continue;
        }
        let resolved = match &item.problem {
            Some(problem) => Err(problem.clone()),
            None => match challenge.resolve(&item.path, harness, item.lang.as_deref()) {
                Ok(resolved) => Ok(resolved),
                // A language that cannot run here is skipped and named, as problemtools
                // does: no mismatch.
                Err(ResolveError::Unavailable(note)) => {
                    row.got = "skipped".into();
                    row.skipped = Some(note.to_string());
                    rows.push(row);
                    continue;
                }
                Err(e) => Err(e.to_string()),
            },
        };
        let submission = match resolved {
            Ok(s) => s,
            Err(message) => {
                row.got = "not run".into();
                row.mismatches.push(format!("cannot judge it: {message}"));
                state = state.max(ChallengeState::Mismatch);
                rows.push(row);
                continue;
            }
        };
        let result = match judge::judge(&ctx, &submission, &tests, &mut |_| {}) {
            Ok(result) => result,
            Err(JudgeError::Interrupted) => return Err(JudgeError::Interrupted),
            Err(JudgeError::Io(e)) => {
                row.got = "JE".into();
                row.mismatches.push(format!("judge error: {e}"));
                state = state.max(ChallengeState::JudgeError);
                rows.push(row);
                continue;
            }
        };
        // Kattis: the verdicts under the time limit, in the format's four (a memory limit
        // reached is a run-time error), and how they would change with the safety margin.
        let judged = match &timing {
            Some(timing) => {
                row.warnings
                    .extend(timing.sensitivity(item.rule == Rule::AllAccepted, &result));
                timing.at_limit(&result)
            }
            None => result.clone(),
        };
        row.got = got(&judged);
        if judged
            .tests
            .iter()
            .zip(&result.tests)
            .any(|(j, r)| j.verdict == Verdict::RTE && r.verdict == Verdict::MLE)
        {
            row.got.push_str(" [MLE counts as RTE]");
        }
        if item.rule == Rule::AllAccepted {
            judged_accepted = true;
        }
        if let Some(slowest) = judged
            .tests
            .iter()
            .filter(|t| t.wall_ms > 0.0)
            .max_by(|a, b| a.wall_ms.total_cmp(&b.wall_ms))
        {
            row.time = if slowest.wall_ms < 1000.0 {
                format!("{:.0} ms", slowest.wall_ms)
            } else {
                format!("{:.2} s", slowest.wall_ms / 1000.0)
            };
            row.slowest = slowest.name.clone();
        }
        row.mismatches = item.rule.mismatches(&judged);
        if !row.mismatches.is_empty() {
            state = state.max(ChallengeState::Mismatch);
        }
        // A checker, a validator or the judge failed: that is no claim broken but a judge error
        // (exit 4), whatever the rule.
        if item.rule != Rule::NotJudged && judged.tests.iter().any(|t| t.verdict == Verdict::JE) {
            state = state.max(ChallengeState::JudgeError);
        }
        rows.push(row);
    }
    let mut report = String::new();
    let _ = writeln!(
        report,
        "{} — {} ({} test(s))",
        challenge.id,
        challenge.title,
        challenge.tests.len()
    );
    if let Some(timing) = &timing {
        let _ = writeln!(
            report,
            "  time limit {} ({}); judged under {} (× {} {}), verdicts read at the limit",
            show_duration(timing.limit),
            timing.how,
            show_duration(timing.judged_under()),
            timing.margin.key,
            timing.margin.factor
        );
    }
    let mut header = TableRow::new("what", "expected".into());
    header.got = "got".into();
    header.time = "time".into();
    header.slowest = "slowest test".into();
    let width = |f: fn(&TableRow) -> &String| {
        rows.iter()
            .chain(std::iter::once(&header))
            .map(|r| f(r).chars().count())
            .max()
            .unwrap_or(0)
    };
    let (w_what, w_expected, w_got, w_time) = (
        width(|r| &r.what),
        width(|r| &r.expected),
        width(|r| &r.got),
        width(|r| &r.time),
    );
    let line = |report: &mut String, mark: &str, r: &TableRow| {
        let _ = writeln!(
            report,
            "  {mark:<8}  {:<w_what$}  {:<w_expected$}  {:<w_got$}  {:>w_time$}  {}",
            r.what, r.expected, r.got, r.time, r.slowest
        );
    };
    if rows.is_empty() {
        let _ = writeln!(
            report,
            "  nothing to judge: no solution/, starter/ or submissions/ entries"
        );
    } else {
        line(&mut report, "", &header);
        for r in &rows {
            let mark = if r.rule == Some(Rule::NotJudged) {
                "-"
            } else if r.skipped.is_some() {
                "skip"
            } else if r.mismatches.is_empty() {
                "ok"
            } else {
                "MISMATCH"
            };
            line(&mut report, mark, r);
        }
    }
    let proven = items.iter().any(|i| {
        i.rule == Rule::AllAccepted && i.problem.is_none() && !i.what.starts_with("starter")
    });
    if !proven {
        let _ = writeln!(
            report,
            "  note: no reference solution or accepted submission: the tests are not proven"
        );
    } else if !judged_accepted && rows.iter().any(|r| r.skipped.is_some()) {
        let _ = writeln!(
            report,
            "  note: no accepted submission could run here: the tests are not proven"
        );
    }
    for r in &rows {
        if let Some(note) = &r.skipped {
            let _ = writeln!(report, "  skipped: {}: {note}", r.what);
        }
    }
    for r in &rows {
        for warning in &r.warnings {
            let _ = writeln!(report, "  warning: {}: {warning}", r.what);
        }
    }
    for r in rows.iter().filter(|r| !r.mismatches.is_empty()) {
        let _ = writeln!(report, "  mismatch: {} (expected {}):", r.what, r.expected);
        for m in &r.mismatches {
            let _ = writeln!(report, "    - {m}");
        }
    }
    Ok(Verified {
        state,
        report,
        diagnostics: shown_diagnostics,
    })
}

pub fn run(settings: &Settings, args: &VerifyArgs) -> Result<Exit, Failure> {
    let harness = settings.harness()?;
    let dirs = settings.challenge_dirs(&args.paths)?;
    let status = settings.sandbox()?;
    if let Some(note) = status.note()
        && !settings.quiet
    {
        eprintln!("note: {note}");
    }
    let executor = settings.executor()?;
    // Challenges in parallel, each judge's tests in parallel: split -j between the two.
    let total = settings.jobs;
    let workers = total.min(dirs.len()).max(1);
    let per_judge = (total / workers).max(1);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (sender, receiver) = mpsc::channel::<(usize, Result<Verified, JudgeError>)>();
    let mut states = Vec::new();
    let mut interrupted = false;
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, stop, dirs, harness, executor, status) =
                (&next, &stop, &dirs, &harness, &executor, &status);
            let args = &args;
            scope.spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(dir) = dirs.get(index) else { break };
                    let verified =
                        verify_one(dir, harness, executor, status, per_judge, args.time_limit);
                    if sender.send((index, verified)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut pending = BTreeMap::new();
        let mut shown = 0;
        for (index, verified) in receiver {
            match verified {
                Ok(v) => {
                    pending.insert(index, v);
                }
                Err(_) => {
                    interrupted = true;
                    stop.store(true, Ordering::SeqCst);
                }
            }
            while let Some(v) = pending.remove(&shown) {
                let quiet = settings.quiet && v.state == ChallengeState::Verified;
                if !v.diagnostics.is_empty() && !quiet {
                    eprint!("{}", v.diagnostics);
                }
                if shown > 0 {
                    println!();
                }
                print!("{}", v.report);
                states.push(v.state);
                shown += 1;
            }
        }
    });
    if interrupted {
        return Err(Failure::from(JudgeError::Interrupted));
    }
    let count = |s: ChallengeState| states.iter().filter(|x| **x == s).count();
    println!(
        "\nverify: {} challenge(s): {} verified, {} with mismatches, {} with judge errors, {} invalid",
        states.len(),
        count(ChallengeState::Verified),
        count(ChallengeState::Mismatch),
        count(ChallengeState::JudgeError),
        count(ChallengeState::Invalid)
    );
    Ok(match states.iter().max() {
        Some(ChallengeState::Invalid) => Exit::Usage,
        Some(ChallengeState::JudgeError) => Exit::JudgeError,
        Some(ChallengeState::Mismatch) => Exit::NotAccepted,
        _ => Exit::Success,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{ChallengeRef, SandboxInfo, SubmissionRef, TestOutcome};

    fn result(verdicts: &[Verdict]) -> SubmissionResult {
        let tests: Vec<TestOutcome> = verdicts
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let mut t = TestOutcome::not_run(&format!("t{i}"), false, 1, *v, "why".into());
                if *v == Verdict::AC {
                    t.message = None;
                }
                t
            })
            .collect();
        SubmissionResult {
            challenge: ChallengeRef {
                id: "c".into(),
                title: "C".into(),
                path: "c".into(),
            },
            submission: SubmissionRef {
                path: "s".into(),
                language: "bash".into(),
                sha256: String::new(),
            },
            verdict: SubmissionResult::overall(&tests),
            score: 0,
            max_score: 0,
            sandbox: SandboxInfo {
                level: crate::outcome::SandboxLevel::None,
                layers: Vec::new(),
            },
            tests,
        }
    }

    use Verdict::{AC, RTE, TLE, WA};

    #[test]
    fn folder_rules() {
        assert_eq!(Rule::of_folder("accepted"), Rule::AllAccepted);
        assert_eq!(Rule::of_folder("wrong_answer"), Rule::Only(WA));
        assert_eq!(Rule::of_folder("time_limit_exceeded"), Rule::Only(TLE));
        assert_eq!(Rule::of_folder("run_time_error"), Rule::Only(RTE));
        assert_eq!(Rule::of_folder("brute_force"), Rule::NotJudged);
    }

    #[test]
    fn a_memory_limit_counts_as_a_runtime_error() {
        use Verdict::MLE;
        assert!(Rule::Only(RTE).mismatches(&result(&[AC, MLE])).is_empty());
        assert!(Rule::Only(RTE).mismatches(&result(&[MLE, RTE])).is_empty());
        assert_eq!(Rule::Only(WA).mismatches(&result(&[WA, MLE])).len(), 1);
        assert_eq!(Rule::Only(TLE).mismatches(&result(&[MLE])).len(), 2);
    }

    #[test]
    fn only_rule_needs_the_verdict_and_nothing_else() {
        assert!(Rule::Only(WA).mismatches(&result(&[AC, WA, WA])).is_empty());
        let all_ac = Rule::Only(WA).mismatches(&result(&[AC, AC]));
        assert_eq!(all_ac.len(), 1);
        assert!(all_ac[0].starts_with("every test passed"), "{all_ac:?}");
        let mixed = Rule::Only(TLE).mismatches(&result(&[TLE, WA]));
        assert_eq!(mixed.len(), 1);
        assert!(
            mixed[0].starts_with("test `t1`: WA — wrong answer: why; only AC or TLE"),
            "{mixed:?}"
        );
        let none = Rule::Only(RTE).mismatches(&result(&[WA]));
        assert!(none[0].starts_with("no test got RTE"), "{none:?}");
    }

    #[test]
    fn accepted_and_starter_rules() {
        assert!(Rule::AllAccepted.mismatches(&result(&[AC, AC])).is_empty());
        let failing = Rule::AllAccepted.mismatches(&result(&[AC, TLE, WA]));
        assert_eq!(failing.len(), 2);
        assert!(Rule::SomeFailure.mismatches(&result(&[AC, WA])).is_empty());
        assert_eq!(Rule::SomeFailure.mismatches(&result(&[AC])).len(), 1);
        assert!(Rule::NotJudged.mismatches(&result(&[WA])).is_empty());
    }

    #[test]
    fn got_counts_each_verdict() {
        assert_eq!(got(&result(&[AC, AC])), "AC");
        assert_eq!(got(&result(&[AC, WA, AC])), "WA (2 AC, 1 WA)");
    }
}
