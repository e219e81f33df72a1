//! Paths written in challenge.toml, checked against the filesystem: each must stay inside the
//! challenge folder, lexically and after following symbolic links, and name what it should (a
//! file, a folder); fixture folders hold no link leading out; paths inside the run's working
//! folder (`files[].path`, `unchanged`) are relative and stay there.

use std::fs;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use super::super::lint::MissingPath;
use super::ctx::Ctx;

/// What a path must name.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Want {
    File,
    Dir,
}

/// What a path that does not exist is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum IfMissing {
    Error,
    /// Accepted: the statement (`lint` warns), an expected file for `bless` (which writes it).
    Accept,
}

impl Ctx<'_> {
    /// Resolves a path of challenge.toml against the challenge folder: it must stay inside it
    /// (lexically and after following symlinks) and, when it exists, be a `want`. A missing path
    /// is an error, or accepted with `IfMissing::Accept` (the path is returned then, and noted
    /// for `lint`). A problem is placed at `span`, or on challenge.toml as a whole.
    pub fn path(
        &mut self,
        key: &str,
        raw: &str,
        span: Option<&Range<usize>>,
        want: Want,
        if_missing: IfMissing,
    ) -> Option<PathBuf> {
        let checked = inside_folder(key, raw).and_then(|rel| {
            let full = self.root.join(&rel);
            if self.listing() {
                return Ok(full);
            }
            self.on_disk(key, raw, &rel, want, if_missing)
                .map(|()| full)
        });
        match checked {
            Ok(full) => Some(full),
            Err(Problem { message, help }) => {
                match span {
                    Some(span) => self.error(span, message, help),
                    None => self.manifest_error(message, help),
                }
                None
            }
        }
    }

    /// Checks what `root/rel` is on disk: inside the folder after following links, and a
    /// `want` (a fixture folder's links are checked too). A missing path is accepted (and
    /// noted) with `IfMissing::Accept`.
    fn on_disk(
        &mut self,
        key: &str,
        raw: &str,
        rel: &Path,
        want: Want,
        if_missing: IfMissing,
    ) -> Result<(), Problem> {
        let full = self.root.join(rel);
        let what = match want {
            Want::File => "file",
            Want::Dir => "folder",
        };
        let Ok(meta) = fs::symlink_metadata(&full) else {
            if if_missing == IfMissing::Accept {
                self.notes.missing.push(MissingPath {
                    key: key.to_string(),
                    raw: raw.to_string(),
                    what,
                });
                return Ok(());
            }
            return Err(Problem::new(
                format!("`{key}` names `{raw}`, which does not exist"),
                format!(
                    "create the {what} `{raw}` in the challenge folder, or fix the path ({INSIDE})"
                ),
            ));
        };
        let real = real_path(&self.root, rel, &meta).map_err(|e| {
            Problem::new(
                format!("`{key}` = \"{raw}\" cannot be resolved: {e}"),
                "fix or remove the broken symbolic link",
            )
        })?;
        if !real.starts_with(&self.root) {
            return Err(Problem::new(
                format!(
                    "`{key}` = \"{raw}\" resolves outside the challenge folder (to `{}`)",
                    real.display()
                ),
                format!("{INSIDE}: replace the symbolic link with a copy"),
            ));
        }
        // Without a link on the way, what `lstat` said is what the path is.
        let is_right = match (want, real == full) {
            (Want::File, true) => meta.is_file(),
            (Want::Dir, true) => meta.is_dir(),
            (Want::File, false) => real.is_file(),
            (Want::Dir, false) => real.is_dir(),
        };
        if !is_right {
            return Err(Problem::new(
                format!("`{key}` = \"{raw}\" is not a {what}"),
                format!("`{key}` must name a {what}"),
            ));
        }
        if want == Want::Dir {
            self.check_fixture_tree(&real);
        }
        Ok(())
    }

    /// Checks that no symbolic link inside a fixture folder resolves outside the challenge
    /// folder (everything in it is copied into the working folder of a test).
    pub fn check_fixture_tree(&mut self, dir: &Path) {
        // Several tests often share a fixture folder: walked once, its findings repeated.
        if let Some(found) = self.fixture_trees.get(dir) {
            self.diags.extend(found.iter().cloned());
            return;
        }
        let before = self.diags.len();
        self.walk_fixture_tree(dir);
        let found = self.diags[before..].to_vec();
        self.fixture_trees.insert(dir.to_path_buf(), found);
    }

    fn walk_fixture_tree(&mut self, dir: &Path) {
        let mut stack = vec![dir.to_path_buf()];
        let mut budget = 100_000usize;
        while let Some(current) = stack.pop() {
            let Ok(entries) = fs::read_dir(&current) else {
                continue;
            };
            for entry in entries.flatten() {
                budget = budget.saturating_sub(1);
                if budget == 0 {
                    return;
                }
                let path = entry.path();
                // From the directory entry itself: no `stat` per fixture file.
                let Ok(file_type) = entry.file_type() else {
                    continue;
                };
                if file_type.is_dir() {
                    stack.push(path);
                } else if file_type.is_symlink() {
                    match fs::canonicalize(&path) {
                        Ok(real) if real.starts_with(&self.root) => {}
                        Ok(real) => self.file_error(
                            &path,
                            format!(
                                "fixture symlink resolves outside the challenge folder (to `{}`)",
                                real.display()
                            ),
                            "replace the symbolic link with a copy of what it points to",
                        ),
                        Err(_) => self.file_error(
                            &path,
                            "fixture symlink is broken",
                            "fix or remove the symbolic link",
                        ),
                    }
                }
            }
        }
    }

    /// A path inside the run's working folder (`files[].path`, `unchanged`): relative, no `..`.
    pub fn work_path(&mut self, key: &str, raw: &str, span: &Range<usize>) -> Option<PathBuf> {
        let help = "write a path relative to the test's working folder, without `..`";
        let candidate = Path::new(raw);
        if candidate.has_root() || candidate.is_absolute() {
            self.error(
                span,
                format!("`{key}` = \"{raw}\" is an absolute path"),
                help,
            );
            return None;
        }
        let mut rel = PathBuf::new();
        for component in candidate.components() {
            match component {
                Component::Normal(part) => rel.push(part),
                Component::CurDir => {}
                _ => {
                    self.error(
                        span,
                        format!("`{key}` = \"{raw}\" leaves the working folder"),
                        help,
                    );
                    return None;
                }
            }
        }
        if rel.as_os_str().is_empty() {
            self.error(
                span,
                format!("`{key}` = \"{raw}\" does not name a file"),
                help,
            );
            return None;
        }
        Some(rel)
    }

    /// An `unchanged` path must name a file of the test's fixtures (the folders layered into its
    /// working folder), or there is nothing to compare it with after the run.
    pub fn check_unchanged(
        &mut self,
        raw: &str,
        span: &Range<usize>,
        path: &Path,
        fixtures: &[PathBuf],
    ) {
        if fixtures.iter().any(|f| f.join(path).is_file()) {
            return;
        }
        let shown: Vec<String> = fixtures
            .iter()
            .map(|f| format!("`{}/`", f.strip_prefix(&self.root).unwrap_or(f).display()))
            .collect();
        let (message, help) = if fixtures.is_empty() {
            (
                format!("`unchanged` names `{raw}`, but this test has no fixtures"),
                format!(
                    "`unchanged` compares a fixture file with what the run left: put `{raw}` in a fixture folder (`fixtures = \"tests/NAME\"`, or the challenge's `fixtures/`), or remove it from `unchanged`"
                ),
            )
        } else if fixtures.iter().any(|f| f.join(path).is_dir()) {
            (
                format!("`unchanged` names `{raw}`, a folder of this test's fixtures"),
                format!(
                    "`unchanged` compares files: list the files in `{raw}` that must stay the same"
                ),
            )
        } else {
            (
                format!("`unchanged` names `{raw}`, which is not a fixture file of this test"),
                format!(
                    "its fixtures come from {}: put `{raw}` there, or fix the path (relative to the working folder)",
                    shown.join(" and ")
                ),
            )
        };
        self.error(span, message, help);
    }
}

const INSIDE: &str =
    "paths in challenge.toml are relative to the challenge folder and must stay inside it";

/// What is wrong with a path, and what to do about it.
struct Problem {
    message: String,
    help: String,
}

impl Problem {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Problem {
        Problem {
            message: message.into(),
            help: help.into(),
        }
    }
}

/// `raw` as a path relative to the challenge folder, `.` and `..` resolved, when it names
/// something inside the folder (checked lexically: links are the disk's business).
fn inside_folder(key: &str, raw: &str) -> Result<PathBuf, Problem> {
    let absolute = || Problem::new(format!("`{key}` = \"{raw}\" is an absolute path"), INSIDE);
    let candidate = Path::new(raw);
    if raw.is_empty() {
        return Err(Problem::new(
            format!("`{key}` is an empty path"),
            "name a path inside the challenge folder",
        ));
    }
    if candidate.has_root() || candidate.is_absolute() {
        return Err(absolute());
    }
    let mut rel = PathBuf::new();
    for component in candidate.components() {
        match component {
            Component::Normal(part) => rel.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !rel.pop() {
                    return Err(Problem::new(
                        format!("`{key}` = \"{raw}\" leaves the challenge folder"),
                        INSIDE,
                    ));
                }
            }
            Component::RootDir | Component::Prefix(_) => return Err(absolute()),
        }
    }
    if rel.as_os_str().is_empty() {
        return Err(Problem::new(
            format!("`{key}` = \"{raw}\" names the challenge folder itself"),
            "name a file or folder inside the challenge folder",
        ));
    }
    Ok(rel)
}

/// The real path of `root/rel` (`root` canonical, `rel` plain names, `meta` what `lstat` says of
/// it): only a path through a symbolic link pays for `canonicalize`, which reads every
/// component of the absolute path.
fn real_path(root: &Path, rel: &Path, meta: &fs::Metadata) -> std::io::Result<PathBuf> {
    let full = root.join(rel);
    let mut prefix = root.to_path_buf();
    let mut through_link = meta.file_type().is_symlink();
    let mut parts = rel.components().peekable();
    while let Some(part) = parts.next() {
        if through_link || parts.peek().is_none() {
            break;
        }
        prefix.push(part);
        through_link = fs::symlink_metadata(&prefix)?.file_type().is_symlink();
    }
    if through_link {
        fs::canonicalize(&full)
    } else {
        Ok(full)
    }
}

#[cfg(test)]
mod tests {
    use crate::challenge::load::load;
    use crate::challenge::load::testing::*;
    use std::fs;

    #[test]
    fn path_leaving_the_folder() {
        let f = Fixture::new(&with_test("stdin = { file = \"../secret\" }\n"));
        assert_error(
            &f.errors(),
            9,
            18,
            "`stdin.file` = \"../secret\" leaves the challenge folder",
        );
        let f = Fixture::new(&with_test("unchanged = [\"a/../../b\"]\n"));
        assert_error(
            &f.errors(),
            9,
            14,
            "`unchanged` = \"a/../../b\" leaves the working folder",
        );
    }

    #[test]
    fn unchanged_must_name_a_fixture_file_of_the_test() {
        let f = Fixture::new(&with_test(
            "fixtures = \"tests/t\"\nunchanged = [\"data.txt\", \"nope.txt\", \"sub\"]\n",
        ));
        f.write("tests/t/data.txt", "x\n")
            .write("tests/t/sub/inner.txt", "y\n");
        let errors = f.errors();
        assert_eq!(errors.len(), 2, "{errors:?}");
        let d = assert_error(
            &errors,
            10,
            26,
            "`unchanged` names `nope.txt`, which is not a fixture file of this test",
        );
        assert!(
            d.help.as_deref().unwrap_or("").contains("`tests/t/`"),
            "{d}"
        );
        assert_error(
            &errors,
            10,
            38,
            "`unchanged` names `sub`, a folder of this test's fixtures",
        );
        // A file of the challenge's fixtures/ counts, layered under the test's folder.
        let f = Fixture::new(&with_test("unchanged = [\"base.txt\"]\n"));
        f.write("fixtures/base.txt", "b\n");
        assert!(load(&f.root).is_ok());
        // No fixtures at all.
        let f = Fixture::new(&with_test("unchanged = [\"data.txt\"]\n"));
        assert_error(
            &f.errors(),
            9,
            14,
            "`unchanged` names `data.txt`, but this test has no fixtures",
        );
        // A broken fixture folder is its own error, with no cascade onto `unchanged`.
        let f = Fixture::new(&with_test(
            "fixtures = \"tests/missing\"\nunchanged = [\"data.txt\"]\n",
        ));
        let errors = f.errors();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.contains("tests/missing"), "{}", errors[0]);
    }

    #[test]
    fn files_and_unchanged_paths_stay_in_the_working_folder() {
        let f = Fixture::new(&with_test(
            "files = [{ path = \"/etc/passwd\", text = \"x\" }, { path = \"../up\", absent = true }]\nunchanged = [\"/abs\"]\n",
        ));
        let errors = f.errors();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert_error(
            &errors,
            9,
            19,
            "`files.path` = \"/etc/passwd\" is an absolute path",
        );
        assert_error(
            &errors,
            9,
            57,
            "`files.path` = \"../up\" leaves the working folder",
        );
        assert_error(
            &errors,
            10,
            14,
            "`unchanged` = \"/abs\" is an absolute path",
        );
    }

    #[test]
    fn absolute_path() {
        let f = Fixture::new(&with_test("check = \"/usr/bin/true\"\n"));
        assert_error(
            &f.errors(),
            9,
            9,
            "`check` = \"/usr/bin/true\" is an absolute path",
        );
        let f = Fixture::new(&with_test(
            "files = [{ path = \"/etc/passwd\", absent = true }]\n",
        ));
        assert_error(
            &f.errors(),
            9,
            19,
            "`files.path` = \"/etc/passwd\" is an absolute path",
        );
    }

    #[test]
    fn symlink_escaping() {
        let f = Fixture::new(&with_test("stdout = { file = \"tests/link.out\" }\n"));
        let outside = f.root.parent().expect("parent").join("outside.txt");
        fs::write(&outside, "x").expect("write");
        f.mkdir("tests");
        std::os::unix::fs::symlink(&outside, f.path("tests/link.out")).expect("symlink");
        assert_error(&f.errors(), 9, 19, "resolves outside the challenge folder");
    }

    #[test]
    fn missing_stdin_file() {
        let f = Fixture::new(&with_test("stdin = { file = \"tests/t.in\" }\n"));
        assert_error(
            &f.errors(),
            9,
            18,
            "`stdin.file` names `tests/t.in`, which does not exist",
        );
    }

    #[test]
    fn fixture_symlink_escaping() {
        let f = Fixture::new(&with_test("fixtures = \"tests/fx\"\n"));
        f.mkdir("tests/fx/sub");
        std::os::unix::fs::symlink("/etc", f.path("tests/fx/sub/etc")).expect("symlink");
        let errors = f.errors();
        let d = errors
            .iter()
            .find(|d| d.message.contains("fixture symlink resolves outside"))
            .unwrap_or_else(|| panic!("{errors:?}"));
        assert_eq!(d.file, f.path("tests/fx/sub/etc"));
    }
}
