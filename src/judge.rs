//! Judging one submission on a challenge: compile once, then for each selected test prepare a
//! fresh working folder, run the solution, observe what it left, run the checker, grade, and
//! clean up — tests in parallel, events delivered in test order.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use crate::challenge::{Challenge, Content, FileCheck, Limits, TestCase, Validator};
use crate::compile::{CompileError, Prepared};
use crate::events::Event;
use crate::harness::{Harness, Language, Placeholders};
use crate::outcome::{ChallengeRef, SubmissionRef, SubmissionResult, TestOutcome, Verdict};
use crate::run_env::{Binds, RunEnv, placeholders};
use crate::runner::{Executor, RunFacts, RunStdin};
use crate::sandbox::SandboxStatus;
use crate::sandbox::workdir::{self, Found, RunDir};
use crate::submission::Submission;
use crate::verdict::{self, CheckerVerdict, Evidence, FileEvidence, FixtureChange};

// Where they were before the run environment had a module of its own: the commands still name
// them here.
pub(crate) use crate::run_env::describe_exit;
pub use crate::run_env::{BASE_PATH, JudgeError};
mod generate;
#[cfg(test)]
mod tests;

/// Largest expected file the judge reads back from a run.
const FILE_READ_CAP: u64 = 64 << 20;
/// How much of a checker's stdout becomes its message.
const CHECKER_MESSAGE_CAP: usize = 4096;

/// What judging needs besides the challenge and the submission.
pub struct Context<'a> {
    pub challenge: &'a Challenge,
    pub harness: &'a Harness,
    pub executor: &'a dyn Executor,
    pub sandbox: &'a SandboxStatus,
    pub jobs: usize,
    pub fail_fast: bool,
    /// Compile without reading or writing the compile cache (`--no-cache`).
    pub no_cache: bool,
}

impl<'a> Context<'a> {
    /// How this judge makes runs.
    pub fn run_env(&self) -> RunEnv<'a> {
        RunEnv {
            sandbox: self.sandbox,
            executor: self.executor,
        }
    }
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
        longest_name: tests
            .iter()
            .map(|t| t.name.chars().count())
            .max()
            .unwrap_or(0),
    });
    let outcomes = match crate::compile::prepare(&ctx.run_env(), ctx.no_cache, submission)? {
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
                        compile_message.message.clone(),
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

fn copy_submission(root: &Path, files: &[PathBuf], dest: &Path) -> io::Result<()> {
    for file in files {
        let to = dest.join(file);
        if let Some(parent) = to.parent().filter(|parent| *parent != dest) {
            std::fs::create_dir_all(parent)?;
        }
        workdir::copy_file(&root.join(file), &to)?;
    }
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
    let shared = SharedWork::default();
    let mut outcomes: Vec<TestOutcome> = Vec::with_capacity(tests.len());
    let mut failure: Option<JudgeError> = None;
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, stop, shared) = (&next, &stop, &shared);
            scope.spawn(move || {
                loop {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(test) = tests.get(index) else { break };
                    let outcome = run_one(ctx, prepared, test, shared);
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

/// The working folder prepared once, holding only the submission's files, for every test of a
/// submission without fixtures when runs have a view: a run only ever sees the zygote's copy
/// of it, so they may share it. Removed when the last test is done with it.
#[derive(Default)]
struct SharedWork(std::sync::Mutex<Option<std::sync::Arc<RunDir>>>);

impl SharedWork {
    /// The shared folder, prepared on first use.
    fn get(&self, run_env: &RunEnv<'_>, prepared: &Prepared) -> io::Result<std::sync::Arc<RunDir>> {
        let mut shared = self
            .0
            .lock()
            .map_err(|_| io::Error::other("the shared working folder poisoned"))?;
        if let Some(dir) = shared.as_ref() {
            return Ok(dir.clone());
        }
        let dir = run_env.new_run_dir()?;
        copy_submission(&prepared.files_from, &prepared.files, &dir.prepared())?;
        let dir = std::sync::Arc::new(dir);
        *shared = Some(dir.clone());
        Ok(dir)
    }
}

/// Prepares a fresh folder for `test` (fixtures, the generated ones, then the solution's files;
/// or, without fixtures, the `shared` one), runs the solution in it and returns the folder, the
/// run's facts and the stdin it was given. Every run of a solution on a test — judged or
/// captured — starts here. Unless the caller `reads_folder` after, a working folder that came
/// back from a view is emptied here, in the walk that checks the file-size limit.
fn start_run(
    ctx: &Context<'_>,
    prepared: &Prepared,
    test: &TestCase,
    generated: Option<&Path>,
    shared: Option<&SharedWork>,
    reads_folder: bool,
) -> Result<(RunDir, RunFacts, RunStdin), JudgeError> {
    if crate::interrupt::interrupted() {
        return Err(JudgeError::Interrupted);
    }
    let run_env = ctx.run_env();
    let without_fixtures = test.fixtures.is_empty() && generated.is_none();
    let mut dir = match shared.filter(|_| ctx.sandbox.view && without_fixtures) {
        Some(shared) => run_env.sharing_run_dir(shared.get(&run_env, prepared)?),
        None => {
            let dir = run_env.new_run_dir()?;
            let prepared_work = dir.prepared();
            for fixture in test.fixtures.iter().map(PathBuf::as_path).chain(generated) {
                workdir::copy_tree(fixture, &prepared_work)?;
            }
            copy_submission(&prepared.files_from, &prepared.files, &prepared_work)?;
            dir
        }
    };
    let stdin = RunStdin::from(&test.stdin);
    run_env.hand_over(&dir)?;
    let mut values = placeholders(&dir.run_work(), &prepared.entry, &prepared.stem);
    // A compiled solution runs from the judge's read-only copy of its output: bound at
    // `view::PROGRAM` in a view, where it is, else.
    let (program, binds) = program_folder(ctx, prepared.exe.as_deref());
    if let (Some(exe), Some(folder)) = (&prepared.exe, &program) {
        values.exe = Path::new(folder)
            .join(exe.file_name().unwrap_or_default())
            .to_string_lossy()
            .into_owned();
    }
    let mut argv = Language::expand(&prepared.run, &values);
    argv.extend(test.args.iter().cloned());
    let spec = run_env
        .spec(&dir, argv, test.limits, prepared.memory)
        .env(test.env.clone())
        .stdin(stdin.clone())
        .readable(program.into_iter().collect())
        .binds(binds)
        .in_cgroup()
        .signal(test.signal)
        .build();
    let mut facts = run_env.execute(&mut dir, &spec)?;
    if facts.interrupted {
        return Err(JudgeError::Interrupted);
    }
    // A process other than the main one may have died of SIGXFSZ (or seen EFBIG): a file at
    // the limit is the trace it leaves.
    let emptied = match reads_folder {
        true => None,
        false => dir.empty_noting_file_of_size(test.limits.file_size),
    };
    facts.file_limit = match emptied {
        Some(found) => found,
        None => workdir::has_file_of_size(&dir.work(), test.limits.file_size)?,
    };
    Ok((dir, facts, stdin))
}

/// Where a run finds the folder of the compiled program `exe` (as the run sees it), and the
/// bind that puts it there in a view.
fn program_folder(ctx: &Context<'_>, exe: Option<&Path>) -> (Option<String>, Binds) {
    let Some(folder) = exe.and_then(Path::parent) else {
        return (None, Vec::new());
    };
    if ctx.sandbox.view {
        let target = crate::sandbox::view::PROGRAM.to_string();
        (Some(target.clone()), vec![(folder.to_path_buf(), target)])
    } else {
        (Some(folder.to_string_lossy().into_owned()), Vec::new())
    }
}

/// Runs one test from a fresh folder to its outcome; the folder is removed on return.
fn run_one(
    ctx: &Context<'_>,
    prepared: &Prepared,
    test: &TestCase,
    shared: &SharedWork,
) -> Result<TestOutcome, JudgeError> {
    let generated = match generate::fixtures(ctx, test)? {
        Ok(generated) => generated,
        Err(message) => {
            let outcome =
                TestOutcome::not_run(&test.name, test.sample, test.points, Verdict::JE, message);
            return Ok(outcome);
        }
    };
    // What the run left is read again only for expected files, unchanged ones, and checkers.
    let reads_folder = !test.files.is_empty()
        || !test.unchanged.is_empty()
        || test.check.is_some()
        || test.validator.is_some();
    let (mut dir, facts, stdin) = start_run(
        ctx,
        prepared,
        test,
        generated.as_deref(),
        Some(shared),
        reads_folder,
    )?;
    let work = dir.work();
    let mut evidence = Evidence {
        facts,
        ..Evidence::default()
    };
    let read_expected = |content: &Content| -> Result<Vec<u8>, String> {
        match content {
            Content::Text(text) => Ok(text.clone().into_bytes()),
            Content::File(path) => std::fs::read(path)
                .map_err(|e| format!("cannot read the expected file {}: {e}", path.display())),
        }
    };
    let mut judge_error = None;
    let mut expected = |e: &Option<crate::challenge::Expectation>, actual: &[u8]| {
        let e = e.as_ref()?;
        // An expected file that holds exactly what came passes without being read whole (a
        // checker is given the expected output, so then it is read).
        if let Content::File(path) = &e.content
            && test.check.is_none()
            && e.compare.kind.passes_identical()
            && file_holds(path, actual)
        {
            return None;
        }
        match read_expected(&e.content) {
            Ok(bytes) => Some(bytes),
            Err(message) => {
                judge_error.get_or_insert(message);
                None
            }
        }
    };
    evidence.expected_stdout = expected(&test.stdout, &evidence.facts.stdout);
    evidence.expected_stderr = expected(&test.stderr, &evidence.facts.stderr);
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
                    // Judged whole or not at all: its first bytes alone might match.
                    Found::File {
                        truncated: true, ..
                    } => FileEvidence::Refused(format!(
                        "larger than the {} MiB the judge reads of a file",
                        FILE_READ_CAP >> 20
                    )),
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
        && verdict::ended_normally(&evidence.facts, test)
        && let Some(checker) = &test.check
    {
        let mut stderr = None;
        evidence.checker = Some(run_checker(
            ctx,
            &dir,
            test,
            checker,
            &evidence,
            &stdin,
            &mut stderr,
        )?);
        evidence.checker_stderr = stderr;
    }
    if evidence.judge_error.is_none()
        && verdict::ended_normally(&evidence.facts, test)
        && let Some(validator) = &test.validator
    {
        let mut stderr = None;
        evidence.checker = Some(run_validator(ctx, test, validator, &evidence, &mut stderr)?);
        evidence.checker_stderr = stderr;
    }
    let outcome = verdict::grade(test, &evidence);
    dir.remove()?;
    Ok(outcome)
}

/// Whether the file at `path` holds exactly `bytes`, read in chunks (never whole). A file that
/// cannot be read holds nothing.
fn file_holds(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    if file.metadata().map(|m| m.len()).ok() != Some(bytes.len() as u64) {
        return false;
    }
    let mut chunk = vec![0u8; 64 << 10];
    let mut rest = bytes;
    loop {
        match file.read(&mut chunk) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && chunk[..n] == rest[..n] => rest = &rest[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            _ => return false,
        }
    }
}

/// Compares a fixture file after the run with its source in the challenge.
fn check_unchanged(
    test: &TestCase,
    work: &Path,
    path: &Path,
) -> io::Result<Result<(), FixtureChange>> {
    let Some(source) = test
        .fixtures
        .iter()
        .rev()
        .map(|f| f.join(path))
        .find(|p| p.is_file())
    else {
        return Ok(Err(FixtureChange::NotAFixture));
    };
    let original = std::fs::read(&source)?;
    Ok(
        match workdir::read_beneath(work, path, original.len() as u64 + 1)? {
            Found::File { bytes, .. } if bytes == original => Ok(()),
            Found::File { .. } => Err(FixtureChange::ContentChanged),
            Found::Missing => Err(FixtureChange::Deleted),
            Found::Refused(why) => Err(FixtureChange::Replaced(why)),
        },
    )
}

/// The environment of a checker, validator or generator in its own folder (seen by it at
/// `seen`): the test's variables, `HOME` its `home/`, `PWD` its working folder `cwd`.
fn helper_env(test: &TestCase, seen: &Path, cwd: &str) -> BTreeMap<String, String> {
    let mut env = test.env.clone();
    env.insert(
        "HOME".into(),
        seen.join("home").to_string_lossy().into_owned(),
    );
    env.insert("PWD".into(), seen.join(cwd).to_string_lossy().into_owned());
    env
}

/// A folder of its own for a checker or output validator (sandbox.md, *Checkers and output
/// validators*): `solution/` (a snapshot of what the run left, copied without following links;
/// the checker's working folder), `home/` (its `HOME`), `.tmp/` (its `TMPDIR`) and `judge/`
/// (the run's stdin, stdout, stderr and the expected output). The snapshot holds at most
/// `disk` bytes (the run's own disk limit). Returns the folder and the bytes put in it.
fn checker_folder(
    ctx: &Context<'_>,
    solution: Option<(&RunDir, u64)>,
    files: &[(&str, &[u8])],
) -> io::Result<(RunDir, u64)> {
    let dir = ctx.run_env().new_run_dir()?;
    let prepared = dir.prepared();
    let mut bytes = 0u64;
    std::fs::create_dir(prepared.join("solution"))?;
    if let Some((solution, disk)) = solution {
        bytes += workdir::snapshot(&solution.work(), &prepared.join("solution"), disk)?;
    }
    std::fs::create_dir(prepared.join("home"))?;
    std::fs::create_dir(prepared.join("judge"))?;
    for (name, content) in files {
        std::fs::write(prepared.join("judge").join(name), content)?;
        bytes += content.len() as u64;
    }
    Ok((dir, bytes))
}

/// Room a checker's folder gets beyond what the judge put in it.
const CHECKER_SCRATCH: u64 = 64 << 20;

/// Where a checker of `ctx` finds the challenge folder `root` (as it sees it), the binds that put
/// it there in a view, and the folder of the machine it is (a readable copy when the run user
/// cannot read it).
fn challenge_for_checker(
    ctx: &Context<'_>,
    root: &Path,
    program: &Path,
) -> io::Result<(PathBuf, Binds, PathBuf)> {
    let on_machine = match ctx.sandbox.run_as {
        Some(ids) => crate::readable::challenge_root(root, program, ids)?,
        None => root.to_path_buf(),
    };
    Ok(if ctx.sandbox.view {
        let seen = crate::sandbox::view::CHALLENGE.to_string();
        (
            PathBuf::from(&seen),
            vec![(on_machine.clone(), seen)],
            on_machine,
        )
    } else {
        (on_machine.clone(), Vec::new(), on_machine)
    })
}

/// Runs a custom checker after the run, in a folder of its own holding a snapshot of what the
/// solution left (its working folder), with the challenge folder readable.
fn run_checker(
    ctx: &Context<'_>,
    dir: &RunDir,
    test: &TestCase,
    checker: &Path,
    evidence: &Evidence,
    stdin: &RunStdin,
    stderr: &mut Option<Vec<u8>>,
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
    let (challenge_seen, binds, challenge_on_machine) =
        challenge_for_checker(ctx, &ctx.challenge.root, checker)?;
    let checker_seen = crate::readable::relocate(
        &crate::readable::relocate(checker, &ctx.challenge.root, &challenge_on_machine),
        &challenge_on_machine,
        &challenge_seen,
    );
    let stdin_bytes = stdin.bytes()?;
    let mut files: Vec<(&str, &[u8])> = vec![
        ("stdin", &stdin_bytes),
        ("stdout", &evidence.facts.stdout),
        ("stderr", &evidence.facts.stderr),
    ];
    if let Some(expected) = &evidence.expected_stdout {
        files.push(("expected", expected));
    }
    let (mut own, bytes) = checker_folder(ctx, Some((dir, test.limits.disk)), &files)?;
    let seen = own.run_work();
    let judge_file = |name: &str| seen.join("judge").join(name).to_string_lossy().into_owned();
    let mut env = helper_env(test, &seen, "solution");
    env.insert("LIVEJUDGE_STDIN".into(), judge_file("stdin"));
    env.insert("LIVEJUDGE_STDOUT".into(), judge_file("stdout"));
    env.insert("LIVEJUDGE_STDERR".into(), judge_file("stderr"));
    if evidence.expected_stdout.is_some() {
        env.insert("LIVEJUDGE_EXPECTED".into(), judge_file("expected"));
    }
    env.insert(
        "LIVEJUDGE_EXIT".into(),
        verdict::exit_status(&evidence.facts).to_string(),
    );
    env.insert(
        "LIVEJUDGE_CHALLENGE".into(),
        challenge_seen.to_string_lossy().into_owned(),
    );
    env.insert(
        "LIVEJUDGE_ARGS".into(),
        test.args.iter().map(|a| format!("{a}\n")).collect(),
    );
    let run_env = ctx.run_env();
    run_env.hand_over(&own)?;
    let values = Placeholders::for_script(&checker_seen);
    let limits = Limits {
        disk: bytes.saturating_add(CHECKER_SCRATCH),
        ..test.limits
    };
    let spec = run_env
        .spec(
            &own,
            Language::expand(&language.run, &values),
            limits,
            language.memory,
        )
        .workdir(seen.join("solution"))
        .env(env)
        .stdin(stdin.clone())
        // A checker may read the challenge folder.
        .readable(vec![challenge_seen.to_string_lossy().into_owned()])
        .binds(binds)
        .build();
    let facts = run_env.execute(&mut own, &spec)?;
    own.remove()?;
    *stderr = Some(facts.stderr.clone());
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

/// What one run of a test left behind, for `bless`: the run's facts and the content of each
/// `files` path the test checks (read without following links), in the test's order.
#[derive(Debug)]
pub struct Capture {
    pub facts: crate::runner::RunFacts,
    pub files: Vec<(PathBuf, Found)>,
}

/// Runs `submission` on each test once, as `judge` would, but grades nothing: returns what each
/// run printed and left. The inner error is a compile error.
pub fn capture(
    ctx: &Context<'_>,
    submission: &Submission,
    tests: &[&TestCase],
) -> Result<Result<Vec<Capture>, CompileError>, JudgeError> {
    let prepared = match crate::compile::prepare(&ctx.run_env(), ctx.no_cache, submission)? {
        Ok(prepared) => prepared,
        Err(message) => return Ok(Err(message)),
    };
    let mut captures = Vec::with_capacity(tests.len());
    for test in tests {
        let generated = generate::fixtures(ctx, test)?.map_err(io::Error::other)?;
        let (mut dir, facts, _) =
            start_run(ctx, &prepared, test, generated.as_deref(), None, true)?;
        let work = dir.work();
        let mut files = Vec::new();
        for file in &test.files {
            if matches!(file.kind, FileCheck::Present { .. }) {
                let found = workdir::read_beneath(&work, &file.path, FILE_READ_CAP)?;
                files.push((file.path.clone(), found));
            }
        }
        dir.remove()?;
        captures.push(Capture { facts, files });
    }
    Ok(Ok(captures))
}

/// Exit codes of a Kattis output validator.
const VALIDATOR_ACCEPT: i32 = 42;
const VALIDATOR_REJECT: i32 = 43;

/// The program a Kattis output validator's source names: the file itself; in a folder, a `run`
/// script, else `__main__.py` / `main.py`, else its only source file.
fn validator_entry(ctx: &Context<'_>, source: &Path) -> Result<(PathBuf, Language), String> {
    if source.is_file() {
        let language = ctx.harness.detect(source, None)?.clone();
        return Ok((source.to_path_buf(), language));
    }
    if source.join("build").exists() {
        return Err(format!(
            "{}: validators with a `build` script are not supported yet",
            source.display()
        ));
    }
    let run = source.join("run");
    if run.is_file() {
        let sh = Language {
            name: "sh".into(),
            extensions: Vec::new(),
            shebang: Vec::new(),
            compile: None,
            run: vec!["sh".into(), "{file}".into()],
            version: None,
            memory: crate::runner::MemoryStrategy::AddressSpace,
            compile_env: BTreeMap::new(),
            public_class: false,
        };
        return Ok((run, ctx.harness.get("sh").cloned().unwrap_or(sh)));
    }
    for main in ["__main__.py", "main.py"] {
        let path = source.join(main);
        if path.is_file() {
            return Ok((path.clone(), ctx.harness.detect(&path, None)?.clone()));
        }
    }
    let mut sources: Vec<(PathBuf, Language)> = std::fs::read_dir(source)
        .map_err(|e| format!("cannot list {}: {e}", source.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter_map(|p| ctx.harness.detect(&p, None).ok().cloned().map(|l| (p, l)))
        .collect();
    match sources.len() {
        1 => Ok(sources.remove(0)),
        0 => Err(format!(
            "{}: no validator program in a language of the harness ({})",
            source.display(),
            ctx.harness.names().join(", ")
        )),
        _ => Err(format!(
            "{}: several source files and no `run`, `__main__.py` or `main.py` to start from",
            source.display()
        )),
    }
}

/// Reads at most `CHECKER_MESSAGE_CAP` bytes of a feedback file the validator may have written.
fn feedback(dir: &Path, name: &str) -> io::Result<String> {
    Ok(
        match workdir::read_beneath(dir, Path::new(name), CHECKER_MESSAGE_CAP as u64)? {
            Found::File { bytes, .. } => String::from_utf8_lossy(&bytes).trim_end().to_string(),
            _ => String::new(),
        },
    )
}

/// Runs a Kattis output validator: `VALIDATOR input answer feedback_dir/ [flags] < stdout`, in
/// the test's working folder under the sandbox. 42 accepts, 43 rejects (the message is
/// `judgemessage.txt`), anything else is a judge error.
fn run_validator(
    ctx: &Context<'_>,
    test: &TestCase,
    validator: &Validator,
    evidence: &Evidence,
    stderr: &mut Option<Vec<u8>>,
) -> Result<CheckerVerdict, JudgeError> {
    let (entry, language) = match validator_entry(ctx, &validator.source) {
        Ok(found) => found,
        Err(message) => {
            return Ok(CheckerVerdict::Broken(format!(
                "output validator: {message}"
            )));
        }
    };
    // A compiled validator goes through the same compile step as a solution.
    let mut _build = None;
    let (run, values, binds, readable) = if language.compile.is_some() {
        let root = entry.parent().unwrap_or(Path::new("/")).to_path_buf();
        let files = if validator.source.is_dir() {
            crate::compile::outputs(&validator.source)?
        } else {
            vec![PathBuf::from(entry.file_name().unwrap_or_default())]
        };
        let program = Submission {
            path: validator.source.clone(),
            root,
            files,
            entry: PathBuf::from(entry.file_name().unwrap_or_default()),
            language: language.clone(),
        };
        match crate::compile::prepare(&ctx.run_env(), ctx.no_cache, &program)? {
            Err(message) => {
                return Ok(CheckerVerdict::Broken(format!(
                    "output validator {} does not compile: {message}",
                    validator.source.display()
                )));
            }
            Ok(prepared) => {
                let (folder, binds) =
                    program_folder(ctx, Some(&prepared.files_from.join(&prepared.stem)));
                let folder = folder.map(PathBuf::from).unwrap_or_default();
                let values = placeholders(&folder, &prepared.entry, &prepared.stem);
                let run = prepared.run.clone();
                _build = Some(prepared);
                (run, values, binds, folder)
            }
        }
    } else {
        // The validator's folder (a lone file's own folder) is readable to it: bound into its
        // view, or from a copy the run user can read when the judge is root.
        let folder = if validator.source.is_dir() {
            validator.source.clone()
        } else {
            entry.parent().unwrap_or(Path::new("/")).to_path_buf()
        };
        let (seen, binds, on_machine) = challenge_for_checker(ctx, &folder, &entry)?;
        let entry = crate::readable::relocate(
            &crate::readable::relocate(&entry, &folder, &on_machine),
            &on_machine,
            &seen,
        );
        let values = Placeholders::for_script(&entry);
        (language.run.clone(), values, binds, seen)
    };
    let input = RunStdin::from(&test.stdin).bytes()?.into_owned();
    let answer = match std::fs::read(&validator.answer) {
        Ok(answer) => answer,
        Err(e) => {
            return Ok(CheckerVerdict::Broken(format!(
                "cannot read the answer file {}: {e}",
                validator.answer.display()
            )));
        }
    };
    let (mut own, bytes) = checker_folder(
        ctx,
        None,
        &[("validator-input", &input), ("validator-answer", &answer)],
    )?;
    std::fs::create_dir(own.prepared().join("judge").join("feedback"))?;
    let run_env = ctx.run_env();
    run_env.hand_over(&own)?;
    let seen = own.run_work();
    let mut argv = Language::expand(&run, &values);
    for name in ["validator-input", "validator-answer"] {
        argv.push(seen.join("judge").join(name).to_string_lossy().into_owned());
    }
    argv.push(format!(
        "{}/",
        seen.join("judge").join("feedback").display()
    ));
    argv.extend(validator.flags.iter().cloned());
    // Kattis' typical validation limits: a minute, 2 GiB.
    let limits = Limits {
        time: std::time::Duration::from_secs(60),
        cpu: std::time::Duration::from_secs(60),
        memory: test.limits.memory.max(2 << 30),
        disk: bytes.saturating_add(CHECKER_SCRATCH),
        ..test.limits
    };
    let spec = run_env
        .spec(&own, argv, limits, language.memory)
        // The solution's output is the validator's stdin.
        .stdin(RunStdin::Bytes(evidence.facts.stdout.as_slice().into()))
        // A validator reads its own folder and writes its feedback folder (in its own).
        .readable(vec![readable.to_string_lossy().into_owned()])
        .binds(binds)
        .build();
    let facts = run_env.execute(&mut own, &spec)?;
    if facts.interrupted {
        return Err(JudgeError::Interrupted);
    }
    *stderr = Some(facts.stderr.clone());
    let message = feedback(
        &own.work().join("judge").join("feedback"),
        "judgemessage.txt",
    )?;
    own.remove()?;
    Ok(
        match (facts.spawn_error, facts.wall_limit, facts.exit_code) {
            (Some(error), _, _) => {
                CheckerVerdict::Broken(format!("output validator could not start: {error}"))
            }
            (_, true, _) => CheckerVerdict::Broken("output validator ran out of time".into()),
            (_, _, Some(VALIDATOR_ACCEPT)) => CheckerVerdict::Pass(message),
            (_, _, Some(VALIDATOR_REJECT)) => CheckerVerdict::Fail(if message.is_empty() {
                "the output validator rejected the output (exit 43)".into()
            } else {
                message
            }),
            (_, _, code) => {
                let stderr = String::from_utf8_lossy(&facts.stderr);
                let mut detail = message;
                let tail = stderr.trim();
                if !tail.is_empty() {
                    let start = tail
                        .char_indices()
                        .rev()
                        .nth(CHECKER_MESSAGE_CAP)
                        .map_or(0, |(i, _)| i);
                    if !detail.is_empty() {
                        detail.push('\n');
                    }
                    detail.push_str(&tail[start..]);
                }
                CheckerVerdict::Broken(format!(
                    "output validator {} failed ({}; it must exit 42 to accept or 43 to reject){}{}",
                    validator.source.display(),
                    describe_exit(code, facts.signal),
                    if detail.is_empty() { "" } else { ": " },
                    detail
                ))
            }
        },
    )
}
