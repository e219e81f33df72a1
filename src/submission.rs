//! A submission: the files of a solution (one file, or a folder holding the entry file and the
//! files that travel with it), its entry file and its language, and how a path becomes one by the
//! native rules (`challenge.toml`) and by the Kattis folder rules (`kattis_entry`).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::challenge::Challenge;
use crate::harness::{Harness, Language};

/// Most files a folder submission may hold, and most bytes: a guard against judging a home
/// folder by mistake.
const MAX_FILES: usize = 2000;
const MAX_BYTES: u64 = 256 << 20;

#[derive(Debug, Clone)]
pub struct Submission {
    /// The path as the user gave it.
    pub path: PathBuf,
    /// The folder the files are copied from.
    pub root: PathBuf,
    /// Paths, relative to `root`, of the files that travel with the solution.
    pub files: Vec<PathBuf>,
    /// The entry file, relative to `root`.
    pub entry: PathBuf,
    pub language: Language,
}

/// Why a path is not a submission that can be judged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubmissionError {
    #[error("cannot read the solution {}: {message}", path.display())]
    Unreadable { path: PathBuf, message: String },
    #[error("the solution has no file name")]
    NoFileName,
    #[error("{} is neither a file nor a folder", .0.display())]
    NotFileOrFolder(PathBuf),
    #[error("{}: the file name {} is not valid UTF-8; rename it", path.display(), name.display())]
    NonUtf8Name { path: PathBuf, name: PathBuf },
    #[error("{} is written in {language}, but challenge `{challenge}` accepts only: {}", path.display(), allowed.join(", "))]
    LanguageNotAllowed {
        path: PathBuf,
        language: String,
        challenge: String,
        allowed: Vec<String>,
    },
    /// The harness cannot tell or does not know the language (its own message).
    #[error(transparent)]
    Language(crate::harness::LanguageError),
    #[error("cannot list {}: {message}", folder.display())]
    Unlistable { folder: PathBuf, message: String },
    #[error("{} holds more than {MAX_FILES} files or {} MiB: is it really a solution folder?", .0.display(), MAX_BYTES >> 20)]
    TooBig(PathBuf),
    /// Several files qualify as the entry file by one rule.
    #[error("{} holds several entry files by the rule \"{rule}\" ({}): pick one with --lang{}", root.display(), files.join(", "), if *rule == "entrypoint" { "" } else { " or an entrypoint" })]
    SeveralByRule {
        root: PathBuf,
        rule: &'static str,
        files: Vec<String>,
    },
    #[error("{} holds no file for the entrypoint `{entrypoint}`", root.display())]
    NoEntrypointFile { root: PathBuf, entrypoint: String },
    #[error("{} holds no source file{}: expected an entrypoint, a file named like the folder, main.*, or a single source file", root.display(), in_language(lang))]
    NoSourceFile { root: PathBuf, lang: Option<String> },
    #[error("{}: the entry file {} is not in a language challenge `{challenge}` accepts", root.display(), file.display())]
    EntryNotAccepted {
        root: PathBuf,
        file: PathBuf,
        challenge: String,
    },
    #[error("{} holds no entry file `{entry}.*` for challenge `{challenge}`{}", root.display(), in_language(lang))]
    NoEntryFile {
        root: PathBuf,
        entry: String,
        challenge: String,
        lang: Option<String>,
    },
    #[error("{} holds several entry files ({}): pick one with --lang", root.display(), files.join(", "))]
    SeveralEntries { root: PathBuf, files: Vec<String> },
}

/// ` in python` after "no source file" when `--lang` narrowed the search.
fn in_language(lang: &Option<String>) -> String {
    lang.as_ref()
        .map(|l| format!(" in {l}"))
        .unwrap_or_default()
}

impl Submission {
    /// Resolves `path` (a file, or a folder holding the challenge's entry file) by the native
    /// rules; a Kattis package's submissions resolve by its own (`challenge::Loaded::resolve`).
    pub fn resolve(
        path: &Path,
        challenge: &Challenge,
        harness: &Harness,
        lang: Option<&str>,
    ) -> Result<Submission, SubmissionError> {
        let meta = std::fs::metadata(path).map_err(|e| SubmissionError::Unreadable {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let mut submission = if meta.is_file() {
            let language = harness
                .detect(path, lang)
                .map_err(SubmissionError::Language)?
                .clone();
            let root = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf();
            let name = PathBuf::from(path.file_name().ok_or(SubmissionError::NoFileName)?);
            Submission {
                path: path.to_path_buf(),
                root,
                files: vec![name.clone()],
                entry: name,
                language,
            }
        } else if meta.is_dir() {
            let files = list_files(path)?;
            let (entry, language) = find_entry(path, &files, challenge, harness, lang)?;
            Submission {
                path: path.to_path_buf(),
                root: path.to_path_buf(),
                files,
                entry,
                language,
            }
        } else {
            return Err(SubmissionError::NotFileOrFolder(path.to_path_buf()));
        };
        submission.language = submission.language.with_memory(run_memory(challenge));
        // Run commands and results carry names as text: a name that is not UTF-8 could only
        // reach the solution mangled.
        if let Some(bad) = submission.files.iter().find(|f| f.to_str().is_none()) {
            return Err(SubmissionError::NonUtf8Name {
                path: path.to_path_buf(),
                name: bad.clone(),
            });
        }
        if let Some(allowed) = &challenge.languages
            && !allowed.contains(&submission.language.name)
        {
            return Err(SubmissionError::LanguageNotAllowed {
                path: path.to_path_buf(),
                language: submission.language.name.clone(),
                challenge: challenge.id.clone(),
                allowed: allowed.clone(),
            });
        }
        Ok(submission)
    }

    /// SHA-256 over the submission's files (relative path and content, in path order).
    pub fn sha256(&self) -> String {
        files_sha256(&self.root, &self.files)
    }

    /// The entry file's name without its extension.
    pub fn stem(&self) -> String {
        self.entry
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// The memory a solution of `challenge` may use: the largest limit of its tests (what
/// `{memory_mib}` becomes, so a runtime's own cap never undercuts a test's limit).
pub fn run_memory(challenge: &Challenge) -> u64 {
    challenge
        .tests
        .iter()
        .map(|t| t.limits.memory)
        .fold(challenge.limits.memory, u64::max)
}

/// SHA-256 over each file's relative path and content, in the order given: a submission's
/// fingerprint in results.
pub(crate) fn files_sha256(root: &Path, files: &[PathBuf]) -> String {
    let mut hasher = Sha256::new();
    for file in files {
        hasher.update(file.to_string_lossy().as_bytes());
        hasher.update([0]);
        if let Ok(bytes) = std::fs::read(root.join(file)) {
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(&bytes);
        }
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The files of a folder submission, relative to `root`, sorted (hidden ones left out).
pub fn list_files(root: &Path) -> Result<Vec<PathBuf>, SubmissionError> {
    let mut found = Vec::new();
    let mut total = 0u64;
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let entries =
            std::fs::read_dir(root.join(&relative)).map_err(|e| SubmissionError::Unlistable {
                folder: root.join(&relative),
                message: e.to_string(),
            })?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let child = relative.join(&name);
            if kind.is_dir() {
                pending.push(child);
            } else if kind.is_file() {
                total += entry.metadata().map(|m| m.len()).unwrap_or(0);
                found.push(child);
            }
            if found.len() > MAX_FILES || total > MAX_BYTES {
                return Err(SubmissionError::TooBig(root.to_path_buf()));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The languages a folder's entry file may be in: `--lang`, else those `allowed` (all when
/// `None`).
fn candidate_languages<'h>(
    harness: &'h Harness,
    allowed: Option<&[String]>,
    lang: Option<&str>,
) -> Result<Vec<&'h Language>, SubmissionError> {
    Ok(match lang {
        Some(name) => vec![
            harness
                .detect(Path::new(""), Some(name))
                .map_err(SubmissionError::Language)?,
        ],
        None => harness
            .languages
            .iter()
            .filter(|l| allowed.is_none_or(|allowed| allowed.contains(&l.name)))
            .collect(),
    })
}

/// The entry file of a Kattis folder submission `root` holding `files` (relative, as listed by
/// the submission): its `entrypoint` when given (a relative path, a file name, or a name
/// without extension such as a Java class), else the file named like the folder, else
/// `main.*`, else the only file with the language's extension. The language is `lang` when
/// given, else told from the chosen file; `allowed` narrows the languages considered.
pub fn kattis_entry(
    root: &Path,
    files: &[PathBuf],
    entrypoint: Option<&str>,
    harness: &Harness,
    allowed: Option<&[String]>,
    lang: Option<&str>,
) -> Result<(PathBuf, Language), SubmissionError> {
    let candidates = candidate_languages(harness, allowed, lang)?;
    // With the language given, a file whose `#!` line names its interpreter is a source too
    // (`sol.py` starting `#!/usr/bin/env python2` for python2).
    let language_of = |file: &Path| -> Option<&Language> {
        candidates.iter().copied().find(|l| {
            l.has_extension(file)
                || (lang.is_some()
                    && crate::harness::shebang_interpreter(&root.join(file))
                        .is_some_and(|i| l.shebang.contains(&i)))
        })
    };
    let stem_is = |file: &Path, name: &str| {
        file.file_stem()
            .is_some_and(|s| s == std::ffi::OsStr::new(name))
    };
    let top_level = |file: &&PathBuf| file.components().count() == 1;
    let pick = |rule: &'static str,
                found: Vec<&PathBuf>|
     -> Option<Result<(PathBuf, Language), SubmissionError>> {
        match found.as_slice() {
            [] => None,
            [one] => Some(match language_of(one) {
                Some(language) => Ok(((*one).clone(), language.clone())),
                None => harness
                    .detect(&root.join(one), lang)
                    .map(|l| ((*one).clone(), l.clone()))
                    .map_err(SubmissionError::Language),
            }),
            many => Some(Err(SubmissionError::SeveralByRule {
                root: root.to_path_buf(),
                rule,
                files: many.iter().map(|p| p.display().to_string()).collect(),
            })),
        }
    };
    if let Some(entrypoint) = entrypoint {
        let wanted = Path::new(entrypoint);
        let exact: Vec<&PathBuf> = files.iter().filter(|f| f.as_path() == wanted).collect();
        let found = if exact.is_empty() {
            files
                .iter()
                .filter(|f| {
                    f.parent() == wanted.parent().or(Some(Path::new("")))
                        && stem_is(f, &wanted.file_name().unwrap_or_default().to_string_lossy())
                        && language_of(f).is_some()
                })
                .collect()
        } else {
            exact
        };
        return pick("entrypoint", found).unwrap_or_else(|| {
            Err(SubmissionError::NoEntrypointFile {
                root: root.to_path_buf(),
                entrypoint: entrypoint.to_string(),
            })
        });
    }
    let folder_name = root
        .canonicalize()
        .ok()
        .and_then(|r| r.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let sources: Vec<&PathBuf> = files.iter().filter(|f| language_of(f).is_some()).collect();
    let rules: [(&'static str, Vec<&PathBuf>); 3] = [
        (
            "named like the folder",
            sources
                .iter()
                .copied()
                .filter(top_level)
                .filter(|f| !folder_name.is_empty() && stem_is(f, &folder_name))
                .collect(),
        ),
        (
            "main.*",
            sources
                .iter()
                .copied()
                .filter(top_level)
                .filter(|f| {
                    f.file_stem()
                        .is_some_and(|s| s.to_string_lossy().eq_ignore_ascii_case("main"))
                })
                .collect(),
        ),
        ("the only source file", sources.clone()),
    ];
    for (rule, found) in rules {
        if let Some(result) = pick(rule, found) {
            return result;
        }
    }
    Err(SubmissionError::NoSourceFile {
        root: root.to_path_buf(),
        lang: lang.map(str::to_string),
    })
}

fn find_entry(
    root: &Path,
    files: &[PathBuf],
    challenge: &Challenge,
    harness: &Harness,
    lang: Option<&str>,
) -> Result<(PathBuf, Language), SubmissionError> {
    let candidates = candidate_languages(harness, challenge.languages.as_deref(), lang)?;
    let mut matches = Vec::new();
    for language in &candidates {
        for extension in &language.extensions {
            let name = PathBuf::from(format!("{}.{extension}", challenge.entry));
            if files.contains(&name) {
                matches.push((name, (*language).clone()));
            }
        }
    }
    // A file named exactly like the entry, without extension, is told apart by its #! line.
    let bare = PathBuf::from(&challenge.entry);
    if matches.is_empty() && files.contains(&bare) {
        let language = harness
            .detect(&root.join(&bare), lang)
            .map_err(SubmissionError::Language)?;
        matches.push((bare, language.clone()));
    }
    // An entry file in a language the harness does not know (`top_ips.pas`): say so, rather
    // than that there is no entry file.
    if matches.is_empty()
        && lang.is_none()
        && let Some(unknown) = files.iter().find(|f| {
            f.parent().is_none_or(|p| p.as_os_str().is_empty())
                && f.file_stem().is_some_and(|s| s == challenge.entry.as_str())
                && f.extension().is_some()
        })
    {
        return Err(match harness.detect(&root.join(unknown), None) {
            Err(message) => SubmissionError::Language(message),
            Ok(_) => SubmissionError::EntryNotAccepted {
                root: root.to_path_buf(),
                file: unknown.clone(),
                challenge: challenge.id.clone(),
            },
        });
    }
    match matches.len() {
        1 => Ok(matches.remove(0)),
        0 => Err(SubmissionError::NoEntryFile {
            root: root.to_path_buf(),
            entry: challenge.entry.clone(),
            challenge: challenge.id.clone(),
            lang: lang.map(str::to_string),
        }),
        _ => Err(SubmissionError::SeveralEntries {
            root: root.to_path_buf(),
            files: matches
                .iter()
                .map(|(p, _)| p.display().to_string())
                .collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str, files: &[&str]) -> (tempfile::TempDir, PathBuf, Vec<PathBuf>) {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path().join(name);
        for file in files {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        std::fs::create_dir_all(&root).unwrap();
        let listed = list_files(&root).unwrap();
        (temp, root, listed)
    }

    fn entry(name: &str, files: &[&str], entrypoint: Option<&str>, lang: Option<&str>) -> String {
        let harness = Harness::builtin();
        let (_temp, root, listed) = folder(name, files);
        match kattis_entry(&root, &listed, entrypoint, &harness, None, lang) {
            Ok((path, language)) => format!("{} {}", path.display(), language.name),
            Err(error) => format!("error: {error}"),
        }
    }

    #[test]
    fn kattis_entrypoint_wins_by_path_name_or_class() {
        let files = ["a.py", "b.py", "Main.java", "Other.java"];
        assert_eq!(entry("sol", &files, Some("b.py"), None), "b.py python");
        assert_eq!(entry("sol", &files, Some("Other"), None), "Other.java java");
        assert_eq!(
            entry("sol", &["src/x.c", "src/y.c"], Some("src/y.c"), None),
            "src/y.c c"
        );
        assert!(entry("sol", &files, Some("nope.py"), None).contains("no file for the entrypoint"));
    }

    #[test]
    fn kattis_folder_name_then_main_then_only_source() {
        assert_eq!(
            entry("fast", &["fast.cpp", "main.cpp", "util.h"], None, None),
            "fast.cpp cpp"
        );
        assert_eq!(
            entry("sol", &["main.c", "helper.c", "helper.h"], None, None),
            "main.c c"
        );
        assert_eq!(
            entry("sol", &["Main.java", "Node.java"], None, None),
            "Main.java java"
        );
        assert_eq!(
            entry("sol", &["x.rb", "notes.txt"], None, None),
            "x.rb ruby"
        );
        assert!(
            entry("sol", &["a.c", "b.c"], None, None).contains("several entry files"),
            "two C files and no rule picks one"
        );
        assert_eq!(
            entry("sol", &["a.c", "b.py"], None, Some("python")),
            "b.py python"
        );
        assert!(entry("sol", &["notes.txt"], None, None).contains("no source file"));
    }
}
