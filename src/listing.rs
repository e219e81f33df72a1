//! What `list` shows of each challenge, read from its challenge.toml alone and remembered in a
//! cache keyed by that file's identity, size and times, so that listing a hundred challenges
//! parses only the definitions that changed since the last listing.
//!
//! The cache is only ever a shortcut: an entry is used when the challenge.toml it was read from
//! is the same file (device, inode) with the same size, modification and change times, and when
//! it was written by this very binary (its size and modification time name the cache file). A
//! definition in error is never cached, so its warning is printed every time. A cache that cannot
//! be read or written is ignored.

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::challenge::{Category, Challenge, Difficulty};
use crate::diagnostic::Diagnostics;

/// One challenge as `list` shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Listed {
    pub id: String,
    pub title: String,
    pub category: Category,
    pub difficulty: Difficulty,
    pub minutes: Option<u32>,
    pub hints: usize,
    /// The challenge's folder.
    pub root: PathBuf,
}

impl Listed {
    pub fn of(challenge: &Challenge) -> Listed {
        Listed {
            id: challenge.id.clone(),
            title: challenge.title.clone(),
            category: challenge.category,
            difficulty: challenge.difficulty,
            minutes: challenge.minutes,
            hints: challenge.hints.len(),
            root: challenge.root.clone(),
        }
    }
}

/// Which file, in which state, an entry was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    dev: u64,
    ino: u64,
    size: u64,
    mtime_ns: i128,
    ctime_ns: i128,
}

impl Stamp {
    fn of(file: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(file).ok()?;
        Some(Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
            ctime_ns: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
        })
    }
}

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
struct Entries(BTreeMap<PathBuf, (Stamp, Listed)>);

/// The listings of one `list` run: what the cache held, and what this run read.
#[derive(Debug, Default)]
pub struct ListingCache {
    file: Option<PathBuf>,
    known: Entries,
    seen: Entries,
}

impl ListingCache {
    /// The cache of this binary under the cache folder, or an empty one.
    pub fn open() -> ListingCache {
        match cache_file() {
            Some(file) => ListingCache::open_at(&file),
            None => ListingCache::default(),
        }
    }

    /// The cache kept in `file` (empty when it cannot be read).
    fn open_at(file: &Path) -> ListingCache {
        ListingCache {
            file: Some(file.to_path_buf()),
            known: std::fs::read(file)
                .ok()
                .and_then(|bytes| serde_json::from_slice(&bytes).ok())
                .unwrap_or_default(),
            seen: Entries::default(),
        }
    }

    /// The listing of the challenge at `path` (a folder or a definition file), from the cache
    /// when its challenge.toml did not change, else read with `load`.
    pub fn listed(
        &mut self,
        path: &Path,
        load: impl Fn(&Path) -> Result<Challenge, Diagnostics>,
    ) -> Result<Listed, Diagnostics> {
        let manifest = if path.is_dir() {
            path.join("challenge.toml")
        } else {
            path.to_path_buf()
        };
        // Only challenge.toml definitions are cached: a Kattis package's listing depends on
        // more than one file.
        let stamp = (manifest.file_name() == Some("challenge.toml".as_ref()))
            .then(|| Stamp::of(&manifest))
            .flatten();
        if let Some(stamp) = stamp
            && let Some((known, listed)) = self.known.0.get(&manifest)
            && *known == stamp
        {
            let listed = listed.clone();
            self.seen.0.insert(manifest, (stamp, listed.clone()));
            return Ok(listed);
        }
        let listed = Listed::of(&load(path)?);
        if let Some(stamp) = stamp {
            self.seen.0.insert(manifest, (stamp, listed.clone()));
        }
        Ok(listed)
    }

    /// Keeps what this run read for the next (best effort: written to a temporary file and
    /// renamed over the cache, so a reader never sees half of it).
    pub fn save(self) {
        let Some(file) = self.file else {
            return;
        };
        if self.seen.0 == self.known.0 {
            return;
        }
        let Ok(bytes) = serde_json::to_vec(&self.seen) else {
            return;
        };
        let Some(folder) = file.parent() else {
            return;
        };
        let _ = std::fs::create_dir_all(folder);
        if let Ok(mut temporary) = tempfile::NamedTempFile::new_in(folder) {
            use std::io::Write;
            if temporary.write_all(&bytes).is_ok() && temporary.persist(&file).is_ok() {
                forget_other_builds(folder, &file);
            }
        }
    }
}

/// Removes the listing caches of other builds of livejudge (they are never read again).
fn forget_other_builds(folder: &Path, kept: &Path) {
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        let path = entry.path();
        if path != kept && path.extension().is_some_and(|e| e == "json") {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// `CACHE/listing/<size>-<mtime>.json`, named after this binary: another build (which may read
/// definitions differently) never uses this one's listings.
fn cache_file() -> Option<PathBuf> {
    let binary = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    let name = format!(
        "{}-{}.{}.json",
        binary.size(),
        binary.mtime(),
        binary.mtime_nsec()
    );
    Some(crate::compile::cache_root()?.join("listing").join(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::challenge::load::load_listing;

    fn challenge(folder: &Path, title: &str) {
        std::fs::create_dir_all(folder).unwrap();
        std::fs::write(
            folder.join("challenge.toml"),
            format!(
                "id = \"demo\"\ntitle = \"{title}\"\ncategory = \"scripting\"\n\
                 difficulty = \"easy\"\nentry = \"solve\"\n[[test]]\nname = \"t\"\nstdout = \"x\"\n"
            ),
        )
        .unwrap();
    }

    fn cache_in(folder: &Path) -> ListingCache {
        ListingCache::open_at(&folder.join("listing.json"))
    }

    #[test]
    fn an_unchanged_definition_is_not_read_again_and_a_changed_one_is() {
        let dir = tempfile::tempdir().unwrap();
        let demo = dir.path().join("demo");
        challenge(&demo, "First");
        let reads = std::cell::Cell::new(0);
        let counting = |path: &Path| {
            reads.set(reads.get() + 1);
            load_listing(path)
        };
        let mut cache = cache_in(dir.path());
        assert_eq!(cache.listed(&demo, counting).unwrap().title, "First");
        cache.save();
        let mut cache = cache_in(dir.path());
        assert_eq!(cache.listed(&demo, counting).unwrap().title, "First");
        assert_eq!(reads.get(), 1, "read again although unchanged");
        cache.save();
        // Same size, other content: the change time tells.
        std::thread::sleep(std::time::Duration::from_millis(10));
        challenge(&demo, "Other");
        let mut cache = cache_in(dir.path());
        assert_eq!(cache.listed(&demo, counting).unwrap().title, "Other");
        assert_eq!(reads.get(), 2);
    }

    #[test]
    fn a_definition_in_error_is_never_cached() {
        let dir = tempfile::tempdir().unwrap();
        let demo = dir.path().join("demo");
        std::fs::create_dir_all(&demo).unwrap();
        std::fs::write(demo.join("challenge.toml"), "id = \n").unwrap();
        let mut cache = cache_in(dir.path());
        assert!(cache.listed(&demo, load_listing).is_err());
        cache.save();
        let mut cache = cache_in(dir.path());
        assert!(cache.listed(&demo, load_listing).is_err());
        assert!(cache.known.0.is_empty());
    }

    #[test]
    fn a_cache_that_is_not_json_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let demo = dir.path().join("demo");
        challenge(&demo, "First");
        std::fs::write(dir.path().join("listing.json"), "not json").unwrap();
        let mut cache = cache_in(dir.path());
        assert_eq!(cache.listed(&demo, load_listing).unwrap().title, "First");
    }
}
