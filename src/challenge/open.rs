//! Opening a challenge whatever its format: [`open`] picks the format (a folder with
//! challenge.toml, or a Kattis package) and returns a [`Loaded`]: the challenge plus what its
//! format needs at judge time, behind one type, so that no caller tests the format itself.
//!
//! Resolving a submission (`Loaded::resolve`) and the pre-judge step (`Loaded::prepare`: a Kattis
//! package's validators with constants and its derived time limit) run the judge, which depends
//! on this model: their code is in `crate::prepare`, above the judge. This module holds what they
//! work on, and the folders they make that must outlive judging.

use std::ops::{Deref, DerefMut};
use std::path::Path;

use super::kattis::{self, Package};
use super::{Challenge, Format};
use crate::diagnostic::Diagnostics;

/// A challenge ready for judging: the model, what its format keeps beside it, and the
/// temporary folders judging it needs (a Kattis validator copied with its constants), which live
/// as long as this value does.
#[derive(Debug)]
pub struct Loaded {
    challenge: Challenge,
    package: Option<Package>,
    folders: Vec<tempfile::TempDir>,
}

/// Opens the challenge at `path` (a challenge folder, its challenge.toml, a Kattis package
/// folder or its problem.yaml). `Err` holds the definition errors.
pub fn open(path: &Path) -> Result<Loaded, Diagnostics> {
    match kattis::package_root(path) {
        Some(root) => {
            let (package, challenge) = kattis::open_package(&root)?;
            Ok(Loaded {
                challenge,
                package: Some(package),
                folders: Vec::new(),
            })
        }
        None => Loaded::new(super::load::load(path)?),
    }
}

impl Loaded {
    /// `challenge`, as loaded elsewhere (`lint`), with what its format needs at judge time (a
    /// Kattis package is read again for the facts the model has no place for).
    pub fn new(challenge: Challenge) -> Result<Loaded, Diagnostics> {
        let package = match challenge.format {
            Format::Kattis => Some(Package::open(&challenge.root)?),
            Format::Livejudge => None,
        };
        Ok(Loaded {
            challenge,
            package,
            folders: Vec::new(),
        })
    }

    /// The Kattis package the challenge was read from (`None` for challenge.toml).
    pub fn kattis(&self) -> Option<&Package> {
        self.package.as_ref()
    }

    /// The package and the challenge together, the one to change.
    pub(crate) fn kattis_mut(&mut self) -> Option<(&Package, &mut Challenge)> {
        self.package.as_ref().map(|p| (p, &mut self.challenge))
    }

    /// Keeps `folder` until this challenge is dropped: judging reads from it.
    pub(crate) fn keep(&mut self, folder: tempfile::TempDir) {
        self.folders.push(folder);
    }
}

/// A `Loaded` is used as the challenge it holds.
impl Deref for Loaded {
    type Target = Challenge;

    fn deref(&self) -> &Challenge {
        &self.challenge
    }
}

impl DerefMut for Loaded {
    fn deref_mut(&mut self) -> &mut Challenge {
        &mut self.challenge
    }
}

/// Whether the harness alone tells the language of a submission in `submissions/` (by its
/// extension or `#!` line): not in a Kattis package, whose `submissions.yaml` may name it
/// (resolving the submission reads it; `verify` does).
pub fn harness_tells_submission_languages(challenge: &Challenge) -> bool {
    challenge.format != Format::Kattis
}

/// `text` of `challenge` (its statement) with a Kattis package's `{{constants}}` substituted;
/// unchanged for challenge.toml or a package that cannot be read.
pub fn substitute_constants(challenge: &Challenge, text: String) -> String {
    match challenge.format {
        Format::Kattis => match Package::open(&challenge.root) {
            Ok(package) => package.substitute(&text),
            Err(_) => text,
        },
        Format::Livejudge => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kattis_package_opens_with_its_package() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("hello");
        std::fs::create_dir_all(root.join("data/sample")).unwrap();
        std::fs::write(
            root.join("problem.yaml"),
            "name: Hello\nlimits:\n  time_limit: 1\nconstants:\n  n: 5\n",
        )
        .unwrap();
        std::fs::write(root.join("data/sample/1.in"), "").unwrap();
        std::fs::write(root.join("data/sample/1.ans"), "hi\n").unwrap();
        let loaded = open(&root).unwrap();
        assert_eq!(loaded.id, "hello");
        assert!(loaded.kattis().is_some());
        assert_eq!(
            substitute_constants(&loaded, "n ≤ {{n}}".into()),
            "n ≤ 5",
            "constants reach the statement"
        );
    }
}
