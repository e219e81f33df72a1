//! Tests discovered from case files: `tests/sample/NAME.out` (with `NAME.in`, `NAME.err`,
//! `NAME.args`, `NAME.files/`) and the same under `tests/hidden/`, with `[defaults]` applied.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::super::lint::IgnoredCaseFile;
use super::super::{Content, Expectation, Limits, Stdin, TestCase};
use super::ctx::Ctx;
use super::expect::default_spec;
use super::validate::{ResolvedDefaults, is_test_name};
use crate::compare::{CompareKind, check_regex};

/// The case files of one test, by kind.
#[derive(Default)]
struct Parts {
    out: Option<PathBuf>,
    input: Option<PathBuf>,
    err: Option<PathBuf>,
    args: Option<PathBuf>,
    files: Option<PathBuf>,
}

impl Parts {
    /// Any one of the files, to place a diagnostic about the case.
    fn any(&self) -> Option<&PathBuf> {
        [&self.out, &self.input, &self.err, &self.args, &self.files]
            .into_iter()
            .flatten()
            .next()
    }

    fn slot(&mut self, extension: &str) -> &mut Option<PathBuf> {
        match extension {
            ".out" => &mut self.out,
            ".in" => &mut self.input,
            ".err" => &mut self.err,
            ".args" => &mut self.args,
            _ => &mut self.files,
        }
    }
}

/// The extensions of case files; `.files` is a folder, the others files.
const CASE_EXTENSIONS: [&str; 5] = [".out", ".in", ".err", ".args", ".files"];

impl Ctx<'_> {
    /// Case files under `folder` (relative to the root), sorted by name, with the path of each
    /// test's `.out` file.
    pub fn discover(
        &mut self,
        folder: &str,
        sample: bool,
        defaults: &ResolvedDefaults,
        limits: Limits,
    ) -> Vec<(TestCase, PathBuf)> {
        let dir = self.root.join(folder);
        let Some(real_dir) = self.case_folder(folder, &dir) else {
            return Vec::new();
        };
        let cases = self.case_files(folder, &dir, &real_dir);
        let mut tests = Vec::new();
        for (name, parts) in cases {
            if let Some(test) = self.case(folder, &name, parts, sample, defaults, limits) {
                tests.push(test);
            }
        }
        tests
    }

    /// The real path of a case folder, when it exists and is a folder inside the challenge.
    fn case_folder(&mut self, folder: &str, dir: &Path) -> Option<PathBuf> {
        if fs::symlink_metadata(dir).is_err() {
            return None;
        }
        match fs::canonicalize(dir) {
            Ok(real) if real.starts_with(&self.root) && real.is_dir() => Some(real),
            Ok(real) if !real.starts_with(&self.root) => {
                self.file_error(
                    dir,
                    format!(
                        "`{folder}` resolves outside the challenge folder (to `{}`)",
                        real.display()
                    ),
                    "replace the symbolic link with a copy",
                );
                None
            }
            _ => {
                self.file_error(
                    dir,
                    format!("`{folder}` is not a folder"),
                    "case files live in the folders tests/sample/ and tests/hidden/",
                );
                None
            }
        }
    }

    /// The case files of a case folder grouped by test name; files that are no case file are
    /// noted (for `lint`), broken ones reported.
    fn case_files(&mut self, folder: &str, dir: &Path, real_dir: &Path) -> BTreeMap<String, Parts> {
        let mut cases: BTreeMap<String, Parts> = BTreeMap::new();
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.file_error(dir, format!("cannot read `{folder}`: {e}"), "");
                return cases;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(file_name) = entry.file_name().to_str().map(str::to_string) else {
                self.file_error(
                    &path,
                    "case file name is not valid UTF-8",
                    "rename the file",
                );
                continue;
            };
            if file_name.starts_with('.') {
                continue;
            }
            let Some(is_dir) = self.case_file_is_dir(&entry, real_dir) else {
                continue;
            };
            let split = CASE_EXTENSIONS
                .iter()
                .find_map(|ext| file_name.strip_suffix(ext).map(|stem| (stem, *ext)));
            let Some((stem, ext)) = split.filter(|(stem, _)| !stem.is_empty()) else {
                self.notes.ignored.push(IgnoredCaseFile {
                    path,
                    file_name,
                    folder: folder.to_string(),
                });
                continue;
            };
            if is_dir != (ext == ".files") {
                let want = if ext == ".files" {
                    "a folder"
                } else {
                    "a file"
                };
                self.file_error(
                    &path,
                    format!("`{file_name}` must be {want}"),
                    "NAME.files/ is a folder of fixtures; the other case files are files",
                );
                continue;
            }
            *cases.entry(stem.to_string()).or_default().slot(ext) = Some(path);
        }
        cases
    }

    /// Whether a case file is a folder, when it resolves inside the challenge folder.
    fn case_file_is_dir(&mut self, entry: &fs::DirEntry, real_dir: &Path) -> Option<bool> {
        let path = entry.path();
        match case_file_real_path(entry, real_dir) {
            Ok((real, is_dir)) if real.starts_with(&self.root) => Some(is_dir),
            Ok((real, _)) => {
                self.file_error(
                    &path,
                    format!(
                        "case file resolves outside the challenge folder (to `{}`)",
                        real.display()
                    ),
                    "replace the symbolic link with a copy",
                );
                None
            }
            Err(e) => {
                self.file_error(&path, format!("cannot resolve case file: {e}"), "");
                None
            }
        }
    }

    /// The test of one case, with the path of its `.out` file.
    fn case(
        &mut self,
        folder: &str,
        name: &str,
        parts: Parts,
        sample: bool,
        defaults: &ResolvedDefaults,
        limits: Limits,
    ) -> Option<(TestCase, PathBuf)> {
        let any = parts
            .any()
            .cloned()
            .unwrap_or_else(|| self.root.join(folder));
        let any = any.as_path();
        if !is_test_name(name) {
            self.file_error(
                any,
                format!("invalid test name `{name}` in `{folder}`"),
                "rename the case files: use letters, digits, `.`, `_` and `-` only",
            );
            return None;
        }
        let Some(out) = parts.out else {
            self.file_error(
                any,
                format!("case `{name}` in `{folder}` has no `{name}.out`"),
                format!("add `{folder}/{name}.out` with the expected output"),
            );
            return None;
        };
        let args = match &parts.args {
            Some(path) => self.case_args(name, path)?,
            None => Vec::new(),
        };
        if defaults.compare == CompareKind::Regex && !self.case_pattern(name, &out) {
            return None;
        }
        let expect = |path: PathBuf| Expectation {
            content: Content::File(path),
            compare: default_spec(defaults.compare),
        };
        let mut fixtures: Vec<PathBuf> = defaults.fixtures.iter().cloned().collect();
        if let Some(files) = &parts.files {
            self.check_fixture_tree(files);
        }
        fixtures.extend(parts.files);
        let test = TestCase {
            name: name.to_string(),
            sample,
            args,
            stdin: parts.input.map_or(Stdin::Empty, Stdin::File),
            env: defaults.env.clone(),
            fixtures,
            exit: defaults.exit,
            points: 1,
            limits,
            stdout: Some(expect(out.clone())),
            stderr: parts.err.map(expect),
            files: Vec::new(),
            unchanged: Vec::new(),
            check: None,
            validator: None,
            signal: None,
            generate: None,
        };
        Some((test, out))
    }

    /// The arguments of `NAME.args`: one a line.
    fn case_args(&mut self, name: &str, path: &Path) -> Option<Vec<String>> {
        match fs::read_to_string(path) {
            Ok(text) => Some(
                text.lines()
                    .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
                    .collect(),
            ),
            Err(e) => {
                self.file_error(
                    path,
                    format!("cannot read `{name}.args`: {e}"),
                    "write one argument per line, as UTF-8 text",
                );
                None
            }
        }
    }

    /// With `defaults.compare = "regex"`, a `.out` file holds a pattern: true when it compiles.
    fn case_pattern(&mut self, name: &str, out: &Path) -> bool {
        let pattern_ok = match fs::read_to_string(out) {
            Ok(text) => check_regex(text.strip_suffix('\n').unwrap_or(&text)).map_err(|e| {
                e.to_string()
                    .lines()
                    .last()
                    .unwrap_or("")
                    .trim()
                    .to_string()
            }),
            Err(e) => Err(e.to_string()),
        };
        match pattern_ok {
            Ok(()) => true,
            Err(e) => {
                self.file_error(
                    out,
                    format!("invalid regex in `{name}.out`: {e}"),
                    "`defaults.compare` is \"regex\", so the file holds a pattern",
                );
                false
            }
        }
    }
}

/// The real path of a case file listed in `real_dir` (canonical), and whether it is a folder:
/// only a symbolic link needs resolving.
fn case_file_real_path(entry: &fs::DirEntry, real_dir: &Path) -> std::io::Result<(PathBuf, bool)> {
    match entry.file_type() {
        Ok(file_type) if !file_type.is_symlink() => {
            Ok((real_dir.join(entry.file_name()), file_type.is_dir()))
        }
        _ => {
            let real = fs::canonicalize(entry.path())?;
            let is_dir = real.is_dir();
            Ok((real, is_dir))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::challenge::lint::check;
    use crate::challenge::load::testing::*;
    use crate::challenge::{Content, Stdin};

    #[test]
    fn discovered_tests_follow_declared_ones() {
        let f = Fixture::new(&format!(
            "{HEAD}hints = [\"h\"]\n[defaults]\nenv = {{ K = \"v\" }}\n[[test]]\nname = \"zz\"\nstdout = \"\"\n"
        ));
        f.write("README.md", "x")
            .write("tests/sample/b.out", "2\n")
            .write("tests/sample/b.err", "warn\n")
            .write("tests/sample/a.out", "1\n")
            .write("tests/sample/a.in", "in\n")
            .write("tests/sample/a.args", "x\ny z\n")
            .write("tests/hidden/c.out", "3\n")
            .mkdir("tests/hidden/c.files");
        let (c, diags) = check(&f.root);
        assert!(diags.is_empty(), "{diags:?}");
        let c = c.expect("loads");
        let names: Vec<(&str, bool)> = c
            .tests
            .iter()
            .map(|t| (t.name.as_str(), t.sample))
            .collect();
        assert_eq!(
            names,
            [("zz", false), ("a", true), ("b", true), ("c", false)]
        );
        let a = &c.tests[1];
        assert_eq!(a.args, ["x", "y z"]);
        assert_eq!(a.stdin, Stdin::File(f.path("tests/sample/a.in")));
        assert_eq!(a.env.get("K").map(String::as_str), Some("v"));
        assert_eq!(
            a.stdout.as_ref().map(|e| &e.content),
            Some(&Content::File(f.path("tests/sample/a.out")))
        );
        assert_eq!(a.stderr, None);
        let b = &c.tests[2];
        assert_eq!(
            b.stderr.as_ref().map(|e| &e.content),
            Some(&Content::File(f.path("tests/sample/b.err")))
        );
        assert_eq!(c.tests[3].fixtures, vec![f.path("tests/hidden/c.files")]);

        // A case without its .out is an error.
        f.write("tests/hidden/d.in", "x");
        let errors = f.errors();
        assert!(
            errors.iter().any(|d| d.message.contains("has no `d.out`")),
            "{errors:?}"
        );
    }

    #[test]
    fn declared_and_discovered_names_clash() {
        let f = Fixture::new(&format!("{HEAD}[[test]]\nname = \"a\"\n"));
        f.write("tests/hidden/a.out", "x");
        assert_error(
            &f.errors(),
            7,
            8,
            "test `a` is declared here and also discovered from `tests/hidden/a.out`",
        );
    }
}
