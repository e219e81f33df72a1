//! `livejudge bless`: run the reference solution [`RUNS`] times and rewrite the file-based
//! expectations (`stdout`/`stderr` `{ file = … }`, `files` entries with `file = …`, discovered
//! `.out`/`.err`) with what it produced, showing a diff of each change. Inline expectations are
//! never touched; nothing is written unless every run ended normally and every run agrees with
//! the first under the expectation's own comparator (so `unordered` output in another order is
//! deterministic enough). Writes are atomic and only inside the challenge folder.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::challenge::{Challenge, Content, Expectation, FileCheck, TestCase};
use crate::cli::BlessArgs;
use crate::compare::{self, CompareKind, CompareSpec, Comparison};
use crate::exit::{Exit, Failure};
use crate::judge::{self, Capture, Context};
use crate::layout;
use crate::outcome::ShownDiff;
use crate::report::render_diff;
use crate::sandbox::workdir::Found;
use crate::settings::Settings;
use crate::submission::Submission;
use crate::verdict;

/// How many times the reference runs before its output is trusted as deterministic. Two runs
/// miss output that varies now and then (a hash order, a race); five catch most of it.
pub const RUNS: usize = 5;

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
    /// The comparator the test judges this output with: runs that it cannot tell apart agree.
    spec: CompareSpec,
}

/// Whether an expectation's file holds output (not a regex pattern or a needle): its path and
/// comparator.
fn blessable(e: &Expectation) -> Option<(&Path, &CompareSpec)> {
    match (&e.content, e.compare.kind) {
        (Content::File(path), kind)
            if kind != CompareKind::Regex && kind != CompareKind::Contains =>
        {
            Some((path, &e.compare))
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
            if let Some((file, spec)) = expectation.as_ref().and_then(blessable) {
                out.push(Target {
                    test: index,
                    source,
                    file: file.to_path_buf(),
                    spec: spec.clone(),
                });
            }
        }
        let present = test.files.iter().filter_map(|f| match &f.kind {
            FileCheck::Present { content, .. } => Some((f, content)),
            FileCheck::Absent => None,
        });
        for (n, (file, content)) in present.enumerate() {
            if let Some((path, spec)) = blessable(content) {
                out.push(Target {
                    test: index,
                    source: Source::File(n, file.path.clone()),
                    file: path.to_path_buf(),
                    spec: spec.clone(),
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
    if let Some((verdict, detail)) = verdict::limit_reached(facts, &test.limits) {
        return Some(format!(
            "{} ({detail}) — {}",
            verdict.code(),
            verdict.label()
        ));
    }
    if !verdict::ended_normally(facts, test) {
        let how = match (facts.exit_code, facts.signal) {
            (_, Some(signal)) => format!("killed by {}", verdict::signal_name(signal)),
            (Some(code), _) => format!("exit status {code}"),
            _ => "no exit status".into(),
        };
        return Some(format!("RTE — runtime error ({how})"));
    }
    let status = verdict::exit_status(facts);
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
    let entries = layout::entry_files(&dir, challenge, harness);
    let chosen = entries.iter().find(|e| match (&e.language, lang) {
        (Ok(l), Some(want)) => l.name == want,
        (Ok(_), None) => true,
        (Err(_), _) => false,
    });
    let Some(entry) = chosen else {
        return Err(Failure::NotAccepted(format!(
            "bless: `{}` has no reference solution{} in {} (an entry file `{}.*`)",
            challenge.id,
            lang.map(|l| format!(" in {l}")).unwrap_or_default(),
            dir.display(),
            challenge.entry
        )));
    };
    let name = entry.language.as_ref().ok().map(|l| l.name.clone());
    Submission::resolve(&dir, challenge, harness, name.as_deref())
        .map_err(|m| Failure::NotAccepted(format!("bless: cannot use the reference solution: {m}")))
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

pub fn run(settings: &Settings, args: &BlessArgs) -> Result<Exit, Failure> {
    // An expectation file that does not exist yet is what bless is for: it is created.
    let path = settings.find_challenge(&args.challenge)?;
    let challenge =
        crate::challenge::load::load_for_bless(&path).map_err(|d| Failure::usage(d.to_string()))?;
    let harness = settings.harness()?;
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
        return Ok(Exit::Success);
    }
    let run_tests: Vec<&TestCase> = run_indices.iter().map(|i| tests[*i]).collect();
    let submission = reference(&challenge, harness, args.lang.as_deref())?;
    let status = settings.sandbox()?;
    let executor = settings.executor()?;
    let ctx = Context {
        challenge: &challenge,
        harness,
        executor: &executor,
        sandbox: status,
        jobs: 1,
        fail_fast: false,
        no_cache: settings.no_cache,
    };
    let shown = submission
        .path
        .join(&submission.entry)
        .strip_prefix(&challenge.root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| submission.entry.clone());
    let refuse = |message: String| {
        Failure::NotAccepted(format!(
            "bless: refusing, nothing was written: {message}\n  help: fix the reference solution {} (or the test), then bless again",
            shown.display()
        ))
    };
    let position = |test: usize| run_indices.iter().position(|i| *i == test).unwrap_or(0);
    // The first run gives the bytes; every later one must agree with it under the target's
    // comparator. A difference refuses at once, without the remaining runs.
    let specs: Vec<&CompareSpec> = all_targets.iter().map(|t| &t.spec).collect();
    let mut agreement = Agreement::default();
    for _ in 0..RUNS {
        let captures = match judge::capture(&ctx, &submission, &run_tests)? {
            Ok(captures) => captures,
            Err(message) => return Err(refuse(format!("it does not compile:\n{message}"))),
        };
        for (k, test) in run_tests.iter().enumerate() {
            if let Some(problem) = run_problem(&captures[k], test) {
                return Err(refuse(format!("on test `{}`: {problem}", test.name)));
            }
        }
        let mut outputs = Vec::with_capacity(all_targets.len());
        for target in &all_targets {
            let bytes = bytes_of(&captures[position(target.test)], &target.source)
                .map_err(|m| refuse(format!("on test `{}`: {m}", tests[target.test].name)))?;
            outputs.push(bytes);
        }
        if let Some(d) = agreement.record(&specs, outputs) {
            let target = &all_targets[d.target];
            return Err(refuse(not_deterministic(tests[target.test], target, &d)));
        }
    }
    let planned: Vec<(&Target, Vec<u8>)> = all_targets.iter().zip(agreement.first).collect();
    // Where each file goes: inside the challenge folder, resolved once.
    let color = settings.color;
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
            if !compare::compare(&target.spec, earlier, &bytes).passed() {
                return Err(refuse(format!(
                    "`{relative}` is the expected file of several tests, and the reference prints different things in them"
                )));
            }
            continue;
        }
        // Up to date when the test would pass the reference as the file stands (an `unordered`
        // file in another order is not rewritten on every bless).
        let old = std::fs::read(&real).ok();
        if let Some(old) = &old
            && compare::compare(&target.spec, old, &bytes).passed()
        {
            same += 1;
            continue;
        }
        let old = old.unwrap_or_default();
        let diff = render_diff(&ShownDiff::new(relative.clone(), &old, &bytes), color)
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
        "bless: `{}` with {}: {changed} file(s) updated, {same} already up to date ({} test(s) run {RUNS} times)",
        challenge.id,
        shown.display(),
        run_tests.len()
    );
    Ok(Exit::Success)
}

/// The outputs of run 1, and the check of each later run against them.
#[derive(Default)]
struct Agreement {
    /// Run 1's bytes, one per target; empty before the first run.
    first: Vec<Vec<u8>>,
    /// Runs recorded so far.
    runs: usize,
}

/// A later run that disagrees with run 1 on one target.
#[derive(Debug)]
struct Disagreement {
    target: usize,
    /// 1-based.
    run: usize,
    /// The comparator's message, run 1 as the expected side.
    message: String,
    first: Vec<u8>,
    later: Vec<u8>,
}

impl Agreement {
    /// Records the next run's outputs (one per target, in the order of `specs`): the first run
    /// is kept, a later one must pass each target's comparator with run 1 as the expected side.
    fn record(&mut self, specs: &[&CompareSpec], outputs: Vec<Vec<u8>>) -> Option<Disagreement> {
        self.runs += 1;
        if self.runs == 1 {
            self.first = outputs;
            return None;
        }
        for (target, (spec, later)) in specs.iter().zip(outputs).enumerate() {
            let first = &self.first[target];
            if let Comparison::Fail(mismatch) = compare::compare(spec, first, &later) {
                return Some(Disagreement {
                    target,
                    run: self.runs,
                    message: mismatch.message,
                    first: first.clone(),
                    later,
                });
            }
        }
        None
    }
}

/// Why a run disagreeing with the first refuses: which output, the comparator's message and
/// the diff of the two runs.
fn not_deterministic(test: &TestCase, target: &Target, d: &Disagreement) -> String {
    let run = d.run;
    let mut message = format!(
        "on test `{}`, its {} differs between two runs (run 1 and run {run} of {RUNS}, compared with `{}`: {}): it is not deterministic",
        test.name,
        target.source.name(),
        target.spec.kind.name(),
        d.message
    );
    let shown = ShownDiff::new(target.source.name(), &d.first, &d.later);
    message.push('\n');
    message.push_str(
        &render_diff(&shown, false)
            .replacen("--- expected", "--- run 1", 1)
            .replacen("+++ actual", &format!("+++ run {run}"), 1),
    );
    message.trim_end().to_string()
}

// Two runs miss output that changes only now and then.
const _: () = assert!(RUNS >= 5);

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: CompareKind) -> CompareSpec {
        CompareSpec::new(kind)
    }

    /// Feeds `runs` (each: one output per target) and returns where they first disagree.
    fn agree(specs: &[CompareSpec], runs: &[&[&[u8]]]) -> Option<Disagreement> {
        let specs: Vec<&CompareSpec> = specs.iter().collect();
        let mut agreement = Agreement::default();
        for outputs in runs {
            let outputs = outputs.iter().map(|o| o.to_vec()).collect();
            if let Some(d) = agreement.record(&specs, outputs) {
                return Some(d);
            }
        }
        None
    }

    #[test]
    fn a_late_difference_is_caught_at_its_run() {
        let lines = [spec(CompareKind::Lines)];
        let same: &[&[u8]] = &[b"a\n"];
        let d = agree(&lines, &[same, same, same, same, &[b"b\n"]]).expect("run 5 differs");
        assert_eq!((d.target, d.run), (0, 5));
        assert_eq!(d.message, r#"line 1: expected "a", got "b""#);
        assert_eq!((d.first, d.later), (b"a\n".to_vec(), b"b\n".to_vec()));
        assert!(agree(&lines, &[same; RUNS]).is_none());
    }

    #[test]
    fn runs_are_compared_with_the_tests_comparator() {
        let one: &[&[u8]] = &[b"x\ny\n", b"x\ny\n"];
        let other: &[&[u8]] = &[b"y\nx\n", b"y\nx\n"];
        // Another order is the same output under `unordered`, not under `lines`.
        let d = agree(
            &[spec(CompareKind::Unordered), spec(CompareKind::Lines)],
            &[one, other, one, other, one],
        )
        .expect("lines sees the order");
        assert_eq!((d.target, d.run), (1, 2));
        assert!(agree(&[spec(CompareKind::Unordered)], &[&one[..1], &other[..1]]).is_none());
        // What the comparator forgives (CRLF, trailing blanks) is no difference either.
        assert!(agree(&[spec(CompareKind::Lines)], &[&[b"a\n"], &[b"a \r\n"]]).is_none());
        let d = agree(&[spec(CompareKind::Exact)], &[&[b"a\n"], &[b"a \r\n"]]);
        assert!(d.is_some());
        // Bytes that lossy decoding would merge are a difference.
        assert!(agree(&[spec(CompareKind::Lines)], &[&[b"\x81\n"], &[b"\x82\n"]]).is_some());
    }
}
