//! The cache of derived Kattis time limits: deriving runs every accepted submission on every
//! test (a minute for a contest package), which a learner would otherwise pay on every `test`.
//! An entry is keyed by what the limit depends on — the package's content, the harness, this
//! livejudge and the machine (CPU model and count) — so any change measures again; `--rederive`
//! does too, and `--no-cache` neither reads nor writes it. Entries live in
//! `CACHE_ROOT/timelimit/KEY.json` (`compile::cache_root`).

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::challenge::kattis::{Derived, Package};
use crate::harness::Harness;

/// Bumped when an entry's layout or meaning changes.
const VERSION: &str = "livejudge-timelimit-1";

/// A derived limit as stored.
#[derive(Serialize, Deserialize)]
struct Entry {
    limit_s: f64,
    slowest_s: f64,
    /// Relative to the package folder.
    submission: String,
    multiplier: f64,
    key: String,
    skipped: Vec<(String, String)>,
}

/// The cache entry of `package` under `harness` on this machine, or `None` when there is no
/// cache folder or the package cannot be read whole.
pub fn entry_path(package: &Package, harness: &Harness) -> Option<PathBuf> {
    let root = crate::compile::cache_root()?;
    let mut hasher = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(VERSION.as_bytes());
    field(env!("CARGO_PKG_VERSION").as_bytes());
    field(machine().as_bytes());
    field(format!("{:?}", harness.languages).as_bytes());
    field(&folder_digest(&package.root).ok()?);
    let key: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Some(root.join("timelimit").join(format!("{key}.json")))
}

/// What a derived limit depends on of this machine: its CPU model and how many there are.
fn machine() -> String {
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!("{model} × {cpus}")
}

/// A digest of every file below `root` (names, contents, link targets), in a fixed order.
fn folder_digest(root: &Path) -> io::Result<Vec<u8>> {
    let mut hasher = Sha256::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let mut entries: Vec<_> =
            std::fs::read_dir(root.join(&relative))?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = relative.join(entry.file_name());
            let kind = entry.file_type()?;
            hasher.update(path.as_os_str().as_encoded_bytes());
            hasher.update([0]);
            if kind.is_dir() {
                pending.push(path);
            } else if kind.is_symlink() {
                hasher.update(
                    std::fs::read_link(entry.path())?
                        .as_os_str()
                        .as_encoded_bytes(),
                );
            } else {
                let content = std::fs::read(entry.path())?;
                hasher.update((content.len() as u64).to_le_bytes());
                hasher.update(&content);
            }
        }
    }
    Ok(hasher.finalize().to_vec())
}

/// The limit stored at `path`, if any (an unreadable or damaged entry counts as none).
pub fn load(path: &Path, package: &Package) -> Option<Derived> {
    let entry: Entry = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    let key = match entry.key.as_str() {
        "time_multiplier" => "time_multiplier",
        "ac_to_time_limit" => "ac_to_time_limit",
        _ => return None,
    };
    Some(Derived {
        limit: Duration::try_from_secs_f64(entry.limit_s).ok()?,
        slowest: Duration::try_from_secs_f64(entry.slowest_s).ok()?,
        submission: package.root.join(entry.submission),
        multiplier: entry.multiplier,
        key,
        skipped: entry.skipped,
        cached: true,
    })
}

/// Stores `derived` at `path` (atomically: a reader never sees half an entry). Best effort: a
/// cache that cannot be written only means deriving again next time.
pub fn store(path: &Path, package: &Package, derived: &Derived) {
    let entry = Entry {
        limit_s: derived.limit.as_secs_f64(),
        slowest_s: derived.slowest.as_secs_f64(),
        submission: derived
            .submission
            .strip_prefix(&package.root)
            .unwrap_or(&derived.submission)
            .to_string_lossy()
            .into_owned(),
        multiplier: derived.multiplier,
        key: derived.key.to_string(),
        skipped: derived.skipped.clone(),
    };
    let Some(folder) = path.parent() else {
        return;
    };
    let written = std::fs::create_dir_all(folder).and_then(|()| {
        let mut file = tempfile::NamedTempFile::new_in(folder)?;
        std::io::Write::write_all(
            &mut file,
            &serde_json::to_vec_pretty(&entry).map_err(io::Error::other)?,
        )?;
        file.persist(path).map_err(|e| e.error)?;
        Ok(())
    });
    let _ = written;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_follows_every_name_and_byte() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("data/secret")).unwrap();
        std::fs::write(dir.path().join("data/secret/1.in"), "1\n").unwrap();
        let first = folder_digest(dir.path()).unwrap();
        assert_eq!(folder_digest(dir.path()).unwrap(), first);
        std::fs::write(dir.path().join("data/secret/1.in"), "2\n").unwrap();
        let changed = folder_digest(dir.path()).unwrap();
        assert_ne!(changed, first);
        std::fs::rename(
            dir.path().join("data/secret/1.in"),
            dir.path().join("data/secret/2.in"),
        )
        .unwrap();
        assert_ne!(folder_digest(dir.path()).unwrap(), changed);
    }
}
