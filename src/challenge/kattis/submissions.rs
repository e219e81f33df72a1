//! Kattis submissions: listing `submissions/<folder>/` entries, `submissions/submissions.yaml`
//! (globs → language, entrypoint, verdict requirements), the entry-point rules for folder
//! submissions, and `include/<language>/` files added before judging.

use std::fs;
use std::path::{Path, PathBuf};

use serde_norway::Value;

use super::{Package, languages, yaml_error};
use crate::challenge::Challenge;
use crate::diagnostic::Diagnostic;
use crate::harness::Harness;
use crate::sandbox::workdir;
use crate::submission::Submission;

/// One example submission of the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionEntry {
    /// The folder under `submissions/` (`accepted`, `wrong_answer`, …).
    pub folder: String,
    /// Path relative to `submissions/` (`accepted/sol.py`), what submissions.yaml globs match.
    pub relative: String,
    /// Absolute path of the file or folder.
    pub path: PathBuf,
}

/// One top-level entry of submissions.yaml.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmissionRule {
    /// The glob, as written (`accepted/*.py`, `wrong_answer`, `{a,b}.py`).
    pub glob: String,
    /// A Kattis language code (`python3`, `cpp`).
    pub language: Option<String>,
    pub entrypoint: Option<String>,
    /// Verdict codes (`AC`, `WA`, `TLE`, `RTE`).
    pub permitted: Option<Vec<String>>,
    pub required: Option<Vec<String>>,
    pub message: Option<String>,
    /// The whole entry, for keys livejudge does not interpret (test-group scoped rules).
    pub raw: Value,
}

/// `submissions/submissions.yaml`, parsed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SubmissionsYaml {
    pub rules: Vec<SubmissionRule>,
}

/// One requirement a submission must meet on the tests it applies to: every verdict in
/// `permitted`, at least one in `required` (when given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub permitted: Vec<String>,
    pub required: Vec<String>,
    /// Where it comes from (`default for wrong_answer/`, `submissions.yaml: accepted/*`).
    pub source: String,
}

/// The default requirements of 2025-09 per folder: (folder, permitted, required).
const DEFAULTS: &[(&str, &[&str], &[&str])] = &[
    ("accepted", &["AC"], &[]),
    (
        "rejected",
        &["AC", "WA", "TLE", "RTE"],
        &["RTE", "TLE", "WA"],
    ),
    ("wrong_answer", &["AC", "WA"], &["WA"]),
    ("time_limit_exceeded", &["AC", "TLE"], &["TLE"]),
    ("run_time_error", &["AC", "RTE"], &["RTE"]),
    ("brute_force", &["AC", "RTE", "TLE"], &["RTE", "TLE"]),
];

fn strings(value: Option<&Value>) -> Option<Vec<String>> {
    match value? {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Sequence(items) => Some(
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
        ),
        _ => None,
    }
}

impl SubmissionsYaml {
    /// The rules whose glob matches the submission at `relative` (or one of its parents).
    pub fn matching<'a>(&'a self, relative: &'a str) -> impl Iterator<Item = &'a SubmissionRule> {
        self.rules
            .iter()
            .filter(move |r| glob_matches(&r.glob, relative))
    }

    /// The language and entrypoint set for a submission (the last matching rule wins).
    pub fn settings(&self, relative: &str) -> (Option<String>, Option<String>) {
        let mut language = None;
        let mut entrypoint = None;
        for rule in self.matching(relative) {
            language = rule.language.clone().or(language);
            entrypoint = rule.entrypoint.clone().or(entrypoint);
        }
        (language, entrypoint)
    }

    /// Every requirement on the submission at `relative` (whole-submission rules only): the
    /// folder's default, replaced key by key by a rule named exactly like the folder, plus
    /// every other matching rule.
    pub fn requirements(&self, relative: &str) -> Vec<Requirement> {
        let folder = relative.split('/').next().unwrap_or_default();
        let mut out = Vec::new();
        if let Some((name, permitted, required)) = DEFAULTS.iter().find(|d| d.0 == folder) {
            let own = self.rules.iter().find(|r| r.glob == *name);
            let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
            out.push(Requirement {
                permitted: own
                    .and_then(|r| r.permitted.clone())
                    .unwrap_or_else(|| list(permitted)),
                required: own
                    .and_then(|r| r.required.clone())
                    .unwrap_or_else(|| list(required)),
                source: match own {
                    Some(_) => format!("submissions.yaml: {name}"),
                    None => format!("default for {name}/"),
                },
            });
        }
        for rule in self.matching(relative) {
            if DEFAULTS.iter().any(|d| d.0 == rule.glob) {
                continue;
            }
            if rule.permitted.is_none() && rule.required.is_none() {
                continue;
            }
            out.push(Requirement {
                permitted: rule
                    .permitted
                    .clone()
                    .unwrap_or_else(|| ["AC", "WA", "TLE", "RTE"].map(String::from).to_vec()),
                required: rule.required.clone().unwrap_or_default(),
                source: format!("submissions.yaml: {}", rule.glob),
            });
        }
        out
    }
}

/// Reads `submissions/submissions.yaml`; problems become diagnostics.
pub(super) fn read_yaml(root: &Path, diags: &mut Vec<Diagnostic>) -> SubmissionsYaml {
    let path = root.join("submissions").join("submissions.yaml");
    let Ok(text) = fs::read_to_string(&path) else {
        return SubmissionsYaml::default();
    };
    let value: Value = match serde_norway::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(yaml_error(
                &path,
                &text,
                &e,
                "submissions.yaml is not valid",
            ));
            return SubmissionsYaml::default();
        }
    };
    let mut yaml = SubmissionsYaml::default();
    let Value::Mapping(map) = value else {
        return yaml;
    };
    for (glob, entry) in map {
        let Some(glob) = glob.as_str() else { continue };
        let text_of = |key: &str| entry.get(key).and_then(Value::as_str).map(str::to_string);
        yaml.rules.push(SubmissionRule {
            glob: glob.to_string(),
            language: text_of("language"),
            entrypoint: text_of("entrypoint"),
            permitted: strings(entry.get("permitted")),
            required: strings(entry.get("required")),
            message: text_of("message"),
            raw: entry.clone(),
        });
    }
    yaml
}

/// Expands `{a,b}` alternatives (nested ones too).
fn expand_braces(pattern: &str) -> Vec<String> {
    let Some(open) = pattern.find('{') else {
        return vec![pattern.to_string()];
    };
    let mut depth = 0;
    let mut close = None;
    let mut splits = Vec::new();
    for (i, c) in pattern[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(open + i);
                    break;
                }
            }
            ',' if depth == 1 => splits.push(open + i),
            _ => {}
        }
    }
    let Some(close) = close else {
        return vec![pattern.to_string()];
    };
    let mut bounds = vec![open];
    bounds.extend(splits);
    bounds.push(close);
    let (head, tail) = (&pattern[..open], &pattern[close + 1..]);
    bounds
        .windows(2)
        .flat_map(|w| expand_braces(&format!("{head}{}{tail}", &pattern[w[0] + 1..w[1]])))
        .collect()
}

/// `*` within one path segment.
fn segment_matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// True when `glob` matches `relative` or one of its parent folders.
pub fn glob_matches(glob: &str, relative: &str) -> bool {
    let parts: Vec<&str> = relative.split('/').collect();
    expand_braces(glob.trim_end_matches('/'))
        .iter()
        .any(|pattern| {
            let pattern: Vec<&str> = pattern.split('/').collect();
            pattern.len() <= parts.len()
                && pattern
                    .iter()
                    .zip(&parts)
                    .all(|(p, t)| segment_matches(p, t))
        })
}

/// The entries of `submissions/*/`, in path order.
pub(super) fn list(root: &Path) -> Vec<SubmissionEntry> {
    let mut out = Vec::new();
    let base = root.join("submissions");
    let Ok(folders) = fs::read_dir(&base) else {
        return out;
    };
    for folder in folders.flatten() {
        if !folder.path().is_dir() || super::hidden(&folder.path()) {
            continue;
        }
        let name = folder.file_name().to_string_lossy().into_owned();
        for entry in fs::read_dir(folder.path()).into_iter().flatten().flatten() {
            if super::hidden(&entry.path()) {
                continue;
            }
            let file = entry.file_name().to_string_lossy().into_owned();
            out.push(SubmissionEntry {
                folder: name.clone(),
                relative: format!("{name}/{file}"),
                path: entry.path(),
            });
        }
    }
    out.sort_by(|a, b| a.relative.cmp(&b.relative));
    out
}

/// The Kattis language code of a harness language (`python` → `python3`).
pub fn kattis_code(language: &str) -> &str {
    match language {
        "python" | "pypy" => "python3",
        "c++" => "cpp",
        other => other,
    }
}

/// Why a Kattis submission cannot be judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// Its language cannot run here: not in the harness, no toolchain installed, or not told
    /// by any rule. Tools judging a whole package skip it and say so with this note, as
    /// problemtools does.
    Unavailable(String),
    /// Anything else: no entry file, an unknown `--lang`, unreadable files.
    Invalid(String),
}

impl std::fmt::Display for ResolveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResolveError::Unavailable(m) | ResolveError::Invalid(m) => f.write_str(m),
        }
    }
}

impl From<ResolveError> for String {
    fn from(error: ResolveError) -> String {
        error.to_string()
    }
}

/// A resolved submission of a Kattis package, holding the temporary folder its files were
/// gathered in when included files (or constants) had to be added.
#[derive(Debug)]
pub struct KattisSubmission {
    pub submission: Submission,
    _merged: Option<tempfile::TempDir>,
}

/// Resolves a solution for a Kattis package. Its language is `lang`, else `language` in
/// submissions.yaml, else told by problemtools' rules over its files (`languages::detect`:
/// extensions, `#!…python2`/`#!…perl` lines, the majority of files, priority), else by the
/// harness (extension, `#!` line). A folder's entry point is submissions.yaml's `entrypoint`,
/// else the file named like the folder, else `main.*`, else the only file of its language.
/// Files of `include/<language>/` (or `include/default/`) are added, overwriting same-named
/// ones; constants are substituted in included files and in the package's own example
/// submissions. A language the harness lacks, or whose toolchain is not installed, is
/// [`ResolveError::Unavailable`].
pub fn resolve_submission(
    path: &Path,
    challenge: &Challenge,
    package: &Package,
    harness: &Harness,
    lang: Option<&str>,
) -> Result<KattisSubmission, ResolveError> {
    use ResolveError::{Invalid, Unavailable};
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
        (
            path.to_path_buf(),
            crate::submission::list_files(path).map_err(Invalid)?,
        )
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
                .map_err(|e| Invalid(e.to_string()))?
                .name
                .clone(),
        ),
        (None, Some(code)) => Some(
            languages::harness_language(harness, code)
                .ok_or_else(|| {
                    Unavailable(format!(
                        "{code} is not in the harness (submissions.yaml gives {} the language `{code}`)",
                        relative.as_deref().unwrap_or(&path.display().to_string())
                    ))
                })?
                .name
                .clone(),
        ),
        (None, None) => match languages::detect_in(harness, &root, &files) {
            languages::Detected::Harness(name) => Some(name),
            languages::Detected::NotInHarness(code) => {
                return Err(Unavailable(format!("{code} is not in the harness")));
            }
            languages::Detected::Unknown => None,
        },
    };
    let mut submission = if is_dir {
        let (entry, language) = crate::submission::kattis_entry(
            path,
            &files,
            entrypoint.as_deref(),
            harness,
            None,
            language.as_deref(),
        )
        .map_err(Invalid)?;
        Submission {
            path: path.to_path_buf(),
            root: path.to_path_buf(),
            files,
            entry,
            language: language.with_memory(crate::submission::run_memory(challenge)),
        }
    } else {
        // No rule told the language: the harness's own (extension, `#!` line), and a file none
        // of them knows is skipped like a language the harness lacks.
        Submission::resolve(path, challenge, harness, language.as_deref()).map_err(|e| {
            if language.is_none() && e.starts_with("cannot tell the language") {
                Unavailable(e)
            } else {
                Invalid(e)
            }
        })?
    };
    if let Some(missing) = languages::missing_toolchain(&submission.language) {
        return Err(Unavailable(missing));
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
        return Ok(KattisSubmission {
            submission,
            _merged: None,
        });
    }
    let merged = tempfile::Builder::new()
        .prefix("livejudge-kattis-")
        .tempdir()
        .map_err(|e| Invalid(format!("cannot create a temporary folder: {e}")))?;
    let copy = |from: &Path, to: &Path, constants: bool| -> Result<(), String> {
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        match fs::read_to_string(from) {
            Ok(text) if constants => fs::write(to, package.substitute(&text))
                .map_err(|e| format!("{}: {e}", to.display())),
            _ => workdir::copy_file(from, to).map_err(|e| format!("{}: {e}", from.display())),
        }
    };
    for file in &submission.files {
        copy(
            &submission.root.join(file),
            &merged.path().join(file),
            substitute_own,
        )
        .map_err(Invalid)?;
    }
    if let Some(dir) = &include {
        for file in crate::submission::list_files(dir).map_err(Invalid)? {
            copy(&dir.join(&file), &merged.path().join(&file), true).map_err(Invalid)?;
            if !submission.files.contains(&file) {
                submission.files.push(file);
            }
        }
        submission.files.sort();
    }
    submission.root = merged.path().to_path_buf();
    Ok(KattisSubmission {
        submission,
        _merged: Some(merged),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_matches("accepted", "accepted/a.py"));
        assert!(glob_matches("accepted/*", "accepted/a.py"));
        assert!(glob_matches("accepted/*.py", "accepted/a.py"));
        assert!(!glob_matches("accepted/*.cpp", "accepted/a.py"));
        assert!(glob_matches("*/{a,b}.py", "wrong_answer/b.py"));
        assert!(glob_matches("run_time_error/multi", "run_time_error/multi"));
        assert!(!glob_matches("accepted/a.py/x", "accepted/a.py"));
    }

    #[test]
    fn default_requirements() {
        let yaml = SubmissionsYaml::default();
        let r = yaml.requirements("wrong_answer/x.py");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].permitted, vec!["AC", "WA"]);
        assert_eq!(r[0].required, vec!["WA"]);
        assert!(yaml.requirements("other/x.py").is_empty());
    }
}
