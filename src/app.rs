//! Running a parsed command line: resolve the flags once into `Settings`, call the command,
//! clean up, and turn how it ended into the exit code (`exit`). Each command lives in
//! `commands/`.

use crate::cli::{Cli, Command};
use crate::commands;
use crate::exit::{Exit, Failure};
use crate::settings::Settings;

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
        crate::sandbox::warm_up_cgroup_v1(cli.global.sandbox);
    }
    let settings = Settings::resolve(&cli.global);
    let settings = &settings;
    let result = match &cli.command {
        Command::Test(args) => commands::test::run(settings, args),
        Command::Lint(args) => commands::lint::run(settings, args),
        Command::Verify(args) => commands::verify::run(settings, args),
        Command::Bless(args) => commands::bless::run(settings, args),
        Command::New(args) => commands::new::run(settings, args),
        Command::Doctor => commands::doctor::run(settings),
        Command::Completions(args) => commands::completions::run(args),
        Command::Grade(args) => commands::grade::run(settings, args),
        Command::Merge(args) => commands::merge::run(settings, args),
        Command::List(args) => commands::list::run(settings, args),
        Command::Show(args) => commands::show::run(settings, args),
        Command::Start(args) => commands::start::run(settings, args),
        Command::Hint(args) => commands::hint::run(settings, args),
        Command::Run(args) => commands::run::run(settings, args),
        Command::Reset(args) => commands::start::reset(settings, args),
        Command::Solution(args) => commands::reference::run(settings, args),
        Command::History(args) => commands::history::run(settings, args),
        Command::Progress(args) => commands::progress::run(settings, args),
        Command::Watch(args) => commands::watch::run(settings, args),
        Command::Interview(args) => commands::interview::run(settings, args),
    };
    // Zygotes started ahead that no run took go now, and the hint for the next command is left;
    // every other zygote has exited (their executors are gone), so the cgroup v2 folder this
    // judge made for them, if any, can go.
    crate::runner::prestart::finish();
    crate::sandbox::cgroup::v2::release_base();
    // And the readable copies of challenge folders made for checkers, if any, and the judge's
    // own folder.
    crate::readable::remove_all();
    crate::sandbox::workdir::remove_judge_folder();
    ended(result).code()
}

/// How the command ended; a failure's message goes to stderr.
fn ended(result: Result<Exit, Failure>) -> Exit {
    match result {
        Ok(exit) => exit,
        Err(failure) => {
            let message = failure.to_string();
            if !message.is_empty() {
                eprintln!("{message}");
            }
            failure.exit()
        }
    }
}
