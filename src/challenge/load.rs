//! Loading a challenge folder: find and read its definition (challenge.toml, or a Kattis
//! package), walk it into a `Challenge`, and place every diagnostic for display. Every problem
//! becomes a located `Diagnostic`; loading never stops at the first one and never panics on
//! anything a challenge author wrote. The walk's parts: `wire` (the document as written),
//! `values` (one value's type), `validate` and `declared` (the challenge and its tests),
//! `expect` (expectations), `paths` (the filesystem), `discover` (case files).

mod ctx;
mod declared;
mod discover;
mod expect;
mod paths;
mod validate;
mod values;
mod wire;

use std::fs;
use std::path::{Path, PathBuf};

use super::Challenge;
use super::lint::Notes;
use crate::diagnostic::{Diagnostic, Diagnostics};
use ctx::Ctx;
pub(crate) use ctx::Reading;

pub use validate::is_id;

#[cfg(test)]
pub(crate) mod testing;

/// The definition file of a challenge folder.
pub const MANIFEST: &str = "challenge.toml";

/// Loads the challenge at `path` (a folder or its challenge.toml). Fails with every error found.
pub fn load(path: &Path) -> Result<Challenge, Diagnostics> {
    only_errors(read(path, Reading::Judge).finish(Vec::new()))
}

/// Loads a challenge for `bless`: an expectation file (`stdout = { file = … }`, …) that does not
/// exist yet is accepted, since bless is how it comes to exist.
pub fn load_for_bless(path: &Path) -> Result<Challenge, Diagnostics> {
    only_errors(read(path, Reading::Bless).finish(Vec::new()))
}

/// Loads what challenge.toml alone says, for `list`: its errors are found, but the paths it
/// names are not looked up and no case file is discovered, so the challenge holds its declared
/// tests only. Never judge with it: `load` the challenge for that.
pub fn load_listing(path: &Path) -> Result<Challenge, Diagnostics> {
    only_errors(read(path, Reading::Listing).finish(Vec::new()))
}

/// The challenge when nothing is an error, else the errors alone.
fn only_errors(
    (challenge, diagnostics): (Option<Challenge>, Vec<Diagnostic>),
) -> Result<Challenge, Diagnostics> {
    match challenge {
        Some(c) if !diagnostics.iter().any(Diagnostic::is_error) => Ok(c),
        _ => Err(Diagnostics(
            diagnostics
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect(),
        )),
    }
}

/// What reading a definition gave, before its diagnostics are placed for display.
pub(super) struct Read {
    challenge: Option<Challenge>,
    diagnostics: Vec<Diagnostic>,
    /// For a challenge.toml that could be read: where it is and what the walk noted.
    walked: Option<Walked>,
}

struct Walked {
    /// The definition file as the user named it.
    manifest: PathBuf,
    /// The folder as the user named it, and its canonical path.
    folder: PathBuf,
    root: PathBuf,
    source: String,
    notes: Notes,
}

impl Read {
    fn done(diagnostics: Vec<Diagnostic>) -> Read {
        Read {
            challenge: None,
            diagnostics,
            walked: None,
        }
    }

    /// The definition file, its text and the notes of its walk (challenge.toml only).
    pub(super) fn notes(&self) -> Option<(&Path, &str, &Notes)> {
        self.walked
            .as_ref()
            .map(|w| (w.manifest.as_path(), w.source.as_str(), &w.notes))
    }

    /// The challenge (unless something is an error) and every diagnostic with `more` added,
    /// placed for display.
    pub(super) fn finish(self, more: Vec<Diagnostic>) -> (Option<Challenge>, Vec<Diagnostic>) {
        let mut diags = self.diagnostics;
        diags.extend(more);
        let Some(walked) = self.walked else {
            return (self.challenge, diags);
        };
        // Files found on disk are named from the folder as the user gave it, like challenge.toml.
        for d in &mut diags {
            if let Ok(rest) = d.file.strip_prefix(&walked.root) {
                d.file = walked.folder.join(rest);
            }
        }
        // Errors first, then warnings; each in file order, challenge.toml before case files.
        crate::diagnostic::sort_for_display(&mut diags, &walked.manifest);
        let failed = diags.iter().any(Diagnostic::is_error);
        (self.challenge.filter(|_| !failed), diags)
    }
}

/// Reads the definition at `path`: a Kattis package, or a challenge.toml walked into a
/// `Challenge` (`expected_may_be_missing` for `bless`).
pub(super) fn read(path: &Path, mode: Reading) -> Read {
    // A Kattis problem package (problem.yaml, no challenge.toml): see challenge/kattis.rs.
    if let Some(root) = super::kattis::package_root(path) {
        let (challenge, diagnostics) = super::kattis::load(&root);
        return Read {
            challenge,
            diagnostics,
            walked: None,
        };
    }
    let (manifest, folder) = manifest_and_folder(path);
    if !manifest.is_file() {
        return Read::done(vec![no_manifest(path, &manifest, &folder)]);
    }
    let root = match fs::canonicalize(&folder) {
        Ok(root) => root,
        Err(e) => {
            let d = Diagnostic::error(&folder, format!("cannot open the challenge folder: {e}"));
            return Read::done(vec![d]);
        }
    };
    let source = match read_source(&manifest) {
        Ok(source) => source,
        Err(d) => return Read::done(vec![*d]),
    };
    let mut cx = Ctx::new(&source, manifest.clone(), root, mode);
    let challenge = cx.challenge();
    let Ctx {
        diags, notes, root, ..
    } = cx;
    Read {
        challenge,
        diagnostics: diags,
        walked: Some(Walked {
            manifest,
            folder,
            root,
            source,
            notes,
        }),
    }
}

/// The definition file and the challenge folder `path` names (a folder, or its file).
fn manifest_and_folder(path: &Path) -> (PathBuf, PathBuf) {
    if path.is_dir() {
        return (path.join(MANIFEST), path.to_path_buf());
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    (path.to_path_buf(), parent)
}

/// Why there is no definition to read at `path`.
fn no_manifest(path: &Path, manifest: &Path, folder: &Path) -> Diagnostic {
    let (message, help) = if path.exists() {
        (
            format!("no {MANIFEST} in `{}`", folder.display()),
            format!("a challenge folder holds a {MANIFEST} (see challenge-format.md)"),
        )
    } else {
        (
            format!("`{}` does not exist", path.display()),
            "give the path of a challenge folder or of its challenge.toml".to_string(),
        )
    };
    Diagnostic::error(manifest, message).with_help(help)
}

/// The text of challenge.toml, or the error placed at its first byte that is not UTF-8.
fn read_source(manifest: &Path) -> Result<String, Box<Diagnostic>> {
    match fs::read(manifest).map(String::from_utf8) {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(e)) => {
            // Placed at the first bad byte, so the author can find it.
            let valid = e.utf8_error().valid_up_to();
            let shown = String::from_utf8_lossy(e.as_bytes());
            let d = Diagnostic::error(manifest, format!("{MANIFEST} is not valid UTF-8"))
                .at(&shown, valid)
                .with_help("save the file as UTF-8");
            Err(Box::new(d))
        }
        Err(e) => {
            let d = Diagnostic::error(manifest, format!("cannot read {MANIFEST}: {e}"));
            Err(Box::new(d))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use crate::challenge::Challenge;
    use crate::challenge::lint::check;
    use crate::challenge::load::testing::*;
    use crate::challenge::load::{MANIFEST, load, load_listing};
    use crate::diagnostic::Diagnostic;

    /// `--test NAME` naming no test: the closest name is suggested, and a long list of tests
    /// is cropped (a Kattis package of 200 tests would otherwise fill the screen).
    #[test]
    fn an_unknown_test_name_suggests_the_closest_and_crops_the_list() {
        let tests: String = (1..=30)
            .map(|i| format!("[[test]]\nname = \"case-{i:02}\"\nstdout = \"x\\n\"\n"))
            .collect();
        let f = Fixture::new(&format!("{HEAD}{tests}"));
        f.write("solution/solve.sh", "echo x\n");
        let challenge = load(&f.root).expect("loads");
        let error = challenge
            .named_tests(&["case_07".to_string()])
            .expect_err("unknown");
        let message = error.to_string();
        assert!(
            message.contains("no test `case_07` (did you mean `case-07`?)"),
            "{message}"
        );
        assert!(message.contains("case-01, case-02"), "{message}");
        assert!(!message.contains("case-30"), "{message}");
        assert!(message.contains("(30 in all)"), "{message}");
        let far = challenge
            .named_tests(&["zzz".to_string()])
            .expect_err("unknown");
        assert!(!far.to_string().contains("did you mean"), "{far}");
    }

    #[test]
    fn a_manifest_that_is_not_utf8_is_located() {
        let f = Fixture::new("");
        fs::write(f.path(MANIFEST), b"id = \"demo\"\ntitle = \"caf\xe9\"\n").expect("write");
        let errors = f.errors();
        assert_error(&errors, 2, 13, "is not valid UTF-8");
    }

    #[test]
    fn missing_folder_and_manifest() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let errors = load(&tmp.path().join("nope")).expect_err("fails");
        assert!(errors.0[0].message.contains("does not exist"));
        let errors = load(tmp.path()).expect_err("fails");
        assert!(errors.0[0].message.contains("no challenge.toml"));
    }

    #[test]
    fn a_listing_reads_challenge_toml_alone() {
        // Case files only, a missing stdin file: fine for a listing, errors for judging.
        let toml = with_test("stdin = { file = \"tests/t.in\" }\nstdout = \"x\"\n");
        let f = Fixture::new(&toml);
        assert!(load(&f.root).is_err());
        let listed = load_listing(&f.root).expect("listed");
        assert_eq!(listed.tests.len(), 1);
        let f = Fixture::new(HEAD);
        f.write("tests/sample/one.out", "x\n");
        assert_eq!(load(&f.root).expect("loads").tests.len(), 1);
        assert!(load_listing(&f.root).expect("listed").tests.is_empty());
        // An error of challenge.toml itself is still one.
        let f = Fixture::new(&format!("{HEAD}minutes = 0\n"));
        assert!(load_listing(&f.root).is_err());
    }

    #[test]
    fn the_bundled_challenges_list_as_they_load() {
        let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("challenges");
        for path in crate::locate::challenges_under(&bundled) {
            let full = load(&path).expect("loads");
            let listed = load_listing(&path).expect("listed");
            let header = |c: &Challenge| {
                (
                    c.id.clone(),
                    c.title.clone(),
                    c.category,
                    c.difficulty,
                    c.minutes,
                    c.hints.clone(),
                    c.root.clone(),
                )
            };
            assert_eq!(header(&full), header(&listed), "{}", path.display());
        }
    }

    #[test]
    fn odd_documents_never_panic() {
        let docs = [
            "",
            "\u{feff}id = 1",
            "id = 1979-05-27T07:32:00Z\ntitle = [[1], [\"a\"]]\n",
            "minutes = 99999999999999999999\n",
            "minutes = 0x7fffffffffffffff\n[limits]\ntime = \"1e300m\"\nmemory = \"nanMiB\"\n",
            "[[test]]\nname = \"é\"\nstdout = { text = 1, file = 2, compare = 3, abs_tol = -1.0 }\n",
            "test = [1, \"x\"]\ndefaults = 3\nlimits = []\n",
            "[[test]]\nfiles = [1, { absent = \"yes\" }, { path = \"\" }]\nunchanged = \"x\"\n",
            "[[test]]\nstdin = { file = \"\" }\nfixtures = \".\"\ncheck = \"./\"\nenv = { \"A=B\" = \"x\" }\n",
            "\"\u{1F600}\" = \"\u{1F600}\u{1F600}\"\n[a.b.c]\nd = 1",
        ];
        for doc in docs {
            let f = Fixture::new(doc);
            let (c, diags) = check(&f.root);
            assert!(c.is_none(), "{doc:?} loaded");
            assert!(diags.iter().any(Diagnostic::is_error), "{doc:?}");
            for d in &diags {
                let _ = d.to_string();
            }
        }
    }

    #[test]
    fn many_errors_are_reported_together() {
        let f = Fixture::new(
            "id = \"Bad\"\ntitle = \"T\"\ncategory = \"games\"\ndifficulty = \"easy\"\nentry = \"e\"\n\
             time_limit = \"1s\"\n[[test]]\nname = \"a b\"\nargv = [\"1\"]\nstdout = { file = \"nope.out\" }\nlimits = { time = \"0s\" }\n",
        );
        let errors = f.errors();
        assert_error(&errors, 1, 6, "invalid id `Bad`");
        assert_error(&errors, 3, 12, "unknown category `games`");
        let d = assert_error(&errors, 6, 1, "unknown key `time_limit`");
        assert_eq!(d.help.as_deref(), Some("did you mean `limits.time`?"));
        assert_error(&errors, 8, 8, "invalid test name `a b`");
        let d = assert_error(&errors, 9, 1, "unknown key `argv`");
        assert_eq!(d.help.as_deref(), Some("did you mean `args`?"));
        assert_error(
            &errors,
            10,
            19,
            "`stdout.file` names `nope.out`, which does not exist",
        );
        assert_error(&errors, 11, 19, "invalid `limits.time`: `0s`");
        assert_eq!(errors.len(), 7, "{errors:#?}");
        // Sorted by position.
        let lines: Vec<usize> = errors.iter().map(|d| d.line).collect();
        let mut sorted = lines.clone();
        sorted.sort();
        assert_eq!(lines, sorted);
    }
}
