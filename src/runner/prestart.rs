//! A zygote started while the sandbox probe runs. A command's first zygote takes about 13 ms to
//! start (most of it joining its cgroup v1, whose first `cgroup.procs` write waits for an RCU
//! grace period), and it could only start once the probe (about 8 ms) had said which layers runs
//! get. So the kind of zygote the last command's solutions used is remembered in a hint file
//! (`HINT_FILE`, in the cache folder); the next command starts one of that kind before it probes, and
//! keeps it only if the probe then asks for the very same kind. The hint decides nothing: a wrong
//! or forged one costs a zygote started for nothing.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::{Zygote, ZygoteKey, ZygoteKind};
use crate::sandbox::SandboxMode;

/// The zygote started ahead, with the binary it was started from: the first judge thread that
/// needs one of its kind takes it.
static PRESTARTED: Mutex<Option<(PathBuf, Zygote)>> = Mutex::new(None);

/// The kind of zygote the last command's solutions used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hint {
    /// What decides the layers besides the machine (see `context`): a hint left under another
    /// context is not used.
    context: String,
    kind: ZygoteKind,
    /// Runs used cgroup v2. Such a zygote needs the base folder the probe's result leads to (and
    /// making it moves the judge between cgroups), so it is never started ahead.
    cgroup_v2: bool,
}

impl Hint {
    /// What a command under `context` whose solutions' runs are of `kind` leaves for the next.
    pub fn new(context: String, kind: ZygoteKind) -> Hint {
        Hint {
            context,
            kind,
            cgroup_v2: kind.cgroup && crate::sandbox::cgroup::v2::base().is_some(),
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
    let hint: Hint = serde_json::from_slice(&std::fs::read(file).ok()?).ok()?;
    (hint.context == context).then_some(hint)
}

/// Leaves `hint` in `file` for the next command (best effort: it is only a hint).
pub fn remember(file: &Path, hint: &Hint) {
    let _ = write_hint(file, hint);
}

/// Replaces the file whole (a temporary file renamed over it): a command reading it meanwhile
/// sees the old hint or the new one.
fn write_hint(file: &Path, hint: &Hint) -> io::Result<()> {
    let folder = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let mut temporary = tempfile::NamedTempFile::new_in(folder)?;
    temporary.write_all(&serde_json::to_vec(hint).map_err(io::Error::other)?)?;
    temporary.persist(file).map_err(|e| e.error)?;
    Ok(())
}

/// Starts a zygote of the hinted kind, for the first judge thread that needs one.
pub fn start(hint: &Hint) {
    if !hint.cgroup_v2 {
        start_for(hint.kind);
    }
}

/// Starts a zygote for runs of `kind` unless one is waiting already: a session that judges again
/// and again (`watch`, `interview`) finds one started when the learner saves next.
pub fn start_for(kind: ZygoteKind) {
    if PRESTARTED
        .lock()
        .map_or(true, |prestarted| prestarted.is_some())
    {
        return;
    }
    let Ok(binary) = super::zygote_binary() else {
        return;
    };
    let key = (std::thread::current().id(), kind);
    if let Ok(zygote) = Zygote::spawn(&binary, key)
        && let Ok(mut prestarted) = PRESTARTED.lock()
    {
        *prestarted = Some((binary, zygote));
    }
}

/// Keeps the zygote started ahead only if it is what runs of `kind` need now (the probe has
/// answered); otherwise it is ended.
pub fn keep_if(kind: ZygoteKind) {
    let unfit = take(|zygote| !fits(zygote, kind));
    drop(unfit);
}

/// Ends the zygote started ahead if no thread took it (the command is done).
pub fn discard() {
    drop(take(|_| true));
}

/// The zygote started ahead, for a thread of an executor using `binary` that needs one for
/// `key`, if it fits.
pub(super) fn claim(binary: &Path, key: ZygoteKey) -> Option<Zygote> {
    let mut prestarted = PRESTARTED.lock().ok()?;
    let fit = prestarted
        .as_ref()
        .is_some_and(|(from, zygote)| from == binary && fits(zygote, key.1));
    if !fit {
        return None;
    }
    let (_, mut zygote) = prestarted.take()?;
    zygote.key = key;
    Some(zygote)
}

/// Takes the zygote started ahead out when `when` says so; it is dropped (ended and waited
/// for) by the caller, outside the lock.
fn take(when: impl Fn(&Zygote) -> bool) -> Option<Zygote> {
    let mut prestarted = PRESTARTED.lock().ok()?;
    if prestarted.as_ref().is_some_and(|(_, zygote)| when(zygote)) {
        prestarted.take().map(|(_, zygote)| zygote)
    } else {
        None
    }
}

/// A zygote serves runs of `kind` when it was started for that kind, with the same kind of
/// cgroup as zygotes started now would get.
fn fits(zygote: &Zygote, kind: ZygoteKind) -> bool {
    zygote.key.1 == kind
        && zygote.cgroup_v2 == (kind.cgroup && crate::sandbox::cgroup::v2::base().is_some())
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

    #[test]
    fn a_hint_is_read_back_under_its_own_context_only() {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("cache").join("zygote-hint.json");
        assert_eq!(remembered(&file, "Auto"), None);
        let hint = Hint {
            context: "Auto".into(),
            kind: kind(true),
            cgroup_v2: false,
        };
        write_hint(&file, &hint).unwrap();
        assert_eq!(remembered(&file, "Auto"), Some(hint.clone()));
        assert_eq!(remembered(&file, "Off"), None);
        let other = Hint {
            kind: kind(false),
            ..hint
        };
        write_hint(&file, &other).unwrap();
        assert_eq!(remembered(&file, "Auto"), Some(other));
        // Nothing but the hint is left in its folder.
        assert_eq!(
            std::fs::read_dir(file.parent().unwrap()).unwrap().count(),
            1
        );
    }

    #[test]
    fn a_hint_that_is_not_one_is_ignored() {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("zygote-hint.json");
        std::fs::write(&file, "{\"context\": \"Auto\", \"kind\": 3}").unwrap();
        assert_eq!(remembered(&file, "Auto"), None);
    }

    #[test]
    fn the_context_names_what_changes_the_layers() {
        let (auto, off) = (context(SandboxMode::Auto), context(SandboxMode::Off));
        assert_ne!(auto, off);
        assert!(auto.contains("skip=") && auto.contains("cgroup=") && auto.contains("euid="));
    }
}
