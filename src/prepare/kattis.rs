//! Resolving a Kattis package's submission for judging: its language by the package's rules
//! mapped onto the harness (and whether it can run here at all), its entry point, and the files of
//! `include/<language>/` gathered with it (constants substituted) in a folder that lives as long as
//! the resolved submission.

use std::fs;
use std::path::{Path, PathBuf};

use super::{ResolveError, Resolved, Unavailable};
use crate::challenge::Challenge;
use crate::challenge::kattis::{FileError, Package, kattis_code, languages};
use crate::harness::{Harness, Language};
use crate::judge;
use crate::sandbox::workdir;
use crate::submission::{self, Submission, SubmissionError};

/// Resolves a solution for a Kattis package. Its language is `lang`, else `language` in
/// submissions.yaml, else told by problemtools' rules over its files (`languages::detect`:
/// extensions, `#!…python2`/`#!…perl` lines, the majority of files, priority), else by the
/// harness (extension, `#!` line). A folder's entry point is submissions.yaml's `entrypoint`,
/// else the file named like the folder, else `main.*`, else the only file of its language.
/// Files of `include/<language>/` (or `include/default/`) are added, overwriting same-named
/// ones; constants are substituted in included files and in the package's own example
/// submissions. A language the harness lacks, or whose toolchain is not installed, is
/// [`ResolveError::Unavailable`].
pub(super) fn resolve(
    path: &Path,
    challenge: &Challenge,
    package: &Package,
    harness: &Harness,
    lang: Option<&str>,
) -> Result<Resolved, ResolveError> {
    use ResolveError::Invalid;
    let relative = fs::canonicalize(path).ok().and_then(|p| {
        p.strip_prefix(package.root.join("submissions"))
            .ok()
            .map(|r| r.to_string_lossy().into_owned())
    });
    let (yaml_language, entrypoint) = match &relative {
        Some(r) => package.submissions_yaml.settings(r),
        None => (None, None),
    };
    let is_dir = path.is_dir();
    let (root, files) = if is_dir {
        (path.to_path_buf(), submission::list_files(path)?)
    } else {
        let root = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        (
            root,
            path.file_name().map(PathBuf::from).into_iter().collect(),
        )
    };
    let language: Option<String> = match (lang, &yaml_language) {
        (Some(name), _) => Some(
            harness
                .detect(Path::new(""), Some(name))
                .map_err(SubmissionError::Language)?
                .name
                .clone(),
        ),
        (None, Some(code)) => Some(
            harness_language(harness, code)
                .ok_or_else(|| Unavailable::NotInHarness {
                    code: code.clone(),
                    given_by: Some(
                        relative
                            .clone()
                            .unwrap_or_else(|| path.display().to_string()),
                    ),
                })?
                .name
                .clone(),
        ),
        (None, None) => match detect_in(harness, &root, &files) {
            Detected::Harness(name) => Some(name),
            Detected::NotInHarness(code) => {
                return Err(Unavailable::NotInHarness {
                    code: code.to_string(),
                    given_by: None,
                }
                .into());
            }
            Detected::Unknown => None,
        },
    };
    let mut submission = if is_dir {
        let (entry, language) = submission::kattis_entry(
            path,
            &files,
            entrypoint.as_deref(),
            harness,
            None,
            language.as_deref(),
        )?;
        Submission {
            path: path.to_path_buf(),
            root: path.to_path_buf(),
            files,
            entry,
            language: language.with_memory(submission::run_memory(challenge)),
        }
    } else {
        // No rule told the language: the harness's own (extension, `#!` line), and a file none
        // of them knows is skipped like a language the harness lacks.
        Submission::resolve(path, challenge, harness, language.as_deref()).map_err(|e| match e {
            SubmissionError::Language(error @ crate::harness::LanguageError::Undetected { .. })
                if language.is_none() =>
            {
                Unavailable::UnknownLanguage(error.to_string()).into()
            }
            other => Invalid(other),
        })?
    };
    if let Some(missing) = missing_toolchain(&submission.language) {
        return Err(missing.into());
    }
    let include = [
        kattis_code(&submission.language.name),
        &submission.language.name,
        "default",
    ]
    .iter()
    .find_map(|name| package.includes.get(*name))
    .cloned();
    let substitute_own = relative.is_some() && !package.constants.is_empty();
    if include.is_none() && !substitute_own {
        return Ok(Resolved {
            submission,
            _folder: None,
        });
    }
    let merged = tempfile::Builder::new()
        .prefix("livejudge-kattis-")
        .tempdir()
        .map_err(ResolveError::TempFolder)?;
    let at = FileError::at;
    let copy = |from: &Path, to: &Path, constants: bool| -> Result<(), FileError> {
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(at(parent))?;
        }
        match fs::read_to_string(from) {
            Ok(text) if constants => fs::write(to, package.substitute(&text)).map_err(at(to)),
            _ => workdir::copy_file(from, to).map_err(at(from)),
        }
    };
    for file in &submission.files {
        copy(
            &submission.root.join(file),
            &merged.path().join(file),
            substitute_own,
        )?;
    }
    if let Some(dir) = &include {
        for file in submission::list_files(dir)? {
            copy(&dir.join(&file), &merged.path().join(&file), true)?;
            if !submission.files.contains(&file) {
                submission.files.push(file);
            }
        }
        submission.files.sort();
    }
    submission.root = merged.path().to_path_buf();
    Ok(Resolved {
        submission,
        _folder: Some(merged),
    })
}

/// The harness language running the Kattis language `code`: one of the table's harness names,
/// else a harness language named like the code, else one whose Kattis code it is
/// (`python` → `python3`).
pub(super) fn harness_language<'h>(harness: &'h Harness, code: &str) -> Option<&'h Language> {
    languages::by_code(code)
        .into_iter()
        .flat_map(|k| k.harness.iter())
        .find_map(|name| harness.get(name))
        .or_else(|| harness.get(code))
        .or_else(|| {
            harness
                .languages
                .iter()
                .find(|l| kattis_code(&l.name) == code)
        })
}

/// Why `language` cannot run here, when its programs are not installed:
/// ``no toolchain for kotlin here (`kotlinc` not found on /usr/local/bin:/usr/bin:/bin)``.
pub(super) fn missing_toolchain(language: &Language) -> Option<Unavailable> {
    let missing = language.missing_programs();
    (!missing.is_empty()).then(|| Unavailable::NoToolchain {
        language: language.name.clone(),
        programs: missing.into_iter().map(str::to_string).collect(),
        path: judge::BASE_PATH,
    })
}

/// What the language of a program is, by the Kattis rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Detected {
    /// A harness language runs it.
    Harness(String),
    /// A Kattis language the harness does not have: `kotlin is not in the harness`.
    NotInHarness(&'static str),
    /// No Kattis language: the harness's own rules (extension, `#!` line) decide.
    Unknown,
}

/// The language of the program made of `files` under `root`, by the Kattis rules, mapped onto
/// the harness.
pub(super) fn detect_in(harness: &Harness, root: &Path, files: &[PathBuf]) -> Detected {
    match languages::detect(root, files) {
        Some(kattis) => match harness_language(harness, kattis.code) {
            Some(language) => Detected::Harness(language.name.clone()),
            None => Detected::NotInHarness(kattis.code),
        },
        None => Detected::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::challenge::kattis::languages::tests::program;

    #[test]
    fn harness_mapping_and_absence() {
        let harness = Harness::builtin();
        let (temp, files) = program(&[("a.py", "print(1)\n")]);
        assert_eq!(
            detect_in(&harness, temp.path(), &files),
            Detected::Harness("python".into())
        );
        let (temp, files) = program(&[("a.ml", "let () = ()\n")]);
        assert_eq!(
            detect_in(&harness, temp.path(), &files),
            Detected::NotInHarness("ocaml")
        );
        let small = Harness::parse(
            "[python]\nextensions = [\"py\"]\nrun = [\"python3\", \"{file}\"]\n",
            Path::new("h"),
        )
        .unwrap();
        let (temp, files) = program(&[("a.kt", "")]);
        assert_eq!(
            detect_in(&small, temp.path(), &files),
            Detected::NotInHarness("kotlin")
        );
    }

    #[test]
    fn missing_toolchain_names_the_program() {
        let harness = Harness::parse(
            "[kotlin]\nextensions = [\"kt\"]\ncompile = [\"no-kotlinc-here\", \"{file}\"]\nrun = [\"java\", \"-jar\", \"{exe}.jar\"]\n",
            Path::new("h"),
        )
        .unwrap();
        let message = missing_toolchain(harness.get("kotlin").unwrap())
            .unwrap()
            .to_string();
        assert!(
            message.starts_with("no toolchain for kotlin here (`no-kotlinc-here`"),
            "{message}"
        );
        assert!(missing_toolchain(Harness::builtin().get("sh").unwrap()).is_none());
    }
}
