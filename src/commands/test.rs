//! `livejudge test`: judge one solution on a challenge's samples, chosen tests, or all tests.

use std::io::Write;

use crate::app::{
    Failure, exit, jobs, kattis_package, load_challenge, load_harness, sandbox_status, use_color,
};
use crate::challenge::{Challenge, kattis};
use crate::cli::{Cli, TestArgs, TestFormat};
use crate::events::{Event, Reporter};
use crate::judge::{self, Context};
use crate::outcome::{SubmissionResult, Verdict};
use crate::report::json::JsonReporter;
use crate::report::{Detail, HumanReporter};
use crate::runner::SupervisedExecutor;
use crate::state;
use crate::submission::Submission;

pub fn run(cli: &Cli, args: &TestArgs) -> Result<i32, Failure> {
    judge_solution(cli, args, Some(state::Mode::Test)).map(|(code, _)| code)
}

/// Judges as `test` does and returns the exit code with the result; when `record` is given, the
/// attempt is recorded in the learner's state (only when something was judged).
pub fn judge_solution(
    cli: &Cli,
    args: &TestArgs,
    record: Option<state::Mode>,
) -> Result<(i32, SubmissionResult), Failure> {
    let mut challenge = load_challenge(cli, &args.challenge)?;
    let harness = load_harness(cli)?;
    let package = kattis_package(&challenge)?;
    let solution = crate::commands::start::solution_or_workspace(
        args.solution.as_deref(),
        &challenge,
        &args.challenge,
    )?;
    // A Kattis package resolves folder submissions by its own entry-point rules and adds its
    // included files; the guard keeps the folder they were gathered in.
    let (submission, _kattis_guard) = match &package {
        Some(package) => {
            let resolved = kattis::resolve_submission(
                &solution,
                &challenge,
                package,
                &harness,
                args.lang.as_deref(),
            )
            .map_err(Failure::usage)?;
            (resolved.submission.clone(), Some(resolved))
        }
        None => (
            Submission::resolve(&solution, &challenge, &harness, args.lang.as_deref())
                .map_err(Failure::usage)?,
            None,
        ),
    };
    select_tests(&challenge, args)?;
    let status = sandbox_status(cli)?;
    let executor = SupervisedExecutor::from_current_exe()
        .map_err(|e| Failure::judge(format!("cannot find the livejudge binary: {e}")))?;
    let _validator_guard = match &package {
        Some(package) => kattis_hook(cli, &mut challenge, package, &harness, &executor, &status)?,
        None => None,
    };
    let tests = select_tests(&challenge, args)?;
    let context = Context {
        challenge: &challenge,
        harness: &harness,
        executor: &executor,
        sandbox: &status,
        jobs: jobs(cli),
        fail_fast: args.fail_fast,
        no_cache: cli.global.no_cache,
    };
    let stdout = std::io::stdout();
    let mut reporter: Box<dyn Reporter> = match args.format {
        TestFormat::Human => Box::new(
            HumanReporter::new(
                Box::new(stdout) as Box<dyn Write>,
                use_color(cli.global.color),
            )
            .with_detail(match (cli.global.quiet, cli.global.verbose) {
                (true, _) => Detail::Quiet,
                (false, true) => Detail::Verbose,
                (false, false) => Detail::Normal,
            }),
        ),
        TestFormat::Json => Box::new(JsonReporter::new(stdout)),
    };
    let mut write_error = None;
    let note = status.note();
    let result = judge::judge(&context, &submission, &tests, &mut |event| {
        let outcome = reporter.event(event);
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
    if let Some(e) = write_error
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(Failure::judge(format!("cannot write the report: {e}")));
    }
    if let Some(mode) = record
        && !result.tests.is_empty()
    {
        let scope = if !args.tests.is_empty() {
            state::Scope::Some
        } else if tests.len() == challenge.tests.len() {
            state::Scope::All
        } else {
            state::Scope::Samples
        };
        state::record(&challenge, &result, mode, scope);
    }
    let code = match result.verdict {
        Verdict::AC => exit::OK,
        Verdict::JE => exit::JUDGE_ERROR,
        _ => exit::NOT_ACCEPTED,
    };
    Ok((code, result))
}

/// Kattis packages: derives the time limit when the package does not give it (running the
/// accepted submissions), and substitutes constants in the output validator.
pub(crate) fn kattis_hook(
    cli: &Cli,
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
            jobs: jobs(cli),
            fail_fast: true,
            no_cache: cli.global.no_cache,
        };
        let derived = kattis::derive_time_limit(&context, package).map_err(|e| match e {
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
