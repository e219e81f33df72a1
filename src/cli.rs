//! The command line as the user typed it (clap derive), the first of two stages: nothing is
//! resolved here (`settings` resolves the global flags once, for every command).

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::challenge::{Category, Difficulty};
use crate::partition::Partition;
use crate::report::outputs::FormatSpec;
use crate::sandbox::SandboxMode;

#[derive(Debug, Parser)]
#[command(
    name = "livejudge",
    version,
    about = "A judge for live-coding challenges: run a solution in a sandbox, compare, explain.",
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags accepted before or after the command.
#[derive(Debug, Args, Clone)]
pub struct Global {
    /// When to colour the output (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print less: only failures and the summary.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print more: every test's message, even when it passed.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// A folder of challenges to search first (repeatable).
    #[arg(long = "challenges", global = true, value_name = "DIR")]
    pub challenges: Vec<PathBuf>,
    /// A language table replacing the built-in harness/languages.toml.
    #[arg(long, global = true, value_name = "FILE")]
    pub harness: Option<PathBuf>,
    /// Sandbox layers: use what is there (auto), refuse when one is missing (strict), or only
    /// the folder, limits and teardown (off).
    #[arg(long, global = true, value_enum, default_value_t = SandboxMode::Auto)]
    pub sandbox: SandboxMode,
    /// Tests run at once (default: the number of cores).
    #[arg(short = 'j', long = "jobs", global = true, value_name = "N")]
    pub jobs: Option<usize>,
    /// Compile without the compile cache (neither read nor written).
    #[arg(long, global = true)]
    pub no_cache: bool,
    /// Kattis packages without a given time limit: derive it again from the accepted
    /// submissions instead of taking the one derived before (it is cached per package content,
    /// harness and machine).
    #[arg(long, global = true)]
    pub rederive: bool,
    /// When the judge is root: the unprivileged user (and group) solutions run as, `UID[:GID]`
    /// (default 65534:65534; never 0).
    #[arg(long, global = true, value_name = "UID[:GID]", value_parser = parse_run_as)]
    pub run_as: Option<(u32, u32)>,
}

impl Cli {
    /// Parses the process's arguments, accepting `--format` before the command too (cli.md: a
    /// global flag where the command has machine output). clap cannot say this itself: a
    /// `global = true` flag has one type for every command, while `--format` is `human|json`
    /// for `test`, repeatable `FORMAT[=PATH]` for `grade`, and refused by commands without
    /// machine output, each with clap's own message; so `hoist_format` moves it after the
    /// command, where that command's own `--format` reads it.
    pub fn parse_args() -> Cli {
        Cli::parse_from(hoist_format(std::env::args_os().collect()))
    }
}

/// Global flags that take a value as the next argument (`--flag VALUE`, `-j N`), read from the
/// clap definition so a new global flag needs no second list.
fn valued_globals() -> Vec<String> {
    use clap::CommandFactory;
    let command = Cli::command();
    let mut flags = Vec::new();
    for arg in command.get_arguments() {
        if !arg.is_global_set() || !arg.get_action().takes_values() {
            continue;
        }
        flags.extend(arg.get_long().map(|l| format!("--{l}")));
        flags.extend(arg.get_short().map(|c| format!("-{c}")));
    }
    flags
}

/// Moves every `--format F` (or `--format=F`) written before the command to just after it,
/// where the command's own `--format` reads it. A command without machine output then rejects
/// it as usual. Arguments after the command are left as they are.
pub fn hoist_format(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut before = Vec::new();
    let mut formats = Vec::new();
    let valued = valued_globals();
    let mut iter = args.into_iter();
    // The program name.
    before.extend(iter.next());
    while let Some(arg) = iter.next() {
        let text = arg.to_string_lossy().into_owned();
        if text == "--format" {
            formats.push(arg);
            formats.extend(iter.next());
        } else if text.starts_with("--format=") {
            formats.push(arg);
        } else if valued.contains(&text) {
            before.push(arg);
            before.extend(iter.next());
        } else if text.starts_with('-') {
            before.push(arg);
        } else {
            // The command: the hoisted formats follow it.
            before.push(arg);
            before.append(&mut formats);
            before.extend(iter);
            return before;
        }
    }
    // No command: leave them for clap to report.
    before.extend(formats);
    before
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    Human,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    // Learners.
    /// List the challenges with category, difficulty, minutes and your status.
    List(ListArgs),
    /// Show a challenge: its statement, samples, limits, languages and hints.
    Show(ShowArgs),
    /// Write a workspace for a challenge: its starter, or a minimal entry file.
    Start(StartArgs),
    /// Judge a solution on a challenge's samples (or every test with --all).
    Test(TestArgs),
    /// Judge again each time a file of the solution changes; q or Ctrl-C quits.
    Watch(WatchArgs),
    /// Reveal the next hint of a challenge (and record that it was used); --again re-reads.
    Hint(HintArgs),
    /// Run a solution on your own input in the sandbox and show what it printed.
    Run(RunArgs),
    /// Put the starter back in the workspace, keeping your files as FILE.bak.
    Reset(ResetArgs),
    /// Show the reference solution of a solved challenge (or with --force, recorded).
    Solution(SolutionArgs),
    /// A timed session on an unsolved challenge: start, statement, countdown, re-judge on save.
    Interview(InterviewArgs),
    /// Your past attempts (at every challenge, or at one).
    History(HistoryArgs),
    /// Solved and attempted per category and difficulty, the weakest category, what to take next.
    Progress(ProgressArgs),
    // Instructors.
    /// Scaffold a complete challenge folder that passes `lint` and `verify` as created.
    New(NewArgs),
    /// Check challenge definitions without running anything.
    Lint(LintArgs),
    /// Lint, then prove every reference solution, starter and known submission gets its verdict.
    Verify(VerifyArgs),
    /// Rewrite file-based expectations from the reference solution, showing what changed.
    Bless(BlessArgs),
    // CI grading.
    /// CI grading: judge every submission on every test, in human, json, junit, github or csv.
    Grade(GradeArgs),
    /// Merge the JSON grade documents of partitioned `grade` runs into one.
    Merge(MergeArgs),
    // Everyone.
    /// Show the sandbox layers available here and the languages of the harness.
    Doctor,
    /// Print shell completions for SHELL (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
}

#[derive(Debug, Args, Clone)]
pub struct TestArgs {
    /// A challenge id, or a path to a challenge folder or its challenge.toml.
    pub challenge: String,
    /// The solution: a file, or a folder holding the entry file (default: ./CHALLENGE-ID/).
    pub solution: Option<PathBuf>,
    /// Run every test, not only the samples.
    #[arg(long)]
    pub all: bool,
    /// Run only this test (repeatable).
    #[arg(long = "test", value_name = "NAME")]
    pub tests: Vec<String>,
    /// Stop at the first test that does not pass.
    #[arg(long)]
    pub fail_fast: bool,
    /// The solution's language (default: from its extension or #! line).
    #[arg(long, value_name = "L")]
    pub lang: Option<String>,
    /// Also lay the test's working folder out in DIR (a new or empty folder), with its stdin
    /// and a run.sh, to run it by hand (one test: with --test NAME).
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    pub format: TestFormat,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Challenge folders, challenge.toml files, or folders of challenges (default: the
    /// challenge path).
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Challenge folders, challenge.toml files, or folders of challenges (default: the
    /// challenge path). Several challenges are verified in parallel (-j).
    pub paths: Vec<PathBuf>,
    /// Kattis packages: judge with this time limit (seconds, or a duration like "1.5s",
    /// "500ms") instead of the package's or the one derived from its accepted submissions.
    #[arg(long, value_name = "DURATION", value_parser = parse_time_limit)]
    pub time_limit: Option<std::time::Duration>,
}

/// A time limit: a number of seconds (as problemtools' `-t`), or a duration (`1.5s`, `500ms`).
fn parse_time_limit(text: &str) -> Result<std::time::Duration, String> {
    match text.trim().parse::<f64>() {
        Ok(seconds) if seconds.is_finite() && seconds > 0.0 && seconds < 1e6 => {
            Ok(std::time::Duration::from_secs_f64(seconds))
        }
        Ok(_) => Err(format!(
            "`{text}` is not a time limit: it must be a positive number of seconds"
        )),
        Err(_) => crate::challenge::units::parse_duration(text).map_err(|e| e.to_string()),
    }
}

#[derive(Debug, Args)]
pub struct BlessArgs {
    /// A challenge id, or a path to a challenge folder or its challenge.toml.
    pub challenge: String,
    /// Bless only this test (repeatable; default: every test with a file expectation).
    #[arg(long = "test", value_name = "NAME")]
    pub tests: Vec<String>,
    /// Use the reference solution in this language (default: the first in solution/).
    #[arg(long, value_name = "L")]
    pub lang: Option<String>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The challenge id: lowercase letters, digits and `-`, at most 64 characters.
    pub id: String,
    /// scripting, debugging, data-structures, systems or live-coding.
    #[arg(long, value_name = "C", default_value = "scripting")]
    pub category: String,
    /// The folder to create the challenge in (default: the first --challenges DIR, else
    /// ./challenges when it exists, else the current folder).
    #[arg(long, value_name = "DIR")]
    pub into: Option<PathBuf>,
}

/// `UID[:GID]` for `--run-as`; the group defaults to the uid; root is refused.
fn parse_run_as(text: &str) -> Result<(u32, u32), String> {
    let (uid, gid) = match text.split_once(':') {
        Some((uid, gid)) => (uid, gid),
        None => (text, text),
    };
    let number = |s: &str| {
        s.trim()
            .parse::<u32>()
            .map_err(|_| format!("`{text}` is not UID[:GID] (numbers, e.g. 65534 or 1500:1500)"))
    };
    let ids = (number(uid)?, number(gid)?);
    if ids.0 == 0 || ids.1 == 0 {
        return Err("solutions never run as root: pick a uid and gid other than 0".into());
    }
    Ok(ids)
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `--category C`: one of the five categories (a usage error lists them).
fn parse_category(text: &str) -> Result<Category, String> {
    Category::parse(text).ok_or_else(|| {
        let names: Vec<&str> = Category::ALL.iter().map(|c| c.name()).collect();
        format!("`{text}` is not a category; valid: {}", names.join(", "))
    })
}

/// `--difficulty D`: easy, medium or hard (a usage error lists them).
fn parse_difficulty(text: &str) -> Result<Difficulty, String> {
    Difficulty::parse(text).ok_or_else(|| {
        let names: Vec<&str> = Difficulty::ALL.iter().map(|d| d.name()).collect();
        format!("`{text}` is not a difficulty; valid: {}", names.join(", "))
    })
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this category: scripting, debugging, data-structures, systems, live-coding.
    #[arg(long, value_name = "C", value_parser = parse_category)]
    pub category: Option<Category>,
    /// Only this difficulty: easy, medium, hard.
    #[arg(long, value_name = "D", value_parser = parse_difficulty)]
    pub difficulty: Option<Difficulty>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    pub format: TestFormat,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A challenge id, or a path to a challenge folder or its challenge.toml.
    pub challenge: String,
}

#[derive(Debug, Args)]
pub struct StartArgs {
    /// A challenge id, or a path to a challenge folder or its challenge.toml.
    pub challenge: String,
    /// The language to start in (when the starter holds several, or there is none).
    #[arg(long, value_name = "L")]
    pub lang: Option<String>,
    /// The workspace folder (default: ./CHALLENGE-ID/).
    #[arg(long, value_name = "DIR")]
    pub into: Option<PathBuf>,
    /// Replace files that differ from the starter, keeping each old one as FILE.bak.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct HintArgs {
    /// A challenge id, or a path to a challenge folder or its challenge.toml.
    pub challenge: String,
    /// Show the hints revealed so far again, without revealing another.
    #[arg(long)]
    pub again: bool,
}

#[derive(Debug, Args)]
pub struct ResetArgs {
    /// A challenge id, or a path to a challenge folder or its challenge.toml.
    pub challenge: String,
    /// The language of the starter to restore (default: that of the workspace).
    #[arg(long, value_name = "L")]
    pub lang: Option<String>,
    /// The workspace (default: the one `start` recorded, else ./CHALLENGE-ID/).
    #[arg(long, value_name = "DIR")]
    pub into: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only the attempts at this challenge (an id or a path).
    pub challenge: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    pub format: TestFormat,
}

#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    pub format: TestFormat,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// A challenge id, or a path to a challenge folder or its challenge.toml.
    pub challenge: String,
    /// The solution: a file, or a folder holding the entry file (default: the workspace of
    /// `start`, ./CHALLENGE-ID/).
    pub solution: Option<PathBuf>,
    /// Run every test, not only the samples.
    #[arg(long)]
    pub all: bool,
    /// The solution's language (default: from its extension or #! line).
    #[arg(long, value_name = "L")]
    pub lang: Option<String>,
}

#[derive(Debug, Args)]
pub struct InterviewArgs {
    /// Only this category: scripting, debugging, data-structures, systems, live-coding.
    #[arg(long, value_name = "C", value_parser = parse_category)]
    pub category: Option<Category>,
    /// Only this difficulty: easy, medium, hard.
    #[arg(long, value_name = "D", value_parser = parse_difficulty)]
    pub difficulty: Option<Difficulty>,
    /// Time allowed (default: the challenge's `minutes`, else 30); fractions are allowed.
    #[arg(long, value_name = "M", allow_negative_numbers = true)]
    pub minutes: Option<f64>,
    /// Pick at random among the matching unsolved challenges, reproducibly for a seed.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// The language to start in (when the starter holds several, or there is none).
    #[arg(long, value_name = "L")]
    pub lang: Option<String>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// A challenge id, or a path to a challenge folder or its challenge.toml.
    pub challenge: String,
    /// The solution: a file, or a folder holding the entry file (default: the workspace).
    pub solution: Option<PathBuf>,
    /// The solution's stdin: a file, or `-` for livejudge's own stdin (default: empty).
    #[arg(long, value_name = "FILE|-")]
    pub stdin: Option<PathBuf>,
    /// Run in the working folder of this test, with its files and environment (default: an
    /// empty folder).
    #[arg(long = "files-of", value_name = "TEST")]
    pub files_of: Option<String>,
    /// The solution's language (default: from its extension or #! line).
    #[arg(long, value_name = "L")]
    pub lang: Option<String>,
    /// Arguments for the solution, after `--`.
    #[arg(last = true, value_name = "ARGS")]
    pub args: Vec<String>,
}

/// `livejudge solution CHALLENGE [--force]`.
#[derive(Debug, Args)]
pub struct SolutionArgs {
    /// A challenge id, or a path to a challenge folder or its challenge.toml.
    pub challenge: String,
    /// Show it before solving the challenge (recorded in your progress).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct GradeArgs {
    /// A challenge id, or a path to a challenge folder, its challenge.toml, or a Kattis package.
    /// With --class or --roster, every argument is a challenge (default: every challenge
    /// folder of the class).
    #[arg(required_unless_present_any = ["class", "roster"], value_name = "CHALLENGE")]
    pub challenge: Option<String>,
    /// Submissions: files, solution folders, or folders of submissions (expanded one level: a
    /// folder without the challenge's entry file holds one submission per entry).
    #[arg(required_unless_present_any = ["class", "roster"], value_name = "SUBMISSION")]
    pub submissions: Vec<PathBuf>,
    /// human (default), json, junit, github, csv, gradebook (CSV) or gradebook-md; FORMAT=PATH
    /// writes it to PATH (repeatable; at most one without a path).
    #[arg(long = "format", value_name = "FORMAT[=PATH]")]
    pub formats: Vec<FormatSpec>,
    /// Where the format without a path goes (default: stdout).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Grade only the K-th of N slices of the submissions (ordered by path; K counts from 1).
    #[arg(long, value_name = "K/N")]
    pub partition: Option<Partition>,
    /// Slices of --partition balanced by the time each submission took in this earlier grade
    /// document, instead of by count.
    #[arg(long, value_name = "FROM.json", requires = "partition")]
    pub balance: Option<PathBuf>,
    /// A class: SUBMISSIONS/<student>/<challenge>/, one folder per student and challenge.
    #[arg(long, value_name = "SUBMISSIONS", conflicts_with = "roster")]
    pub class: Option<PathBuf>,
    /// A class roster: `student,challenge,path` lines (paths relative to the roster file).
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// What of hidden tests (sample = false) the reports show: none (verdicts and points only)
    /// or hidden (their messages, diffs and stderr too).
    #[arg(long, value_enum, default_value_t = Reveal::None)]
    pub reveal: Reveal,
    /// Leave out everything that differs between two runs of the same inputs (times, memory,
    /// start time, machine), so that the documents are byte-identical.
    #[arg(long)]
    pub no_timings: bool,
    /// Re-run a test that got TLE or MLE alone, up to N times, before accepting the verdict.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub retry_tle: u32,
    /// Once a submission's tests have taken this long in all (e.g. 10s), its remaining tests
    /// are not run (verdict TLE, detail `budget`, no points).
    #[arg(long, value_name = "DURATION", value_parser = crate::challenge::units::parse_duration)]
    pub submission_budget: Option<Duration>,
}

/// What of hidden tests the reports show (`--reveal`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Reveal {
    /// Verdicts, details and points only.
    None,
    /// Messages, diffs and stderr tails of hidden tests too.
    Hidden,
}

impl Reveal {
    pub fn name(self) -> &'static str {
        match self {
            Reveal::None => "none",
            Reveal::Hidden => "hidden",
        }
    }
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Grade documents (`livejudge grade --format json`), one per partition.
    #[arg(required = true, value_name = "RESULT.json")]
    pub files: Vec<PathBuf>,
    /// json (default), human, junit, github or csv; FORMAT=PATH writes it to PATH
    /// (repeatable; at most one without a path).
    #[arg(long = "format", value_name = "FORMAT[=PATH]")]
    pub formats: Vec<FormatSpec>,
    /// Where the format without a path goes (default: stdout).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Merge even when some partition K/N is missing (a warning names it).
    #[arg(long)]
    pub allow_partial: bool,
    /// What of hidden tests the reports show: none, or hidden (only if the documents merged
    /// were graded with `--reveal hidden`).
    #[arg(long, value_enum, default_value_t = Reveal::None)]
    pub reveal: Reveal,
    /// Leave out times, memory, start time and machine (as `grade --no-timings`).
    #[arg(long)]
    pub no_timings: bool,
}

#[cfg(test)]
mod hoisting_tests {
    use super::hoist_format;

    fn hoisted(args: &[&str]) -> Vec<String> {
        hoist_format(args.iter().map(Into::into).collect())
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn format_before_the_command_moves_after_it() {
        assert_eq!(
            hoisted(&["lj", "--format", "json", "-j", "2", "test", "x", "y"]),
            ["lj", "-j", "2", "test", "--format", "json", "x", "y"]
        );
        assert_eq!(
            hoisted(&[
                "lj",
                "--color",
                "never",
                "--format=junit",
                "grade",
                "c",
                "s"
            ]),
            [
                "lj",
                "--color",
                "never",
                "grade",
                "--format=junit",
                "c",
                "s"
            ]
        );
    }

    #[test]
    fn the_valued_global_flags_come_from_the_definition() {
        let flags = super::valued_globals();
        for flag in [
            "--color",
            "--challenges",
            "--harness",
            "--sandbox",
            "-j",
            "--jobs",
            "--run-as",
        ] {
            assert!(flags.iter().any(|f| f == flag), "{flag}: {flags:?}");
        }
        assert!(
            !flags.iter().any(|f| f == "--quiet" || f == "-q"),
            "{flags:?}"
        );
    }

    #[test]
    fn arguments_after_the_command_and_flag_values_stay() {
        let args = ["lj", "--challenges", "test", "list", "--format", "json"];
        assert_eq!(hoisted(&args), args);
        assert_eq!(
            hoisted(&["lj", "--format", "json"]),
            ["lj", "--format", "json"]
        );
    }
}
