//! Running a parsed command line: resolve what the user named, call the pipeline, map every
//! failure to its exit code (cli.md). The only place that decides exit codes; each command lives
//! in `commands/`.

use std::io::IsTerminal;

use crate::challenge::{self, Challenge};
use crate::cli::{Cli, ColorChoice, Command};
use crate::commands;
use crate::harness::Harness;
use crate::judge::JudgeError;
use crate::sandbox::{self, Mode};

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

impl From<crate::prepare::PrepareError> for Failure {
    fn from(error: crate::prepare::PrepareError) -> Failure {
        use crate::prepare::PrepareError;
        match error {
            PrepareError::NoTimeLimit(e) => Failure::usage(e.to_string()),
            PrepareError::Judge(error) => error.into(),
            other => Failure::judge(other.to_string()),
        }
    }
}

/// Runs the command; returns the exit code.
pub fn run(cli: Cli) -> i32 {
    // Commands that run solutions turn Ctrl-C (and SIGTERM) into a clean stop: every run killed,
    // its files removed, exit 130. The others keep the signals' default effect.
    if matches!(
        cli.command,
        Command::Test(_)
            | Command::Verify(_)
            | Command::Bless(_)
            | Command::New(_)
            | Command::Grade(_)
            | Command::Watch(_)
            | Command::Interview(_)
            | Command::Run(_)
    ) {
        crate::interrupt::install();
    }
    let result = match &cli.command {
        Command::Test(args) => commands::test::run(&cli, args),
        Command::Lint(args) => commands::lint::run(&cli, args),
        Command::Verify(args) => commands::verify::run(&cli, args),
        Command::Bless(args) => commands::bless::run(&cli, args),
        Command::New(args) => commands::new::run(&cli, args),
        Command::Doctor => commands::doctor::run(&cli),
        Command::Completions(args) => commands::completions::run(args),
        Command::Grade(args) => commands::grade::run(&cli, args),
        Command::Merge(args) => commands::merge::run(&cli, args),
        Command::List(args) => commands::list::run(&cli, args),
        Command::Show(args) => commands::show::run(&cli, args),
        Command::Start(args) => commands::start::run(&cli, args),
        Command::Hint(args) => commands::hint::run(&cli, args),
        Command::Run(args) => commands::run::run(&cli, args),
        Command::Reset(args) => commands::start::reset(&cli, args),
        Command::Solution(args) => commands::reference::run(&cli, args),
        Command::History(args) => commands::history::run(&cli, args),
        Command::Progress(args) => commands::progress::run(&cli, args),
        Command::Watch(args) => commands::watch::run(&cli, args),
        Command::Interview(args) => commands::interview::run(&cli, args),
    };
    // Every zygote has exited by now (their executors are gone): the cgroup v2 folder this
    // judge made for them, if any, can go.
    crate::sandbox::cgroup::v2::release_base();
    // And the readable copies of challenge folders made for checkers, if any, and the judge's
    // own folder.
    crate::readable::remove_all();
    crate::sandbox::workdir::remove_judge_folder();
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

/// Writes `text` to stdout and flushes it. A reader that went away (`livejudge list | head`)
/// is not an error; any other write failure is a judge error. Never panics, unlike `print!`.
pub fn print_out(text: &str) -> Result<(), Failure> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::judge(format!("cannot write to stdout: {e}")))
        }
        _ => Ok(()),
    }
}

pub fn load_harness(cli: &Cli) -> Result<Harness, Failure> {
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

pub fn jobs(cli: &Cli) -> usize {
    cli.global.jobs.filter(|j| *j > 0).unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    })
}

/// Opens the challenge a CHALLENGE argument names, with what its format needs to judge it;
/// definition errors exit 2.
pub fn open_challenge(cli: &Cli, argument: &str) -> Result<challenge::Loaded, Failure> {
    let path = crate::locate::find(argument, &cli.global.challenges).map_err(Failure::usage)?;
    challenge::open(&path).map_err(|d| Failure::usage(d.to_string()))
}

/// The binary that supervises runs: this one, unless `$LIVEJUDGE_SUPERVISOR` names another.
pub fn supervisor_path() -> Result<std::path::PathBuf, Failure> {
    match std::env::var_os("LIVEJUDGE_SUPERVISOR") {
        Some(path) => Ok(path.into()),
        None => std::env::current_exe()
            .map_err(|e| Failure::judge(format!("cannot find the livejudge binary: {e}"))),
    }
}

/// The sandbox status, refusing under `--sandbox strict` when a layer is missing.
pub fn sandbox_status(cli: &Cli) -> Result<sandbox::Status, Failure> {
    let status =
        sandbox::Status::detect(cli.global.sandbox, &supervisor_path()?, cli.global.run_as);
    // Runs of a root judge without a view reach their folders on the machine, as another user.
    sandbox::workdir::runs_traverse_judge_folder(status.run_as.is_some() && !status.view);
    // Under strict, a layer turned off on purpose (LIVEJUDGE_SKIP_LAYERS) is missing too.
    let missing = status.missing_or_off();
    if cli.global.sandbox == Mode::Strict && !missing.is_empty() {
        let reasons: Vec<String> = missing
            .iter()
            .map(|l| match &l.state {
                sandbox::LayerState::Unavailable(why) => format!("  {}: {why}", l.name),
                _ => format!("  {}: turned off (LIVEJUDGE_SKIP_LAYERS)", l.name),
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
