//! Running a parsed command line: resolve what the user named, call the pipeline, map every
//! failure to its exit code (cli.md). The only place that decides exit codes.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use crate::challenge::{self, Challenge};
use crate::cli::{Cli, ColorChoice, Command, LintArgs, TestArgs, TestFormat};
use crate::events::{Event, Reporter};
use crate::harness::Harness;
use crate::judge::{self, Context, JudgeError};
use crate::outcome::Verdict;
use crate::report::HumanReporter;
use crate::report::json::JsonReporter;
use crate::runner::SupervisedExecutor;
use crate::sandbox::{self, Mode};
use crate::submission::Submission;

/// Exit codes of cli.md.
pub mod exit {
    pub const OK: i32 = 0;
    pub const NOT_ACCEPTED: i32 = 1;
    pub const USAGE: i32 = 2;
    pub const SANDBOX: i32 = 3;
    pub const JUDGE_ERROR: i32 = 4;
    pub const INTERRUPTED: i32 = 130;
}

/// A failure that ends the command, with its exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            code: exit::USAGE,
            message: message.into(),
        }
    }

    pub fn judge(message: impl Into<String>) -> Failure {
        Failure {
            code: exit::JUDGE_ERROR,
            message: message.into(),
        }
    }
}

impl From<JudgeError> for Failure {
    fn from(error: JudgeError) -> Failure {
        match error {
            JudgeError::Interrupted => Failure {
                code: exit::INTERRUPTED,
                message: "interrupted: every running solution was stopped and its files removed"
                    .into(),
            },
            JudgeError::Io(e) => Failure::judge(format!("judge error: {e}")),
        }
    }
}

/// Runs the command; returns the exit code.
pub fn run(cli: Cli) -> i32 {
    crate::interrupt::install();
    let result = match &cli.command {
        Command::Test(args) => test(&cli, args),
        Command::Lint(args) => lint(&cli, args),
        Command::Doctor => doctor(&cli),
    };
    match result {
        Ok(code) => code,
        Err(failure) => {
            if !failure.message.is_empty() {
                eprintln!("{}", failure.message);
            }
            failure.code
        }
    }
}

/// Whether to colour what goes to stdout.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                false
            } else if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0")
            {
                true
            } else {
                std::io::stdout().is_terminal()
            }
        }
    }
}

fn load_harness(cli: &Cli) -> Result<Harness, Failure> {
    match &cli.global.harness {
        Some(path) => Harness::load(path).map_err(|d| Failure::usage(d.to_string())),
        None => Ok(Harness::builtin()),
    }
}

/// Loads the challenge a CHALLENGE argument names; definition errors exit 2.
pub fn load_challenge(cli: &Cli, argument: &str) -> Result<Challenge, Failure> {
    let path = crate::locate::find(argument, &cli.global.challenges).map_err(Failure::usage)?;
    challenge::load::load(&path).map_err(|d| Failure::usage(d.to_string()))
}

fn jobs(cli: &Cli) -> usize {
    cli.global.jobs.filter(|j| *j > 0).unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    })
}

/// The sandbox status, refusing under `--sandbox strict` when a layer is missing.
fn sandbox_status(cli: &Cli) -> Result<sandbox::Status, Failure> {
    let status = sandbox::Status::detect(cli.global.sandbox);
    if cli.global.sandbox == Mode::Strict && !status.missing().is_empty() {
        let reasons: Vec<String> = status
            .missing()
            .iter()
            .map(|l| match &l.state {
                sandbox::LayerState::Unavailable(why) => format!("  {}: {why}", l.name),
                _ => format!("  {}", l.name),
            })
            .collect();
        return Err(Failure {
            code: exit::SANDBOX,
            message: format!(
                "--sandbox strict: refusing to judge, these layers are unavailable:\n{}\n(see `livejudge doctor`)",
                reasons.join("\n")
            ),
        });
    }
    Ok(status)
}

fn test(cli: &Cli, args: &TestArgs) -> Result<i32, Failure> {
    let challenge = load_challenge(cli, &args.challenge)?;
    let harness = load_harness(cli)?;
    let solution = args
        .solution
        .clone()
        .unwrap_or_else(|| PathBuf::from(&challenge.id));
    if !solution.exists() {
        return Err(Failure::usage(format!(
            "no solution at {}: pass its path, or run `livejudge start {}` first",
            solution.display(),
            challenge.id
        )));
    }
    let submission = Submission::resolve(&solution, &challenge, &harness, args.lang.as_deref())
        .map_err(Failure::usage)?;
    let tests = select_tests(&challenge, args)?;
    let status = sandbox_status(cli)?;
    let executor = SupervisedExecutor::from_current_exe()
        .map_err(|e| Failure::judge(format!("cannot find the livejudge binary: {e}")))?;
    let context = Context {
        challenge: &challenge,
        harness: &harness,
        executor: &executor,
        sandbox: &status,
        jobs: jobs(cli),
        fail_fast: args.fail_fast,
    };
    let stdout = std::io::stdout();
    let mut reporter: Box<dyn Reporter> = match args.format {
        TestFormat::Human => Box::new(HumanReporter::new(
            Box::new(stdout) as Box<dyn Write>,
            use_color(cli.global.color),
        )),
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
    Ok(match result.verdict {
        Verdict::AC => exit::OK,
        Verdict::JE => exit::JUDGE_ERROR,
        _ => exit::NOT_ACCEPTED,
    })
}

fn select_tests<'c>(
    challenge: &'c Challenge,
    args: &TestArgs,
) -> Result<Vec<&'c crate::challenge::TestCase>, Failure> {
    if !args.tests.is_empty() {
        let mut chosen = Vec::new();
        for name in &args.tests {
            let test = challenge
                .tests
                .iter()
                .find(|t| &t.name == name)
                .ok_or_else(|| {
                    let names: Vec<&str> =
                        challenge.tests.iter().map(|t| t.name.as_str()).collect();
                    Failure::usage(format!(
                        "challenge `{}` has no test `{name}`; its tests: {}",
                        challenge.id,
                        names.join(", ")
                    ))
                })?;
            chosen.push(test);
        }
        return Ok(chosen);
    }
    Ok(if args.all {
        challenge.tests.iter().collect()
    } else {
        challenge.default_selection()
    })
}

fn lint(cli: &Cli, args: &LintArgs) -> Result<i32, Failure> {
    let roots: Vec<PathBuf> = if args.paths.is_empty() {
        crate::locate::challenge_path(&cli.global.challenges)
            .into_iter()
            .filter(|p| p.is_dir())
            .collect()
    } else {
        args.paths.clone()
    };
    let mut errors = 0;
    let mut warnings = 0;
    let mut checked = 0;
    for root in &roots {
        if !root.exists() {
            return Err(Failure::usage(format!(
                "{}: no such file or folder",
                root.display()
            )));
        }
        for dir in crate::locate::challenges_under(root) {
            checked += 1;
            let (_, diagnostics) = challenge::load::load_with_warnings(&dir);
            for d in &diagnostics {
                eprintln!("{d}");
            }
            errors += diagnostics.iter().filter(|d| d.is_error()).count();
            warnings += diagnostics.iter().filter(|d| !d.is_error()).count();
        }
    }
    if checked == 0 {
        return Err(Failure::usage("no challenge found to lint"));
    }
    if !cli.global.quiet {
        println!("{checked} challenge(s) checked: {errors} error(s), {warnings} warning(s)");
    }
    Ok(if errors > 0 { exit::USAGE } else { exit::OK })
}

fn doctor(cli: &Cli) -> Result<i32, Failure> {
    let status = sandbox::Status::detect(cli.global.sandbox);
    let harness = load_harness(cli)?;
    println!("sandbox layers ({}):", status.info().level);
    for layer in &status.layers {
        let state = match &layer.state {
            sandbox::LayerState::Active => "active".to_string(),
            sandbox::LayerState::Unavailable(why) => format!("unavailable — {why}"),
            sandbox::LayerState::Off => "off".to_string(),
        };
        println!("  {:<10} {state}", layer.name);
    }
    if let Some((uid, gid)) = status.run_as {
        println!("  solutions run as uid {uid}, gid {gid} (the judge is root)");
    }
    println!("languages ({}):", harness.source);
    for language in &harness.languages {
        let program = language
            .compile
            .as_ref()
            .and_then(|c| c.first())
            .unwrap_or(&language.run[0]);
        let state = match crate::harness::which(program) {
            Some(path) => version_of(language).unwrap_or_else(|| path.display().to_string()),
            None => format!("missing (`{program}` not found on {})", judge::BASE_PATH),
        };
        println!("  {:<10} {state}", language.name);
    }
    Ok(exit::OK)
}

fn version_of(language: &crate::harness::Language) -> Option<String> {
    let words = language.version.as_ref()?;
    let output = std::process::Command::new(&words[0])
        .args(&words[1..])
        .env("PATH", judge::BASE_PATH)
        .stdin(std::process::Stdio::null())
        .output()
        .ok()?;
    let text = if output.stdout.is_empty() {
        output.stderr
    } else {
        output.stdout
    };
    String::from_utf8_lossy(&text)
        .lines()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_string())
}
