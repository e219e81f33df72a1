//! The command line resolved once (the second stage after clap, as ripgrep's `HiArgs`): colour,
//! verbosity, jobs, the challenge path, the harness and the sandbox, handed to every command.
//!
//! What is cheap and cannot fail is decided up front; what can fail or takes time (loading the
//! harness, probing the sandbox) is resolved the first time a command asks and kept, so that
//! `list` or `completions` never pay for it and a bad `--harness` only stops commands that use
//! it, with the same message as before.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::challenge::{self, Challenge};
use crate::cli::{ColorChoice, Global};
use crate::diagnostic::Diagnostics;
use crate::exit::Failure;
use crate::harness::Harness;
use crate::listing::{Listed, ListingCache};
use crate::runner::{SupervisedExecutor, prestart};
use crate::sandbox::{self, SandboxMode};

/// Every global flag resolved; commands read it instead of the raw command line.
#[derive(Debug)]
pub struct Settings {
    /// Whether what goes to stdout is coloured.
    pub color: bool,
    /// `-q`: only failures and the summary.
    pub quiet: bool,
    /// `-v`: every test's message, even when it passed.
    pub verbose: bool,
    /// Tests run at once.
    pub jobs: usize,
    /// `--no-cache`: compile without the compile cache.
    pub no_cache: bool,
    /// `--rederive`: derive Kattis time limits again.
    pub rederive: bool,
    /// The `--challenges` folders, searched first.
    pub challenges: Vec<PathBuf>,
    /// `--harness FILE`, when given (provenance records it).
    pub harness_file: Option<PathBuf>,
    /// `--sandbox`.
    pub sandbox_mode: SandboxMode,
    /// `--run-as UID[:GID]`.
    pub run_as: Option<(u32, u32)>,
    harness: OnceLock<Harness>,
    sandbox: OnceLock<sandbox::SandboxStatus>,
    /// How many judge threads the command will use for a solution's runs, when it knows
    /// (`expect_workers`): no more zygotes than that are started ahead.
    workers: OnceLock<usize>,
}

impl Settings {
    /// Resolves the global flags; nothing here fails or touches more than the environment.
    pub fn resolve(global: &Global) -> Settings {
        Settings {
            color: use_color(global.color),
            quiet: global.quiet,
            verbose: global.verbose,
            jobs: global.jobs.filter(|j| *j > 0).unwrap_or_else(|| {
                std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(1)
            }),
            no_cache: global.no_cache,
            rederive: global.rederive,
            challenges: global.challenges.clone(),
            harness_file: global.harness.clone(),
            sandbox_mode: global.sandbox,
            run_as: global.run_as,
            harness: OnceLock::new(),
            sandbox: OnceLock::new(),
            workers: OnceLock::new(),
        }
    }

    /// The language table: `--harness FILE`, else the built-in one; an invalid file is a usage
    /// error.
    pub fn harness(&self) -> Result<&Harness, Failure> {
        if let Some(harness) = self.harness.get() {
            return Ok(harness);
        }
        let harness = match &self.harness_file {
            Some(path) => Harness::load(path).map_err(|d| Failure::usage(d.to_string()))?,
            None => Harness::builtin(),
        };
        Ok(self.harness.get_or_init(|| harness))
    }

    /// Says, before the sandbox is probed, that the command judges `tests` tests of one
    /// solution: it will use at most that many judge threads (and `-j`), so at most that many
    /// zygotes are started ahead (a hint from a `grade` on a many-core machine would otherwise
    /// start dozens for a one-test `test`).
    pub fn expect_workers(&self, tests: usize) {
        let _ = self.workers.set(self.workers_for(tests));
    }

    /// The judge threads a judging of `tests` tests uses: one per test, up to `-j`.
    fn workers_for(&self, tests: usize) -> usize {
        self.jobs.clamp(1, tests.max(1))
    }

    /// The sandbox status, probed once; under `--sandbox strict` a missing layer refuses.
    pub fn sandbox(&self) -> Result<&sandbox::SandboxStatus, Failure> {
        if let Some(status) = self.sandbox.get() {
            return Ok(status);
        }
        let status = self.probe_sandbox()?;
        Ok(self.sandbox.get_or_init(|| status))
    }

    fn probe_sandbox(&self) -> Result<sandbox::SandboxStatus, Failure> {
        // The zygotes the last command's solutions used start while the probe runs; they are
        // kept only if the probe asks for the same kind (`runner::prestart`).
        let context = prestart::context(self.sandbox_mode);
        let hint_file = crate::compile::cache_root().map(|root| root.join(prestart::HINT_FILE));
        let hinted = hint_file
            .as_deref()
            .and_then(|file| prestart::remembered(file, &context));
        if let Some(hint) = &hinted {
            prestart::start(hint, self.workers.get().copied().unwrap_or(self.jobs));
        }
        let status =
            sandbox::SandboxStatus::detect(self.sandbox_mode, &supervisor_path()?, self.run_as);
        // Runs of a root judge without a view reach their folders on the machine, as another user.
        sandbox::workdir::runs_traverse_judge_folder(status.run_as.is_some() && !status.view)
            .map_err(|e| Failure::judge(format!("cannot open the judge's folder to runs: {e}")))?;
        let kind = crate::runner::ZygoteKind::for_solutions(&status);
        prestart::keep_if(kind);
        if let Some(file) = hint_file {
            prestart::follow(file, context, kind, hinted, self.jobs);
        }
        // Under strict, a layer turned off on purpose (LIVEJUDGE_SKIP_LAYERS) is missing too.
        let missing = status.missing_or_off();
        if self.sandbox_mode == SandboxMode::Strict && !missing.is_empty() {
            let reasons: Vec<String> = missing
                .iter()
                .map(|l| match &l.state {
                    sandbox::LayerState::Unavailable(why) => format!("  {}: {why}", l.layer),
                    _ => format!("  {}: turned off (LIVEJUDGE_SKIP_LAYERS)", l.layer),
                })
                .collect();
            return Err(Failure::Sandbox(format!(
                "--sandbox strict: refusing to judge, these layers are unavailable:\n{}\n(see `livejudge doctor`)",
                reasons.join("\n")
            )));
        }
        Ok(status)
    }

    /// In a session that judges again and again (`watch`, `interview`): starts the zygotes the
    /// next judging of `tests` tests will need for its solution's runs, while the learner edits.
    pub fn ready_for_another_judging(&self, tests: usize) {
        if let Some(status) = self.sandbox.get() {
            let kind = crate::runner::ZygoteKind::for_solutions(status);
            prestart::start_for(kind, self.workers_for(tests));
        }
    }

    /// What runs solutions: run supervisors forked from this binary.
    pub fn executor(&self) -> Result<SupervisedExecutor, Failure> {
        SupervisedExecutor::from_current_exe()
            .map_err(|e| Failure::judge(format!("cannot find the livejudge binary: {e}")))
    }

    /// The folders searched for challenge ids, in order.
    pub fn challenge_path(&self) -> Vec<PathBuf> {
        crate::locate::challenge_path(&self.challenges)
    }

    /// The folder (or file) a CHALLENGE argument names; one that names nothing is a usage error.
    pub fn find_challenge(&self, argument: &str) -> Result<PathBuf, Failure> {
        crate::locate::find(argument, &self.challenges).map_err(Failure::usage)
    }

    /// The challenges that PATH arguments name (default: the challenge path), each root searched
    /// one level down. A PATH that does not exist or holds no challenge is a usage error.
    pub fn challenge_dirs(&self, paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
        let defaulted = paths.is_empty();
        let roots: Vec<PathBuf> = if defaulted {
            self.challenge_path()
                .into_iter()
                .filter(|p| p.is_dir())
                .collect()
        } else {
            paths.to_vec()
        };
        let mut dirs = Vec::new();
        for root in &roots {
            if !root.exists() {
                return Err(Failure::usage(format!(
                    "{}: no such file or folder",
                    root.display()
                )));
            }
            let found = crate::locate::challenges_under(root);
            if found.is_empty() && !defaulted {
                return Err(Failure::usage(format!(
                    "{}: no challenge here (no challenge.toml or problem.yaml in it or one level down)",
                    root.display()
                )));
            }
            dirs.extend(found);
        }
        if dirs.is_empty() {
            return Err(Failure::usage(
                "no challenge found in the challenge path; pass a PATH (a challenge folder or a folder of challenges)",
            ));
        }
        Ok(dirs)
    }

    /// Opens the challenge a CHALLENGE argument names, with what its format needs to judge it;
    /// definition errors are usage errors.
    pub fn open_challenge(&self, argument: &str) -> Result<challenge::Loaded, Failure> {
        let path = self.find_challenge(argument)?;
        challenge::open(&path).map_err(|d| Failure::usage(d.to_string()))
    }

    /// Loads the challenge a CHALLENGE argument names; definition errors are usage errors.
    pub fn load_challenge(&self, argument: &str) -> Result<Challenge, Failure> {
        let path = self.find_challenge(argument)?;
        challenge::load::load(&path).map_err(|d| Failure::usage(d.to_string()))
    }

    /// Every challenge of the challenge path (`--challenges`, `$LIVEJUDGE_PATH`, ./challenges,
    /// then the built-in catalog), the first of each id winning, in category, difficulty and id
    /// order. A definition that does not load is skipped with a warning on stderr.
    pub fn every_challenge(&self) -> Vec<Challenge> {
        let mut found = self.gather(challenge::load::load, |c| &c.id);
        found.sort_by(|a, b| {
            (a.category, a.difficulty, &a.id).cmp(&(b.category, b.difficulty, &b.id))
        });
        found
    }

    /// As [`Settings::every_challenge`], what `list` shows of each, read from its
    /// challenge.toml alone (case files and fixtures are not read) or from the listing cache
    /// when that file did not change (`listing`).
    pub fn listed_challenges(&self) -> Vec<Listed> {
        let mut cache = ListingCache::open();
        let mut found = self.gather(
            |path| cache.listed(path, challenge::load::load_listing),
            |c| &c.id,
        );
        cache.save();
        found.sort_by(|a, b| {
            (a.category, a.difficulty, &a.id).cmp(&(b.category, b.difficulty, &b.id))
        });
        found
    }

    /// What `read` makes of every challenge of the challenge path and then of the built-in
    /// catalog, the first of each id winning; a definition that does not load is skipped with a
    /// warning on stderr.
    fn gather<T>(
        &self,
        mut read: impl FnMut(&Path) -> Result<T, Diagnostics>,
        id_of: fn(&T) -> &String,
    ) -> Vec<T> {
        let mut seen = BTreeSet::new();
        let mut found = Vec::new();
        let mut take =
            |path: &Path, found: &mut Vec<T>, seen: &mut BTreeSet<String>| match read(path) {
                Ok(item) => {
                    if seen.insert(id_of(&item).clone()) {
                        found.push(item);
                    }
                }
                Err(d) => eprintln!("warning: skipping {}: {d}", path.display()),
            };
        for dir in self.challenge_path() {
            if dir.is_dir() {
                for path in crate::locate::challenges_under(&dir) {
                    take(&path, &mut found, &mut seen);
                }
            }
        }
        for id in crate::catalog::ids() {
            if seen.contains(id) {
                continue;
            }
            match crate::catalog::folder(id) {
                Some(Ok(path)) => take(&path, &mut found, &mut seen),
                Some(Err(e)) => {
                    eprintln!("warning: cannot write out built-in challenge `{id}`: {e}")
                }
                None => {}
            }
        }
        found
    }
}

/// Whether to colour what goes to stdout.
fn use_color(choice: ColorChoice) -> bool {
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

/// The binary that supervises runs: this one, unless `$LIVEJUDGE_SUPERVISOR` names another.
pub fn supervisor_path() -> Result<PathBuf, Failure> {
    match std::env::var_os("LIVEJUDGE_SUPERVISOR") {
        Some(path) => Ok(path.into()),
        None => std::env::current_exe()
            .map_err(|e| Failure::judge(format!("cannot find the livejudge binary: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use crate::exit::Exit;
    use clap::Parser;

    fn settings(args: &[&str]) -> Settings {
        let cli = Cli::try_parse_from(args).expect("a valid command line");
        Settings::resolve(&cli.global)
    }

    #[test]
    fn cheap_flags_are_resolved_up_front() {
        let settings = settings(&["livejudge", "--color", "never", "list", "-j", "3", "-q"]);
        assert!(!settings.color);
        assert_eq!(settings.jobs, 3);
        assert!(settings.quiet);
        assert!(self::settings(&["livejudge", "list", "-j", "0"]).jobs >= 1);
    }

    #[test]
    fn a_bad_harness_fails_only_the_commands_that_load_it() {
        let missing = "/nonexistent/livejudge-harness.toml";
        let settings = settings(&["livejudge", "--harness", missing, "list"]);
        let error = settings.harness().expect_err("no such harness file");
        assert_eq!(error.exit(), Exit::Usage);
        let direct = Harness::load(Path::new(missing)).expect_err("no such harness file");
        assert_eq!(error.to_string(), direct.to_string());
    }

    #[test]
    fn the_harness_is_loaded_once() {
        let settings = settings(&["livejudge", "doctor"]);
        let first: *const Harness = settings.harness().expect("the built-in harness");
        let again: *const Harness = settings.harness().expect("the built-in harness");
        assert_eq!(first, again);
    }
}
