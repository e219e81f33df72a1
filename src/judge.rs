//! Judging one submission on a challenge: compile once, then for each selected test prepare a
//! fresh working folder, run the solution, observe what it left, run the checker, grade, and
//! clean up — tests in parallel, events delivered in test order.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use crate::challenge::{Challenge, Content, FileCheck, Stdin, TestCase};
use crate::compile::Prepared;
use crate::events::Event;
use crate::grade::{self, CheckerVerdict, Evidence, FileEvidence};
use crate::harness::{Harness, Language, Placeholders};
use crate::outcome::{
    ChallengeRef, RESULT_SCHEMA, SubmissionRef, SubmissionResult, TestOutcome, Verdict,
};
use crate::runner::{Executor, RunSpec};
use crate::sandbox::Status;
use crate::sandbox::workdir::{self, Found, RunDir};
use crate::submission::Submission;

/// The environment's fixed part (sandbox.md): everything else of the judge's is cleared.
pub const BASE_PATH: &str = "/usr/local/bin:/usr/bin:/bin";
/// Largest expected file the judge reads back from a run.
const FILE_READ_CAP: u64 = 64 << 20;
/// How much of a checker's stdout becomes its message.
const CHECKER_MESSAGE_CAP: usize = 4096;

/// Why judging stopped without a result.
#[derive(Debug, thiserror::Error)]
pub enum JudgeError {
    #[error("interrupted")]
    Interrupted,
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// What judging needs besides the challenge and the submission.
pub struct Context<'a> {
    pub challenge: &'a Challenge,
    pub harness: &'a Harness,
    pub executor: &'a dyn Executor,
    pub sandbox: &'a Status,
    pub jobs: usize,
    pub fail_fast: bool,
    /// Compile without reading or writing the compile cache (`--no-cache`).
    pub no_cache: bool,
}

fn challenge_ref(challenge: &Challenge) -> ChallengeRef {
    ChallengeRef {
        id: challenge.id.clone(),
        title: challenge.title.clone(),
        path: challenge.root.display().to_string(),
    }
}

/// Judges `submission` on `tests`, reporting each event to `report` as it happens.
pub fn judge(
    ctx: &Context<'_>,
    submission: &Submission,
    tests: &[&TestCase],
    report: &mut dyn FnMut(&Event<'_>),
) -> Result<SubmissionResult, JudgeError> {
    let challenge = challenge_ref(ctx.challenge);
    let submission_ref = SubmissionRef {
        path: submission.path.display().to_string(),
        language: submission.language.name.clone(),
        sha256: submission.sha256(),
    };
    let sandbox = ctx.sandbox.info();
    report(&Event::SubmissionStarted {
        challenge: &challenge,
        submission: &submission_ref,
        sandbox: &sandbox,
        tests: tests.len(),
    });
    let outcomes = match crate::compile::prepare(ctx, submission)? {
        Ok(prepared) => run_tests(ctx, &prepared, tests, report)?,
        Err(compile_message) => {
            let outcomes: Vec<TestOutcome> = tests
                .iter()
                .map(|t| {
                    TestOutcome::not_run(
                        &t.name,
                        t.sample,
                        t.points,
                        Verdict::CE,
                        compile_message.clone(),
                    )
                })
                .collect();
            for outcome in &outcomes {
                report(&Event::TestFinished { outcome });
            }
            outcomes
        }
    };
    let result = SubmissionResult {
        schema: RESULT_SCHEMA,
        challenge,
        submission: submission_ref,
        verdict: SubmissionResult::overall(&outcomes),
        score: SubmissionResult::score(&outcomes),
        max_score: tests.iter().map(|t| u64::from(t.points)).sum(),
        sandbox,
        tests: outcomes,
    };
    report(&Event::SubmissionFinished { result: &result });
    Ok(result)
}

pub(crate) fn describe_exit(code: Option<i32>, signal: Option<i32>) -> String {
    match (code, signal) {
        (Some(code), _) => format!("exit status {code}"),
        (None, Some(signal)) => format!("killed by {}", grade::signal_name(signal)),
        _ => "no status".into(),
    }
}

fn copy_submission(root: &Path, files: &[PathBuf], dest: &Path) -> io::Result<()> {
    for file in files {
        let to = dest.join(file);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        workdir::copy_file(&root.join(file), &to)?;
    }
    Ok(())
}

pub(crate) fn placeholders(work: &Path, entry: &Path, stem: &str) -> Placeholders {
    let file = work.join(entry);
    Placeholders {
        dir: file.parent().unwrap_or(work).to_string_lossy().into_owned(),
        file: file.to_string_lossy().into_owned(),
        exe: work.join(stem).to_string_lossy().into_owned(),
        stem: stem.to_string(),
    }
}

/// The run's environment: cleared, then the fixed variables, then the test's.
pub(crate) fn base_env(dir: &RunDir, extra: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let work = dir.work().to_string_lossy().into_owned();
    let mut env: BTreeMap<String, String> = BTreeMap::new();
    env.insert("PATH".into(), BASE_PATH.into());
    env.insert("HOME".into(), work.clone());
    env.insert("PWD".into(), work);
    env.insert("TMPDIR".into(), dir.tmp().to_string_lossy().into_owned());
    env.insert("LANG".into(), "C.UTF-8".into());
    env.insert("TZ".into(), "UTC".into());
    for (key, value) in extra {
        env.insert(key.clone(), value.clone());
    }
    env.into_iter().collect()
}

/// Lets the unprivileged run user reach the working folder through the run's root folder.
pub(crate) fn open_for(dir: &RunDir, ids: (u32, u32)) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let root = dir
        .work()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o711))?;
    let _ = ids;
    Ok(())
}

/// Runs the tests on `jobs` workers; reports outcomes in test order.
fn run_tests(
    ctx: &Context<'_>,
    prepared: &Prepared,
    tests: &[&TestCase],
    report: &mut dyn FnMut(&Event<'_>),
) -> Result<Vec<TestOutcome>, JudgeError> {
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (sender, receiver) = mpsc::channel::<(usize, Result<TestOutcome, JudgeError>)>();
    let workers = ctx.jobs.clamp(1, tests.len().max(1));
    let mut outcomes: Vec<TestOutcome> = Vec::with_capacity(tests.len());
    let mut failure: Option<JudgeError> = None;
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, stop) = (&next, &stop);
            scope.spawn(move || {
                loop {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(test) = tests.get(index) else { break };
                    let outcome = run_one(ctx, prepared, test);
                    if sender.send((index, outcome)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut pending: BTreeMap<usize, TestOutcome> = BTreeMap::new();
        for (index, outcome) in receiver {
            match outcome {
                Ok(outcome) => {
                    pending.insert(index, outcome);
                }
                Err(error) => {
                    stop.store(true, Ordering::SeqCst);
                    failure.get_or_insert(error);
                    continue;
                }
            }
            while let Some(outcome) = pending.remove(&outcomes.len()) {
                if failure.is_some() {
                    break;
                }
                report(&Event::TestFinished { outcome: &outcome });
                let failed = outcome.verdict != Verdict::AC;
                outcomes.push(outcome);
                if failed && ctx.fail_fast {
                    stop.store(true, Ordering::SeqCst);
                    failure.get_or_insert(JudgeError::Io(io::Error::other("fail-fast")));
                }
            }
        }
    });
    match failure {
        Some(JudgeError::Io(e)) if e.to_string() == "fail-fast" => Ok(outcomes),
        Some(error) => Err(error),
        None => Ok(outcomes),
    }
}

/// Runs one test from a fresh folder to its outcome; the folder is removed on return.
fn run_one(
    ctx: &Context<'_>,
    prepared: &Prepared,
    test: &TestCase,
) -> Result<TestOutcome, JudgeError> {
    if crate::interrupt::interrupted() {
        return Err(JudgeError::Interrupted);
    }
    let mut dir = RunDir::new()?;
    let work = dir.work();
    let mut evidence = Evidence::default();
    for fixture in &test.fixtures {
        workdir::copy_tree(fixture, &work)?;
    }
    copy_submission(&prepared.files_from, &prepared.files, &work)?;
    let stdin = match &test.stdin {
        Stdin::Empty => None,
        Stdin::File(path) => Some(path.clone()),
        Stdin::Text(text) => {
            let path = dir.judge().join("stdin");
            std::fs::write(&path, text)?;
            Some(path)
        }
    };
    if let Some(ids) = ctx.sandbox.run_as {
        dir.hand_over(ids.0, ids.1)?;
        open_for(&dir, ids)?;
    }
    let mut values = placeholders(&work, &prepared.entry, &prepared.stem);
    if let Some(exe) = &prepared.exe {
        values.exe = exe.to_string_lossy().into_owned();
    }
    let mut argv = Language::expand(&prepared.run, &values);
    argv.extend(test.args.iter().cloned());
    let spec = RunSpec {
        argv,
        workdir: work.clone(),
        env: base_env(&dir, &test.env),
        stdin: stdin.clone(),
        limits: test.limits,
        memory: prepared.memory,
        run_as: ctx.sandbox.run_as,
    };
    evidence.facts = ctx.executor.execute(&spec)?;
    if evidence.facts.interrupted {
        return Err(JudgeError::Interrupted);
    }
    // A process other than the main one may have died of SIGXFSZ (or seen EFBIG): a file at
    // the limit is the trace it leaves.
    evidence.facts.file_limit = workdir::has_file_of_size(&work, test.limits.file_size)?;
    let read_expected = |content: &Content| -> Result<Vec<u8>, String> {
        match content {
            Content::Text(text) => Ok(text.clone().into_bytes()),
            Content::File(path) => std::fs::read(path)
                .map_err(|e| format!("cannot read the expected file {}: {e}", path.display())),
        }
    };
    let mut judge_error = None;
    let mut expected = |e: &Option<crate::challenge::Expectation>| {
        e.as_ref().and_then(|e| match read_expected(&e.content) {
            Ok(bytes) => Some(bytes),
            Err(message) => {
                judge_error.get_or_insert(message);
                None
            }
        })
    };
    evidence.expected_stdout = expected(&test.stdout);
    evidence.expected_stderr = expected(&test.stderr);
    for file in &test.files {
        let (want, found) = match &file.kind {
            FileCheck::Absent => (
                None,
                FileEvidence::Exists(workdir::exists_beneath(&work, &file.path)?),
            ),
            FileCheck::Present { content, .. } => {
                let want = match read_expected(&content.content) {
                    Ok(bytes) => Some(bytes),
                    Err(message) => {
                        judge_error.get_or_insert(message);
                        None
                    }
                };
                let found = match workdir::read_beneath(&work, &file.path, FILE_READ_CAP)? {
                    Found::File { bytes, mode, .. } => FileEvidence::Content { bytes, mode },
                    Found::Missing => FileEvidence::Missing,
                    Found::Refused(why) => FileEvidence::Refused(why),
                };
                (want, found)
            }
        };
        evidence.files.push((want, found));
    }
    for path in &test.unchanged {
        evidence.unchanged.push(check_unchanged(test, &work, path)?);
    }
    evidence.judge_error = judge_error;
    if evidence.judge_error.is_none()
        && grade::ended_normally(&evidence.facts, test)
        && let Some(checker) = &test.check
    {
        evidence.checker = Some(run_checker(
            ctx,
            &dir,
            test,
            checker,
            &evidence,
            stdin.as_deref(),
        )?);
    }
    let outcome = grade::grade(test, &evidence);
    dir.remove()?;
    Ok(outcome)
}

/// Compares a fixture file after the run with its source in the challenge.
fn check_unchanged(test: &TestCase, work: &Path, path: &Path) -> io::Result<Result<(), String>> {
    let Some(source) = test
        .fixtures
        .iter()
        .rev()
        .map(|f| f.join(path))
        .find(|p| p.is_file())
    else {
        return Ok(Err("it is not a fixture file of this test".into()));
    };
    let original = std::fs::read(&source)?;
    Ok(
        match workdir::read_beneath(work, path, original.len() as u64 + 1)? {
            Found::File { bytes, .. } if bytes == original => Ok(()),
            Found::File { .. } => Err("its content changed".into()),
            Found::Missing => Err("it was deleted".into()),
            Found::Refused(why) => Err(format!("it was replaced by {why}")),
        },
    )
}

/// Runs a custom checker in the test's working folder, as the solution left it.
fn run_checker(
    ctx: &Context<'_>,
    dir: &RunDir,
    test: &TestCase,
    checker: &Path,
    evidence: &Evidence,
    stdin: Option<&Path>,
) -> io::Result<CheckerVerdict> {
    let language = match ctx.harness.detect(checker, None) {
        Ok(language) => language,
        Err(message) => return Ok(CheckerVerdict::Broken(format!("checker: {message}"))),
    };
    if language.compile.is_some() {
        return Ok(CheckerVerdict::Broken(format!(
            "checker {}: compiled checkers are not supported yet; write it in an interpreted language",
            checker.display()
        )));
    }
    let judge_dir = dir.judge();
    let write = |name: &str, bytes: &[u8]| -> io::Result<String> {
        let path = judge_dir.join(name);
        std::fs::write(&path, bytes)?;
        Ok(path.to_string_lossy().into_owned())
    };
    let stdin_path = match stdin {
        Some(path) => write("checker-stdin", &std::fs::read(path)?)?,
        None => write("checker-stdin", b"")?,
    };
    let mut env = test.env.clone();
    env.insert("LIVEJUDGE_STDIN".into(), stdin_path);
    env.insert(
        "LIVEJUDGE_STDOUT".into(),
        write("stdout", &evidence.facts.stdout)?,
    );
    env.insert(
        "LIVEJUDGE_STDERR".into(),
        write("stderr", &evidence.facts.stderr)?,
    );
    if let Some(expected) = &evidence.expected_stdout {
        env.insert("LIVEJUDGE_EXPECTED".into(), write("expected", expected)?);
    }
    env.insert(
        "LIVEJUDGE_EXIT".into(),
        grade::exit_status(&evidence.facts).to_string(),
    );
    env.insert(
        "LIVEJUDGE_CHALLENGE".into(),
        ctx.challenge.root.to_string_lossy().into_owned(),
    );
    env.insert(
        "LIVEJUDGE_ARGS".into(),
        test.args.iter().map(|a| format!("{a}\n")).collect(),
    );
    if let Some(ids) = ctx.sandbox.run_as {
        dir.hand_over(ids.0, ids.1)?;
        workdir_hand_over(&judge_dir, ids)?;
    }
    let values = Placeholders {
        file: checker.to_string_lossy().into_owned(),
        dir: checker
            .parent()
            .unwrap_or(Path::new("/"))
            .to_string_lossy()
            .into_owned(),
        exe: String::new(),
        stem: String::new(),
    };
    let spec = RunSpec {
        argv: Language::expand(&language.run, &values),
        workdir: dir.work(),
        env: base_env(dir, &env),
        stdin: stdin.map(Path::to_path_buf),
        limits: test.limits,
        memory: language.memory,
        run_as: ctx.sandbox.run_as,
    };
    let facts = ctx.executor.execute(&spec)?;
    let mut message = String::from_utf8_lossy(&facts.stdout).into_owned();
    if message.len() > CHECKER_MESSAGE_CAP {
        let mut cut = CHECKER_MESSAGE_CAP;
        while !message.is_char_boundary(cut) {
            cut -= 1;
        }
        message.truncate(cut);
    }
    Ok(
        match (facts.spawn_error, facts.wall_limit, facts.exit_code) {
            (Some(error), _, _) => {
                CheckerVerdict::Broken(format!("checker could not start: {error}"))
            }
            (_, true, _) => CheckerVerdict::Broken("checker ran out of time".into()),
            (_, _, Some(0)) => CheckerVerdict::Pass(message),
            (_, _, Some(1)) => CheckerVerdict::Fail(message),
            (_, _, code) => CheckerVerdict::Broken(format!(
                "checker {} failed ({}): {}{}",
                checker.display(),
                describe_exit(code, facts.signal),
                message.trim(),
                String::from_utf8_lossy(&facts.stderr).trim()
            )),
        },
    )
}

fn workdir_hand_over(path: &Path, ids: (u32, u32)) -> io::Result<()> {
    std::os::unix::fs::lchown(path, Some(ids.0), Some(ids.1))?;
    for entry in std::fs::read_dir(path)? {
        std::os::unix::fs::lchown(entry?.path(), Some(ids.0), Some(ids.1))?;
    }
    Ok(())
}
