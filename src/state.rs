//! The learner's state: progress (per challenge: hints revealed, solved, workspace) and history
//! (every judged attempt), as JSON files in the learner's one home (`$LIVEJUDGE_HOME`, else
//! `$XDG_DATA_HOME/livejudge`, else `~/.local/share/livejudge`). Files are written atomically (a temporary file in the same folder, then a
//! rename) under a lock; a damaged file is renamed aside with a warning, never a crash.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::challenge::Challenge;
use crate::outcome::{SubmissionResult, Verdict};

/// Why the learner's state cannot be changed (reading never fails: a damaged file is set
/// aside).
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("the state folder {} is not a folder (move it away, or set LIVEJUDGE_HOME to a folder)", .0.display())]
    NotAFolder(PathBuf),
    #[error("cannot create the state folder {}: {source} (set LIVEJUDGE_HOME to a writable folder)", dir.display())]
    CreateFolder {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open {}: {source}", path.display())]
    OpenLock {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot lock {}: {source}", path.display())]
    Lock {
        path: PathBuf,
        source: rustix::io::Errno,
    },
    /// `why` says how the file is damaged ("is not valid state JSON (…)").
    #[error("{} {why} and could not be moved aside: it is left as it is, not overwritten", path.display())]
    Damaged { path: PathBuf, why: String },
    #[error("cannot write {}: {reason}", path.display())]
    Write { path: PathBuf, reason: String },
    #[error("cannot rename {}: {source}", path.display())]
    Rename {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The version of the state files' format; written in every file as `schema`.
pub const SCHEMA: u32 = 1;

pub const PROGRESS_FILE: &str = "progress.json";
pub const HISTORY_FILE: &str = "history.json";
const LOCK_FILE: &str = "lock";
/// Where an older livejudge kept the state: in the folder it ran in.
pub const LEGACY_DIR: &str = ".livejudge";

/// The platform's data folder for livejudge: `$XDG_DATA_HOME/livejudge` (an absolute path),
/// else `$HOME/.local/share/livejudge`.
pub fn data_home() -> Option<PathBuf> {
    let absolute = |v: std::ffi::OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    if let Some(xdg) = std::env::var_os("XDG_DATA_HOME").and_then(absolute) {
        return Some(xdg.join("livejudge"));
    }
    std::env::var_os("HOME")
        .and_then(absolute)
        .map(|home| home.join(".local/share/livejudge"))
}

/// How an attempt was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// `livejudge test`.
    Test,
    /// A run of `livejudge watch`.
    Watch,
    /// `livejudge interview`.
    Interview,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Test => "test",
            Mode::Watch => "watch",
            Mode::Interview => "interview",
        }
    }
}

/// Which tests an attempt was judged on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// The samples (plain `test`).
    Samples,
    /// Every test of the challenge (`--all`, or a challenge without samples).
    All,
    /// Tests chosen with `--test NAME`.
    Some,
}

/// One judged attempt, as kept in history.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub challenge: String,
    /// When the attempt finished, RFC 3339 UTC (`2026-11-29T09:13:54Z`).
    pub time: String,
    pub mode: Mode,
    pub scope: Scope,
    /// The verdict code (`AC`, `WA`, …).
    pub verdict: String,
    pub score: u64,
    pub max_score: u64,
    pub tests_passed: usize,
    pub tests_run: usize,
    /// Hints revealed for the challenge when the attempt was made.
    #[serde(default)]
    pub hints_used: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The file (or folder) judged, as it was named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Interview only: seconds from the start to the first passing judgement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds_to_first_pass: Option<u64>,
    /// Interview only: seconds the interview lasted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<u64>,
    /// Interview only: the time allowed, in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_allowed: Option<u32>,
}

impl Attempt {
    /// An accepted attempt on every test solves the challenge.
    pub fn solves(&self) -> bool {
        self.verdict == "AC" && self.scope == Scope::All
    }
}

/// What is known about one challenge.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChallengeProgress {
    #[serde(default)]
    pub hints_revealed: usize,
    #[serde(default)]
    pub solved: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solved_at: Option<String>,
    #[serde(default)]
    pub attempts: u32,
    /// The folder `start` wrote, absolute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace: Option<PathBuf>,
    /// When `solution --force` showed the reference solution before a solve.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solution_revealed: Option<String>,
}

/// progress.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub schema: u32,
    #[serde(default)]
    pub challenges: BTreeMap<String, ChallengeProgress>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            schema: SCHEMA,
            challenges: BTreeMap::new(),
        }
    }
}

/// history.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub schema: u32,
    #[serde(default)]
    pub attempts: Vec<Attempt>,
}

impl Default for History {
    fn default() -> Self {
        History {
            schema: SCHEMA,
            attempts: Vec::new(),
        }
    }
}

/// The learner's state, as loaded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    pub progress: Progress,
    pub history: History,
}

/// Which state files were found damaged and could not be set aside (see `Store::update`).
#[derive(Debug, Clone, Copy, Default)]
struct LeftDamaged {
    progress: bool,
    history: bool,
}

/// The status of a challenge for the learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    New,
    Attempted,
    Solved,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Attempted => "attempted",
            Status::Solved => "solved",
        }
    }
}

impl Progress {
    pub fn challenge(&self, id: &str) -> Option<&ChallengeProgress> {
        self.challenges.get(id)
    }

    pub fn status(&self, id: &str) -> Status {
        match self.challenge(id) {
            Some(c) if c.solved => Status::Solved,
            Some(c) if c.attempts > 0 => Status::Attempted,
            _ => Status::New,
        }
    }

    pub fn hints_revealed(&self, id: &str) -> usize {
        self.challenge(id).map_or(0, |c| c.hints_revealed)
    }

    /// Counts an attempt in its challenge's progress (attempts, solved).
    fn count_attempt(&mut self, attempt: &Attempt) {
        let entry = self
            .challenges
            .entry(attempt.challenge.clone())
            .or_default();
        entry.attempts += 1;
        if attempt.solves() && !entry.solved {
            entry.solved = true;
            entry.solved_at = Some(attempt.time.clone());
        }
    }
}

impl State {
    pub fn challenge(&self, id: &str) -> Option<&ChallengeProgress> {
        self.progress.challenge(id)
    }

    pub fn status(&self, id: &str) -> Status {
        self.progress.status(id)
    }

    pub fn hints_revealed(&self, id: &str) -> usize {
        self.progress.hints_revealed(id)
    }

    /// Appends an attempt and updates the challenge's progress (attempts, solved).
    pub fn add_attempt(&mut self, attempt: Attempt) {
        self.progress.count_attempt(&attempt);
        self.history.attempts.push(attempt);
    }

    /// Reveals one more hint of a challenge that has `total`; returns how many are revealed now
    /// (unchanged when all already were).
    pub fn reveal_hint(&mut self, id: &str, total: usize) -> usize {
        let entry = self.progress.challenges.entry(id.to_string()).or_default();
        entry.hints_revealed = (entry.hints_revealed + 1).min(total);
        entry.hints_revealed
    }

    /// The attempts at one challenge (every attempt when `None`), oldest first.
    pub fn attempts<'s>(&'s self, id: Option<&'s str>) -> impl Iterator<Item = &'s Attempt> + 's {
        self.history
            .attempts
            .iter()
            .filter(move |a| id.is_none_or(|id| a.challenge == id))
    }
}

/// Where the state lives and how it is read and written.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The learner's one home: `$LIVEJUDGE_HOME` when set and not empty, else
    /// `$XDG_DATA_HOME/livejudge`, else `~/.local/share/livejudge`, else (no home at all)
    /// `./.livejudge`. A `./.livejudge` left by an older livejudge is migrated into it once.
    pub fn open() -> Store {
        if let Some(dir) = std::env::var_os("LIVEJUDGE_HOME").filter(|v| !v.is_empty()) {
            return Store::at(PathBuf::from(dir));
        }
        let Some(home) = data_home() else {
            return Store::at(PathBuf::from(LEGACY_DIR));
        };
        let store = Store::at(home);
        store.migrate(Path::new(LEGACY_DIR));
        store
    }

    /// Merges the state of an older livejudge's `legacy` folder (progress and history) into
    /// this one, then renames it to `.livejudge.migrated-TIMESTAMP` (kept, never deleted), with
    /// a note on stderr. Best effort: a failure is a warning and leaves `legacy` in place.
    pub fn migrate(&self, legacy: &Path) {
        let legacy_store = Store::at(legacy.to_path_buf());
        if !legacy.is_dir()
            || !(legacy.join(PROGRESS_FILE).is_file() || legacy.join(HISTORY_FILE).is_file())
        {
            return;
        }
        let same = match (
            std::fs::canonicalize(legacy),
            std::fs::canonicalize(&self.dir),
        ) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same {
            return;
        }
        let old = legacy_store.load();
        let merged = self.update(|state| {
            for (id, theirs) in old.progress.challenges {
                let mine = state.progress.challenges.entry(id).or_default();
                mine.hints_revealed = mine.hints_revealed.max(theirs.hints_revealed);
                mine.attempts += theirs.attempts;
                if theirs.solved && !mine.solved {
                    mine.solved = true;
                    mine.solved_at = theirs.solved_at;
                }
                if mine.workspace.is_none() {
                    mine.workspace = theirs
                        .workspace
                        .map(|w| std::path::absolute(&w).unwrap_or(w));
                }
                if mine.solution_revealed.is_none() {
                    mine.solution_revealed = theirs.solution_revealed;
                }
            }
            state.history.attempts.extend(old.history.attempts);
            state.history.attempts.sort_by(|a, b| a.time.cmp(&b.time));
        });
        let aside = legacy.with_file_name(format!(
            "{LEGACY_DIR}.migrated-{}",
            compact_timestamp(std::time::SystemTime::now())
        ));
        match merged.and_then(|()| {
            std::fs::rename(legacy, &aside).map_err(|source| StateError::Rename {
                path: legacy.to_path_buf(),
                source,
            })
        }) {
            Ok(()) => eprintln!(
                "note: moved your progress and history from {} into {} (livejudge keeps one home now); the old folder is kept as {}",
                legacy.display(),
                self.dir.display(),
                aside.display()
            ),
            Err(why) => eprintln!(
                "warning: could not migrate {} into {}: {why}; it is left as it is",
                legacy.display(),
                self.dir.display()
            ),
        }
    }

    pub fn at(dir: PathBuf) -> Store {
        Store { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Reads the state; missing files are empty state, damaged ones are set aside with a
    /// warning on stderr. Never fails.
    pub fn load(&self) -> State {
        if self.dir.exists() && !self.dir.is_dir() {
            eprintln!(
                "warning: the state folder {} is not a folder: no progress or history is read \
                 (move it away, or set LIVEJUDGE_HOME to a folder)",
                self.dir.display()
            );
            return State::default();
        }
        match (self.read(PROGRESS_FILE), self.read(HISTORY_FILE)) {
            (Ok(progress), Ok(history)) => State {
                progress: progress.unwrap_or_default(),
                history: history.unwrap_or_default(),
            },
            // Damaged: set aside under the lock (best effort), so the file moved is never one a
            // concurrent livejudge has just written in its place.
            _ => {
                let _lock = self.lock().ok();
                self.load_locked()
            }
        }
    }

    /// Reads progress.json alone (what a challenge's status needs): the history, which grows
    /// with every attempt, is not parsed. A damaged file is set aside as by [`Store::load`].
    pub fn load_progress(&self) -> Progress {
        if !self.dir.is_dir() {
            return self.load().progress;
        }
        match self.read(PROGRESS_FILE) {
            Ok(progress) => progress.unwrap_or_default(),
            Err(_) => {
                let _lock = self.lock().ok();
                self.read_or_set_aside(PROGRESS_FILE).0
            }
        }
    }

    /// Reads the state, setting damaged files aside; the caller holds the lock.
    fn load_locked(&self) -> State {
        self.load_locked_telling().0
    }

    /// As [`Store::load_locked`], also telling which files were found damaged and could not
    /// be set aside (they are still in place, and must not be written over).
    fn load_locked_telling(&self) -> (State, LeftDamaged) {
        let (progress, progress_left) = self.read_or_set_aside(PROGRESS_FILE);
        let (history, history_left) = self.read_or_set_aside(HISTORY_FILE);
        (
            State { progress, history },
            LeftDamaged {
                progress: progress_left,
                history: history_left,
            },
        )
    }

    /// The file's value (default when missing or damaged), and whether it was damaged and left
    /// in place.
    fn read_or_set_aside<T: serde::de::DeserializeOwned + Versioned + Default>(
        &self,
        name: &str,
    ) -> (T, bool) {
        match self.read(name) {
            Ok(value) => (value.unwrap_or_default(), false),
            Err(why) => {
                let moved = self.set_aside(&self.dir.join(name), &why);
                (T::default(), !moved)
            }
        }
    }

    /// Reads, changes and writes the state under the lock, so concurrent livejudge processes do
    /// not lose each other's updates.
    pub fn update<R>(&self, change: impl FnOnce(&mut State) -> R) -> Result<R, StateError> {
        let _lock = self.make_and_lock()?;
        self.update_locked(change)
    }

    /// Records one attempt, as [`Store::update`] with [`State::add_attempt`] would, filling in
    /// the hints revealed so far. The history grows with every attempt, so when history.json is
    /// in the shape this livejudge writes it is not parsed into attempts: the attempt is added
    /// to its text (`history_with`), which comes out as writing the whole history would make it.
    pub fn record_attempt(&self, mut attempt: Attempt) -> Result<(), StateError> {
        let _lock = self.make_and_lock()?;
        let (mut progress, progress_left) = self.read_or_set_aside::<Progress>(PROGRESS_FILE);
        attempt.hints_used = progress.hints_revealed(&attempt.challenge);
        let history = std::fs::read_to_string(self.dir.join(HISTORY_FILE))
            .ok()
            .and_then(|text| history_with(&text, &attempt));
        let Some(history) = history else {
            // Missing, damaged or written otherwise: read whole (and set aside when damaged).
            return self.update_locked(|state| state.add_attempt(attempt));
        };
        progress.count_attempt(&attempt);
        if progress_left {
            self.refuse_damaged::<Progress>(PROGRESS_FILE)?;
        }
        self.write(PROGRESS_FILE, &progress)?;
        self.write_text(HISTORY_FILE, &history)
    }

    /// Makes the state folder when missing and takes the lock.
    fn make_and_lock(&self) -> Result<std::fs::File, StateError> {
        if self.dir.exists() && !self.dir.is_dir() {
            return Err(StateError::NotAFolder(self.dir.clone()));
        }
        std::fs::create_dir_all(&self.dir).map_err(|source| StateError::CreateFolder {
            dir: self.dir.clone(),
            source,
        })?;
        self.lock()
    }

    /// [`Store::update`], the lock held.
    fn update_locked<R>(&self, change: impl FnOnce(&mut State) -> R) -> Result<R, StateError> {
        let (mut state, left) = self.load_locked_telling();
        let before = state.clone();
        let result = change(&mut state);
        // Under the lock, a file just read whole (or missing, or set aside) is still so: only
        // one left damaged in place is read again, to refuse writing over it (reading a long
        // history twice was most of what recording an attempt cost).
        if state.progress != before.progress {
            if left.progress {
                self.refuse_damaged::<Progress>(PROGRESS_FILE)?;
            }
            self.write(PROGRESS_FILE, &state.progress)?;
        }
        if state.history != before.history {
            if left.history {
                self.refuse_damaged::<History>(HISTORY_FILE)?;
            }
            self.write(HISTORY_FILE, &state.history)?;
        }
        Ok(result)
    }

    fn lock(&self) -> Result<std::fs::File, StateError> {
        let path = self.dir.join(LOCK_FILE);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| StateError::OpenLock {
                path: path.clone(),
                source,
            })?;
        rustix::fs::flock(&file, rustix::fs::FlockOperation::LockExclusive)
            .map_err(|source| StateError::Lock { path, source })?;
        Ok(file)
    }

    /// A damaged file still in place (it could not be moved aside) is never written over.
    fn refuse_damaged<T: serde::de::DeserializeOwned + Versioned>(
        &self,
        name: &str,
    ) -> Result<(), StateError> {
        match self.read::<T>(name) {
            Ok(_) => Ok(()),
            Err(why) => Err(StateError::Damaged {
                path: self.dir.join(name),
                why,
            }),
        }
    }

    /// Reads one state file: `Ok(None)` when it does not exist, `Err` saying why it is damaged.
    fn read<T: serde::de::DeserializeOwned + Versioned>(
        &self,
        name: &str,
    ) -> Result<Option<T>, String> {
        let path = self.dir.join(name);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot be read ({e})")),
        };
        match serde_json::from_str::<T>(&text) {
            Ok(value) if value.schema() == SCHEMA => Ok(Some(value)),
            Ok(value) => Err(format!(
                "has schema version {} (this livejudge reads version {SCHEMA})",
                value.schema()
            )),
            Err(e) => Err(format!(
                "is not valid state JSON (line {}, column {}: {e})",
                e.line(),
                e.column()
            )),
        }
    }

    /// Renames a damaged file to `NAME.damaged-TIMESTAMP` (never over an existing file) and
    /// warns.
    fn set_aside(&self, path: &Path, why: &str) -> bool {
        let stamp = compact_timestamp(std::time::SystemTime::now());
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut n = 0;
        let (target, moved) = loop {
            let target = if n == 0 {
                path.with_file_name(format!("{name}.damaged-{stamp}"))
            } else {
                path.with_file_name(format!("{name}.damaged-{stamp}.{n}"))
            };
            n += 1;
            if std::fs::symlink_metadata(&target).is_ok() {
                continue;
            }
            // Never over an existing file, even one that appeared since the check.
            let moved = rustix::fs::renameat_with(
                rustix::fs::CWD,
                path,
                rustix::fs::CWD,
                &target,
                rustix::fs::RenameFlags::NOREPLACE,
            );
            match moved {
                Err(rustix::io::Errno::EXIST) => continue,
                // A file system without RENAME_NOREPLACE: the check above has to do.
                Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => {
                    break (target.clone(), std::fs::rename(path, &target));
                }
                other => break (target, other.map_err(std::io::Error::from)),
            }
        };
        match moved {
            Ok(()) => {
                eprintln!(
                    "warning: {} {why}; moved it aside to {} and started afresh",
                    path.display(),
                    target.display()
                );
                true
            }
            Err(e) => {
                eprintln!(
                    "warning: {} {why}, and it cannot be moved aside ({e}); it is ignored",
                    path.display()
                );
                false
            }
        }
    }

    fn write<T: Serialize>(&self, name: &str, value: &T) -> Result<(), StateError> {
        let mut text = serde_json::to_string_pretty(value).map_err(|e| StateError::Write {
            path: self.dir.join(name),
            reason: e.to_string(),
        })?;
        text.push('\n');
        self.write_text(name, &text)
    }

    /// Writes a state file atomically: a temporary file beside it, synced, renamed over it.
    fn write_text(&self, name: &str, text: &str) -> Result<(), StateError> {
        let path = self.dir.join(name);
        let failed = |e: &dyn std::fmt::Display| StateError::Write {
            path: path.clone(),
            reason: e.to_string(),
        };
        let mut temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .map_err(|e| failed(&e))?;
        temp.write_all(text.as_bytes()).map_err(|e| failed(&e))?;
        temp.as_file().sync_all().map_err(|e| failed(&e))?;
        temp.persist(&path).map_err(|e| failed(&e.error))?;
        Ok(())
    }
}

/// history.json's `text` with `attempt` added at the end, exactly as [`Store::write`] would
/// write the whole history; `None` unless `text` is JSON of this schema with only `schema` and
/// a non-empty `attempts` list, pretty-printed as `Store::write` does (the caller then reads the
/// history whole, and sets it aside when damaged). The check reads the text as JSON without
/// building the attempts, which is what made recording an attempt cost more with every one.
fn history_with(text: &str, attempt: &Attempt) -> Option<String> {
    /// A history's outline: its two keys, nothing else, the attempts only checked as JSON.
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Outline {
        schema: u32,
        attempts: Vec<serde::de::IgnoredAny>,
    }
    const LIST_END: &str = "\n  ]\n}\n";
    let outline: Outline = serde_json::from_str(text).ok()?;
    // `attempts` is the last key: the list's end is the text's (its last attempt an object).
    let head = text.strip_suffix(LIST_END)?;
    if outline.schema != SCHEMA || outline.attempts.is_empty() || !head.ends_with("\n    }") {
        return None;
    }
    let item = serde_json::to_string_pretty(attempt).ok()?;
    let mut out = String::with_capacity(text.len() + 2 * item.len());
    out.push_str(head);
    out.push(',');
    // Pretty JSON escapes every newline inside a string: each line is a line of the item.
    for line in item.lines() {
        out.push_str("\n    ");
        out.push_str(line);
    }
    out.push_str(LIST_END);
    Some(out)
}

trait Versioned {
    fn schema(&self) -> u32;
}

impl Versioned for Progress {
    fn schema(&self) -> u32 {
        self.schema
    }
}

impl Versioned for History {
    fn schema(&self) -> u32 {
        self.schema
    }
}

/// Changes the state, printing a warning instead of failing: recording must never turn a judged
/// run into an error.
pub fn update_or_warn<R>(change: impl FnOnce(&mut State) -> R) -> Option<R> {
    Store::open().update(change).map_err(warn_not_recorded).ok()
}

fn warn_not_recorded(why: StateError) {
    eprintln!("warning: progress not recorded: {why}");
}

/// The attempt a judged result stands for (the hints used are filled in when recorded).
pub fn attempt_of(result: &SubmissionResult, mode: Mode, scope: Scope) -> Attempt {
    Attempt {
        challenge: result.challenge.id.clone(),
        time: now(),
        mode,
        scope,
        verdict: result.verdict.code().to_string(),
        score: result.score,
        max_score: result.max_score,
        tests_passed: result
            .tests
            .iter()
            .filter(|t| t.verdict == Verdict::AC)
            .count(),
        tests_run: result.tests.len(),
        hints_used: 0,
        language: Some(result.submission.language.clone()).filter(|l| !l.is_empty()),
        file: Some(result.submission.path.clone()).filter(|p| !p.is_empty()),
        seconds_to_first_pass: None,
        seconds: None,
        minutes_allowed: None,
    }
}

/// Records a judged attempt at `challenge`, warning (never failing) when the state cannot be
/// written.
pub fn record(challenge: &Challenge, result: &SubmissionResult, mode: Mode, scope: Scope) {
    let mut attempt = attempt_of(result, mode, scope);
    attempt.challenge = challenge.id.clone();
    save_attempt(attempt);
}

/// Records `attempt`, with the hints revealed so far, warning when the state cannot be written.
pub fn save_attempt(attempt: Attempt) {
    let _ = Store::open()
        .record_attempt(attempt)
        .map_err(warn_not_recorded);
}

/// The workspace `start` writes by default: `./CHALLENGE-ID/`.
pub fn default_workspace(id: &str) -> PathBuf {
    PathBuf::from(id)
}

/// The solution `test`/`watch` judge when none is given: `./ID/` when it exists, else the
/// workspace `start` recorded (e.g. with `--into`) when it still exists.
pub fn find_workspace(id: &str) -> Option<PathBuf> {
    let default = default_workspace(id);
    if default.exists() {
        return Some(default);
    }
    Store::open()
        .load_progress()
        .challenge(id)
        .and_then(|c| c.workspace.clone())
        .filter(|p| p.exists())
}

/// Seconds since the Unix epoch to a civil UTC date and time.
fn civil(time: std::time::SystemTime) -> (i64, u32, u32, u32, u32, u32) {
    let secs = time
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400) as u32;
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, rem / 3600, rem / 60 % 60, rem % 60)
}

/// RFC 3339 UTC, to the second: `2026-11-29T09:13:54Z`.
pub fn timestamp(time: std::time::SystemTime) -> String {
    let (y, mo, d, h, mi, s) = civil(time);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

pub fn now() -> String {
    timestamp(std::time::SystemTime::now())
}

/// A timestamp usable in a file name: `20261129T091354Z`.
fn compact_timestamp(time: std::time::SystemTime) -> String {
    let (y, mo, d, h, mi, s) = civil(time);
    format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
}

#[cfg(test)]
mod tests;
