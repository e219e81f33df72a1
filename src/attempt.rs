//! One judged attempt at a challenge, as `test`, `watch` and `interview` make it: the challenge
//! and solution resolved, the chosen tests judged with a live report, the attempt recorded, and
//! the feedback after it (samples passed, solved and what next, how to reproduce a failure).

use std::io::Write;

use crate::challenge::{Challenge, kattis};
use crate::cli::{TestArgs, TestFormat};
use crate::events::{Event, Reporter};
use crate::exit::{Exit, Failure};
use crate::harness::Harness;
use crate::judge::{self, Context};
use crate::outcome::{SubmissionResult, TestOutcome, Verdict};
use crate::report::json::JsonReporter;
use crate::report::{Detail, HumanReporter};
use crate::runner::SupervisedExecutor;
use crate::settings::Settings;
use crate::state;
use crate::submission::Submission;

/// Judges as `test` does and returns how it ends with the result; when `record` is given, the
/// attempt is recorded in the learner's state (only when something was judged).
pub fn judge_solution(
    settings: &Settings,
    args: &TestArgs,
    record: Option<state::Mode>,
) -> Result<(Exit, SubmissionResult), Failure> {
    let mut challenge = settings.load_challenge(&args.challenge)?;
    let harness = settings.harness()?;
    let package = kattis_package(&challenge)?;
    let solution = crate::workspace::solution_or_workspace(
        args.solution.as_deref(),
        &challenge,
        &args.challenge,
    )?;
    let (submission, _kattis_guard) = resolve_solution(
        &solution,
        &challenge,
        package.as_ref(),
        harness,
        args.lang.as_deref(),
    )?;
    select_tests(&challenge, args)?;
    warn_extension_and_shebang(&submission, args.lang.as_deref(), harness);
    let status = settings.sandbox()?;
    let executor = settings.executor()?;
    let _validator_guard = match &package {
        Some(package) => kattis_hook(
            settings,
            &mut challenge,
            package,
            harness,
            &executor,
            status,
        )?,
        None => None,
    };
    let tests = select_tests(&challenge, args)?;
    let name = crate::ui::command_name(&args.challenge, &challenge);
    let keep_note = match &args.keep {
        None => None,
        Some(dir) => {
            let [test] = tests.as_slice() else {
                return Err(Failure::usage(format!(
                    "--keep lays out one test: add --test NAME (the tests: {})",
                    challenge
                        .tests
                        .iter()
                        .map(|t| t.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            };
            Some(crate::reproduce::keep(dir, &challenge, test, &submission)?)
        }
    };
    let context = Context {
        challenge: &challenge,
        harness,
        executor: &executor,
        sandbox: status,
        jobs: settings.jobs,
        fail_fast: args.fail_fast,
        no_cache: settings.no_cache,
    };
    let stdout = std::io::stdout();
    let mut reporter: Box<dyn Reporter> = match args.format {
        TestFormat::Human => Box::new(
            HumanReporter::new(Box::new(stdout) as Box<dyn Write>, settings.color)
                .with_detail(match (settings.quiet, settings.verbose) {
                    (true, _) => Detail::Quiet,
                    (false, true) => Detail::Verbose,
                    (false, false) => Detail::Normal,
                })
                .with_inputs(crate::reproduce::inputs(&challenge)),
        ),
        TestFormat::Json => Box::new(JsonReporter::new(stdout)),
    };
    let mut write_error = None;
    let note = status.note();
    // Where the run saw the solution (`/box`) is shown as the learner's own folder.
    let own_folder = std::path::absolute(&submission.root).unwrap_or(submission.root.clone());
    let fail_fast = args.fail_fast;
    let mut stopped = false;
    let result = judge::judge(&context, &submission, &tests, &mut |event| {
        let outcome = match event {
            Event::TestFinished { outcome } => {
                // --fail-fast: nothing after the first test that did not pass (a compile error
                // fails every test at once).
                if stopped {
                    return;
                }
                stopped = fail_fast && outcome.verdict != Verdict::AC;
                let shown = with_own_names((*outcome).clone(), &own_folder);
                reporter.event(&Event::TestFinished { outcome: &shown })
            }
            Event::SubmissionFinished { result } => {
                let shown = finish((*result).clone(), fail_fast, &own_folder);
                reporter.event(&Event::SubmissionFinished { result: &shown })
            }
            _ => reporter.event(event),
        };
        if let (Event::SubmissionStarted { .. }, Some(note)) = (event, &note) {
            match args.format {
                TestFormat::Human => {
                    let _ = reporter.event(&Event::Notice { message: note });
                }
                TestFormat::Json => eprintln!("note: {note}"),
            }
        }
        if let Err(e) = outcome {
            write_error.get_or_insert(e);
        }
    })?;
    let result = finish(result, fail_fast, &own_folder);
    if let Some(e) = write_error
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(Failure::judge(format!("cannot write the report: {e}")));
    }
    let scope = if !args.tests.is_empty() {
        state::Scope::Some
    } else if tests.len() == challenge.tests.len() {
        state::Scope::All
    } else {
        state::Scope::Samples
    };
    let solved_before =
        crate::state::Store::open().load().status(&challenge.id) == crate::state::Status::Solved;
    if let Some(mode) = record
        && !result.tests.is_empty()
    {
        state::record(&challenge, &result, mode, scope);
    }
    let feedback = Feedback {
        settings,
        challenge: &challenge,
        name: &name,
        result: &result,
        scope,
        solved_before,
        keep_note: keep_note.as_deref(),
    };
    if args.format == TestFormat::Human && record.is_some() {
        let text = feedback.render(settings.color);
        let _ = crate::ui::print_out(&text);
    } else if let Some(note) = &keep_note {
        eprint!("{note}");
    }
    Ok((Exit::from(result.verdict), result))
}

/// A `.sh` file whose `#!` line names Python is judged as bash: say so before judging.
fn warn_extension_and_shebang(submission: &Submission, lang: Option<&str>, harness: &Harness) {
    if lang.is_some() {
        return;
    }
    let entry = submission.root.join(&submission.entry);
    if !submission.language.has_extension(&entry) {
        return;
    }
    let Some(interpreter) = crate::harness::shebang_interpreter(&entry) else {
        return;
    };
    let Some(named) = harness
        .languages
        .iter()
        .find(|l| l.shebang.contains(&interpreter))
    else {
        return;
    };
    let shells = ["bash", "sh"];
    if named.name == submission.language.name
        || (shells.contains(&named.name.as_str())
            && shells.contains(&submission.language.name.as_str()))
    {
        return;
    }
    eprintln!(
        "warning: {} has the extension of {} but its #! line runs {interpreter}: it is judged as {} (the extension decides); rename it to .{} or pass --lang {}",
        entry.display(),
        submission.language.name,
        submission.language.name,
        named.extension().unwrap_or(named.name.as_str()),
        named.name
    );
}

/// Paths as the run saw them (`/box/greet.py` in a traceback) shown as the learner's file.
fn with_own_names(mut outcome: TestOutcome, folder: &std::path::Path) -> TestOutcome {
    let own = format!("{}/", folder.display());
    let rewrite = |text: &mut Option<String>| {
        if let Some(text) = text {
            *text = text.replace("/box/", &own);
        }
    };
    rewrite(&mut outcome.stderr_tail);
    if outcome.verdict == Verdict::RTE || outcome.verdict == Verdict::CE {
        rewrite(&mut outcome.message);
    }
    outcome
}

/// The result as reported and recorded: with `--fail-fast`, only the tests up to the first
/// that did not pass, and the score, maximum and verdict over those (one set of totals).
fn finish(
    mut result: SubmissionResult,
    fail_fast: bool,
    folder: &std::path::Path,
) -> SubmissionResult {
    if fail_fast && let Some(first) = result.tests.iter().position(|t| t.verdict != Verdict::AC) {
        result.tests.truncate(first + 1);
    }
    result.tests = result
        .tests
        .into_iter()
        .map(|t| with_own_names(t, folder))
        .collect();
    result.verdict = SubmissionResult::overall(&result.tests);
    result.score = SubmissionResult::score(&result.tests);
    if fail_fast {
        result.max_score = result.tests.iter().map(|t| u64::from(t.max_points)).sum();
    }
    result
}

/// What a learner reads after the report: samples passed (and the hidden tests not run),
/// solved (and what next), or how to reproduce a failing test.
struct Feedback<'a> {
    settings: &'a Settings,
    challenge: &'a Challenge,
    name: &'a str,
    result: &'a SubmissionResult,
    scope: state::Scope,
    solved_before: bool,
    keep_note: Option<&'a str>,
}

impl Feedback<'_> {
    fn render(&self, color: bool) -> String {
        let mut out = String::new();
        if let Some(note) = self.keep_note {
            out.push_str(note);
        }
        let name = self.name;
        if self.result.verdict != Verdict::AC {
            if let Some(failing) = self.result.tests.iter().find(|t| t.verdict != Verdict::AC)
                && !matches!(failing.verdict, Verdict::CE | Verdict::JE)
                && self.keep_note.is_none()
            {
                out.push_str(&format!(
                    "Reproduce `{}` by hand: `livejudge test {name} --test {} --keep DIR`\n",
                    failing.name,
                    crate::ui::shell_word(&failing.name)
                ));
            }
            return out;
        }
        match self.scope {
            state::Scope::Samples => {
                let hidden = self.challenge.tests.iter().filter(|t| !t.sample).count();
                out.push_str(&crate::ui::paint(
                    &format!(
                        "samples passed — {hidden} hidden test{} not run: `livejudge test {name} --all`",
                        if hidden == 1 { "" } else { "s" }
                    ),
                    crate::ui::Style::YELLOW.bold(),
                    color,
                ));
                out.push('\n');
            }
            state::Scope::Some => {
                out.push_str(&format!(
                    "these tests pass; every test: `livejudge test {name} --all`\n"
                ));
            }
            state::Scope::All => {
                let again = if self.solved_before { " (again)" } else { "" };
                out.push_str(&crate::ui::paint(
                    &format!("solved `{}`{again}: every test passes", self.challenge.id),
                    crate::ui::Style::GREEN.bold(),
                    color,
                ));
                out.push('\n');
                out.push_str(&crate::reference::beside(
                    self.settings,
                    self.challenge,
                    self.result,
                ));
                out.push_str(&format!(
                    "The reference solution: `livejudge solution {name}`\n"
                ));
                let all = self.settings.every_challenge();
                let state = crate::state::Store::open().load();
                match crate::recommend::next(&all, &state) {
                    Some(next) => out.push_str(&format!(
                        "Next: {} ({}, {}) — `livejudge show {}`, then `livejudge start {}`\n",
                        crate::diff::escape_controls(&next.title),
                        next.category.name(),
                        next.difficulty.name(),
                        next.id,
                        next.id
                    )),
                    None => out.push_str("Every challenge is solved: see `livejudge progress`.\n"),
                }
            }
        }
        out
    }
}

/// The Kattis package a challenge was loaded from, opened for judging (`None` for a livejudge
/// challenge).
pub(crate) fn kattis_package(
    challenge: &crate::challenge::Challenge,
) -> Result<Option<crate::challenge::kattis::Package>, Failure> {
    match challenge.format {
        crate::challenge::Format::Kattis => {
            crate::challenge::kattis::Package::open(&challenge.root)
                .map(Some)
                .map_err(|d| Failure::usage(d.to_string()))
        }
        crate::challenge::Format::Livejudge => Ok(None),
    }
}

/// Kattis packages: derives the time limit when the package does not give it (running the
/// accepted submissions), and substitutes constants in the output validator.
pub(crate) fn kattis_hook(
    settings: &Settings,
    challenge: &mut Challenge,
    package: &kattis::Package,
    harness: &crate::harness::Harness,
    executor: &SupervisedExecutor,
    status: &crate::sandbox::Status,
) -> Result<Option<tempfile::TempDir>, Failure> {
    let guard = kattis::prepare_validators(challenge, package).map_err(Failure::judge)?;
    if package.time_limit_pending() {
        let context = Context {
            challenge,
            harness,
            executor,
            sandbox: status,
            jobs: settings.jobs,
            fail_fast: true,
            no_cache: settings.no_cache,
        };
        let derived = kattis::derive_time_limit_cached(&context, package, settings.rederive)
            .map_err(|e| match e {
                kattis::DeriveError::Definition(message) => Failure::usage(message),
                kattis::DeriveError::Message(message) => Failure::judge(message),
                kattis::DeriveError::Judge(error) => error.into(),
            })?;
        for skipped in derived.skip_notes() {
            eprintln!("note: {skipped}");
        }
        eprintln!("note: {}", derived.describe(package));
        kattis::apply_time_limit(challenge, derived.limit);
    }
    Ok(guard)
}

/// The submission `solution` names. A Kattis package resolves folder submissions by its own
/// entry-point rules and adds its included files; the guard keeps the folder they were gathered
/// in until judging is done.
pub(crate) fn resolve_solution(
    solution: &std::path::Path,
    challenge: &Challenge,
    package: Option<&kattis::Package>,
    harness: &crate::harness::Harness,
    lang: Option<&str>,
) -> Result<(Submission, Option<kattis::KattisSubmission>), Failure> {
    Ok(match package {
        Some(package) => {
            let resolved = kattis::resolve_submission(solution, challenge, package, harness, lang)
                .map_err(Failure::usage)?;
            (resolved.submission.clone(), Some(resolved))
        }
        None => (
            Submission::resolve(solution, challenge, harness, lang).map_err(Failure::usage)?,
            None,
        ),
    })
}

fn select_tests<'c>(
    challenge: &'c Challenge,
    args: &TestArgs,
) -> Result<Vec<&'c crate::challenge::TestCase>, Failure> {
    if !args.tests.is_empty() {
        return challenge.named_tests(&args.tests).map_err(Failure::usage);
    }
    Ok(if args.all {
        challenge.tests.iter().collect()
    } else {
        challenge.default_selection()
    })
}
