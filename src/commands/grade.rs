//! `livejudge grade`: CI grading. Judges every submission (or one `--partition` slice of them)
//! on every test of a challenge, hidden ones too, with the judging loop of `test` (compile once,
//! tests in parallel), and writes a grade document in every `--format` asked for.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::challenge::{Loaded, TestCase};
use crate::class;
use crate::cli::{GradeArgs, Reveal};
use crate::exit::{Exit, Failure};
use crate::harness::Harness;
use crate::judge::{self, Context, JudgeError};
use crate::outcome::{ChallengeRef, SubmissionRef, SubmissionResult, TestOutcome, Verdict};
use crate::partition;
use crate::provenance;
use crate::report::document::{
    ChallengeInfo, GradeDocument, GradedResult, Retry, neutralise_graded, sort_results,
    withhold_hidden,
};
use crate::report::grade_human;
use crate::report::outputs::{GradeFormat, Plan};
use crate::report::progress::GradeProgress;
use crate::settings::Settings;
use crate::submission::{self, Submission};

/// The challenges, the items in document order, and the class folder or roster.
type Gathered = (Vec<Setup>, Vec<Job>, Option<String>);

/// One challenge of the run, ready to judge.
struct Setup {
    challenge: Loaded,
    info: ChallengeInfo,
}

/// What one worker judges: a submission (or a student's missing one) of a challenge.
#[derive(Debug, Clone)]
struct Job {
    setup: usize,
    student: Option<String>,
    /// None: the student handed nothing in for this challenge.
    path: Option<PathBuf>,
}

impl Job {
    /// The key of a `--balance` document's result: challenge id and path.
    fn shown_path(&self) -> String {
        self.path
            .as_deref()
            .map(|p| crate::escape::neutralise_line(&p.display().to_string()))
            .unwrap_or_default()
    }
}

pub fn run(settings: &Settings, args: &GradeArgs) -> Result<Exit, Failure> {
    let mut plan = Plan::new(&args.formats, args.output.as_deref(), GradeFormat::Human)
        .map_err(Failure::usage)?;
    plan.quiet = settings.quiet;
    let harness = settings.harness()?;
    let (mut setups, items, class_path) = gather(settings, args, harness)?;
    let total = items.len();
    let chosen: Vec<Job> = match (args.partition, &args.balance) {
        (Some(p), Some(from)) => {
            let costs = balance_costs(from, &setups, &items)?;
            p.balanced(&costs)
                .into_iter()
                .map(|i| items[i].clone())
                .collect()
        }
        (Some(p), None) => items
            .into_iter()
            .enumerate()
            .filter(|(i, _)| p.takes(*i))
            .map(|(_, item)| item)
            .collect(),
        (None, _) => items,
    };
    let status = settings.sandbox()?;
    let executor = settings.executor()?;
    for (i, setup) in setups.iter_mut().enumerate() {
        if chosen
            .iter()
            .any(|item| item.setup == i && item.path.is_some())
        {
            crate::attempt::prepare(settings, &mut setup.challenge, harness, &executor, status)?;
        }
    }
    if let Some(note) = status.note() {
        eprintln!("note: {note}");
    }
    if let Some(p) = args.partition {
        eprintln!("partition {p}: {} of {total} submission(s)", chosen.len());
    }
    let tests: Vec<Vec<&TestCase>> = setups
        .iter()
        .map(|s| s.challenge.tests.iter().collect())
        .collect();
    // Submissions are judged side by side, each on its own judge thread (a submission's tests
    // one after another), so no core waits for the slowest test of a submission; with fewer
    // submissions than jobs, each gets several threads for its tests.
    let jobs = settings.jobs;
    let workers = jobs.min(chosen.len()).max(1);
    let contexts: Vec<Context> = setups
        .iter()
        .map(|s| Context {
            challenge: &s.challenge,
            harness,
            executor: &executor,
            sandbox: status,
            jobs: jobs.div_ceil(workers),
            fail_fast: false,
            no_cache: settings.no_cache,
        })
        .collect();
    let challenge_ref = match (&class_path, setups.as_slice()) {
        (None, [one]) => ChallengeRef {
            id: one.challenge.id.clone(),
            title: one.challenge.title.clone(),
            path: one.challenge.root.display().to_string(),
        },
        _ => ChallengeRef {
            id: "class".into(),
            title: setups
                .iter()
                .map(|s| s.challenge.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            path: class_path.unwrap_or_default(),
        },
    };
    let mut doc = GradeDocument::new(
        challenge_ref,
        args.partition.map(|p| p.to_string()),
        Vec::with_capacity(chosen.len()),
    );
    let mut run =
        provenance::run_info(settings.harness_file.as_deref(), status.info().level.name())
            .map_err(Failure::usage)?;
    run.reveal = args.reveal.name().into();
    run.retry_tle = (args.retry_tle > 0).then_some(args.retry_tle);
    run.submission_budget_ms = args.submission_budget.map(|b| b.as_millis() as u64);
    doc.run = Some(run);
    doc.challenges = setups.iter().map(|s| s.info.clone()).collect();
    let color = settings.color;
    let stream = plan.human_on_stdout();
    if stream {
        let most = tests.iter().map(Vec::len).max().unwrap_or(0);
        emit(&grade_human::heading(&doc, chosen.len(), most));
    }
    let judge_folder = crate::sandbox::workdir::judge_folder()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    // Judging takes this lock shared; a retry of a TLE/MLE test takes it alone, so that nothing
    // else of this judge runs beside it.
    let alone = std::sync::RwLock::new(());
    let grader = Grader {
        setups: &setups,
        contexts: &contexts,
        tests: &tests,
        status,
        args,
        alone: &alone,
        judge_folder: &judge_folder,
    };
    let progress = GradeProgress::new(!stream && !settings.quiet, chosen.len());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (sender, finished) = std::sync::mpsc::channel();
    let outcome = std::thread::scope(|scope| -> Result<Vec<GradedResult>, Failure> {
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, chosen, grader) = (&next, &chosen, &grader);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(item) = chosen.get(i) else { break };
                    let result = grader.grade(item);
                    let stop = result.is_err();
                    if sender.send((i, result)).is_err() || stop {
                        // Interrupted: the others see it too and stop after their run.
                        next.store(chosen.len(), std::sync::atomic::Ordering::SeqCst);
                        break;
                    }
                }
            });
        }
        drop(sender);
        // Reported in submission order as they complete.
        let mut done: std::collections::BTreeMap<usize, GradedResult> = Default::default();
        let mut results = Vec::with_capacity(chosen.len());
        for (i, result) in finished {
            let result = result?;
            progress.finished(&result);
            done.insert(i, result);
            while let Some(result) = done.remove(&results.len()) {
                if stream && !(settings.quiet && result.verdict == Verdict::AC) {
                    emit(&grade_human::submission_line(&result, color));
                }
                results.push(result);
            }
        }
        Ok(results)
    });
    progress.clear();
    doc.results = outcome?;
    // Path order of the paths as reported (neutralised), as `merge` orders them, so that the
    // merge of every partition is this document even for a path with a control character.
    sort_results(&mut doc.results);
    if args.no_timings {
        doc.drop_timings();
    }
    plan.write(&doc, color, stream)
        .map_err(|e| Failure::judge(e.to_string()))?;
    Ok(doc.exit_code())
}

/// The challenges and the submissions of the run, in document order, and the class folder or
/// roster (for a class run).
fn gather(settings: &Settings, args: &GradeArgs, harness: &Harness) -> Result<Gathered, Failure> {
    let load = |argument: &str| -> Result<Setup, Failure> {
        let challenge = settings.open_challenge(argument)?;
        let info = provenance::challenge_info(&challenge).map_err(Failure::usage)?;
        Ok(Setup { challenge, info })
    };
    let class_source = args.class.as_ref().or(args.roster.as_ref());
    let Some(source) = class_source else {
        let argument = args.challenge.as_deref().unwrap_or_default();
        let setup = load(argument)?;
        let mut all = Vec::new();
        for argument in &args.submissions {
            all.extend(expand(argument, &setup.challenge, harness).map_err(Failure::usage)?);
        }
        let items = partition::sort_paths(all)
            .into_iter()
            .map(|path| Job {
                setup: 0,
                student: None,
                path: Some(path),
            })
            .collect();
        return Ok((vec![setup], items, None));
    };
    // A class run: every positional argument is a challenge.
    let mut named: Vec<String> = args.challenge.iter().cloned().collect();
    named.extend(
        args.submissions
            .iter()
            .map(|p| p.to_string_lossy().into_owned()),
    );
    let roster = match &args.roster {
        Some(file) => {
            let text = std::fs::read_to_string(file).map_err(|e| {
                Failure::usage(format!("cannot read the roster {}: {e}", file.display()))
            })?;
            Some(class::parse_roster(file, &text).map_err(Failure::usage)?)
        }
        None => None,
    };
    if named.is_empty() {
        named = match (&roster, &args.class) {
            (Some(lines), _) => {
                let set: std::collections::BTreeSet<String> =
                    lines.iter().map(|l| l.challenge.clone()).collect();
                set.into_iter().collect()
            }
            (None, Some(dir)) => class::challenges_in(dir).map_err(Failure::usage)?,
            (None, None) => Vec::new(),
        };
        if named.is_empty() {
            return Err(Failure::usage(format!(
                "{} names no challenge: give the challenges after `grade`, e.g. `livejudge grade --class {} top-client-ips`",
                source.display(),
                source.display()
            )));
        }
    }
    let mut setups: Vec<Setup> = Vec::new();
    for argument in &named {
        let setup = load(argument).map_err(|f| {
            Failure::usage(format!(
                "{}\n(in a class run every argument is a challenge, and so is every folder under a student's folder unless challenges are named)",
                f
            ))
        })?;
        if setups.iter().any(|s| s.challenge.id == setup.challenge.id) {
            return Err(Failure::usage(format!(
                "challenge `{}` is named twice",
                setup.challenge.id
            )));
        }
        setups.push(setup);
    }
    // Students name challenges by id (folder names, roster lines), whatever the argument was.
    let ids: Vec<String> = setups.iter().map(|s| s.challenge.id.clone()).collect();
    let work = match (&roster, &args.class) {
        (Some(lines), _) => class::from_roster(source, lines, &ids),
        (None, Some(dir)) => class::from_layout(dir, &ids),
        (None, None) => Ok(Vec::new()),
    }
    .map_err(Failure::usage)?;
    let mut items = Vec::new();
    for w in work {
        let setup = ids.iter().position(|id| *id == w.challenge).unwrap_or(0);
        let path = match w.path {
            // A roster path that does not exist is a usage error, as on the command line.
            Some(path) => {
                let found =
                    expand(&path, &setups[setup].challenge, harness).map_err(Failure::usage)?;
                Some(match found.as_slice() {
                    [one] => partition::normalise(one),
                    // A student's folder of several entry files: the folder, which then says
                    // which to keep.
                    _ => partition::normalise(&path),
                })
            }
            None => None,
        };
        items.push(Job {
            setup,
            student: Some(w.student),
            path,
        });
    }
    let mut seen = std::collections::BTreeMap::new();
    for item in &items {
        if let Some(path) = &item.path {
            let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            if let Some(other) = seen.insert((real, item.setup), item.student.clone()) {
                return Err(Failure::usage(format!(
                    "{} is handed in by both {} and {} for {}: give each student their own",
                    path.display(),
                    other.unwrap_or_default(),
                    item.student.clone().unwrap_or_default(),
                    ids[item.setup]
                )));
            }
        }
    }
    Ok((setups, items, Some(source.display().to_string())))
}

/// The expected cost of each item from an earlier grade document (`--balance`): the sum of its
/// tests' wall times, matched by challenge id and path; unknown when it is not there.
fn balance_costs(
    from: &Path,
    setups: &[Setup],
    items: &[Job],
) -> Result<Vec<Option<f64>>, Failure> {
    let earlier =
        crate::merge::read(from).map_err(|e| Failure::usage(format!("--balance: {e}")))?;
    if earlier.run.as_ref().is_some_and(|r| !r.timings) {
        return Err(Failure::usage(format!(
            "--balance: {} was written with --no-timings and holds no times: give a document graded with timings",
            from.display()
        )));
    }
    let costs: std::collections::HashMap<(String, String), f64> = earlier
        .results
        .iter()
        .map(|r| {
            let time: f64 = r.tests.iter().map(|t| t.wall_ms).sum();
            (
                (
                    r.challenge.id.clone(),
                    partition::normalise(Path::new(&r.submission.path))
                        .display()
                        .to_string(),
                ),
                time,
            )
        })
        .collect();
    Ok(items
        .iter()
        .map(|item| {
            let key = (setups[item.setup].challenge.id.clone(), item.shown_path());
            match &item.path {
                Some(_) => costs.get(&key).copied(),
                // Nothing to judge: no cost.
                None => Some(0.0),
            }
        })
        .collect())
}

/// Judges one item: everything the workers share.
struct Grader<'a> {
    setups: &'a [Setup],
    contexts: &'a [Context<'a>],
    tests: &'a [Vec<&'a TestCase>],
    status: &'a crate::sandbox::SandboxStatus,
    args: &'a GradeArgs,
    alone: &'a std::sync::RwLock<()>,
    judge_folder: &'a str,
}

impl Grader<'_> {
    fn grade(&self, item: &Job) -> Result<GradedResult, Failure> {
        let setup = &self.setups[item.setup];
        let tests = &self.tests[item.setup];
        let challenge_ref = ChallengeRef {
            id: setup.challenge.id.clone(),
            title: setup.challenge.title.clone(),
            path: setup.challenge.root.display().to_string(),
        };
        let Some(path) = &item.path else {
            let mut result: GradedResult = not_judged(
                &challenge_ref,
                None,
                "none",
                self.status,
                tests,
                Verdict::CE,
                "nothing handed in for this challenge".into(),
            )
            .into();
            result.student = item.student.clone();
            result.missing = true;
            neutralise_graded(&mut result);
            return Ok(result);
        };
        let submission = setup
            .challenge
            .resolve(path, self.contexts[0].harness, None)
            .map_err(|e| e.to_string());
        let mut result: GradedResult = match submission {
            Ok(submission) => match self.judge(item.setup, &submission) {
                Ok(result) => result,
                Err(JudgeError::Interrupted) => return Err(JudgeError::Interrupted.into()),
                Err(JudgeError::Io(e)) => not_judged(
                    &challenge_ref,
                    Some(&submission.path),
                    &submission.language.name,
                    self.status,
                    tests,
                    Verdict::JE,
                    format!("judge error: {e}"),
                )
                .into(),
            },
            // Nothing to compile: no entry file, an unknown or refused language.
            Err(message) => not_judged(
                &challenge_ref,
                Some(path),
                "unknown",
                self.status,
                tests,
                Verdict::CE,
                format!(
                    "cannot judge this submission: {}",
                    without_lang_advice(&message)
                ),
            )
            .into(),
        };
        result.student = item.student.clone();
        self.scrub(&mut result);
        neutralise_graded(&mut result);
        if self.args.reveal == Reveal::None {
            withhold_hidden(&mut result);
        }
        Ok(result)
    }

    /// Judges a submission: in one go, or in rounds of as many tests as it has threads when it
    /// has a budget; then retries its TLE/MLE tests alone (`--retry-tle`).
    fn judge(&self, setup: usize, submission: &Submission) -> Result<GradedResult, JudgeError> {
        let context = &self.contexts[setup];
        let tests = &self.tests[setup];
        let shared = |tests: &[&TestCase]| {
            let _running = self.alone.read().unwrap_or_else(|e| e.into_inner());
            judge::judge(context, submission, tests, &mut |_| {})
        };
        let mut result: GradedResult = match self.args.submission_budget {
            None => shared(tests)?.into(),
            Some(budget) => {
                let budget_ms = budget.as_secs_f64() * 1000.0;
                let round = context.jobs.max(1);
                let mut first = shared(&tests[..round.min(tests.len())])?;
                let mut not_run = Vec::new();
                let mut start = first.tests.len();
                while start < tests.len() {
                    let used: f64 = first.tests.iter().map(|t| t.wall_ms).sum();
                    let compile_failed = first.verdict == Verdict::CE;
                    if compile_failed {
                        let message = first.tests[0].message.clone().unwrap_or_default();
                        first.tests.extend(tests[start..].iter().map(|t| {
                            TestOutcome::not_run(
                                &t.name,
                                t.sample,
                                t.points,
                                Verdict::CE,
                                message.clone(),
                            )
                        }));
                        break;
                    }
                    if used >= budget_ms {
                        for t in &tests[start..] {
                            not_run.push(t.name.clone());
                            first.tests.push(TestOutcome {
                                detail: Some(crate::outcome::Detail::Budget),
                                ..TestOutcome::not_run(
                                    &t.name,
                                    t.sample,
                                    t.points,
                                    Verdict::TLE,
                                    format!(
                                        "not run: the submission's tests had taken {} of its budget of {} (--submission-budget)",
                                        crate::challenge::units::show_duration(Duration::from_secs_f64(used / 1000.0)),
                                        crate::challenge::units::show_duration(budget)
                                    ),
                                )
                            });
                        }
                        break;
                    }
                    // As many tests as the time per test so far says fit in what is left
                    // (at least a round): a quick submission is judged in two calls, a slow
                    // one a round at a time.
                    let per_test = (used / first.tests.len().max(1) as f64).max(1.0);
                    let fit = ((budget_ms - used) / per_test).floor() as usize;
                    let end = (start + fit.max(round)).min(tests.len());
                    let next = shared(&tests[start..end])?;
                    first.tests.extend(next.tests);
                    start = end;
                }
                let mut result: GradedResult = first.into();
                result.not_run = not_run;
                result
            }
        };
        if self.args.retry_tle > 0 {
            let retry: Vec<usize> = result
                .tests
                .iter()
                .enumerate()
                .filter(|(_, t)| {
                    matches!(t.verdict, Verdict::TLE | Verdict::MLE)
                        && t.detail != Some(crate::outcome::Detail::Budget)
                })
                .map(|(i, _)| i)
                .collect();
            for i in retry {
                let mut verdicts = vec![result.tests[i].verdict];
                for _ in 0..self.args.retry_tle {
                    let again = {
                        let _alone = self.alone.write().unwrap_or_else(|e| e.into_inner());
                        let single = Context {
                            jobs: 1,
                            ..*context
                        };
                        judge::judge(&single, submission, &[tests[i]], &mut |_| {})?
                    };
                    let Some(outcome) = again.tests.into_iter().next() else {
                        break;
                    };
                    verdicts.push(outcome.verdict);
                    let settled = !matches!(outcome.verdict, Verdict::TLE | Verdict::MLE);
                    result.tests[i] = outcome;
                    if settled {
                        break;
                    }
                }
                result.retries.push(Retry {
                    test: tests[i].name.clone(),
                    verdicts,
                });
            }
        }
        let tests_now = result.tests.clone();
        result.verdict = SubmissionResult::overall(&tests_now);
        result.score = SubmissionResult::score(&tests_now);
        Ok(result)
    }

    /// Rewrites the judge's own temporary paths out of what the submission printed (they
    /// differ from run to run; `provenance::without_judge_paths`).
    fn scrub(&self, result: &mut GradedResult) {
        for t in &mut result.result.tests {
            for text in [&mut t.message, &mut t.diff, &mut t.stderr_tail]
                .into_iter()
                .flatten()
            {
                *text = provenance::without_judge_paths(text, self.judge_folder);
            }
        }
    }
}

/// Prints a streamed line of the human report; a closed stdout (`| head`) is not an error here
/// (the final write reports what matters).
fn emit(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

/// `message` (from resolving a submission, shared with `test`) with its advice to pass `--lang`,
/// which `grade` does not have, turned into what the author of the submission can do.
fn without_lang_advice(message: &str) -> String {
    message
        .replace(
            "; pass --lang (one of: ",
            "; give the file the extension of one of the languages (",
        )
        .replace(
            ": pick one with --lang or an entrypoint",
            ": keep one, or give an entrypoint in submissions.yaml",
        )
        .replace(": pick one with --lang", ": keep one")
}

/// The result of a submission that was not run: every test gets `verdict` and `message`.
fn not_judged(
    challenge: &ChallengeRef,
    path: Option<&Path>,
    language: &str,
    status: &crate::sandbox::SandboxStatus,
    tests: &[&TestCase],
    verdict: Verdict,
    message: String,
) -> SubmissionResult {
    let outcomes: Vec<TestOutcome> = tests
        .iter()
        .map(|t| TestOutcome::not_run(&t.name, t.sample, t.points, verdict, message.clone()))
        .collect();
    SubmissionResult {
        challenge: challenge.clone(),
        submission: SubmissionRef {
            path: path.map(|p| p.display().to_string()).unwrap_or_default(),
            language: language.to_string(),
            sha256: path.map(sha256_of).unwrap_or_default(),
        },
        verdict: SubmissionResult::overall(&outcomes),
        score: 0,
        max_score: tests.iter().map(|t| u64::from(t.points)).sum(),
        sandbox: status.info(),
        tests: outcomes,
    }
}

/// The SHA-256 `Submission::sha256` would give, for a path that did not resolve to a
/// submission (a file: its name and content; a folder: each file's relative path and content).
fn sha256_of(path: &Path) -> String {
    let (root, files) = if path.is_dir() {
        (
            path.to_path_buf(),
            submission::list_files(path).unwrap_or_default(),
        )
    } else {
        (
            path.parent().unwrap_or(Path::new(".")).to_path_buf(),
            path.file_name().map(PathBuf::from).into_iter().collect(),
        )
    };
    submission::files_sha256(&root, &files)
}

/// The submissions one SUBMISSION argument names (docs/ci.md): a file is one; a folder holding
/// exactly one entry file of the challenge (a Kattis package: a file named like the folder, or `main.*`) is
/// one; any other folder is a folder of submissions, each visible entry (file or folder) one
/// submission, not expanded further.
fn expand(argument: &Path, challenge: &Loaded, harness: &Harness) -> Result<Vec<PathBuf>, String> {
    let meta = std::fs::metadata(argument)
        .map_err(|e| format!("cannot read the submission {}: {e}", argument.display()))?;
    if meta.is_file() {
        return Ok(vec![argument.to_path_buf()]);
    }
    if !meta.is_dir() {
        return Err(format!(
            "{} is neither a file nor a folder",
            argument.display()
        ));
    }
    let children = visible_children(argument)?;
    let files: Vec<&Path> = children
        .iter()
        .filter(|(_, is_file)| *is_file)
        .map(|(path, _)| path.as_path())
        .collect();
    if challenge.is_submission_folder(argument, &files, harness) {
        return Ok(vec![argument.to_path_buf()]);
    }
    if children.is_empty() {
        return Err(format!(
            "{} is empty: it holds neither an entry file `{}.*` nor submissions",
            argument.display(),
            challenge.entry
        ));
    }
    Ok(children.into_iter().map(|(path, _)| path).collect())
}

/// The entries of `dir` that are not hidden, with whether each is a file.
fn visible_children(dir: &Path) -> Result<Vec<(PathBuf, bool)>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut children = Vec::new();
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() || meta.is_dir() => children.push((path, meta.is_file())),
            // A dangling link is a submission that cannot be read (CE, saying so), not one
            // silently left out of the grades.
            Err(_) if entry.file_type().is_ok_and(|t| t.is_symlink()) => {
                children.push((path, true))
            }
            _ => eprintln!(
                "warning: {} is neither a file nor a folder: not graded",
                crate::escape::neutralise_line(&path.display().to_string())
            ),
        }
    }
    children.sort();
    Ok(children)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_advice_to_pass_a_flag_grade_does_not_have() {
        let harness = Harness::builtin();
        let detect = harness
            .detect(Path::new("subs/a.xyz"), None)
            .expect_err("no such language")
            .to_string();
        let message = without_lang_advice(&detect);
        assert!(!message.contains("--lang"), "{message}");
        assert!(message.contains("extension"), "{message}");
        for text in [
            "d holds several entry files (d/solve.py, d/solve.sh): pick one with --lang",
            "d holds several entry files by the rule \"main\" (a, b): pick one with --lang or an entrypoint",
        ] {
            let message = without_lang_advice(text);
            assert!(!message.contains("--lang"), "{message}");
        }
    }
}
