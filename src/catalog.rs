//! The bundled catalog built into the binary: `challenges/` as it was at build time, the last
//! place a CHALLENGE id is looked up. A challenge is written out once, on first use, to
//! `CACHE/catalog/HASH/ID` (HASH names the catalog's contents, so a new build never reads an
//! older copy), by a temporary folder renamed into place, so concurrent judges are safe.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use include_dir::{Dir, include_dir};

static CATALOG: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/challenges");

/// The executable files of the catalog, relative to `challenges/`, one a line (listed by
/// build.rs: `include_dir!` keeps no permission bits, and a starter's scripts must stay
/// executable in a learner's workspace).
const EXECUTABLES: &str = include_str!(concat!(env!("OUT_DIR"), "/catalog_executables"));

fn is_executable(path: &Path) -> bool {
    // A set, built once: the catalog's hash asks about every one of its files.
    static SET: OnceLock<HashSet<&'static Path>> = OnceLock::new();
    SET.get_or_init(|| {
        EXECUTABLES
            .lines()
            .filter(|line| !line.is_empty())
            .map(Path::new)
            .collect()
    })
    .contains(path)
}

/// True when a top-level folder of the catalog holds a challenge.toml. (Looked up among its own
/// files: `Dir::get_file` searches the whole tree below, every fixture included.)
fn has_manifest(dir: &Dir<'_>) -> bool {
    dir.files()
        .any(|f| f.path().file_name().is_some_and(|n| n == "challenge.toml"))
}

/// The ids of the built-in challenges, sorted.
pub fn ids() -> Vec<&'static str> {
    let mut ids: Vec<&str> = CATALOG
        .dirs()
        .filter(|d| has_manifest(d))
        .filter_map(|d| d.path().file_name()?.to_str())
        .collect();
    ids.sort_unstable();
    ids
}

/// A short hash of every embedded path, content and executable bit, computed by build.rs (the
/// catalog is 7 MB: hashing it on every run was most of what `list` cost).
const CONTENTS_HASH: &str = include_str!(concat!(env!("OUT_DIR"), "/catalog_hash"));

/// The folder holding built-in challenge `id`, written out on first use; `None` when the
/// catalog has no such challenge.
pub fn folder(id: &str) -> Option<io::Result<PathBuf>> {
    let dir = CATALOG.dirs().find(|d| d.path() == Path::new(id))?;
    if !has_manifest(dir) {
        return None;
    }
    let base = crate::compile::cache_root()
        .unwrap_or_else(|| std::env::temp_dir().join("livejudge"))
        .join("catalog")
        .join(CONTENTS_HASH);
    let target = base.join(id);
    if target.join("challenge.toml").is_file() {
        return Some(Ok(target));
    }
    Some(write_out(dir, &base, &target).map(|()| target))
}

fn write_out(dir: &Dir<'_>, base: &Path, target: &Path) -> io::Result<()> {
    std::fs::create_dir_all(base)?;
    let staging = tempfile::Builder::new()
        .prefix(".writing-")
        .tempdir_in(base)?;
    let mut pending = vec![dir];
    while let Some(current) = pending.pop() {
        for file in current.files() {
            let relative = file.path().strip_prefix(dir.path()).unwrap_or(file.path());
            let path = staging.path().join(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, file.contents())?;
            if is_executable(file.path()) {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))?;
            }
        }
        pending.extend(current.dirs());
    }
    match std::fs::rename(staging.path(), target) {
        Ok(()) => Ok(()),
        // Another judge wrote it first: use theirs.
        Err(_) if target.join("challenge.toml").is_file() => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_challenges_are_built_in() {
        let ids = ids();
        assert!(ids.contains(&"top-client-ips"), "{ids:?}");
        assert!(ids.len() >= 5, "{ids:?}");
        assert!(folder("no-such-challenge").is_none());
    }

    /// The hash build.rs computed is the hash of the files embedded.
    #[test]
    fn the_build_hashes_the_embedded_catalog() {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        let mut pending = vec![&CATALOG];
        let mut files = Vec::new();
        while let Some(dir) = pending.pop() {
            pending.extend(dir.dirs());
            files.extend(dir.files());
        }
        files.sort_by_key(|f| f.path());
        for file in files {
            hasher.update(file.path().to_string_lossy().as_bytes());
            hasher.update([0]);
            hasher.update((file.contents().len() as u64).to_le_bytes());
            hasher.update(file.contents());
            hasher.update([u8::from(is_executable(file.path()))]);
        }
        let hash: String = hasher.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hash, CONTENTS_HASH);
    }

    #[test]
    fn executable_bits_survive_the_catalog() {
        use std::os::unix::fs::PermissionsExt;
        let executable = |path: &Path| {
            std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
        };
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("challenges");
        for id in ids() {
            let written = folder(id).unwrap().unwrap();
            let mut pending = vec![PathBuf::new()];
            while let Some(relative) = pending.pop() {
                for entry in std::fs::read_dir(source.join(id).join(&relative)).unwrap() {
                    let entry = entry.unwrap();
                    let child = relative.join(entry.file_name());
                    if entry.file_type().unwrap().is_dir() {
                        pending.push(child);
                    } else {
                        assert_eq!(
                            executable(&written.join(&child)),
                            executable(&source.join(id).join(&child)),
                            "{id}/{}",
                            child.display()
                        );
                    }
                }
            }
        }
    }
}
