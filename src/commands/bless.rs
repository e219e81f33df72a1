//! `livejudge bless`: run the reference solution twice and rewrite the file-based expectations
//! (`stdout`/`stderr` `{ file = … }`, `files` entries with `file = …`, discovered `.out`/`.err`)
//! with what it produced, showing a diff of each change. Inline expectations are never touched;
//! nothing is written unless every run ended normally and both runs agree. Writes are atomic and
//! only inside the challenge folder.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::app::{Failure, exit, load_harness, sandbox_status, use_color};
use crate::challenge::{Challenge, Content, Expectation, FileCheck, TestCase};
use crate::cli::{BlessArgs, Cli};
use crate::commands::lint;
use crate::compare::CompareKind;
use crate::grade;
use crate::judge::{self, Capture, Context};
use crate::outcome::ShownDiff;
use crate::report::render_diff;
use crate::runner::SupervisedExecutor;
use crate::sandbox::workdir::Found;
use crate::submission::Submission;

/// Which output of a run a target takes its bytes from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    Stdout,
    Stderr,
    /// The n-th content check of the test's `files` (counting `Present` entries only).
    File(usize, PathBuf),
}

impl Source {
    fn name(&self) -> String {
        match self {
            Source::Stdout => "stdout".into(),
            Source::Stderr => "stderr".into(),
            Source::File(_, path) => format!("file `{}`", path.display()),
        }
    }
}

/// One expected file bless may rewrite.
struct Target {
    test: usize,
    source: Source,
    /// Absolute, inside the challenge folder.
    file: PathBuf,
}

/// Whether an expectation's file holds output (not a regex pattern or a needle).
fn blessable(e: &Expectation) -> Option<&Path> {
    match (&e.content, e.compare.kind) {
        (Content::File(path), kind)
            if kind != CompareKind::Regex && kind != CompareKind::Contains =>
        {
            Some(path)
        }
        _ => None,
    }
}

fn targets(tests: &[&TestCase]) -> Vec<Target> {
    let mut out = Vec::new();
    for (index, test) in tests.iter().enumerate() {
        for (source, expectation) in [
            (Source::Stdout, &test.stdout),
            (Source::Stderr, &test.stderr),
        ] {
            if let Some(file) = expectation.as_ref().and_then(blessable) {
                out.push(Target {
                    test: index,
                    source,
                    file: file.to_path_buf(),
                });
            }
        }
        let present = test.files.iter().filter_map(|f| match &f.kind {
            FileCheck::Present { content, .. } => Some((f, content)),
            FileCheck::Absent => None,
        });
        for (n, (file, content)) in present.enumerate() {
            if let Some(path) = blessable(content) {
                out.push(Target {
                    test: index,
                    source: Source::File(n, file.path.clone()),
                    file: path.to_path_buf(),
                });
            }
        }
    }
    out
}

/// The bytes a target gets from one capture, or why the run cannot be blessed.
fn bytes_of(capture: &Capture, source: &Source) -> Result<Vec<u8>, String> {
    match source {
        Source::Stdout => Ok(capture.facts.stdout.clone()),
        Source::Stderr => Ok(capture.facts.stderr.clone()),
        Source::File(n, path) => match capture.files.get(*n).map(|(_, found)| found) {
            Some(Found::File {
                truncated: false,
                bytes,
                ..
            }) => Ok(bytes.clone()),
            Some(Found::File { .. }) => Err(format!(
                "the file `{}` it wrote is too large to bless",
                path.display()
            )),
            Some(Found::Missing) | None => {
                Err(format!("it did not leave the file `{}`", path.display()))
            }
            Some(Found::Refused(why)) => Err(format!("`{}` is {why}", path.display())),
        },
    }
}

/// Why a run cannot serve as the reference, if it cannot.
fn run_problem(capture: &Capture, test: &TestCase) -> Option<String> {
    let facts = &capture.facts;
    if let Some(error) = &facts.spawn_error {
        return Some(format!("it could not be started: {error}"));
    }
    if let Some((verdict, detail)) = grade::limit_reached(facts, &test.limits) {
        return Some(format!(
            "{} ({detail}) — {}",
            verdict.code(),
            verdict.label()
        ));
    }
    if !grade::ended_normally(facts, test) {
        let how = match (facts.exit_code, facts.signal) {
            (_, Some(signal)) => format!("killed by {}", grade::signal_name(signal)),
            (Some(code), _) => format!("exit status {code}"),
            _ => "no exit status".into(),
        };
        return Some(format!("RTE — runtime error ({how})"));
    }
    let status = grade::exit_status(facts);
    if !test.exit.accepts(status) {
        return Some(format!(
            "it exited with status {status}, but the test expects exit = {}",
            test.exit
        ));
    }
    None
}

/// The reference solution: the first entry file in solution/, or the one in `lang`.
fn reference(
    challenge: &Challenge,
    harness: &crate::harness::Harness,
    lang: Option<&str>,
) -> Result<Submission, Failure> {
    let dir = challenge.root.join("solution");
    let entries = lint::entry_files(&dir, challenge, harness);
    let chosen = entries.iter().find(|e| match (&e.language, lang) {
        (Ok(l), Some(want)) => l.name == want,
        (Ok(_), None) => true,
        (Err(_), _) => false,
    });
    let Some(entry) = chosen else {
        return Err(Failure {
            code: exit::NOT_ACCEPTED,
            message: format!(
                "bless: `{}` has no reference solution{} in {} (an entry file `{}.*`)",
                challenge.id,
                lang.map(|l| format!(" in {l}")).unwrap_or_default(),
                dir.display(),
                challenge.entry
            ),
        });
    };
    let name = entry.language.as_ref().ok().map(|l| l.name.clone());
    Submission::resolve(&dir, challenge, harness, name.as_deref()).map_err(|m| Failure {
        code: exit::NOT_ACCEPTED,
        message: format!("bless: cannot use the reference solution: {m}"),
    })
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, then a rename.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = path
        .parent()
        .ok_or_else(|| std::io::Error::other("no parent folder"))?;
    let mut temp = tempfile::Builder::new()
        .prefix(".livejudge-bless-")
        .tempfile_in(folder)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(temp.path(), meta.permissions());
    }
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Where an expected file really is: the file itself, or — when it does not exist yet — its
/// name under the real path of its nearest existing folder (so a symlinked folder that leaves
/// the challenge is still caught).
fn resolve_target(file: &Path) -> std::io::Result<PathBuf> {
    if std::fs::symlink_metadata(file).is_ok() {
        return std::fs::canonicalize(file);
    }
    let mut missing = Vec::new();
    let mut existing = file;
    while std::fs::symlink_metadata(existing).is_err() {
        missing.push(existing.file_name().ok_or(std::io::ErrorKind::NotFound)?);
        existing = existing.parent().ok_or(std::io::ErrorKind::NotFound)?;
    }
    let mut real = std::fs::canonicalize(existing)?;
    for part in missing.iter().rev() {
        real.push(part);
    }
    Ok(real)
}

pub fn run(cli: &Cli, args: &BlessArgs) -> Result<i32, Failure> {
    // An expectation file that does not exist yet is what bless is for: it is created.
    let path =
        crate::locate::find(&args.challenge, &cli.global.challenges).map_err(Failure::usage)?;
    let challenge =
        crate::challenge::load::load_for_bless(&path).map_err(|d| Failure::usage(d.to_string()))?;
    let harness = load_harness(cli)?;
    let tests: Vec<&TestCase> = if args.tests.is_empty() {
        challenge.tests.iter().collect()
    } else {
        challenge.named_tests(&args.tests).map_err(Failure::usage)?
    };
    let all_targets = targets(&tests);
    // Only the tests with something to bless are run.
    let mut run_indices: Vec<usize> = all_targets.iter().map(|t| t.test).collect();
    run_indices.dedup();
    if run_indices.is_empty() {
        println!(
            "bless: no selected test of `{}` has a file expectation (stdout/stderr/files with `file = …`, or a discovered .out/.err); nothing to do",
            challenge.id
        );
        return Ok(exit::OK);
    }
    let run_tests: Vec<&TestCase> = run_indices.iter().map(|i| tests[*i]).collect();
    let submission = reference(&challenge, &harness, args.lang.as_deref())?;
    let status = sandbox_status(cli)?;
    let executor = SupervisedExecutor::from_current_exe()
        .map_err(|e| Failure::judge(format!("cannot find the livejudge binary: {e}")))?;
    let ctx = Context {
        challenge: &challenge,
        harness: &harness,
        executor: &executor,
        sandbox: &status,
        jobs: 1,
        fail_fast: false,
        no_cache: cli.global.no_cache,
    };
    let shown = submission
        .path
        .join(&submission.entry)
        .strip_prefix(&challenge.root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| submission.entry.clone());
    let refuse = |message: String| Failure {
        code: exit::NOT_ACCEPTED,
        message: format!(
            "bless: refusing, nothing was written: {message}\n  help: fix the reference solution {} (or the test), then bless again",
            shown.display()
        ),
    };
    let mut runs: Vec<Vec<Capture>> = Vec::new();
    for _ in 0..2 {
        match judge::capture(&ctx, &submission, &run_tests)? {
            Ok(captures) => runs.push(captures),
            Err(message) => return Err(refuse(format!("it does not compile:\n{message}"))),
        }
    }
    let position = |test: usize| run_indices.iter().position(|i| *i == test).unwrap_or(0);
    for (k, test) in run_tests.iter().enumerate() {
        for captures in &runs {
            if let Some(problem) = run_problem(&captures[k], test) {
                return Err(refuse(format!("on test `{}`: {problem}", test.name)));
            }
        }
    }
    let mut planned: Vec<(&Target, Vec<u8>)> = Vec::new();
    for target in &all_targets {
        let k = position(target.test);
        let test = tests[target.test];
        let first = bytes_of(&runs[0][k], &target.source)
            .map_err(|m| refuse(format!("on test `{}`: {m}", test.name)))?;
        let second = bytes_of(&runs[1][k], &target.source)
            .map_err(|m| refuse(format!("on test `{}`: {m}", test.name)))?;
        if first != second {
            let mut message = format!(
                "on test `{}`, its {} differs between two runs: it is not deterministic",
                test.name,
                target.source.name()
            );
            let shown = ShownDiff {
                subject: target.source.name(),
                expected: String::from_utf8_lossy(&first).into_owned(),
                actual: String::from_utf8_lossy(&second).into_owned(),
            };
            message.push('\n');
            message.push_str(
                &render_diff(&shown, false)
                    .replace("--- expected", "--- first run")
                    .replace("+++ actual", "+++ second run"),
            );
            return Err(refuse(message.trim_end().to_string()));
        }
        planned.push((target, first));
    }
    // Where each file goes: inside the challenge folder, resolved once.
    let color = use_color(cli.global.color);
    let (mut changed, mut same) = (0, 0);
    let mut writes: Vec<(PathBuf, Vec<u8>, String)> = Vec::new();
    for (target, bytes) in planned {
        let real = resolve_target(&target.file).map_err(|e| {
            Failure::usage(format!(
                "bless: cannot resolve {}: {e}",
                target.file.display()
            ))
        })?;
        if !real.starts_with(&challenge.root) {
            return Err(Failure::usage(format!(
                "bless: {} resolves outside the challenge folder; nothing was written",
                target.file.display()
            )));
        }
        let relative = real
            .strip_prefix(&challenge.root)
            .unwrap_or(&real)
            .display()
            .to_string();
        // Several tests may share one expected file: they must agree.
        if let Some((_, earlier, _)) = writes.iter().find(|(p, _, _)| *p == real) {
            if *earlier != bytes {
                return Err(refuse(format!(
                    "`{relative}` is the expected file of several tests, and the reference prints different things in them"
                )));
            }
            continue;
        }
        let old = std::fs::read(&real).unwrap_or_default();
        if old == bytes && real.exists() {
            same += 1;
            continue;
        }
        let diff = render_diff(
            &ShownDiff {
                subject: relative.clone(),
                expected: String::from_utf8_lossy(&old).into_owned(),
                actual: String::from_utf8_lossy(&bytes).into_owned(),
            },
            color,
        )
        .replacen("--- expected", "--- old", 1)
        .replacen("+++ actual", "+++ new", 1);
        writes.push((real, bytes, diff));
        changed += 1;
    }
    for (path, bytes, diff) in &writes {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Failure::judge(format!("bless: cannot make {}: {e}", parent.display()))
            })?;
        }
        write_atomic(path, bytes)
            .map_err(|e| Failure::judge(format!("bless: cannot write {}: {e}", path.display())))?;
        print!("{diff}");
        if !diff.ends_with('\n') {
            println!();
        }
    }
    println!(
        "bless: `{}` with {}: {changed} file(s) updated, {same} already up to date ({} test(s) run twice)",
        challenge.id,
        shown.display(),
        run_tests.len()
    );
    Ok(exit::OK)
}
