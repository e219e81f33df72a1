//! Kattis / ICPC problem packages (legacy, 2023-07 and 2025-09): reading `problem.yaml`, `data/`,
//! output validators, test-data settings and `submissions/` into the `Challenge` model, plus the
//! package facts the model has no place for (time-limit source, constants, included files,
//! `submissions.yaml`). See docs/kattis.md.

mod data;
pub mod languages;
mod submissions;
mod timelimit;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use serde_norway::Value;

use data::hidden;
pub use data::{
    FileError, FlagError, ValidatorCopyError, default_validator_spec, format_verdicts,
    prepare_validators, with_time_limit,
};
pub use submissions::{Requirement, SubmissionEntry, SubmissionRule, SubmissionsYaml, kattis_code};
pub use timelimit::{Derived, apply_time_limit, at_limit, round_limit, sensitivity};

use super::{
    Category, Challenge, Content, Difficulty, ExitExpectation, Expectation, Format, Limits, Stdin,
    TestCase, Validator,
};
use crate::compare::{CompareKind, CompareSpec};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::outcome::{SubmissionResult, Verdict};

/// The definition file of a Kattis package.
pub const MANIFEST: &str = "problem.yaml";

/// The category a Kattis package gets: the model has no "algorithms", and the problems of a
/// Kattis archive are mostly about choosing data structures and algorithms.
pub const CATEGORY: Category = Category::DataStructures;

/// Which edition of the package format a `problem.yaml` follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// No `problem_format_version`, `legacy` or `legacy-icpc`.
    Legacy,
    /// `2023-07-draft` (and `draft`).
    Draft2023,
    /// `2025-09` (and `2025-09-draft`).
    V2025,
}

impl Version {
    pub fn name(self) -> &'static str {
        match self {
            Version::Legacy => "legacy",
            Version::Draft2023 => "2023-07-draft",
            Version::V2025 => "2025-09",
        }
    }
}

/// Where the time limit comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum TimeLimit {
    /// `limits.time_limit` in problem.yaml.
    Given(Duration),
    /// The `.timelimit` file.
    File(Duration),
    /// Not given: the slowest accepted submission × `multiplier`, rounded up to a multiple of
    /// `resolution`; [`derive_time_limit`] computes it.
    Derive {
        multiplier: f64,
        /// `time_multiplier` (legacy) or `ac_to_time_limit`.
        key: &'static str,
        resolution: f64,
    },
}

/// The memory limit of a package that does not set `limits.memory`: the format leaves it to the
/// system, and problemtools' system default (the typical Kattis one) is 2048 MiB.
pub const DEFAULT_MEMORY_MIB: u64 = 2048;

/// The safety margin of the time limit: `verify` judges every submission under the time limit ×
/// this factor, warns about accepted runs above the limit ÷ it and about verdicts that change
/// between the two limits (problemtools' "sensitive to time limit").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SafetyMargin {
    pub factor: f64,
    /// `time_safety_margin` (legacy, default 2) or `time_limit_to_tle` (2023-07 and 2025-09,
    /// default 1.5).
    pub key: &'static str,
}

/// What a Kattis package holds beyond the `Challenge` model.
#[derive(Debug, Clone)]
pub struct Package {
    pub root: PathBuf,
    pub manifest: PathBuf,
    pub version: Version,
    pub time_limit: TimeLimit,
    pub safety_margin: SafetyMargin,
    /// `constants` of problem.yaml, rendered as text.
    pub constants: BTreeMap<String, String>,
    /// `include/<dir>/` folders by folder name (`default`, `python3`, `cpp`, …).
    pub includes: BTreeMap<String, PathBuf>,
    /// `submissions/submissions.yaml`, empty when absent.
    pub submissions_yaml: SubmissionsYaml,
}

impl Package {
    /// Reads the package at `root` (a folder holding problem.yaml).
    pub fn open(root: &Path) -> Result<Package, Diagnostics> {
        open_package(root).map(|(package, _)| package)
    }

    /// Replaces every `{{name}}` whose name is a constant; other `{{…}}` are left alone.
    pub fn substitute(&self, text: &str) -> String {
        substitute(text, &self.constants)
    }

    /// The example submissions under `submissions/<folder>/`, in path order.
    pub fn submissions(&self) -> Vec<SubmissionEntry> {
        submissions::list(&self.root)
    }
}

/// The folder to read as a Kattis package, when `path` names one: a folder with problem.yaml
/// and no challenge.toml, or a problem.yaml file.
pub fn package_root(path: &Path) -> Option<PathBuf> {
    if path.is_dir() {
        let has = |name: &str| path.join(name).is_file();
        return (has(MANIFEST) && !has(super::load::MANIFEST)).then(|| path.to_path_buf());
    }
    if path.file_name().is_some_and(|n| n == MANIFEST) && path.is_file() {
        return Some(match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        });
    }
    None
}

/// Reads the package at `root` and the challenge it makes; `Err` holds the errors.
pub fn open_package(root: &Path) -> Result<(Package, Challenge), Diagnostics> {
    match read(root) {
        (Some(found), diags) if !diags.iter().any(Diagnostic::is_error) => Ok(found),
        (_, diags) => Err(Diagnostics(
            diags.into_iter().filter(Diagnostic::is_error).collect(),
        )),
    }
}

/// Loads the package at `root` into a `Challenge`, with every diagnostic.
pub fn load(root: &Path) -> (Option<Challenge>, Vec<Diagnostic>) {
    let (found, diags) = read(root);
    let failed = diags.iter().any(Diagnostic::is_error);
    (found.filter(|_| !failed).map(|(_, c)| c), diags)
}

/// `problem.yaml` as written. Keys of every edition are accepted; the ones livejudge does not
/// use are only type-checked loosely.
#[derive(Deserialize, Default)]
struct ProblemYaml {
    problem_format_version: Option<String>,
    #[serde(rename = "type")]
    kind: Option<Value>,
    name: Option<Value>,
    validation: Option<Value>,
    validator_flags: Option<Value>,
    limits: Option<LimitsYaml>,
    constants: Option<BTreeMap<String, Value>>,
    keywords: Option<Value>,
    difficulty: Option<Value>,
}

#[derive(Deserialize, Default)]
struct LimitsYaml {
    time_limit: Option<Value>,
    time_multiplier: Option<Value>,
    time_multipliers: Option<MultipliersYaml>,
    time_safety_margin: Option<Value>,
    time_resolution: Option<Value>,
    memory: Option<Value>,
    output: Option<Value>,
}

#[derive(Deserialize, Default)]
struct MultipliersYaml {
    ac_to_time_limit: Option<Value>,
    time_limit_to_tle: Option<Value>,
}

/// Top-level keys of problem.yaml in any edition.
const KNOWN_KEYS: &[&str] = &[
    "problem_format_version",
    "type",
    "name",
    "uuid",
    "version",
    "credits",
    "source",
    "source_url",
    "author",
    "license",
    "rights_owner",
    "embargo_until",
    "limits",
    "keywords",
    "languages",
    "allow_file_writing",
    "constants",
    "validation",
    "validator_flags",
    "scoring",
    "grading",
    "difficulty",
    "show_test_data_groups",
];

const LIMIT_KEYS: &[&str] = &[
    "time_multiplier",
    "time_safety_margin",
    "time_multipliers",
    "time_limit",
    "time_resolution",
    "memory",
    "output",
    "code",
    "compilation_time",
    "compilation_memory",
    "validation_time",
    "validation_memory",
    "validation_output",
    "validation_passes",
];

/// Keys of `limits.time_multipliers` (2023-07, 2025-09).
const MULTIPLIER_KEYS: &[&str] = &["ac_to_time_limit", "time_limit_to_tle"];

/// The key of `candidates` that `given` is most likely a typo of: at most one edit away for
/// short keys, two for keys of 8 characters or more (`time_limt` → `time_limit`), or the same
/// key written with `-` or without `_` (`time-limit`, `timelimit`). Stricter than
/// `schema::closest`, because a hit here is an error: a real package's own extra keys (`date`,
/// `authors`…) must not turn into errors by resembling a short known key.
fn typo_of<'a>(given: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let squash = |s: &str| s.replace(['_', '-'], "").to_lowercase();
    let allowed = if given.chars().count() >= 8 { 2 } else { 1 };
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(given, c), *c))
        .filter(|(d, c)| *d <= allowed || squash(given) == squash(c))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Problem types livejudge cannot judge, and why.
const UNSUPPORTED: &[(&str, &str)] = &[
    (
        "interactive",
        "its output validator must talk to the solution while it runs",
    ),
    (
        "multi-pass",
        "its output validator must feed the solution a new input after each pass",
    ),
    (
        "submit-answer",
        "its submissions are answer files, not programs",
    ),
];

struct Reader<'a> {
    root: PathBuf,
    manifest: PathBuf,
    source: &'a str,
    diags: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn error_at(&mut self, key: &str, message: String, help: Option<&str>) {
        let mut d = Diagnostic::error(&self.manifest, message);
        if let Some(offset) = key_offset(self.source, key) {
            d = d.at(self.source, offset);
        }
        if let Some(help) = help {
            d = d.with_help(help);
        }
        self.diags.push(d);
    }

    fn warn_at(&mut self, key: &str, message: String) {
        let mut d = Diagnostic::warning(&self.manifest, message);
        if let Some(offset) = key_offset(self.source, key) {
            d = d.at(self.source, offset);
        }
        self.diags.push(d);
    }
}

/// Byte offset of the line that defines `key` (`limits.memory` finds `memory:` after
/// `limits:`), for diagnostics.
fn key_offset(source: &str, key: &str) -> Option<usize> {
    let mut from = 0;
    let mut top = true;
    for part in key.split('.') {
        // A flow mapping (`limits: {memory: 2048}`): the key on the parent's own line.
        let mut found = if top {
            None
        } else {
            let line_end = source[from..].find('\n').map_or(source.len(), |i| from + i);
            let line = &source[from..line_end];
            line.match_indices(part).find_map(|(i, _)| {
                let before = line[..i].chars().next_back();
                let after = line[i + part.len()..].trim_start();
                (matches!(before, Some('{' | ',' | ' ')) && after.starts_with(':'))
                    .then_some(from + i)
            })
        };
        let mut offset = from;
        for line in source[from..].split_inclusive('\n') {
            if found.is_some() {
                break;
            }
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            if (!top || indent == 0)
                && let Some(rest) = trimmed.strip_prefix(part)
                && rest.trim_start().starts_with(':')
            {
                found = Some(offset + indent);
                break;
            }
            offset += line.len();
        }
        from = found?;
        top = false;
    }
    Some(from)
}

fn read(path: &Path) -> (Option<(Package, Challenge)>, Vec<Diagnostic>) {
    let folder = package_root(path).unwrap_or_else(|| path.to_path_buf());
    let manifest = folder.join(MANIFEST);
    let root = match fs::canonicalize(&folder) {
        Ok(root) => root,
        Err(e) => {
            let d = Diagnostic::error(&folder, format!("cannot open the package folder: {e}"));
            return (None, vec![d]);
        }
    };
    let source = match fs::read(&manifest).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => {
            let d = Diagnostic::error(&manifest, "problem.yaml is not valid UTF-8")
                .with_help("save the file as UTF-8");
            return (None, vec![d]);
        }
        Err(e) => {
            let d = Diagnostic::error(&manifest, format!("cannot read problem.yaml: {e}"));
            return (None, vec![d]);
        }
    };
    let mut reader = Reader {
        root,
        manifest: manifest.clone(),
        source: &source,
        diags: Vec::new(),
    };
    let result = reader.package();
    let mut diags = reader.diags;
    crate::diagnostic::sort_for_display(&mut diags, &manifest);
    (result, diags)
}

/// A YAML parse error, placed where the parser saw it.
fn yaml_error(file: &Path, source: &str, error: &serde_norway::Error, what: &str) -> Diagnostic {
    let message = error.to_string();
    // The crate appends " at line L column C"; the location is shown by the diagnostic itself.
    let message = match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    let d = Diagnostic::error(file, format!("{what}: {message}"));
    match error.location() {
        Some(location) => d.at(source, location.index()),
        None => d,
    }
}

/// The id of a package: its folder name, lowercased, anything outside `[a-z0-9-]` made `-`.
pub fn id_from_folder(root: &Path) -> String {
    let name = root
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut id: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                '-'
            }
        })
        .collect();
    id = id.trim_matches('-').to_string();
    id.truncate(64);
    if id.is_empty() {
        id = "problem".into();
    }
    id
}

/// A test name from a path relative to `data/` without extension: `secret/g1/03` →
/// `secret.g1.03`; characters outside `[A-Za-z0-9._-]` become `_`.
pub fn test_name(relative: &str) -> String {
    relative
        .chars()
        .map(|c| match c {
            '/' => '.',
            c if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') => c,
            _ => '_',
        })
        .collect()
}

/// Replaces `{{name}}` for every defined constant.
pub fn substitute(text: &str, constants: &BTreeMap<String, String>) -> String {
    if constants.is_empty() || !text.contains("{{") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) if constants.contains_key(&after[..end]) => {
                out.push_str(&constants[&after[..end]]);
                rest = &after[end + 2..];
            }
            _ => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Words of a string (split on whitespace) or a sequence of scalars.
fn words(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Null => Some(Vec::new()),
        Value::String(s) => Some(s.split_whitespace().map(str::to_string).collect()),
        Value::Sequence(items) => items.iter().map(value_text).collect(),
        _ => None,
    }
}

impl Reader<'_> {
    fn package(&mut self) -> Option<(Package, Challenge)> {
        let source = self.source;
        let yaml: ProblemYaml = if source.trim().is_empty() {
            ProblemYaml::default()
        } else {
            match serde_norway::from_str(source) {
                Ok(Some(yaml)) => yaml,
                Ok(None) => ProblemYaml::default(),
                Err(e) => {
                    let d = yaml_error(&self.manifest, source, &e, "problem.yaml is not valid");
                    self.diags.push(d);
                    return None;
                }
            }
        };
        self.unknown_keys();
        let version = match yaml.problem_format_version.as_deref() {
            None | Some("legacy") | Some("legacy-icpc") => Version::Legacy,
            Some("2023-07-draft") | Some("2023-07") | Some("draft") => Version::Draft2023,
            Some("2025-09") | Some("2025-09-draft") => Version::V2025,
            Some(other) => {
                self.error_at(
                    "problem_format_version",
                    format!("unknown problem_format_version `{other}`"),
                    Some("use legacy, 2023-07-draft or 2025-09"),
                );
                return None;
            }
        };
        if !self.supported(&yaml, version) {
            return None;
        }
        let constants = self.constants(&yaml);
        let mut limits = Limits {
            memory: DEFAULT_MEMORY_MIB << 20,
            ..Limits::default()
        };
        let (time_limit, safety_margin) = self.limits(&yaml, version, &constants, &mut limits);
        // As problemtools runs submissions: the stack may grow as far as memory does (a deep
        // recursion an accepted C++ solution relies on would crash at the usual 8 MiB).
        limits.stack = Some(limits.memory);
        let id = id_from_folder(&self.root);
        let title = match &yaml.name {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Mapping(map)) => map
                .get("en")
                .or_else(|| map.values().next())
                .and_then(value_text)
                .unwrap_or_else(|| id.clone()),
            Some(_) => {
                self.error_at(
                    "name",
                    "`name` must be a string or a map from language codes to strings".into(),
                    None,
                );
                id.clone()
            }
            None => id.clone(),
        };
        let difficulty = self.difficulty(&yaml);
        let tags = yaml.keywords.as_ref().and_then(words).unwrap_or_default();
        let (validator, global_flags) = self.validator(&yaml, version);
        let tests = self.tests(&limits, validator.as_deref(), &global_flags, &constants);
        let package = Package {
            root: self.root.clone(),
            manifest: self.manifest.clone(),
            version,
            time_limit,
            safety_margin,
            includes: self.includes(),
            submissions_yaml: submissions::read_yaml(&self.root, &mut self.diags),
            constants,
        };
        let challenge = Challenge {
            id,
            title,
            category: CATEGORY,
            difficulty,
            minutes: None,
            tags,
            statement: self.statement(),
            entry: "main".into(),
            languages: None,
            starter_passes: false,
            hints: Vec::new(),
            limits,
            root: self.root.clone(),
            manifest: self.root.join(MANIFEST),
            format: Format::Kattis,
            tests,
        };
        Some((package, challenge))
    }

    /// Unknown keys are warnings (real packages carry keys of other tools), except those that
    /// look like a typo or a misplacement of a key livejudge reads: those are errors with
    /// "did you mean", since the value they were meant to set would be silently ignored.
    fn unknown_keys(&mut self) {
        let Ok(Value::Mapping(map)) = serde_norway::from_str::<Value>(self.source) else {
            return;
        };
        let limit_paths: Vec<String> = LIMIT_KEYS.iter().map(|k| format!("limits.{k}")).collect();
        let limit_paths: Vec<&str> = limit_paths.iter().map(String::as_str).collect();
        for key in map.keys() {
            let Some(key) = key.as_str() else { continue };
            if KNOWN_KEYS.contains(&key) {
                continue;
            }
            let suggestion = typo_of(key, KNOWN_KEYS).or_else(|| {
                let meant = typo_of(key, LIMIT_KEYS)?;
                LIMIT_KEYS
                    .iter()
                    .position(|k| *k == meant)
                    .map(|i| limit_paths[i])
            });
            self.unknown_key(key, key, suggestion);
        }
        let Some(Value::Mapping(limits)) = map.get("limits") else {
            return;
        };
        for key in limits.keys().filter_map(Value::as_str) {
            let path = format!("limits.{key}");
            if !LIMIT_KEYS.contains(&key) {
                self.unknown_key(&path, &path, typo_of(key, LIMIT_KEYS));
            }
        }
        if let Some(Value::Mapping(multipliers)) = limits.get("time_multipliers") {
            for key in multipliers.keys().filter_map(Value::as_str) {
                if !MULTIPLIER_KEYS.contains(&key) {
                    let path = format!("limits.time_multipliers.{key}");
                    self.unknown_key(&path, &path, typo_of(key, MULTIPLIER_KEYS));
                }
            }
        }
    }

    /// A warning for an unknown key, or an error when `suggestion` says what it was likely
    /// meant to be.
    fn unknown_key(&mut self, location: &str, shown: &str, suggestion: Option<&str>) {
        match suggestion {
            Some(meant) => self.error_at(
                location,
                format!("unknown key `{shown}` in problem.yaml: did you mean `{meant}`?"),
                Some(&format!(
                    "livejudge would ignore it and the value would not be used; rename it to `{meant}`"
                )),
            ),
            None => self.warn_at(
                location,
                format!("unknown key `{shown}` in problem.yaml (ignored)"),
            ),
        }
    }

    /// Refuses interactive, multi-pass and submit-answer problems; warns about scoring ones.
    fn supported(&mut self, yaml: &ProblemYaml, version: Version) -> bool {
        let mut kinds: Vec<(String, &str)> = Vec::new();
        if let Some(kind) = &yaml.kind {
            match words(kind) {
                Some(list) => kinds.extend(list.into_iter().map(|k| (k, "type"))),
                None => self.error_at(
                    "type",
                    "`type` must be a string or a sequence of strings".into(),
                    None,
                ),
            }
        }
        match &yaml.validation {
            Some(Value::String(text)) => {
                kinds.extend(
                    text.split_whitespace()
                        .map(|w| (w.to_string(), "validation")),
                );
            }
            Some(Value::Mapping(map)) => {
                for (key, value) in map {
                    if let Some(key) = key.as_str()
                        && value.as_bool() == Some(true)
                    {
                        kinds.push((key.to_string(), "validation"));
                    }
                }
            }
            _ => {}
        }
        let mut ok = true;
        for (kind, key) in &kinds {
            if let Some((_, why)) = UNSUPPORTED.iter().find(|(k, _)| k == kind) {
                self.error_at(
                    key,
                    format!(
                        "{kind} problems are not supported: {why}, and livejudge runs a solution once on a fixed input"
                    ),
                    Some(
                        "judge this package with problemtools (verifyproblem) or DOMjudge; livejudge judges pass-fail and scoring problems that read stdin and write stdout",
                    ),
                );
                ok = false;
            } else if kind == "scoring" || (kind == "score" && version == Version::Legacy) {
                self.warn_at(
                    key,
                    "scoring problem judged pass-fail: each test is accepted or not, scores are not computed".into(),
                );
            }
        }
        ok
    }

    fn constants(&mut self, yaml: &ProblemYaml) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for (name, value) in yaml.constants.iter().flatten() {
            match value_text(value) {
                Some(text) => {
                    out.insert(name.clone(), text);
                }
                None => self.error_at(
                    &format!("constants.{name}"),
                    format!("constant `{name}` must be a number or a string"),
                    None,
                ),
            }
        }
        out
    }

    /// A positive number from a limit value (a `{{constant}}` is resolved first).
    fn number(
        &mut self,
        key: &str,
        value: &Option<Value>,
        constants: &BTreeMap<String, String>,
    ) -> Option<f64> {
        let value = value.as_ref()?;
        let parsed = match value {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => substitute(s, constants).trim().parse::<f64>().ok(),
            _ => None,
        };
        match parsed.filter(|v| v.is_finite() && *v > 0.0) {
            Some(v) => Some(v),
            None => {
                let (unit, example) = match key {
                    "time_limit" => ("seconds", 2),
                    "memory" => ("MiB", 2048),
                    _ => ("MiB", 8),
                };
                self.error_at(
                    &format!("limits.{key}"),
                    format!("`limits.{key}` must be a positive number"),
                    Some(&format!(
                        "write a number of {unit}, like `{key}: {example}`"
                    )),
                );
                None
            }
        }
    }

    fn limits(
        &mut self,
        yaml: &ProblemYaml,
        version: Version,
        constants: &BTreeMap<String, String>,
        limits: &mut Limits,
    ) -> (TimeLimit, SafetyMargin) {
        let empty = LimitsYaml::default();
        let given = yaml.limits.as_ref().unwrap_or(&empty);
        if let Some(mib) = self.number("memory", &given.memory, constants) {
            limits.memory = (mib * 1024.0 * 1024.0) as u64;
        }
        if let Some(mib) = self.number("output", &given.output, constants) {
            limits.output = (mib * 1024.0 * 1024.0) as u64;
        }
        let time = if let Some(seconds) = self.number("time_limit", &given.time_limit, constants) {
            TimeLimit::Given(Duration::from_secs_f64(seconds))
        } else if let Some(seconds) = self.timelimit_file() {
            TimeLimit::File(Duration::from_secs_f64(seconds))
        } else if version == Version::Legacy {
            TimeLimit::Derive {
                multiplier: self
                    .number("time_multiplier", &given.time_multiplier, constants)
                    .unwrap_or(5.0),
                key: "time_multiplier",
                resolution: 1.0,
            }
        } else {
            let ac = given
                .time_multipliers
                .as_ref()
                .and_then(|m| m.ac_to_time_limit.clone());
            TimeLimit::Derive {
                multiplier: self
                    .number("time_multipliers.ac_to_time_limit", &ac, constants)
                    .unwrap_or(2.0),
                key: "ac_to_time_limit",
                resolution: self
                    .number("time_resolution", &given.time_resolution, constants)
                    .unwrap_or(1.0),
            }
        };
        if let TimeLimit::Given(d) | TimeLimit::File(d) = &time {
            *limits = with_time_limit(*limits, *d);
        }
        let margin = if version == Version::Legacy {
            SafetyMargin {
                factor: self
                    .number("time_safety_margin", &given.time_safety_margin, constants)
                    .unwrap_or(2.0)
                    .max(1.0),
                key: "time_safety_margin",
            }
        } else {
            let tle = given
                .time_multipliers
                .as_ref()
                .and_then(|m| m.time_limit_to_tle.clone());
            SafetyMargin {
                factor: self
                    .number("time_multipliers.time_limit_to_tle", &tle, constants)
                    .unwrap_or(1.5)
                    .max(1.0),
                key: "time_limit_to_tle",
            }
        };
        (time, margin)
    }

    fn timelimit_file(&mut self) -> Option<f64> {
        let path = self.root.join(".timelimit");
        let text = fs::read_to_string(&path).ok()?;
        match text.trim().parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 => Some(v),
            _ => {
                self.diags.push(
                    Diagnostic::error(&path, "`.timelimit` must hold a positive number of seconds")
                        .with_help("write e.g. `2` or `1.5`"),
                );
                None
            }
        }
    }

    fn difficulty(&mut self, yaml: &ProblemYaml) -> Difficulty {
        match &yaml.difficulty {
            None => Difficulty::Medium,
            Some(Value::String(s)) if Difficulty::parse(s).is_some() => {
                Difficulty::parse(s).unwrap_or(Difficulty::Medium)
            }
            // Kattis rates problems 1.0–10.0.
            Some(Value::Number(n)) if n.as_f64().is_some() => match n.as_f64().unwrap_or(5.0) {
                x if x < 3.5 => Difficulty::Easy,
                x if x < 6.5 => Difficulty::Medium,
                _ => Difficulty::Hard,
            },
            Some(_) => {
                self.warn_at(
                    "difficulty",
                    "`difficulty` must be easy, medium, hard or a Kattis rating 1–10; using medium"
                        .into(),
                );
                Difficulty::Medium
            }
        }
    }

    fn statement(&self) -> PathBuf {
        for folder in ["statement", "problem_statement"] {
            for name in [
                "problem.en.md",
                "problem.en.tex",
                "problem.md",
                "problem.tex",
                "problem.en.pdf",
            ] {
                let path = self.root.join(folder).join(name);
                if path.is_file() {
                    return path;
                }
            }
        }
        self.root.join("statement").join("problem.en.md")
    }

    fn includes(&self) -> BTreeMap<String, PathBuf> {
        let mut out = BTreeMap::new();
        if let Ok(entries) = fs::read_dir(self.root.join("include")) {
            for entry in entries.flatten() {
                if entry.path().is_dir() {
                    out.insert(
                        entry.file_name().to_string_lossy().into_owned(),
                        entry.path(),
                    );
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_ids() {
        assert_eq!(test_name("secret/group1/03"), "secret.group1.03");
        assert_eq!(test_name("sample/a b"), "sample.a_b");
        assert_eq!(id_from_folder(Path::new("/x/HelloWorld_2")), "helloworld-2");
        assert_eq!(id_from_folder(Path::new("/x/__")), "problem");
    }

    #[test]
    fn constants_are_substituted_only_when_defined() {
        let mut c = BTreeMap::new();
        c.insert("max_n".to_string(), "100".to_string());
        assert_eq!(
            substitute("n <= {{max_n}} {{other}}", &c),
            "n <= 100 {{other}}"
        );
        assert_eq!(substitute("{{max_n", &c), "{{max_n");
    }

    #[test]
    fn typos_of_known_keys() {
        assert_eq!(typo_of("time_limt", LIMIT_KEYS), Some("time_limit"));
        assert_eq!(typo_of("timelimit", LIMIT_KEYS), Some("time_limit"));
        assert_eq!(typo_of("time-limit", LIMIT_KEYS), Some("time_limit"));
        assert_eq!(typo_of("memroy", LIMIT_KEYS), Some("memory"));
        assert_eq!(typo_of("time_limit", LIMIT_KEYS), Some("time_limit"));
        assert_eq!(typo_of("nmae", KNOWN_KEYS), Some("name"));
        // Other tools' keys stay warnings.
        assert_eq!(typo_of("date", KNOWN_KEYS), None);
        assert_eq!(typo_of("contest", KNOWN_KEYS), None);
        assert_eq!(typo_of("validator", KNOWN_KEYS), Some("validation"));
        assert_eq!(typo_of("authors", KNOWN_KEYS), Some("author"));
        assert_eq!(typo_of("problem_id", KNOWN_KEYS), None);
    }

    #[test]
    fn key_offsets() {
        let src = "name: x\nlimits:\n  memory: 5\ntype: interactive\n";
        assert_eq!(key_offset(src, "type"), Some(src.find("type").unwrap()));
        assert_eq!(
            key_offset(src, "limits.memory"),
            Some(src.find("memory").unwrap())
        );
        assert_eq!(key_offset(src, "memory"), None);
        // Flow style, with a later block key of the same name elsewhere.
        let src = "name: x\nlimits: {time_limit: 2, memory: lots}\nother:\n  memory: 1\n";
        assert_eq!(
            key_offset(src, "limits.memory"),
            Some(src.find("memory").unwrap())
        );
        assert_eq!(
            key_offset(src, "limits.time_limit"),
            Some(src.find("time_limit").unwrap())
        );
    }
}
