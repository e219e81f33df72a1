//! Zygotes started while the sandbox probe runs. A zygote takes about 13 ms to start (most of it
//! joining its cgroup v1, whose first `cgroup.procs` write waits for an RCU grace period), and a
//! command's first ones could only start once the probe (about 8 ms) had said which layers runs
//! get. So the kind and number of zygotes the last command's solutions used are remembered in a
//! hint file (`HINT_FILE`, in the cache folder: a hint for each of the last few contexts, see
//! `context`); the next command starts as many of that kind before it probes, and keeps them
//! only if the probe then asks for the very same kind. The hint decides nothing: a wrong or
//! forged one costs zygotes started for nothing. A session that judges again and again (`watch`,
//! `interview`) starts the next judging's zygotes the same way, while the learner edits.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use super::{Zygote, ZygoteKey, ZygoteKind};
use crate::sandbox::SandboxMode;

/// The zygotes started ahead, each with the binary it was started from: a judge thread that
/// needs one of their kind takes one.
static PRESTARTED: Mutex<Vec<(PathBuf, Zygote)>> = Mutex::new(Vec::new());

/// The hint this command follows (`follow`): where it is kept, and what was read there.
static FOLLOWED: Mutex<Option<Followed>> = Mutex::new(None);

/// How many zygotes for the solutions' kind this command's judge threads took or started.
static USED: AtomicUsize = AtomicUsize::new(0);

struct Followed {
    file: PathBuf,
    hint: Hint,
    read: Option<Hint>,
    /// The command's `-j`: more zygotes than that are never used at once.
    jobs: usize,
}

/// The kind and number of zygotes the last command's solutions used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hint {
    /// What decides the layers besides the machine (see `context`): a hint left under another
    /// context is not used.
    context: String,
    kind: ZygoteKind,
    /// Runs used cgroup v2. Such a zygote needs the base folder the probe's result leads to (and
    /// making it moves the judge between cgroups), so it is never started ahead.
    cgroup_v2: bool,
    /// How many the command used (one per judge thread that ran a solution).
    zygotes: usize,
}

/// How many contexts the hint file keeps a hint for (the most recent ones).
const HINTS_KEPT: usize = 8;

impl Hint {
    /// What a command under `context` whose solutions' runs are of `kind` leaves for the next
    /// (using as many zygotes as the last one, until it is done).
    fn new(context: String, kind: ZygoteKind, zygotes: usize) -> Hint {
        Hint {
            context,
            kind,
            cgroup_v2: kind.joins_cgroup_v2(),
            zygotes,
        }
    }
}

/// The settings that change which layers runs get on a given machine: the sandbox mode, the
/// layers skipped on purpose, the kind of cgroup asked for, and the user judging.
pub fn context(mode: SandboxMode) -> String {
    let variable = |name: &str| std::env::var(name).unwrap_or_default();
    format!(
        "{mode:?} euid={} skip={} cgroup={}",
        rustix::process::geteuid().as_raw(),
        variable("LIVEJUDGE_SKIP_LAYERS"),
        variable(crate::sandbox::CGROUP_CHOICE),
    )
}

/// The hint file's name, in the cache folder (`CACHE/zygote-hint.json`).
pub const HINT_FILE: &str = "zygote-hint.json";

/// The hint the last command left in `file` under `context`, if any.
pub fn remembered(file: &Path, context: &str) -> Option<Hint> {
    hints_in(file)
        .into_iter()
        .find(|hint| hint.context == context)
}

/// The hints in `file`, the most recent first; none when it holds anything else.
fn hints_in(file: &Path) -> Vec<Hint> {
    std::fs::read(file)
        .ok()
        .and_then(|text| serde_json::from_slice(&text).ok())
        .unwrap_or_default()
}

/// Says what this command's solutions' runs are (`kind`, under `context`, the probe having
/// answered, with `jobs` judge threads at most): the hint kept in `file` says so for the next
/// command when this one is done (`finish`), with the number of zygotes it used.
pub fn follow(file: PathBuf, context: String, kind: ZygoteKind, read: Option<Hint>, jobs: usize) {
    let zygotes = read.as_ref().map_or(1, |hint| hint.zygotes);
    let hint = Hint::new(context, kind, zygotes);
    if let Ok(mut followed) = FOLLOWED.lock() {
        *followed = Some(Followed {
            file,
            hint,
            read,
            jobs,
        });
    }
}

/// Puts `hint` first in the file, in place of its context's last one. The file is replaced whole
/// (a temporary file renamed over it): a command reading it meanwhile sees the old hints or the
/// new ones.
fn write_hint(file: &Path, hint: &Hint) -> io::Result<()> {
    let mut hints = hints_in(file);
    hints.retain(|kept| kept.context != hint.context);
    hints.insert(0, hint.clone());
    hints.truncate(HINTS_KEPT);
    let folder = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let mut temporary = tempfile::NamedTempFile::new_in(folder)?;
    temporary.write_all(&serde_json::to_vec(&hints).map_err(io::Error::other)?)?;
    temporary.persist(file).map_err(|e| e.error)?;
    Ok(())
}

/// Starts the hinted zygotes (at most `at_most`), for the judge threads that will need them.
pub fn start(hint: &Hint, at_most: usize) {
    if !hint.cgroup_v2 {
        start_for(hint.kind, hint.zygotes.clamp(1, at_most.max(1)));
    }
}

/// Starts zygotes for runs of `kind` until `count` are waiting: also for a session that judges
/// again and again (`watch`, `interview`), so that the next judging finds them started.
pub fn start_for(kind: ZygoteKind, count: usize) {
    let Ok(binary) = super::zygote_binary() else {
        return;
    };
    let waiting = PRESTARTED
        .lock()
        .map_or(count, |prestarted| prestarted.len());
    for _ in waiting..count {
        let key = (std::thread::current().id(), kind);
        match Zygote::spawn(&binary, key) {
            Ok(zygote) => match PRESTARTED.lock() {
                Ok(mut prestarted) => prestarted.push((binary.clone(), zygote)),
                Err(_) => return,
            },
            Err(_) => return,
        }
    }
}

/// Keeps the zygotes started ahead only if they are what runs of `kind` need now (the probe has
/// answered); the others are ended.
pub fn keep_if(kind: ZygoteKind) {
    drop(take(|zygote| !fits(zygote, kind)));
}

/// When the command is done: ends the zygotes started ahead that no thread took, and leaves the
/// hint for the next command, if it changed.
pub fn finish() {
    drop(take(|_| true));
    let Some(Followed {
        file,
        mut hint,
        read,
        jobs,
    }) = FOLLOWED.lock().ok().and_then(|mut f| f.take())
    else {
        return;
    };
    // A session that judged several times counts each judging's zygotes.
    let used = USED.load(Ordering::SeqCst).min(jobs.max(1));
    if used > 0 {
        hint.zygotes = used;
    }
    if read.as_ref() != Some(&hint) {
        let _ = write_hint(&file, &hint);
    }
}

/// A zygote started ahead, for a thread of an executor using `binary` that needs one for `key`,
/// if one fits.
pub(super) fn claim(binary: &Path, key: ZygoteKey) -> Option<Zygote> {
    let mut prestarted = PRESTARTED.lock().ok()?;
    let found = prestarted
        .iter()
        .position(|(from, zygote)| from == binary && fits(zygote, key.1))?;
    let (_, mut zygote) = prestarted.swap_remove(found);
    zygote.key = key;
    Some(zygote)
}

/// Counts a zygote a judge thread took or started for runs of `kind`, when that is the kind of
/// this command's solutions' runs (see `finish`).
pub(super) fn count_use(kind: ZygoteKind) {
    let solutions = FOLLOWED
        .lock()
        .ok()
        .and_then(|followed| followed.as_ref().map(|f| f.hint.kind));
    if solutions == Some(kind) {
        USED.fetch_add(1, Ordering::SeqCst);
    }
}

/// Takes out the zygotes started ahead that `when` picks; they are dropped (ended and waited
/// for) by the caller, outside the lock.
fn take(when: impl Fn(&Zygote) -> bool) -> Vec<Zygote> {
    let Ok(mut prestarted) = PRESTARTED.lock() else {
        return Vec::new();
    };
    let (taken, kept) = std::mem::take(&mut *prestarted)
        .into_iter()
        .partition(|(_, zygote)| when(zygote));
    *prestarted = kept;
    taken.into_iter().map(|(_, zygote)| zygote).collect()
}

/// A zygote serves runs of `kind` when it was started for that kind, with the same kind of
/// cgroup as zygotes started now would get.
fn fits(zygote: &Zygote, kind: ZygoteKind) -> bool {
    zygote.key.1 == kind && zygote.cgroup_v2 == kind.joins_cgroup_v2()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(view: bool) -> ZygoteKind {
        ZygoteKind {
            namespaces: true,
            cgroup: true,
            mounts: true,
            view,
        }
    }

    fn hint(context: &str, view: bool) -> Hint {
        Hint {
            context: context.into(),
            kind: kind(view),
            cgroup_v2: false,
            zygotes: 2,
        }
    }

    #[test]
    fn a_hint_is_read_back_under_its_own_context_only() {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("cache").join(HINT_FILE);
        assert_eq!(remembered(&file, "Auto"), None);
        write_hint(&file, &hint("Auto", true)).unwrap();
        assert_eq!(remembered(&file, "Auto"), Some(hint("Auto", true)));
        assert_eq!(remembered(&file, "Off"), None);
        // Another context's hint is kept beside it; the same context's is replaced.
        write_hint(&file, &hint("Off", false)).unwrap();
        write_hint(&file, &hint("Auto", false)).unwrap();
        assert_eq!(remembered(&file, "Auto"), Some(hint("Auto", false)));
        assert_eq!(remembered(&file, "Off"), Some(hint("Off", false)));
        assert_eq!(hints_in(&file).len(), 2);
        // Nothing but the hints is left in their folder.
        assert_eq!(
            std::fs::read_dir(file.parent().unwrap()).unwrap().count(),
            1
        );
    }

    #[test]
    fn only_the_latest_contexts_are_kept() {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join(HINT_FILE);
        for n in 0..HINTS_KEPT + 3 {
            write_hint(&file, &hint(&format!("context {n}"), true)).unwrap();
        }
        let kept = hints_in(&file);
        assert_eq!(kept.len(), HINTS_KEPT);
        assert_eq!(kept[0].context, format!("context {}", HINTS_KEPT + 2));
        assert_eq!(remembered(&file, "context 0"), None);
    }

    #[test]
    fn a_hint_file_that_is_not_one_is_ignored_and_replaced() {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join(HINT_FILE);
        std::fs::write(&file, "[{\"context\": \"Auto\", \"kind\": 3}]").unwrap();
        assert_eq!(remembered(&file, "Auto"), None);
        write_hint(&file, &hint("Auto", true)).unwrap();
        assert_eq!(hints_in(&file), [hint("Auto", true)]);
    }

    #[test]
    fn the_context_names_what_changes_the_layers() {
        let (auto, off) = (context(SandboxMode::Auto), context(SandboxMode::Off));
        assert_ne!(auto, off);
        assert!(auto.contains("skip=") && auto.contains("cgroup=") && auto.contains("euid="));
    }
}
