//! One judged attempt at a challenge, as `test`, `watch` and `interview` make it: the challenge
//! and solution resolved, the chosen tests judged with a live report, the attempt recorded, and
//! the feedback after it (samples passed, solved and what next, how to reproduce a failure).

use std::io::Write;

use crate::challenge::Challenge;
use crate::cli::{TestArgs, TestFormat};
use crate::events::{Event, Reporter};
use crate::exit::{Exit, Failure};
use crate::harness::Harness;
use crate::judge::{self, Context};
use crate::outcome::{SubmissionResult, TestOutcome, Verdict};
use crate::prepare::{Judging, LimitUse};
use crate::report::json::JsonReporter;
use crate::report::{HumanReporter, Verbosity};
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
    let (mut challenge, submission) = open_with_solution(
        settings,
        &args.challenge,
        args.solution.as_deref(),
        args.lang.as_deref(),
    )?;
    let harness = settings.harness()?;
    settings.expect_workers(select_tests(&challenge, args)?.len());
    warn_extension_and_shebang(&submission, args.lang.as_deref(), harness);
    let status = settings.sandbox()?;
    let executor = settings.executor()?;
    prepare(settings, &mut challenge, harness, &executor, status)?;
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
                .with_verbosity(match (settings.quiet, settings.verbose) {
                    (true, _) => Verbosity::Quiet,
                    (false, true) => Verbosity::Verbose,
                    (false, false) => Verbosity::Normal,
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
    // No run of this solution is left: its zygotes end while the attempt is recorded.
    executor.retire();
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
    let solved_before = crate::state::Store::open()
        .load_progress()
        .status(&challenge.id)
        == crate::state::Status::Solved;
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
                let all = self.settings.listed_challenges();
                let progress = crate::state::Store::open().load_progress();
                match crate::recommend::next(&all, &progress) {
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

/// The challenge a CHALLENGE argument names and the submission a SOLUTION argument names (the
/// learner's workspace when absent), resolved by the challenge's format: what `test` and `run`
/// start from.
pub(crate) fn open_with_solution(
    settings: &Settings,
    challenge_argument: &str,
    solution: Option<&std::path::Path>,
    lang: Option<&str>,
) -> Result<(crate::challenge::Loaded, crate::prepare::Resolved), Failure> {
    let challenge = settings.open_challenge(challenge_argument)?;
    let solution =
        crate::workspace::solution_or_workspace(solution, &challenge, challenge_argument)?;
    let submission = challenge
        .resolve(&solution, settings.harness()?, lang)
        .map_err(|e| Failure::usage(e.to_string()))?;
    Ok((challenge, submission))
}

/// The pre-judge step of `test` and `grade` (a Kattis package's validators and time limit, derived
/// from its accepted submissions unless cached), with what the user is told about it.
pub(crate) fn prepare(
    settings: &Settings,
    challenge: &mut crate::challenge::Loaded,
    harness: &Harness,
    executor: &SupervisedExecutor,
    status: &crate::sandbox::SandboxStatus,
) -> Result<(), Failure> {
    let judging = Judging {
        harness,
        executor,
        sandbox: status,
        jobs: settings.jobs,
        no_cache: settings.no_cache,
    };
    let limit_use = LimitUse::Limit {
        rederive: settings.rederive,
    };
    if let Some(timing) = challenge.prepare(&judging, limit_use)? {
        for note in &timing.notes {
            eprintln!("note: {note}");
        }
    }
    Ok(())
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
