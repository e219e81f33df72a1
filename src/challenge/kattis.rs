//! Kattis / ICPC problem packages (legacy, 2023-07 and 2025-09): reading `problem.yaml`, `data/`,
//! output validators, test-data settings and `submissions/` into the `Challenge` model, plus the
//! package facts the model has no place for (time-limit source, constants, included files,
//! `submissions.yaml`). See docs/kattis.md.

pub mod languages;
mod limitcache;
mod submissions;
mod timelimit;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use serde_norway::Value;

pub use submissions::{
    KattisSubmission, Requirement, ResolveError, SubmissionEntry, SubmissionRule, SubmissionsYaml,
    kattis_code, resolve_submission,
};
pub use timelimit::{
    DeriveError, Derived, apply_time_limit, at_limit, derive_time_limit, derive_time_limit_cached,
    round_limit, sensitivity,
};

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
        match read(root) {
            (Some((package, _)), diags) if !diags.iter().any(Diagnostic::is_error) => Ok(package),
            (_, diags) => Err(Diagnostics(
                diags.into_iter().filter(Diagnostic::is_error).collect(),
            )),
        }
    }

    /// True when the time limit still has to be derived from the accepted submissions.
    pub fn time_limit_pending(&self) -> bool {
        matches!(self.time_limit, TimeLimit::Derive { .. })
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

/// Parses the default validator's flags into a `tokens` spec, as problemtools'
/// default_validator does (later flags win; an unknown flag is an error).
pub fn default_validator_spec(flags: &[String]) -> Result<CompareSpec, String> {
    let mut spec = CompareSpec::new(CompareKind::Tokens);
    spec.case_sensitive = false;
    let mut i = 0;
    while i < flags.len() {
        let flag = flags[i].as_str();
        let mut value = || -> Result<f64, String> {
            i += 1;
            flags
                .get(i)
                .and_then(|v| v.parse::<f64>().ok())
                .filter(|v| v.is_finite())
                .ok_or_else(|| format!("validator flag `{flag}` needs a number after it"))
        };
        match flag {
            "case_sensitive" => spec.case_sensitive = true,
            "space_change_sensitive" => spec.space_sensitive = true,
            "float_absolute_tolerance" => spec.abs_tol = Some(value()?),
            "float_relative_tolerance" => spec.rel_tol = Some(value()?),
            "float_tolerance" => {
                let v = value()?;
                spec.abs_tol = Some(v);
                spec.rel_tol = Some(v);
            }
            other => {
                return Err(format!(
                    "unknown flag `{other}` for the default output validator (it knows case_sensitive, space_change_sensitive, float_tolerance E, float_absolute_tolerance E, float_relative_tolerance E)"
                ));
            }
        }
        i += 1;
    }
    Ok(spec)
}

/// Settings of one `data/` folder (testdata.yaml / test_group.yaml) or test (`NAME.yaml`).
#[derive(Debug, Clone, Default)]
struct DataSettings {
    output_validator_args: Option<Vec<String>>,
    args: Option<Vec<String>>,
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

    /// The custom output validator (when the package uses one) and the problem-wide flags.
    fn validator(
        &mut self,
        yaml: &ProblemYaml,
        version: Version,
    ) -> (Option<PathBuf>, Vec<String>) {
        let flags = match &yaml.validator_flags {
            None => Vec::new(),
            Some(value) => words(value).unwrap_or_else(|| {
                self.error_at(
                    "validator_flags",
                    "`validator_flags` must be a string of flags".into(),
                    None,
                );
                Vec::new()
            }),
        };
        let legacy_custom = match &yaml.validation {
            Some(Value::String(s)) => s.split_whitespace().next() == Some("custom"),
            Some(Value::Mapping(_)) => true,
            _ => false,
        };
        let new_dir = self.root.join("output_validator");
        let old_dir = self.root.join("output_validators");
        let program = if new_dir.is_dir() && version != Version::Legacy {
            Some(new_dir)
        } else if old_dir.is_dir() {
            let mut programs: Vec<PathBuf> = fs::read_dir(&old_dir)
                .map(|entries| {
                    entries
                        .flatten()
                        .map(|e| e.path())
                        .filter(|p| !hidden(p))
                        .collect()
                })
                .unwrap_or_default();
            programs.sort();
            match programs.len() {
                0 => None,
                1 => programs.pop(),
                n => {
                    self.diags.push(
                        Diagnostic::error(
                            &old_dir,
                            format!("{n} output validators; livejudge runs exactly one"),
                        )
                        .with_help("keep one program (a file or a folder) in output_validators/"),
                    );
                    None
                }
            }
        } else if new_dir.is_dir() {
            Some(new_dir)
        } else {
            None
        };
        let program = match (version, legacy_custom, program) {
            (Version::Legacy, false, Some(p)) => {
                self.warn_at(
                    "validation",
                    format!(
                        "{} is not used: legacy packages use it only with `validation: custom`",
                        p.display()
                    ),
                );
                None
            }
            (_, true, None) => {
                self.error_at(
                    "validation",
                    "`validation: custom` but the package has no output validator".into(),
                    Some("add the validator program under output_validators/ (legacy) or output_validator/"),
                );
                None
            }
            (_, _, program) => program,
        };
        if let Some(p) = &program
            && !inside(&self.root, p)
        {
            self.diags.push(Diagnostic::error(
                p,
                "the output validator resolves outside the package folder",
            ));
            return (None, flags);
        }
        (program, flags)
    }

    /// Reads the settings file of `dir` (testdata.yaml or test_group.yaml).
    fn dir_settings(&mut self, dir: &Path, constants: &BTreeMap<String, String>) -> DataSettings {
        for name in ["test_group.yaml", "testdata.yaml"] {
            let path = dir.join(name);
            if path.is_file() {
                return self.settings_file(&path, constants, true);
            }
        }
        DataSettings::default()
    }

    fn settings_file(
        &mut self,
        path: &Path,
        constants: &BTreeMap<String, String>,
        group: bool,
    ) -> DataSettings {
        let Ok(raw) = fs::read_to_string(path) else {
            self.diags.push(Diagnostic::error(
                path,
                "cannot read this file (not UTF-8?)",
            ));
            return DataSettings::default();
        };
        let text = if group {
            substitute(&raw, constants)
        } else {
            raw
        };
        let value: Value = match serde_norway::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                let d = yaml_error(path, &text, &e, "not valid YAML");
                self.diags.push(d);
                return DataSettings::default();
            }
        };
        let mut settings = DataSettings::default();
        let Value::Mapping(map) = value else {
            return settings;
        };
        for (key, value) in &map {
            let Some(key) = key.as_str() else { continue };
            let slot = match key {
                "output_validator_args" | "output_validator_flags" => {
                    &mut settings.output_validator_args
                }
                "args" => &mut settings.args,
                _ => continue,
            };
            match words(value) {
                Some(list) => *slot = Some(list),
                None => {
                    let mut d = Diagnostic::error(
                        path,
                        format!("`{key}` must be a string or a sequence of strings"),
                    );
                    if let Some(offset) = key_offset(&text, key) {
                        d = d.at(&text, offset);
                    }
                    self.diags.push(d);
                }
            }
        }
        settings
    }

    fn tests(
        &mut self,
        limits: &Limits,
        validator: Option<&Path>,
        global_flags: &[String],
        constants: &BTreeMap<String, String>,
    ) -> Vec<TestCase> {
        let data = self.root.join("data");
        if !data.is_dir() {
            self.diags.push(
                Diagnostic::error(&data, "the package has no data/ folder")
                    .with_help("test cases go in data/sample/*.in|.ans and data/secret/*.in|.ans"),
            );
            return Vec::new();
        }
        let base = self.dir_settings(&data, constants);
        let mut found: Vec<(String, PathBuf, DataSettings)> = Vec::new();
        for (part, sample) in [("sample", true), ("secret", false)] {
            let dir = data.join(part);
            if dir.is_dir() {
                let settings = merge(&base, &self.dir_settings(&dir, constants));
                self.walk(&dir, part, &settings, constants, &mut found);
            } else if !sample {
                self.diags.push(Diagnostic::warning(
                    &dir,
                    "the package has no data/secret/ folder: only samples will be judged",
                ));
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        let mut tests = Vec::new();
        let mut reported = std::collections::BTreeSet::new();
        for (relative, input, settings) in found {
            let answer = input.with_extension("ans");
            if !answer.is_file() {
                self.diags.push(
                    Diagnostic::error(&input, format!("test `{relative}` has no .ans file"))
                        .with_help("every NAME.in needs NAME.ans next to it"),
                );
                continue;
            }
            if !inside(&self.root, &input) || !inside(&self.root, &answer) {
                self.diags.push(Diagnostic::error(
                    &input,
                    "this test file resolves outside the package folder",
                ));
                continue;
            }
            let case_yaml = input.with_extension("yaml");
            let settings = if case_yaml.is_file() {
                merge(&settings, &self.settings_file(&case_yaml, constants, false))
            } else {
                settings
            };
            // problem.yaml's validator_flags (legacy) go first, then the test-data settings'.
            let mut flags = global_flags.to_vec();
            flags.extend(settings.output_validator_args.clone().unwrap_or_default());
            let files = input.with_extension("files");
            let mut test = TestCase {
                name: test_name(&relative),
                sample: relative.starts_with("sample/"),
                args: settings.args.clone().unwrap_or_default(),
                stdin: Stdin::File(input.clone()),
                env: BTreeMap::new(),
                fixtures: if files.is_dir() {
                    vec![files]
                } else {
                    Vec::new()
                },
                exit: ExitExpectation::Code(0),
                points: 1,
                limits: *limits,
                stdout: None,
                stderr: None,
                files: Vec::new(),
                unchanged: Vec::new(),
                check: None,
                validator: None,
                signal: None,
            };
            match validator {
                Some(source) => {
                    test.validator = Some(Validator {
                        source: source.to_path_buf(),
                        answer,
                        flags,
                    });
                }
                None => {
                    match default_validator_spec(&flags) {
                        Ok(spec) => {
                            test.stdout = Some(Expectation {
                                content: Content::File(answer),
                                compare: spec,
                            });
                        }
                        Err(message) => {
                            // One error per distinct flag set, not one per test.
                            if reported.insert(flags.clone()) {
                                if settings.output_validator_args.is_none() {
                                    self.error_at("validator_flags", message, None);
                                } else {
                                    self.diags.push(Diagnostic::error(
                                    &input,
                                    format!("output validator arguments of test `{relative}`: {message}"),
                                ));
                                }
                            }
                            continue;
                        }
                    }
                }
            }
            tests.push(test);
        }
        if tests.is_empty() && !self.diags.iter().any(Diagnostic::is_error) {
            self.diags.push(
                Diagnostic::error(&data, "the package has no test cases").with_help(
                    "add data/sample/NAME.in + NAME.ans or data/secret/NAME.in + NAME.ans",
                ),
            );
        }
        tests
    }

    /// Collects `*.in` under `dir` (relative name `prefix/…`), descending into groups.
    fn walk(
        &mut self,
        dir: &Path,
        prefix: &str,
        settings: &DataSettings,
        constants: &BTreeMap<String, String>,
        found: &mut Vec<(String, PathBuf, DataSettings)>,
    ) {
        let Ok(entries) = fs::read_dir(dir) else {
            self.diags
                .push(Diagnostic::error(dir, "cannot list this folder"));
            return;
        };
        let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            if path.is_dir() {
                if name.ends_with(".files") {
                    continue;
                }
                let relative = format!("{prefix}/{name}");
                let inner = merge(settings, &self.dir_settings(&path, constants));
                self.walk(&path, &relative, &inner, constants, found);
            } else if let Some(stem) = name.strip_suffix(".in") {
                found.push((format!("{prefix}/{stem}"), path.clone(), settings.clone()));
            } else if let Some(stem) = name.strip_suffix(".ans")
                && !path.with_extension("in").is_file()
            {
                self.diags.push(Diagnostic::warning(
                    &path,
                    format!("`{stem}.ans` has no `{stem}.in`: it is not a test (ignored)"),
                ));
            }
        }
    }
}

fn merge(outer: &DataSettings, inner: &DataSettings) -> DataSettings {
    DataSettings {
        output_validator_args: inner
            .output_validator_args
            .clone()
            .or_else(|| outer.output_validator_args.clone()),
        args: inner.args.clone().or_else(|| outer.args.clone()),
    }
}

fn hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// True when `path` (after resolving symlinks) stays inside `root`.
fn inside(root: &Path, path: &Path) -> bool {
    fs::canonicalize(path).is_ok_and(|p| p.starts_with(root))
}

/// `result` in the package format's verdicts for a judged run (AC, WA, TLE, RTE, and JE/CE for
/// what did not run): a memory limit reached is a run-time error, as problemtools (which has no
/// MLE) reports it and as `run_time_error/` submissions are meant.
pub fn format_verdicts(result: &SubmissionResult) -> SubmissionResult {
    let mut out = result.clone();
    for test in &mut out.tests {
        if test.verdict == Verdict::MLE {
            test.verdict = Verdict::RTE;
        }
    }
    out.verdict = SubmissionResult::overall(&out.tests);
    out
}

/// `limits` with a Kattis time limit: CPU time is the limit; wall-clock gets twice that plus a
/// second, so a busy machine does not turn a fast solution into a TLE.
pub fn with_time_limit(limits: Limits, limit: Duration) -> Limits {
    Limits {
        cpu: limit,
        time: limit * 2 + Duration::from_secs(1),
        ..limits
    }
}

/// Copies the output validator with `{{constants}}` substituted (2025-09: constants apply to
/// validators) and points every test at the copy. Returns the folder holding the copy, which
/// must outlive judging; `None` when there is nothing to substitute.
pub fn prepare_validators(
    challenge: &mut Challenge,
    package: &Package,
) -> Result<Option<tempfile::TempDir>, String> {
    let Some(source) = challenge
        .tests
        .iter()
        .find_map(|t| t.validator.as_ref().map(|v| v.source.clone()))
    else {
        return Ok(None);
    };
    if package.constants.is_empty() {
        return Ok(None);
    }
    let temp = tempfile::Builder::new()
        .prefix("livejudge-validator-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary folder: {e}"))?;
    let name = source.file_name().unwrap_or_default();
    let copy = temp.path().join(name);
    let mut pending = vec![(source.clone(), copy.clone())];
    while let Some((from, to)) = pending.pop() {
        if from.is_dir() {
            fs::create_dir_all(&to).map_err(|e| format!("{}: {e}", to.display()))?;
            for entry in fs::read_dir(&from).map_err(|e| format!("{}: {e}", from.display()))? {
                let entry = entry.map_err(|e| format!("{}: {e}", from.display()))?;
                pending.push((entry.path(), to.join(entry.file_name())));
            }
        } else {
            let written = match fs::read_to_string(&from) {
                Ok(text) => fs::write(&to, package.substitute(&text)),
                Err(_) => fs::copy(&from, &to).map(|_| ()),
            };
            written.map_err(|e| format!("{}: {e}", to.display()))?;
        }
    }
    // The validator runs as the sandbox user: let it read the copy.
    let _ = fs::set_permissions(
        temp.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    );
    for test in &mut challenge.tests {
        if let Some(v) = &mut test.validator {
            v.source = copy.clone();
        }
    }
    Ok(Some(temp))
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
    fn default_validator_flags() {
        let f = |s: &str| -> Vec<String> { s.split_whitespace().map(String::from).collect() };
        let spec = default_validator_spec(&[]).unwrap();
        assert!(!spec.case_sensitive && !spec.space_sensitive && spec.abs_tol.is_none());
        let spec = default_validator_spec(&f("case_sensitive space_change_sensitive")).unwrap();
        assert!(spec.case_sensitive && spec.space_sensitive);
        let spec = default_validator_spec(&f("float_tolerance 1e-3")).unwrap();
        assert_eq!((spec.abs_tol, spec.rel_tol), (Some(1e-3), Some(1e-3)));
        let spec = default_validator_spec(&f("float_relative_tolerance 0.5")).unwrap();
        assert_eq!((spec.abs_tol, spec.rel_tol), (None, Some(0.5)));
        assert!(default_validator_spec(&f("float_tolerance")).is_err());
        assert!(default_validator_spec(&f("ignore_case")).is_err());
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
