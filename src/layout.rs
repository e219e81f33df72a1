//! What a challenge folder holds besides its definition: the entry files of `solution/` and
//! `starter/`, the judged `submissions/` folders, and the checks of them that need the harness
//! but no run (what `lint` adds to the loader's diagnostics, and what `verify` lints first).

use std::path::{Path, PathBuf};

use crate::challenge::{self, Category, Challenge, Format};
use crate::diagnostic::Diagnostic;
use crate::harness::{Harness, Language};

/// The `submissions/` folders `verify` judges, with the verdict each must show.
pub const JUDGED_FOLDERS: [&str; 4] = [
    "accepted",
    "wrong_answer",
    "time_limit_exceeded",
    "run_time_error",
];

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
