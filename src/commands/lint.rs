//! `livejudge lint`: check challenge definitions without running anything. The loader reports
//! every definition error; this adds the checks that need the harness or the folder layout
//! (reference solutions, starters, languages, checkers, submissions). Never runs a program.

use std::path::{Path, PathBuf};

use crate::challenge::{self, Category, Challenge, Format};
use crate::cli::LintArgs;
use crate::diagnostic::Diagnostic;
use crate::exit::{Exit, Failure};
use crate::harness::{Harness, Language};
use crate::settings::Settings;

/// The `submissions/` folders `verify` judges, with the verdict each must show.
pub const JUDGED_FOLDERS: [&str; 4] = [
    "accepted",
    "wrong_answer",
    "time_limit_exceeded",
    "run_time_error",
];

pub fn run(settings: &Settings, args: &LintArgs) -> Result<Exit, Failure> {
    let harness = settings.harness()?;
    let dirs = challenge_dirs(settings, &args.paths)?;
    let mut errors = 0;
    let mut warnings = 0;
    for dir in &dirs {
        let (_, diagnostics) = lint(dir, harness);
        for d in &diagnostics {
            eprintln!("{d}");
        }
        errors += diagnostics.iter().filter(|d| d.is_error()).count();
        warnings += diagnostics.iter().filter(|d| !d.is_error()).count();
    }
    if !settings.quiet || errors > 0 {
        println!(
            "lint: {} challenge(s) checked: {errors} error(s), {warnings} warning(s)",
            dirs.len()
        );
    }
    Ok(if errors > 0 {
        Exit::Usage
    } else {
        Exit::Success
    })
}

/// The challenges that PATH arguments name (default: the challenge path), each root searched
/// one level down. A PATH that does not exist or holds no challenge is a usage error.
pub fn challenge_dirs(settings: &Settings, paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let defaulted = paths.is_empty();
    let roots: Vec<PathBuf> = if defaulted {
        crate::locate::challenge_path(&settings.challenges)
            .into_iter()
            .filter(|p| p.is_dir())
            .collect()
    } else {
        paths.to_vec()
    };
    let mut dirs = Vec::new();
    for root in &roots {
        if !root.exists() {
            return Err(Failure::usage(format!(
                "{}: no such file or folder",
                root.display()
            )));
        }
        let found = crate::locate::challenges_under(root);
        if found.is_empty() && !defaulted {
            return Err(Failure::usage(format!(
                "{}: no challenge here (no challenge.toml or problem.yaml in it or one level down)",
                root.display()
            )));
        }
        dirs.extend(found);
    }
    if dirs.is_empty() {
        return Err(Failure::usage(
            "no challenge found in the challenge path; pass a PATH (a challenge folder or a folder of challenges)",
        ));
    }
    Ok(dirs)
}

/// Loads one challenge and runs every check that needs no run: the loader's diagnostics, then
/// this module's. Errors first, then warnings.
pub fn lint(path: &Path, harness: &Harness) -> (Option<Challenge>, Vec<Diagnostic>) {
    let (challenge, mut diagnostics) = challenge::lint::check(path);
    if let Some(challenge) = &challenge {
        diagnostics.extend(layout_checks(challenge, harness));
    }
    // Stable: keeps the loader's order within each severity.
    diagnostics.sort_by_key(|d| d.severity);
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    (challenge.filter(|_| !failed), diagnostics)
}

/// A file of a solution folder that is an entry file of the challenge, with its language.
pub struct EntryFile {
    pub path: PathBuf,
    pub language: Result<Language, String>,
}

/// The entry files (`ENTRY.*`, or `ENTRY` with a `#!` line) directly in `dir`, sorted by name.
pub fn entry_files(dir: &Path, challenge: &Challenge, harness: &Harness) -> Vec<EntryFile> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .filter(|p| {
                    p.file_stem()
                        .is_some_and(|s| s.to_string_lossy() == challenge.entry)
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
        .into_iter()
        .map(|path| EntryFile {
            language: harness.detect(&path, None).cloned().map_err(String::from),
            path,
        })
        .collect()
}

/// Where `needle` first occurs in the manifest after `after` (for locating a value the loader
/// accepted but the harness does not know).
fn locate(challenge: &Challenge, diagnostic: Diagnostic, after: &str, needle: &str) -> Diagnostic {
    let Ok(source) = std::fs::read_to_string(&challenge.manifest) else {
        return diagnostic;
    };
    let start = source.find(after).unwrap_or(0);
    match source[start..].find(needle) {
        Some(offset) => diagnostic.at(&source, start + offset),
        None => diagnostic,
    }
}

fn relative(challenge: &Challenge, path: &Path) -> String {
    path.strip_prefix(&challenge.root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Checks of the folder layout and of names the harness must know.
fn layout_checks(challenge: &Challenge, harness: &Harness) -> Vec<Diagnostic> {
    let mut out = language_checks(challenge, harness);
    out.extend(checker_checks(challenge, harness));
    if challenge.format == Format::Livejudge {
        out.extend(solution_checks(challenge, harness, "solution"));
        let starter = challenge.root.join("starter");
        if starter.is_dir() {
            out.extend(solution_checks(challenge, harness, "starter"));
        } else if challenge.category == Category::Debugging {
            out.push(
                Diagnostic::warning(
                    &challenge.root,
                    "a debugging challenge without a `starter/` folder: learners get no program to fix",
                )
                .with_help(format!(
                    "put the buggy program in starter/{}.EXT",
                    challenge.entry
                )),
            );
        }
    }
    out.extend(submission_checks(challenge, harness));
    out
}

/// `languages` names only languages of the harness.
fn language_checks(challenge: &Challenge, harness: &Harness) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let manifest = &challenge.manifest;
    let names = harness.names();
    if let Some(languages) = &challenge.languages {
        for name in languages {
            if harness.get(name).is_none() {
                let mut help = format!("the harness has: {}", names.join(", "));
                if let Some(close) = names
                    .iter()
                    .filter(|n| strsim::jaro_winkler(n, name) > 0.8)
                    .max_by(|a, b| {
                        strsim::jaro_winkler(a, name).total_cmp(&strsim::jaro_winkler(b, name))
                    })
                {
                    help = format!("did you mean `{close}`? {help}");
                }
                let d = Diagnostic::warning(
                    manifest,
                    format!("`languages` names `{name}`, which the harness does not have"),
                )
                .with_help(help);
                out.push(locate(challenge, d, "languages", &format!("\"{name}\"")));
            }
        }
    }
    out
}

/// Every checker, and every generator script run as the command itself, is in an interpreted
/// language of the harness.
fn checker_checks(challenge: &Challenge, harness: &Harness) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let manifest = &challenge.manifest;
    let names = harness.names();
    let mut checkers: Vec<(&PathBuf, &str, &str)> = Vec::new();
    for test in &challenge.tests {
        checkers.extend(test.check.iter().map(|c| (c, "checker", "check")));
        if let Some(crate::challenge::Generate {
            script: Some((0, script)),
            ..
        }) = &test.generate
        {
            checkers.push((script, "generator", "generate"));
        }
    }
    checkers.dedup();
    for (checker, what, key) in checkers {
        let shown = relative(challenge, checker);
        match harness.detect(checker, None) {
            Err(_) => {
                let d = Diagnostic::error(
                    manifest,
                    format!("the harness has no language for the {what} `{shown}`"),
                )
                .with_help(format!(
                    "give it the extension of one of: {}, or a #! line naming its interpreter",
                    names.join(", ")
                ));
                out.push(locate(challenge, d, key, &format!("\"{shown}\"")));
            }
            Ok(language) if language.compile.is_some() => {
                let d = Diagnostic::error(
                    manifest,
                    format!(
                        "the {what} `{shown}` is in {}, a compiled language; {what}s must be interpreted",
                        language.name
                    ),
                )
                .with_help(format!(
                    "write the {what} in an interpreted language such as python or bash"
                ));
                out.push(locate(challenge, d, key, &format!("\"{shown}\"")));
            }
            Ok(_) => {}
        }
    }
    out
}

/// `solution/` or `starter/`: present, holding an entry file in an allowed, known language.
fn solution_checks(challenge: &Challenge, harness: &Harness, folder: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let dir = challenge.root.join(folder);
    if !dir.is_dir() {
        out.push(
            Diagnostic::warning(
                &challenge.root,
                "no `solution/` folder: `verify` has no reference solution to prove the tests with",
            )
            .with_help(format!(
                "add solution/{}.EXT (one entry file per language)",
                challenge.entry
            )),
        );
        return out;
    }
    let entries = entry_files(&dir, challenge, harness);
    if entries.is_empty() {
        out.push(
            Diagnostic::warning(
                &dir,
                format!("`{folder}/` holds no entry file `{}.*`", challenge.entry),
            )
            .with_help(format!(
                "name the entry file `{}` plus the language's extension (entry = \"{}\")",
                challenge.entry, challenge.entry
            )),
        );
    }
    for entry in entries {
        match &entry.language {
            Err(_) => out.push(
                Diagnostic::warning(&entry.path, "the harness has no language for this file")
                    .with_help(unknown_language_help(harness)),
            ),
            Ok(language) => {
                let executable = std::fs::metadata(&entry.path).is_ok_and(|m| {
                    std::os::unix::fs::PermissionsExt::mode(&m.permissions()) & 0o111 != 0
                });
                if folder == "starter" && language.compile.is_none() && !executable {
                    let name = entry
                        .path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    out.push(
                        Diagnostic::warning(
                            &entry.path,
                            "a script starter that is not executable: learners cannot run it as `./FILE`",
                        )
                        .with_help(format!(
                            "chmod +x starter/{name} (and commit the mode: git update-index --chmod=+x)"
                        )),
                    );
                }
                if let Some(allowed) = &challenge.languages
                    && !allowed.contains(&language.name)
                {
                    out.push(
                        Diagnostic::warning(
                            &entry.path,
                            format!(
                                "this {folder} file is in {}, which `languages` does not allow",
                                language.name
                            ),
                        )
                        .with_help(format!(
                            "add \"{}\" to `languages` (now: {}), or remove the file",
                            language.name,
                            allowed.join(", ")
                        )),
                    );
                }
            }
        }
    }
    out
}

/// `submissions/`: entries of the judged folders must be in a language the harness knows.
/// (A Kattis package may name a submission's language in `submissions/submissions.yaml`, which
/// resolving the submission reads; the check is left to `verify` there.)
fn submission_checks(challenge: &Challenge, harness: &Harness) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !crate::challenge::open::harness_tells_submission_languages(challenge) {
        return out;
    }
    for folder in JUDGED_FOLDERS {
        let dir = challenge.root.join("submissions").join(folder);
        for item in list_visible(&dir) {
            if item.is_file() && harness.detect(&item, None).is_err() {
                out.push(
                    Diagnostic::warning(
                        &item,
                        "`verify` cannot judge this submission: the harness has no language for it",
                    )
                    .with_help(unknown_language_help(harness)),
                );
            }
        }
    }
    out
}

fn unknown_language_help(harness: &Harness) -> String {
    format!(
        "give it the extension of one of the harness's languages ({}), or a #! line naming its interpreter",
        harness.names().join(", ")
    )
}

/// The entries of `dir` whose names do not start with `.`, sorted.
pub fn list_visible(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    //! Snapshots of what `lint` says about broken definitions (temp paths normalised).

    use super::*;

    /// A fixed harness, so the snapshots do not change when the built-in one gains languages.
    fn harness() -> Harness {
        let table = "[bash]\nextensions = [\"sh\", \"bash\"]\nshebang = [\"bash\"]\nrun = [\"bash\", \"{file}\"]\n\n[python]\nextensions = [\"py\"]\nshebang = [\"python3\"]\nrun = [\"python3\", \"{file}\"]\n";
        Harness::parse(table, Path::new("test-harness.toml")).expect("test harness")
    }

    const VALID: &str = r#"id = "demo"
title = "Demo"
category = "scripting"
difficulty = "easy"
entry = "solve"
hints = ["look closer"]

[[test]]
name = "one"
sample = true
stdout = "x\n"

[[test]]
name = "two"
stdout = "y\n"
"#;

    /// Lints a challenge `demo` made of `toml` plus `files` (a reference solution is added
    /// unless `files` names one), and renders every diagnostic.
    fn lint_case(toml: &str, files: &[(&str, &str)]) -> String {
        lint_built(toml, files, true)
    }

    fn lint_built(toml: &str, files: &[(&str, &str)], add_solution: bool) -> String {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path().join("demo");
        std::fs::create_dir(&dir).expect("challenge folder");
        std::fs::write(dir.join("challenge.toml"), toml).expect("challenge.toml");
        std::fs::write(dir.join("README.md"), "# Demo\n").expect("README.md");
        let mut files = files.to_vec();
        if add_solution && !files.iter().any(|(p, _)| p.starts_with("solution/")) {
            files.push(("solution/solve.sh", "echo x\n"));
        }
        for (relative, content) in files {
            let path = dir.join(relative);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
            std::fs::write(path, content).expect("file");
        }
        let (_, diagnostics) = lint(&dir, &harness());
        let shown: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        let canonical = std::fs::canonicalize(root.path()).expect("canonical");
        shown
            .join("\n")
            .replace(&canonical.display().to_string(), "[TMP]")
            .replace(&root.path().display().to_string(), "[TMP]")
    }

    fn with(extra_top: &str, extra_end: &str) -> String {
        let (head, tests) = VALID.split_once("\n[[test]]").expect("tests");
        format!("{head}{extra_top}\n[[test]]{tests}{extra_end}")
    }

    #[test]
    fn valid_challenge_is_clean() {
        assert_eq!(lint_case(VALID, &[]), "");
    }

    #[test]
    fn toml_syntax_error() {
        insta::assert_snapshot!(lint_case("id = \"demo\"\ntitle = \n", &[]));
    }

    #[test]
    fn toml_syntax_error_does_not_cascade() {
        // One missing `}`: one error, on the line that lacks it, and nothing after it.
        let toml = VALID.replace(
            "stdout = \"x\\n\"",
            "stdout = { text = \"x\\n\", compare = \"lines\"\nstdin = \"abc\"",
        ) + "files = [ { path = \"a\", text = \"b\" } ]\n";
        insta::assert_snapshot!(lint_case(&toml, &[]));
    }

    #[test]
    fn unknown_key_with_suggestion() {
        insta::assert_snapshot!(lint_case(&with("timeout = \"3s\"\n", ""), &[]));
    }

    #[test]
    fn misspelt_test_key() {
        insta::assert_snapshot!(lint_case(&with("", "stdot = \"z\"\n"), &[]));
    }

    #[test]
    fn missing_required_keys() {
        insta::assert_snapshot!(lint_case("id = \"demo\"\n", &[]));
    }

    #[test]
    fn invalid_id_and_folder_mismatch() {
        insta::assert_snapshot!(lint_case(&VALID.replace("\"demo\"", "\"Demo_1\""), &[]));
        insta::assert_snapshot!(
            "id_not_folder",
            lint_case(&VALID.replace("\"demo\"", "\"other\""), &[])
        );
    }

    #[test]
    fn bad_category_and_difficulty() {
        let toml = VALID
            .replace("\"scripting\"", "\"scripts\"")
            .replace("\"easy\"", "\"trivial\"");
        insta::assert_snapshot!(lint_case(&toml, &[]));
    }

    #[test]
    fn wrong_type() {
        insta::assert_snapshot!(lint_case(&with("minutes = \"ten\"\n", ""), &[]));
    }

    #[test]
    fn bad_limits() {
        let toml = with(
            "\n[limits]\ntime = \"5 seconds\"\nmemory = \"0MiB\"\nprocesses = 0\n",
            "",
        );
        insta::assert_snapshot!(lint_case(&toml, &[]));
    }

    #[test]
    fn duplicate_test_names() {
        insta::assert_snapshot!(lint_case(
            &with("", "\n[[test]]\nname = \"one\"\nstdout = \"z\"\n"),
            &[]
        ));
    }

    #[test]
    fn bad_test_name() {
        insta::assert_snapshot!(lint_case(&VALID.replace("\"two\"", "\"two words\""), &[]));
    }

    #[test]
    fn declared_and_discovered_clash() {
        insta::assert_snapshot!(lint_case(VALID, &[("tests/hidden/two.out", "y\n")]));
    }

    #[test]
    fn path_leaving_the_folder_and_absolute() {
        let toml = with(
            "",
            "stdin = { file = \"../secret.txt\" }\nfixtures = \"/etc\"\n",
        );
        insta::assert_snapshot!(lint_case(&toml, &[]));
    }

    #[test]
    fn missing_expected_file() {
        insta::assert_snapshot!(lint_case(
            &VALID.replace("stdout = \"y\\n\"", "stdout = { file = \"tests/two.out\" }"),
            &[]
        ));
    }

    #[test]
    fn bad_regex() {
        let toml = with(
            "",
            "stderr = { text = \"usage: (\", compare = \"regex\" }\n",
        );
        insta::assert_snapshot!(lint_case(&toml, &[]));
    }

    #[test]
    fn unknown_comparator() {
        let toml = VALID.replace(
            "stdout = \"y\\n\"",
            "stdout = { text = \"y\", compare = \"fuzzy\" }",
        );
        insta::assert_snapshot!(lint_case(&toml, &[]));
    }

    #[test]
    fn text_and_file_together() {
        let toml = VALID.replace(
            "stdout = \"y\\n\"",
            "stdout = { text = \"y\", file = \"tests/two.out\" }",
        );
        insta::assert_snapshot!(lint_case(&toml, &[("tests/two.out", "y\n")]));
    }

    #[test]
    fn bad_exit_value() {
        insta::assert_snapshot!(lint_case(&with("", "exit = \"sometimes\"\n"), &[]));
    }

    #[test]
    fn absent_file_with_text_and_bad_mode() {
        let toml = with(
            "",
            "files = [\n  { path = \"gone.txt\", absent = true, text = \"x\" },\n  { path = \"run.sh\", text = \"x\", mode = \"rwx\" },\n]\n",
        );
        insta::assert_snapshot!(lint_case(&toml, &[]));
    }

    #[test]
    fn languages_unknown_to_the_harness() {
        insta::assert_snapshot!(lint_case(
            &with("languages = [\"bash\", \"pyhton\", \"cobol\"]\n", ""),
            &[]
        ));
    }

    #[test]
    fn solution_in_a_language_not_allowed() {
        insta::assert_snapshot!(lint_case(
            &with("languages = [\"python\"]\n", ""),
            &[
                ("solution/solve.py", "print('x')\n"),
                ("solution/solve.sh", "echo x\n")
            ]
        ));
    }

    #[test]
    fn solution_folder_without_entry_file() {
        insta::assert_snapshot!(lint_case(VALID, &[("solution/main.sh", "echo x\n")]));
    }

    #[test]
    fn no_solution_folder() {
        insta::assert_snapshot!(lint_built(VALID, &[], false));
    }

    #[test]
    fn debugging_without_starter_or_state_checks() {
        insta::assert_snapshot!(lint_case(&VALID.replace("scripting", "debugging"), &[]));
    }

    #[test]
    fn a_script_starter_must_be_executable() {
        let shown = lint_case(VALID, &[("starter/solve.sh", "#!/bin/bash\necho x\n")]);
        assert!(
            shown.contains("a script starter that is not executable"),
            "{shown}"
        );
        assert!(shown.contains("chmod +x starter/solve.sh"), "{shown}");
    }

    #[test]
    fn checker_in_an_unknown_language() {
        insta::assert_snapshot!(lint_case(
            &with("", "check = \"checks/state.rb\"\n"),
            &[("checks/state.rb", "exit 0\n")]
        ));
    }

    #[test]
    fn a_generator_run_as_the_command_needs_a_language() {
        let shown = lint_case(
            &with("", "generate = [\"gen/big.xyz\", \"--lines\", \"9\"]\n"),
            &[("gen/big.xyz", "puts 1\n")],
        );
        assert!(
            shown.contains("the harness has no language for the generator `gen/big.xyz`"),
            "{shown}"
        );
        // Run by a program named first, the script needs no language of the harness.
        let shown = lint_case(
            &with("", "generate = [\"sh\", \"gen/big.xyz\"]\n"),
            &[("gen/big.xyz", "puts 1\n")],
        );
        assert!(!shown.contains("generator"), "{shown}");
    }

    #[test]
    fn thin_challenge_warnings() {
        let toml = "id = \"demo\"\ntitle = \"Demo\"\ncategory = \"scripting\"\ndifficulty = \"easy\"\nentry = \"solve\"\nstatement = \"STATEMENT.md\"\n";
        insta::assert_snapshot!(lint_case(toml, &[]));
    }

    #[test]
    fn unchanged_that_is_not_a_fixture_file() {
        let toml = with(
            "",
            "fixtures = \"tests/two\"\nunchanged = [\"backups/MANIFEST\", \"../etc/passwd\"]\nfiles = [{ path = \"/tmp/out\", text = \"x\" }]\n",
        );
        insta::assert_snapshot!(lint_case(&toml, &[("tests/two/backups/MANIFES", "x\n")]));
    }

    #[test]
    fn no_tests_is_an_error() {
        // An empty `test = []` is where the error points; case files that are broken are
        // reported themselves, without a "no tests" on top.
        let head = VALID.split("\n[[test]]").next().expect("head");
        insta::assert_snapshot!(lint_case(&format!("{head}\ntest = []\n"), &[]));
        insta::assert_snapshot!(
            "no_tests_but_a_broken_case_file",
            lint_case(head, &[("tests/hidden/one.in", "x\n")])
        );
    }

    #[test]
    fn submission_in_an_unknown_language() {
        insta::assert_snapshot!(lint_case(
            VALID,
            &[("submissions/wrong_answer/off-by-one.rb", "puts 1\n")]
        ));
    }

    #[test]
    fn many_errors_reported_together() {
        let toml = "id = \"demo\"\ntitle = \"\"\ncategory = \"scripting\"\ndifficulty = \"easy\"\nentry = \"a/b\"\ntimeout = 3\n\n[[test]]\nname = \"one\"\nexit = -1\npoints = -2\n";
        insta::assert_snapshot!(lint_case(toml, &[]));
    }
}
