//! `livejudge grade`: CI grading. Judges every submission (or one `--partition` slice of them)
//! on every test of a challenge, hidden ones too, with the judging loop of `test` (compile once,
//! tests in parallel), and writes a grade document in every `--format` asked for.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::app::{
    Failure, jobs, kattis_package, load_challenge, load_harness, sandbox_status, use_color,
};
use crate::challenge::{Challenge, Format, kattis};
use crate::cli::Cli;
use crate::harness::Harness;
use crate::judge::{self, Context, JudgeError};
use crate::outcome::{
    ChallengeRef, RESULT_SCHEMA, SubmissionRef, SubmissionResult, TestOutcome, Verdict,
};
use crate::partition::{self, Partition};
use crate::report::document::{GradeDocument, neutralise_result};
use crate::report::grade_human;
use crate::report::outputs::{FormatSpec, GradeFormat, Plan};
use crate::runner::SupervisedExecutor;
use crate::submission::{self, Submission};

#[derive(Debug, Args)]
pub struct GradeArgs {
    /// A challenge id, or a path to a challenge folder, its challenge.toml, or a Kattis package.
    pub challenge: String,
    /// Submissions: files, solution folders, or folders of submissions (expanded one level: a
    /// folder without the challenge's entry file holds one submission per entry).
    #[arg(required = true, value_name = "SUBMISSION")]
    pub submissions: Vec<PathBuf>,
    /// human (default), json, junit, github or csv; FORMAT=PATH writes it to PATH
    /// (repeatable; at most one without a path).
    #[arg(long = "format", value_name = "FORMAT[=PATH]")]
    pub formats: Vec<FormatSpec>,
    /// Where the format without a path goes (default: stdout).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Grade only the K-th of N slices of the submissions (ordered by path; K counts from 1).
    #[arg(long, value_name = "K/N")]
    pub partition: Option<Partition>,
}

pub fn run(cli: &Cli, args: &GradeArgs) -> Result<i32, Failure> {
    let mut plan = Plan::new(&args.formats, args.output.as_deref(), GradeFormat::Human)
        .map_err(Failure::usage)?;
    plan.quiet = cli.global.quiet;
    let mut challenge = load_challenge(cli, &args.challenge)?;
    let harness = load_harness(cli)?;
    let package = kattis_package(&challenge)?;
    let mut all = Vec::new();
    for argument in &args.submissions {
        all.extend(expand(argument, &challenge, &harness).map_err(Failure::usage)?);
    }
    let total = partition::sort_paths(all.clone()).len();
    let chosen = match args.partition {
        Some(p) => p.select(all),
        None => partition::sort_paths(all),
    };
    let status = sandbox_status(cli)?;
    let executor = SupervisedExecutor::from_current_exe()
        .map_err(|e| Failure::judge(format!("cannot find the livejudge binary: {e}")))?;
    let _validator_guard = match &package {
        Some(package) if !chosen.is_empty() => crate::commands::test::kattis_hook(
            cli,
            &mut challenge,
            package,
            &harness,
            &executor,
            &status,
        )?,
        _ => None,
    };
    if let Some(note) = status.note() {
        eprintln!("note: {note}");
    }
    if let Some(p) = args.partition {
        eprintln!("partition {p}: {} of {total} submission(s)", chosen.len());
    }
    let tests: Vec<&crate::challenge::TestCase> = challenge.tests.iter().collect();
    // Submissions are judged side by side, each on its own judge thread (a submission's tests
    // one after another), so no core waits for the slowest test of a submission; with fewer
    // submissions than jobs, each gets several threads for its tests.
    let jobs = jobs(cli);
    let workers = jobs.min(chosen.len()).max(1);
    let context = Context {
        challenge: &challenge,
        harness: &harness,
        executor: &executor,
        sandbox: &status,
        jobs: jobs.div_ceil(workers),
        fail_fast: false,
        no_cache: cli.global.no_cache,
    };
    let challenge_ref = ChallengeRef {
        id: challenge.id.clone(),
        title: challenge.title.clone(),
        path: challenge.root.display().to_string(),
    };
    let mut doc = GradeDocument::new(
        challenge_ref,
        args.partition.map(|p| p.to_string()),
        Vec::with_capacity(chosen.len()),
    );
    let color = use_color(cli.global.color);
    let stream = plan.human_on_stdout();
    if stream {
        emit(&grade_human::heading(&doc, chosen.len(), tests.len()));
    }
    let progress = !stream && std::io::stderr().is_terminal();
    let grade_one = |path: &Path| -> Result<SubmissionResult, Failure> {
        // A Kattis submission's files live in a folder its resolution keeps until judged.
        let mut _kattis_files = None;
        let submission = match &package {
            Some(package) => kattis::resolve_submission(path, &challenge, package, &harness, None)
                .map_err(String::from)
                .map(|resolved| {
                    let submission = resolved.submission.clone();
                    _kattis_files = Some(resolved);
                    submission
                }),
            None => Submission::resolve(path, &challenge, &harness, None),
        };
        let mut result = match submission {
            Ok(submission) => match judge::judge(&context, &submission, &tests, &mut |_| {}) {
                Ok(result) => result,
                Err(JudgeError::Interrupted) => return Err(JudgeError::Interrupted.into()),
                Err(JudgeError::Io(e)) => not_judged(
                    &doc.challenge,
                    &submission.path,
                    &submission.language.name,
                    &status,
                    &tests,
                    Verdict::JE,
                    format!("judge error: {e}"),
                ),
            },
            // Nothing to compile: no entry file, an unknown or refused language.
            Err(message) => not_judged(
                &doc.challenge,
                path,
                "unknown",
                &status,
                &tests,
                Verdict::CE,
                format!(
                    "cannot judge this submission: {}",
                    without_lang_advice(&message)
                ),
            ),
        };
        neutralise_result(&mut result);
        Ok(result)
    };
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (sender, finished) = std::sync::mpsc::channel();
    let outcome = std::thread::scope(|scope| -> Result<Vec<SubmissionResult>, Failure> {
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, chosen, grade_one) = (&next, &chosen, &grade_one);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(path) = chosen.get(i) else { break };
                    let result = grade_one(path);
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
        let mut done: std::collections::BTreeMap<usize, SubmissionResult> = Default::default();
        let mut results = Vec::with_capacity(chosen.len());
        for (i, result) in finished {
            done.insert(i, result?);
            while let Some(result) = done.remove(&results.len()) {
                if progress {
                    eprint!(
                        "\r\x1b[K[{}/{}] {}",
                        results.len() + 1,
                        chosen.len(),
                        crate::escape::neutralise_line(&result.submission.path)
                    );
                }
                if stream && !(cli.global.quiet && result.verdict == Verdict::AC) {
                    emit(&grade_human::submission_line(&result, color));
                }
                results.push(result);
            }
        }
        Ok(results)
    });
    doc.results = outcome?;
    if progress {
        eprint!("\r\x1b[K");
    }
    // Path order of the paths as reported (neutralised), as `merge` orders them, so that the
    // merge of every partition is this document even for a path with a control character.
    doc.results.sort_by(|a, b| {
        a.submission
            .path
            .as_bytes()
            .cmp(b.submission.path.as_bytes())
    });
    plan.write(&doc, color, stream).map_err(Failure::judge)?;
    Ok(doc.exit_code())
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
    path: &Path,
    language: &str,
    status: &crate::sandbox::Status,
    tests: &[&crate::challenge::TestCase],
    verdict: Verdict,
    message: String,
) -> SubmissionResult {
    let outcomes: Vec<TestOutcome> = tests
        .iter()
        .map(|t| TestOutcome::not_run(&t.name, t.sample, t.points, verdict, message.clone()))
        .collect();
    SubmissionResult {
        schema: RESULT_SCHEMA,
        challenge: challenge.clone(),
        submission: SubmissionRef {
            path: path.display().to_string(),
            language: language.to_string(),
            sha256: sha256_of(path),
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
pub fn expand(
    argument: &Path,
    challenge: &Challenge,
    harness: &Harness,
) -> Result<Vec<PathBuf>, String> {
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
    if is_solution_folder(argument, &children, challenge, harness) {
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

fn is_solution_folder(
    dir: &Path,
    children: &[(PathBuf, bool)],
    challenge: &Challenge,
    harness: &Harness,
) -> bool {
    let files = children.iter().filter(|(_, is_file)| *is_file);
    let stem = |p: &Path| p.file_stem().map(|s| s.to_string_lossy().into_owned());
    match challenge.format {
        // Several entry files (`solve.sh` and `solve.py`, as in a challenge's `solution/`)
        // are several submissions in one folder.
        Format::Livejudge => {
            files
                .filter_map(|(p, _)| stem(p))
                .filter(|s| *s == challenge.entry)
                .count()
                == 1
        }
        Format::Kattis => {
            let folder = dir
                .canonicalize()
                .ok()
                .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_default();
            // Source files only: a package's `submissions/` holds `submissions.yaml`, which
            // does not make it one submission.
            files
                .filter(|(p, _)| harness.languages.iter().any(|l| l.has_extension(p)))
                .filter_map(|(p, _)| stem(p))
                .any(|s| s.eq_ignore_ascii_case("main") || (!folder.is_empty() && s == folder))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_advice_to_pass_a_flag_grade_does_not_have() {
        let harness = Harness::builtin();
        let detect = harness
            .detect(Path::new("subs/a.xyz"), None)
            .expect_err("no such language");
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
