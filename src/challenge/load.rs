//! Loading a challenge folder: read challenge.toml, validate it into a `Challenge`, resolve and
//! check paths, discover case files. Every problem becomes a located `Diagnostic`; loading
//! never stops at the first one and never panics on anything a challenge author wrote.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::schema::{self, TableKind};
use super::units::{self, parse_duration, parse_size};
use super::{
    Category, Challenge, Content, Difficulty, ExitExpectation, Expectation, FileCheck,
    FileExpectation, Format, Limits, SignalSpec, Stdin, TestCase,
};
use crate::compare::{CompareKind, CompareSpec, check_regex};
use crate::diagnostic::{Diagnostic, Diagnostics};

/// The definition file of a challenge folder.
pub const MANIFEST: &str = "challenge.toml";

/// Loads the challenge at `path` (a folder or its challenge.toml). Fails with every error found.
pub fn load(path: &Path) -> Result<Challenge, Diagnostics> {
    only_errors(load_with_warnings(path))
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

/// Loads the challenge at `path`, returning it (when it has no error) with every diagnostic,
/// warnings included.
pub fn load_with_warnings(path: &Path) -> (Option<Challenge>, Vec<Diagnostic>) {
    load_with(path, false)
}

/// Loads a challenge for `bless`: an expectation file (`stdout = { file = … }`, …) that does not
/// exist yet is only a warning, since bless is how it comes to exist.
pub fn load_for_bless(path: &Path) -> Result<Challenge, Diagnostics> {
    only_errors(load_with(path, true))
}

fn load_with(path: &Path, expected_may_be_missing: bool) -> (Option<Challenge>, Vec<Diagnostic>) {
    // A Kattis problem package (problem.yaml, no challenge.toml): see challenge/kattis.rs.
    if let Some(root) = super::kattis::package_root(path) {
        return super::kattis::load(&root);
    }
    let (manifest, folder) = if path.is_dir() {
        (path.join(MANIFEST), path.to_path_buf())
    } else {
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        (path.to_path_buf(), parent)
    };
    if !manifest.is_file() {
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
        return (
            None,
            vec![Diagnostic::error(&manifest, message).with_help(help)],
        );
    }
    let root = match fs::canonicalize(&folder) {
        Ok(root) => root,
        Err(e) => {
            let d = Diagnostic::error(&folder, format!("cannot open the challenge folder: {e}"));
            return (None, vec![d]);
        }
    };
    let source = match fs::read(&manifest).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(e)) => {
            // Placed at the first bad byte, so the author can find it.
            let valid = e.utf8_error().valid_up_to();
            let shown = String::from_utf8_lossy(e.as_bytes());
            let d = Diagnostic::error(&manifest, format!("{MANIFEST} is not valid UTF-8"))
                .at(&shown, valid)
                .with_help("save the file as UTF-8");
            return (None, vec![d]);
        }
        Err(e) => {
            let d = Diagnostic::error(&manifest, format!("cannot read {MANIFEST}: {e}"));
            return (None, vec![d]);
        }
    };
    let mut cx = Ctx {
        source: &source,
        manifest: manifest.clone(),
        root,
        diags: Vec::new(),
        expected_may_be_missing,
        fixture_trees: HashMap::new(),
    };
    let challenge = cx.challenge();
    let mut diags = cx.diags;
    // Files found on disk are named from the folder as the user gave it, like challenge.toml.
    for d in &mut diags {
        if let Ok(rest) = d.file.strip_prefix(&cx.root) {
            d.file = folder.join(rest);
        }
    }
    // Errors first, then warnings; each in file order, challenge.toml before case files.
    crate::diagnostic::sort_for_display(&mut diags, &manifest);
    let failed = diags.iter().any(Diagnostic::is_error);
    (challenge.filter(|_| !failed), diags)
}

type Value<'i> = Spanned<DeValue<'i>>;

/// What a path must name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    File,
    Dir,
}

/// `[defaults]`, resolved.
struct Defaults {
    fixtures: Option<PathBuf>,
    /// `fixtures` was written but is in error (so what a test's fixtures hold is not known).
    fixtures_broken: bool,
    env: BTreeMap<String, String>,
    exit: ExitExpectation,
    compare: CompareKind,
}

/// Limits as written, before the built-in defaults fill the gaps.
#[derive(Clone, Copy, Default)]
struct LimitsSpec {
    time: Option<Duration>,
    cpu: Option<Duration>,
    memory: Option<u64>,
    output: Option<u64>,
    processes: Option<u32>,
    file_size: Option<u64>,
    disk: Option<u64>,
}

impl LimitsSpec {
    /// `over` wins key by key.
    fn overlay(self, over: LimitsSpec) -> LimitsSpec {
        LimitsSpec {
            time: over.time.or(self.time),
            cpu: over.cpu.or(self.cpu),
            memory: over.memory.or(self.memory),
            output: over.output.or(self.output),
            processes: over.processes.or(self.processes),
            file_size: over.file_size.or(self.file_size),
            disk: over.disk.or(self.disk),
        }
    }

    /// Fills the gaps with the built-in defaults; `cpu` defaults to the effective `time`.
    fn resolve(self) -> Limits {
        let base = Limits::default();
        let time = self.time.unwrap_or(base.time);
        Limits {
            time,
            cpu: self.cpu.unwrap_or(time),
            memory: self.memory.unwrap_or(base.memory),
            output: self.output.unwrap_or(base.output),
            processes: self.processes.unwrap_or(base.processes),
            file_size: self.file_size.unwrap_or(base.file_size),
            disk: self.disk.unwrap_or(base.disk),
            stack: None,
        }
    }
}

/// The walk over one challenge.toml: the source for locations and every diagnostic so far.
struct Ctx<'s> {
    source: &'s str,
    manifest: PathBuf,
    /// The canonical challenge folder.
    root: PathBuf,
    diags: Vec<Diagnostic>,
    /// An expectation file that does not exist is a warning, not an error (for `bless`).
    expected_may_be_missing: bool,
    /// What walking each fixture folder found, so a folder shared by tests is walked once.
    fixture_trees: HashMap<PathBuf, Vec<Diagnostic>>,
}

/// The source text of a span, cut short for a message.
fn excerpt(source: &str, span: &Range<usize>) -> String {
    let text = source.get(span.clone()).unwrap_or("");
    let first = text.lines().next().unwrap_or("");
    if first.chars().count() > 40 {
        format!("{}…", first.chars().take(40).collect::<String>())
    } else if first.len() < text.len() {
        format!("{first}…")
    } else {
        first.to_string()
    }
}

/// True when `text` is a valid challenge id (without the length limit of 64).
pub fn is_id(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_test_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

impl Ctx<'_> {
    // ----- reporting -------------------------------------------------------------------------

    fn error(&mut self, span: &Range<usize>, message: impl Into<String>, help: impl Into<String>) {
        let d = Diagnostic::error(&self.manifest, message)
            .at(self.source, span.start)
            .with_help(help);
        self.diags.push(d);
    }

    fn warning(&mut self, message: impl Into<String>, help: impl Into<String>) {
        let d = Diagnostic::warning(&self.manifest, message).with_help(help);
        self.diags.push(d);
    }

    fn warning_at(
        &mut self,
        span: &Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let d = Diagnostic::warning(&self.manifest, message)
            .at(self.source, span.start)
            .with_help(help);
        self.diags.push(d);
    }

    fn file_error(&mut self, file: &Path, message: impl Into<String>, help: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(file, message).with_help(help));
    }

    fn text(&self, span: &Range<usize>) -> String {
        excerpt(self.source, span)
    }

    fn wrong_type(&mut self, key: &str, value: &Value<'_>, expected: &str, help: &str) {
        let span = value.span();
        let message = format!(
            "`{key}` must be {expected}, found {} `{}`",
            schema::type_name(value.get_ref()),
            self.text(&span)
        );
        self.error(&span, message, help);
    }

    /// Reports every key of `table` that is not a key of `kind`.
    fn check_keys(&mut self, table: &DeTable<'_>, kind: TableKind) {
        for (key, _) in table.iter() {
            let name: &str = key.get_ref();
            if kind.keys().contains(&name) {
                continue;
            }
            let span = key.span();
            if name == "absent" && kind == TableKind::Expectation {
                self.error(
                    &span,
                    "`absent` is only allowed in a `files` entry",
                    "to expect no output, use `text = \"\"`; to expect a file not to exist, use `files = [{ path = \"...\", absent = true }]`",
                );
                continue;
            }
            if name == "text" && kind == TableKind::Stdin {
                self.error(
                    &span,
                    "unknown key `text` in a `stdin` table",
                    "write inline stdin as a plain string: `stdin = \"...\"`",
                );
                continue;
            }
            let help = schema::suggest_key(kind, name)
                .unwrap_or_else(|| format!("known keys here: {}", schema::one_of(kind.keys())));
            self.error(
                &span,
                format!("unknown key `{name}` {}", kind.place()),
                help,
            );
        }
    }

    fn require<'a, 'i>(
        &mut self,
        table: &'a DeTable<'i>,
        table_span: &Range<usize>,
        key: &str,
        place: &str,
        example: &str,
    ) -> Option<&'a Value<'i>> {
        let value = table.get(key);
        if value.is_none() {
            self.error(
                table_span,
                format!("missing required key `{key}` {place}"),
                format!("add `{key} = {example}`"),
            );
        }
        value
    }

    // ----- typed values ----------------------------------------------------------------------

    fn string<'a>(&mut self, key: &str, value: &'a Value<'_>) -> Option<&'a str> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.as_ref()),
            _ => {
                self.wrong_type(key, value, "a string", "put the value in double quotes");
                None
            }
        }
    }

    fn boolean(&mut self, key: &str, value: &Value<'_>) -> Option<bool> {
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(key, value, "a boolean", "write `true` or `false`, unquoted");
                None
            }
        }
    }

    fn integer(&mut self, key: &str, value: &Value<'_>, help: &str) -> Option<i64> {
        match value.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(n),
                Err(_) => {
                    let span = value.span();
                    let message = format!("`{key}` = {} is out of range", self.text(&span));
                    self.error(&span, message, help);
                    None
                }
            },
            _ => {
                self.wrong_type(key, value, "an integer", help);
                None
            }
        }
    }

    /// An integer in `min..=u32::MAX`.
    fn count(&mut self, key: &str, value: &Value<'_>, min: u32) -> Option<u32> {
        let help = format!("write a whole number of at least {min}, unquoted");
        let n = self.integer(key, value, &help)?;
        match u32::try_from(n) {
            Ok(n) if n >= min => Some(n),
            _ => {
                let span = value.span();
                self.error(
                    &span,
                    format!("`{key}` must be at least {min}, found `{n}`"),
                    help,
                );
                None
            }
        }
    }

    /// A finite, non-negative number (integer or float).
    fn tolerance(&mut self, key: &str, value: &Value<'_>) -> Option<f64> {
        let number = match value.get_ref() {
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|n| n as f64),
            _ => {
                self.wrong_type(
                    key,
                    value,
                    "a number",
                    "write a number like `1e-6`, unquoted",
                );
                return None;
            }
        };
        match number {
            Some(n) if n.is_finite() && n >= 0.0 => Some(n),
            _ => {
                let span = value.span();
                let message = format!(
                    "`{key}` must be a finite number of at least 0, found `{}`",
                    self.text(&span)
                );
                self.error(&span, message, "write a tolerance like `1e-6`");
                None
            }
        }
    }

    /// An array of strings, each with its span.
    fn strings(&mut self, key: &str, value: &Value<'_>) -> Option<Vec<(String, Range<usize>)>> {
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(
                key,
                value,
                "an array of strings",
                &format!("write `{key} = [\"...\", \"...\"]`"),
            );
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push((s.to_string(), item.span())),
                _ => {
                    self.wrong_type(
                        &format!("{key}[..]"),
                        item,
                        "a string",
                        "put each element in double quotes",
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    fn table<'a, 'i>(
        &mut self,
        key: &str,
        value: &'a Value<'i>,
        help: &str,
    ) -> Option<&'a DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.wrong_type(key, value, "a table", help);
                None
            }
        }
    }

    fn env(&mut self, key: &str, value: &Value<'_>) -> BTreeMap<String, String> {
        let mut env = BTreeMap::new();
        let Some(table) = self.table(key, value, "write `env = { NAME = \"value\" }`") else {
            return env;
        };
        for (name, v) in table.iter() {
            let name_text: &str = name.get_ref();
            if name_text.is_empty() || name_text.contains('=') || name_text.contains('\0') {
                self.error(
                    &name.span(),
                    format!("`{name_text}` is not a valid environment variable name"),
                    "use a name without `=`, like `LC_ALL`",
                );
                continue;
            }
            let what = format!("{key}.{name_text}");
            if let Some(s) = self.string(&what, v) {
                if s.contains('\0') {
                    self.error(
                        &v.span(),
                        format!("`{what}` contains a NUL byte"),
                        "remove it",
                    );
                    continue;
                }
                env.insert(name_text.to_string(), s.to_string());
            }
        }
        env
    }

    fn duration(&mut self, key: &str, value: &Value<'_>) -> Option<Duration> {
        let help = "write a positive number with ms, s or m, like \"500ms\", \"1.5s\" or \"2m\"";
        self.unit_string(key, value, "a duration string", help, parse_duration)
    }

    fn size(&mut self, key: &str, value: &Value<'_>) -> Option<u64> {
        let help = "write a positive number with B, KiB, MiB, GiB, KB, MB or GB, like \"64MiB\"";
        self.unit_string(key, value, "a size string", help, parse_size)
    }

    /// A string value with a unit (a duration, a size), parsed; every problem reported.
    fn unit_string<T>(
        &mut self,
        key: &str,
        value: &Value<'_>,
        what: &str,
        help: &str,
        parse: fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        if !matches!(value.get_ref(), DeValue::String(_)) {
            self.wrong_type(key, value, what, help);
            return None;
        }
        let text = self.string(key, value)?;
        match parse(text) {
            Ok(parsed) => Some(parsed),
            Err(e) => {
                self.error(&value.span(), format!("invalid `{key}`: {e}"), help);
                None
            }
        }
    }

    fn limits(&mut self, prefix: &str, value: &Value<'_>) -> LimitsSpec {
        let mut spec = LimitsSpec::default();
        let help = format!("write `{prefix} = {{ time = \"5s\" }}` or a [limits] table");
        let Some(table) = self.table(prefix, value, &help) else {
            return spec;
        };
        self.check_keys(table, TableKind::Limits);
        for (key, v) in table.iter() {
            let what = format!("{prefix}.{}", key.get_ref());
            match key.get_ref().as_ref() {
                "time" => spec.time = self.duration(&what, v),
                "cpu" => spec.cpu = self.duration(&what, v),
                "memory" => spec.memory = self.size(&what, v),
                "output" => spec.output = self.size(&what, v),
                "file_size" => spec.file_size = self.size(&what, v),
                "disk" => spec.disk = self.size(&what, v),
                "processes" => spec.processes = self.count(&what, v, 1),
                _ => {}
            }
            self.implausible_limit(&what, key.get_ref(), v, &spec);
        }
        spec
    }

    /// Warns about a limit no solution could live within (a typo like "1B" or "5ms"): valid,
    /// but every run would fail at it.
    fn implausible_limit(&mut self, what: &str, key: &str, value: &Value<'_>, spec: &LimitsSpec) {
        const SMALLEST_TIME: Duration = Duration::from_millis(50);
        const SMALLEST_MEMORY: u64 = 4 << 20;
        let problem = match key {
            "time" | "cpu" => {
                let limit = if key == "time" { spec.time } else { spec.cpu };
                limit
                    .filter(|d| *d < SMALLEST_TIME)
                    .map(|_| "a process barely starts in less than 50ms")
            }
            "memory" => spec
                .memory
                .filter(|m| *m < SMALLEST_MEMORY)
                .map(|_| "no interpreter starts in less than 4MiB"),
            _ => None,
        };
        if let Some(why) = problem {
            self.warning_at(
                &value.span(),
                format!("`{what}` is so small that every run will fail at it: {why}"),
                "check the unit (ms vs s, KiB vs MiB)",
            );
        }
    }

    fn exit(&mut self, key: &str, value: &Value<'_>) -> Option<ExitExpectation> {
        let help = "write an exit code from 0 to 255, \"nonzero\" or \"any\"";
        match value.get_ref() {
            DeValue::String(s) => match s.as_ref() {
                "nonzero" => Some(ExitExpectation::Nonzero),
                "any" => Some(ExitExpectation::Any),
                other => {
                    let hint = match other.trim().parse::<i32>() {
                        Ok(n) => format!("write the code unquoted: `{key} = {n}`"),
                        Err(_) => help.to_string(),
                    };
                    self.error(
                        &value.span(),
                        format!(
                            "`{key}` must be an integer, \"nonzero\" or \"any\", found \"{other}\""
                        ),
                        hint,
                    );
                    None
                }
            },
            DeValue::Integer(_) => {
                let n = self.integer(key, value, help)?;
                match i32::try_from(n) {
                    Ok(code) if (0..=255).contains(&code) => Some(ExitExpectation::Code(code)),
                    _ => {
                        self.error(
                            &value.span(),
                            format!("`{key}` = {n} is not an exit code (0 to 255)"),
                            help,
                        );
                        None
                    }
                }
            }
            _ => {
                self.wrong_type(key, value, "an integer, \"nonzero\" or \"any\"", help);
                None
            }
        }
    }

    fn compare_kind(&mut self, key: &str, value: &Value<'_>) -> Option<CompareKind> {
        let text = self.string(key, value)?;
        if let Some(kind) = CompareKind::parse(text) {
            return Some(kind);
        }
        let help = match schema::closest(text, schema::COMPARATORS) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("use one of {}", schema::one_of(schema::COMPARATORS)),
        };
        self.error(
            &value.span(),
            format!("unknown comparator `{text}` for `{key}`"),
            help,
        );
        None
    }

    /// A name from a fixed list (category, difficulty).
    fn choice<'n>(&mut self, key: &str, value: &Value<'_>, names: &[&'n str]) -> Option<&'n str> {
        let text = self.string(key, value)?;
        if let Some(name) = names.iter().find(|n| **n == text) {
            return Some(name);
        }
        let help = match schema::closest(text, names) {
            Some(close) => format!("did you mean `{close}`? (one of {})", schema::one_of(names)),
            None => format!("use one of {}", schema::one_of(names)),
        };
        self.error(&value.span(), format!("unknown {key} `{text}`"), help);
        None
    }

    // ----- paths -----------------------------------------------------------------------------

    /// Resolves a path of challenge.toml against the challenge folder: it must stay inside it
    /// (lexically and after following symlinks) and, when it exists, be a `want`. A missing path
    /// is an error, or only a warning when `warn_missing` (the path is returned then).
    fn path(
        &mut self,
        key: &str,
        raw: &str,
        span: Option<&Range<usize>>,
        want: Want,
        warn_missing: bool,
    ) -> Option<PathBuf> {
        let report = |cx: &mut Self, message: String, help: String| match span {
            Some(span) => cx.error(span, message, help),
            None => {
                let manifest = cx.manifest.clone();
                cx.file_error(&manifest, message, help)
            }
        };
        let inside =
            "paths in challenge.toml are relative to the challenge folder and must stay inside it";
        let candidate = Path::new(raw);
        if raw.is_empty() {
            report(
                self,
                format!("`{key}` is an empty path"),
                "name a path inside the challenge folder".into(),
            );
            return None;
        }
        if candidate.has_root() || candidate.is_absolute() {
            report(
                self,
                format!("`{key}` = \"{raw}\" is an absolute path"),
                inside.into(),
            );
            return None;
        }
        let mut rel = PathBuf::new();
        for component in candidate.components() {
            match component {
                Component::Normal(part) => rel.push(part),
                Component::CurDir => {}
                Component::ParentDir => {
                    if !rel.pop() {
                        report(
                            self,
                            format!("`{key}` = \"{raw}\" leaves the challenge folder"),
                            inside.into(),
                        );
                        return None;
                    }
                }
                Component::RootDir | Component::Prefix(_) => {
                    report(
                        self,
                        format!("`{key}` = \"{raw}\" is an absolute path"),
                        inside.into(),
                    );
                    return None;
                }
            }
        }
        if rel.as_os_str().is_empty() {
            report(
                self,
                format!("`{key}` = \"{raw}\" names the challenge folder itself"),
                "name a file or folder inside the challenge folder".into(),
            );
            return None;
        }
        let full = self.root.join(&rel);
        let what = match want {
            Want::File => "file",
            Want::Dir => "folder",
        };
        let Ok(meta) = fs::symlink_metadata(&full) else {
            if warn_missing {
                let message = format!("`{key}` names `{raw}`, which does not exist");
                self.warning(message, format!("create the {what} `{raw}`"));
                return Some(full);
            }
            report(
                self,
                format!("`{key}` names `{raw}`, which does not exist"),
                format!(
                    "create the {what} `{raw}` in the challenge folder, or fix the path ({inside})"
                ),
            );
            return None;
        };
        let real = match real_path(&self.root, &rel, &meta) {
            Ok(real) => real,
            Err(e) => {
                report(
                    self,
                    format!("`{key}` = \"{raw}\" cannot be resolved: {e}"),
                    "fix or remove the broken symbolic link".into(),
                );
                return None;
            }
        };
        if !real.starts_with(&self.root) {
            report(
                self,
                format!(
                    "`{key}` = \"{raw}\" resolves outside the challenge folder (to `{}`)",
                    real.display()
                ),
                format!("{inside}: replace the symbolic link with a copy"),
            );
            return None;
        }
        // Without a link on the way, what `lstat` said is what the path is.
        let is_right = match (want, real == full) {
            (Want::File, true) => meta.is_file(),
            (Want::Dir, true) => meta.is_dir(),
            (Want::File, false) => real.is_file(),
            (Want::Dir, false) => real.is_dir(),
        };
        if !is_right {
            report(
                self,
                format!("`{key}` = \"{raw}\" is not a {what}"),
                format!("`{key}` must name a {what}"),
            );
            return None;
        }
        if want == Want::Dir {
            self.check_fixture_tree(&real);
        }
        Some(full)
    }

    /// Checks that no symbolic link inside a fixture folder resolves outside the challenge
    /// folder (everything in it is copied into the working folder of a test).
    fn check_fixture_tree(&mut self, dir: &Path) {
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
    fn work_path(&mut self, key: &str, raw: &str, span: &Range<usize>) -> Option<PathBuf> {
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
    fn check_unchanged(
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

    // ----- the document ----------------------------------------------------------------------

    fn challenge(&mut self) -> Option<Challenge> {
        let source = self.source;
        let (doc, errors) = DeTable::parse_recoverable(source);
        if !errors.is_empty() {
            // Only the first error, at its real place: the parser's later ones follow from it.
            if let Some(e) = super::syntax::first_error(source) {
                let d = Diagnostic::error(&self.manifest, e.message).with_help(e.help);
                self.diags.push(match e.offset {
                    Some(offset) => d.at(source, offset),
                    None => d,
                });
            }
            return None;
        }
        let top = doc.get_ref();
        let top_span = 0..0;
        self.check_keys(top, TableKind::Top);
        let place = "in challenge.toml";

        let id = self
            .require(top, &top_span, "id", place, "\"my-challenge\"")
            .and_then(|v| self.id(v));
        let title = self
            .require(top, &top_span, "title", place, "\"A short title\"")
            .and_then(|v| self.non_empty("title", v));
        let category = self
            .require(top, &top_span, "category", place, "\"scripting\"")
            .and_then(|v| self.choice("category", v, schema::CATEGORIES))
            .and_then(Category::parse);
        let difficulty = self
            .require(top, &top_span, "difficulty", place, "\"easy\"")
            .and_then(|v| self.choice("difficulty", v, schema::DIFFICULTIES))
            .and_then(Difficulty::parse);
        let entry = self
            .require(top, &top_span, "entry", place, "\"solve\"")
            .and_then(|v| self.entry(v));
        let minutes = top.get("minutes").and_then(|v| self.count("minutes", v, 1));
        let tags = top
            .get("tags")
            .and_then(|v| self.strings("tags", v))
            .map(|t| t.into_iter().map(|(s, _)| s).collect())
            .unwrap_or_default();
        let statement = match top.get("statement") {
            Some(v) => self
                .string("statement", v)
                .and_then(|raw| self.path("statement", raw, Some(&v.span()), Want::File, true)),
            None => self.path("statement", "README.md", None, Want::File, true),
        };
        let languages = top.get("languages").and_then(|v| self.languages(v));
        let starter_passes = top
            .get("starter_passes")
            .and_then(|v| self.boolean("starter_passes", v))
            .unwrap_or(false);
        // Read again by `Challenge::hidden_inputs`; checked here so a wrong type is located.
        if let Some(v) = top.get("hidden_inputs") {
            self.boolean("hidden_inputs", v);
        }
        let hints: Vec<String> = top
            .get("hints")
            .and_then(|v| self.strings("hints", v))
            .map(|h| {
                h.into_iter()
                    .filter_map(|(hint, span)| {
                        if hint.trim().is_empty() {
                            self.error(&span, "a hint is empty", "write the hint, or remove it");
                            None
                        } else {
                            Some(hint)
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let limits_spec = top
            .get("limits")
            .map(|v| self.limits("limits", v))
            .unwrap_or_default();
        let defaults = self.defaults(top.get("defaults"));

        // Declared tests, in file order.
        let mut tests = Vec::new();
        let mut declared: HashMap<String, Range<usize>> = HashMap::new();
        if let Some(value) = top.get("test") {
            match value.get_ref() {
                DeValue::Array(items) if items.iter().all(|t| t.get_ref().is_table()) => {
                    for item in items.iter() {
                        if let DeValue::Table(table) = item.get_ref()
                            && let Some((test, name_span)) =
                                self.test(table, &item.span(), &defaults, limits_spec)
                        {
                            if let Some(first) = declared.get(&test.name) {
                                let line = Diagnostic::error("", "").at(source, first.start).line;
                                self.error(
                                    &name_span,
                                    format!(
                                        "duplicate test name `{}` (first used on line {line})",
                                        test.name
                                    ),
                                    "give every test a unique name",
                                );
                            } else {
                                declared.insert(test.name.clone(), name_span);
                            }
                            tests.push(test);
                        }
                    }
                }
                _ => self.wrong_type(
                    "test",
                    value,
                    "an array of tables",
                    "write each test as a [[test]] table (double brackets)",
                ),
            }
        }

        // Discovered tests: samples, then hidden ones.
        let errors_before_discovery = self.diags.iter().filter(|d| d.is_error()).count();
        let limits = limits_spec.resolve();
        let mut discovered: HashMap<String, PathBuf> = HashMap::new();
        for (folder, sample) in [("tests/sample", true), ("tests/hidden", false)] {
            for (test, out) in self.discover(folder, sample, &defaults, limits) {
                if let Some(span) = declared.get(&test.name) {
                    let span = span.clone();
                    self.error(
                        &span,
                        format!(
                            "test `{}` is declared here and also discovered from `{}`",
                            test.name,
                            out.strip_prefix(&self.root).unwrap_or(&out).display()
                        ),
                        "rename the [[test]] or the case files; test names must be unique",
                    );
                    continue;
                }
                if let Some(other) = discovered.get(&test.name) {
                    let message = format!(
                        "test `{}` is discovered twice: `{}` and `{}`",
                        test.name,
                        other.display(),
                        out.display()
                    );
                    self.file_error(&out, message, "rename one of the case files");
                    continue;
                }
                discovered.insert(test.name.clone(), out);
                tests.push(test);
            }
        }

        // No tests at all would pass every solution: an error. Not when [[test]] tables or case
        // files were written but are broken (their own errors say why).
        let tests_written = top
            .get("test")
            .is_some_and(|v| !matches!(v.get_ref(), DeValue::Array(a) if a.is_empty()));
        let discovery_failed =
            self.diags.iter().filter(|d| d.is_error()).count() > errors_before_discovery;
        if tests.is_empty() && !tests_written && !discovery_failed {
            let message =
                "the challenge has no tests: nothing would be judged, so every solution would pass";
            let help = "add a [[test]] table (a `name` and what to expect, e.g. `stdout = \"...\"`), or case files tests/sample/NAME.out and tests/hidden/NAME.out";
            match top.get("test") {
                Some(empty) => self.error(&empty.span(), message, help),
                None => {
                    let manifest = self.manifest.clone();
                    self.file_error(&manifest, message, help);
                }
            }
        } else if !tests.is_empty() {
            // Warnings about a challenge that loads but is thin.
            if !tests.iter().any(|t| t.sample) {
                self.warning(
                    "no sample tests: plain `test` will run every test",
                    "mark a [[test]] with `sample = true`, or add tests/sample/NAME.out",
                );
            }
            if !tests.iter().any(|t| !t.sample) {
                self.warning(
                    "no hidden tests: every test is shown to learners",
                    "add tests that are not samples, or case files under tests/hidden/",
                );
            }
        }
        // Hints written but all broken are errors already; "no hints" would contradict them.
        let hints_written = top
            .get("hints")
            .is_some_and(|v| matches!(v.get_ref(), DeValue::Array(a) if !a.is_empty()));
        if hints.is_empty() && !hints_written {
            self.warning(
                "no hints",
                "add `hints = [\"...\"]`; `livejudge hint` reveals them one at a time",
            );
        }
        if category == Some(Category::Debugging)
            && !tests
                .iter()
                .any(|t| !t.files.is_empty() || !t.unchanged.is_empty())
        {
            self.warning(
                "a debugging challenge without any `files` or `unchanged` check",
                "check the state the fixed program leaves behind with `files` or `unchanged`",
            );
        }

        Some(Challenge {
            id: id?,
            title: title?,
            category: category?,
            difficulty: difficulty?,
            minutes,
            tags,
            statement: statement?,
            entry: entry?,
            languages,
            starter_passes,
            hints,
            limits,
            root: self.root.clone(),
            manifest: self.root.join(MANIFEST),
            format: Format::Livejudge,
            tests,
        })
    }

    fn id(&mut self, value: &Value<'_>) -> Option<String> {
        let id = self.string("id", value)?;
        let span = value.span();
        let help = "use lowercase letters, digits and `-`, starting with a letter or digit, at most 64 characters";
        if !is_id(id) {
            self.error(&span, format!("invalid id `{id}`"), help);
            return None;
        }
        if id.len() > 64 {
            self.error(
                &span,
                format!("id `{id}` is {} characters long (at most 64)", id.len()),
                help,
            );
            return None;
        }
        let folder = self
            .root
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        if id != folder {
            self.error(
                &span,
                format!("id `{id}` does not match the folder name `{folder}`"),
                format!("rename the folder to `{id}`, or write `id = \"{folder}\"`"),
            );
            return None;
        }
        Some(id.to_string())
    }

    fn non_empty(&mut self, key: &str, value: &Value<'_>) -> Option<String> {
        let text = self.string(key, value)?;
        if text.trim().is_empty() {
            self.error(
                &value.span(),
                format!("`{key}` is empty"),
                format!("write a {key}"),
            );
            return None;
        }
        Some(text.to_string())
    }

    fn entry(&mut self, value: &Value<'_>) -> Option<String> {
        let entry = self.non_empty("entry", value)?;
        if entry.contains(['/', '\\', '\0']) || entry == "." || entry == ".." {
            self.error(
                &value.span(),
                format!("`entry` = \"{entry}\" is not a file stem"),
                "write the entry file's name without folder or extension, like \"solve\"",
            );
            return None;
        }
        Some(entry)
    }

    fn languages(&mut self, value: &Value<'_>) -> Option<Vec<String>> {
        let items = self.strings("languages", value)?;
        if items.is_empty() {
            self.error(
                &value.span(),
                "`languages` is empty: no language could solve the challenge",
                "list the allowed languages, or remove `languages` to allow all",
            );
            return None;
        }
        let mut out = Vec::new();
        for (lang, span) in items {
            if lang.trim().is_empty() {
                self.error(
                    &span,
                    "an entry of `languages` is empty",
                    "write a language name from the harness, like \"python\"",
                );
                return None;
            }
            out.push(lang);
        }
        Some(out)
    }

    fn defaults(&mut self, value: Option<&Value<'_>>) -> Defaults {
        let mut defaults = Defaults {
            fixtures: None,
            fixtures_broken: false,
            env: BTreeMap::new(),
            exit: ExitExpectation::Code(0),
            compare: CompareKind::Lines,
        };
        let table = value.and_then(|v| self.table("defaults", v, "write a [defaults] table"));
        if let Some(table) = table {
            self.check_keys(table, TableKind::Defaults);
            if let Some(v) = table.get("fixtures") {
                defaults.fixtures = self.string("defaults.fixtures", v).and_then(|raw| {
                    self.path("defaults.fixtures", raw, Some(&v.span()), Want::Dir, false)
                });
                defaults.fixtures_broken = defaults.fixtures.is_none();
            }
            if let Some(v) = table.get("env") {
                defaults.env = self.env("defaults.env", v);
            }
            if let Some(v) = table.get("exit") {
                defaults.exit = self.exit("defaults.exit", v).unwrap_or(defaults.exit);
            }
            if let Some(v) = table.get("compare") {
                defaults.compare = self
                    .compare_kind("defaults.compare", v)
                    .unwrap_or(defaults.compare);
            }
            if table.get("fixtures").is_some() {
                return defaults;
            }
        }
        if self.root.join("fixtures").is_dir() {
            defaults.fixtures = self.path("defaults.fixtures", "fixtures", None, Want::Dir, false);
        }
        defaults
    }

    /// One `[[test]]`: the test and the span of its name.
    fn test(
        &mut self,
        table: &DeTable<'_>,
        span: &Range<usize>,
        defaults: &Defaults,
        limits: LimitsSpec,
    ) -> Option<(TestCase, Range<usize>)> {
        self.check_keys(table, TableKind::Test);
        let name_value = self.require(table, span, "name", "in [[test]]", "\"my-test\"");
        let name = name_value.and_then(|v| {
            let name = self.string("name", v)?;
            if is_test_name(name) {
                Some(name.to_string())
            } else {
                self.error(
                    &v.span(),
                    format!("invalid test name `{name}`"),
                    "use letters, digits, `.`, `_` and `-` only",
                );
                None
            }
        });
        let sample = table
            .get("sample")
            .and_then(|v| self.boolean("sample", v))
            .unwrap_or(false);
        let args = table
            .get("args")
            .and_then(|v| self.strings("args", v))
            .map(|args| args.into_iter().map(|(a, _)| a).collect())
            .unwrap_or_default();
        let stdin = table
            .get("stdin")
            .and_then(|v| self.stdin(v))
            .unwrap_or_default();
        let mut env = defaults.env.clone();
        if let Some(v) = table.get("env") {
            env.extend(self.env("env", v));
        }
        let mut fixtures: Vec<PathBuf> = defaults.fixtures.iter().cloned().collect();
        let mut fixtures_known = !defaults.fixtures_broken;
        if let Some(v) = table.get("fixtures") {
            let folder = self
                .string("fixtures", v)
                .and_then(|raw| self.path("fixtures", raw, Some(&v.span()), Want::Dir, false));
            fixtures_known &= folder.is_some();
            fixtures.extend(folder);
        }
        let exit = table
            .get("exit")
            .and_then(|v| self.exit("exit", v))
            .unwrap_or(defaults.exit);
        let points = table
            .get("points")
            .and_then(|v| self.count("points", v, 0))
            .unwrap_or(1);
        let test_limits = match table.get("limits") {
            Some(v) => limits.overlay(self.limits("limits", v)),
            None => limits,
        };
        let stdout = table
            .get("stdout")
            .and_then(|v| self.expectation("stdout", v, defaults.compare));
        let stderr = table
            .get("stderr")
            .and_then(|v| self.expectation("stderr", v, defaults.compare));
        let files = table
            .get("files")
            .and_then(|v| self.files(v, defaults.compare))
            .unwrap_or_default();
        let mut unchanged = Vec::new();
        if let Some(items) = table
            .get("unchanged")
            .and_then(|v| self.strings("unchanged", v))
        {
            for (raw, span) in items {
                let Some(path) = self.work_path("unchanged", &raw, &span) else {
                    continue;
                };
                if fixtures_known {
                    self.check_unchanged(&raw, &span, &path, &fixtures);
                }
                unchanged.push(path);
            }
        }
        let check = table.get("check").and_then(|v| {
            let raw = self.string("check", v)?;
            self.path("check", raw, Some(&v.span()), Want::File, false)
        });
        let test_limits = test_limits.resolve();
        let signal = table
            .get("signal")
            .and_then(|v| self.signal(v, test_limits.time));
        let name = name?;
        let name_span = name_value
            .map(Spanned::span)
            .unwrap_or_else(|| span.clone());
        let test = TestCase {
            name,
            sample,
            args,
            stdin,
            env,
            fixtures,
            exit,
            points,
            limits: test_limits,
            stdout,
            stderr,
            files,
            unchanged,
            check,
            validator: None,
            signal,
        };
        // A test with an error in another key is still returned so that name checks run; the
        // error itself makes the whole load fail.
        Some((test, name_span))
    }

    /// `signal = { name = "TERM", after = "300ms" }`: sent to the solution's main process
    /// `after` into the run, which must be before its wall-clock limit `time`.
    fn signal(&mut self, value: &Value<'_>, time: Duration) -> Option<SignalSpec> {
        let example = "write `signal = { name = \"TERM\", after = \"300ms\" }`";
        let table = self.table("signal", value, example)?;
        self.check_keys(table, TableKind::Signal);
        let span = value.span();
        let name_value = self.require(table, &span, "name", "in `signal`", "\"TERM\"");
        let after_value = self.require(table, &span, "after", "in `signal`", "\"300ms\"");
        let number = name_value.and_then(|v| {
            let raw = self.string("signal.name", v)?;
            let bare = raw.strip_prefix("SIG").unwrap_or(raw);
            let found = schema::SIGNALS
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(bare))
                .map(|(_, number)| *number);
            if found.is_none() {
                let names: Vec<&str> = schema::SIGNALS.iter().map(|(n, _)| *n).collect();
                self.error(
                    &v.span(),
                    format!("unknown signal `{raw}`"),
                    format!("use one of {}", names.join(", ")),
                );
            }
            found
        });
        let after = after_value.and_then(|v| {
            let after = self.duration("signal.after", v)?;
            if after >= time {
                self.error(
                    &v.span(),
                    format!(
                        "the signal would come at {} or later, but the run is stopped at its time \
                         limit of {}",
                        units::show_duration(after),
                        units::show_duration(time)
                    ),
                    "make `after` shorter than the test's `limits.time`",
                );
                return None;
            }
            Some(after)
        });
        Some(SignalSpec {
            number: number?,
            after: after?,
        })
    }

    fn stdin(&mut self, value: &Value<'_>) -> Option<Stdin> {
        match value.get_ref() {
            DeValue::String(s) => Some(Stdin::Text(s.to_string())),
            DeValue::Table(table) => {
                self.check_keys(table, TableKind::Stdin);
                let Some(file) = table.get("file") else {
                    self.error(
                        &value.span(),
                        "`stdin` table without `file`",
                        "write `stdin = { file = \"tests/NAME.in\" }`, or inline text",
                    );
                    return None;
                };
                let raw = self.string("stdin.file", file)?;
                self.path("stdin.file", raw, Some(&file.span()), Want::File, false)
                    .map(Stdin::File)
            }
            _ => {
                self.wrong_type(
                    "stdin",
                    value,
                    "a string or a table",
                    "write inline text, or `stdin = { file = \"tests/NAME.in\" }`",
                );
                None
            }
        }
    }

    /// Checks a regex held by `content` (inline or in a file).
    fn check_pattern(&mut self, key: &str, content: &Content, span: &Range<usize>) -> bool {
        let pattern = match content {
            Content::Text(text) => text.clone(),
            Content::File(path) => match fs::read_to_string(path) {
                Ok(text) => text,
                Err(e) => {
                    self.error(
                        span,
                        format!("cannot read the regex of `{key}`: {e}"),
                        "the pattern file must be readable UTF-8 text",
                    );
                    return false;
                }
            },
        };
        // `regex` matches the output with one final newline removed; so is a pattern file.
        let pattern = match content {
            Content::File(_) => pattern.strip_suffix('\n').unwrap_or(&pattern).to_string(),
            Content::Text(_) => pattern,
        };
        match check_regex(&pattern) {
            Ok(()) => true,
            Err(e) => {
                let reason = e
                    .lines()
                    .rev()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("")
                    .trim()
                    .trim_start_matches("error: ")
                    .to_string();
                let shown: String = pattern.chars().take(40).collect();
                self.error(
                    span,
                    format!("invalid regex `{shown}` for `{key}`: {reason}"),
                    "fix the pattern (Rust `regex` syntax), or use `compare = \"contains\"` for plain text",
                );
                false
            }
        }
    }

    /// With `compare = "json"`, the expected side must be JSON, or every run would fail: checked
    /// here, with the parse error's position. An expected file that cannot be read is left to
    /// the path check, and `bless` (which rewrites expected files) does not check files.
    fn check_json(&mut self, key: &str, content: &Content, span: &Range<usize>) -> bool {
        let (bytes, from) = match content {
            Content::Text(text) => (text.clone().into_bytes(), String::new()),
            // `bless` is about to rewrite it (an empty placeholder is fine there).
            Content::File(_) if self.expected_may_be_missing => return true,
            Content::File(path) => match fs::read(path) {
                Ok(bytes) => (
                    bytes,
                    format!(
                        " in `{}`",
                        path.strip_prefix(&self.root).unwrap_or(path).display()
                    ),
                ),
                Err(_) => return true,
            },
        };
        match crate::compare::check_expected_json(&bytes) {
            Ok(()) => true,
            Err(reason) => {
                self.error(
                    span,
                    format!("the expected JSON of `{key}`{from} does not parse: {reason}"),
                    "fix the expected JSON, or use another comparator (`lines`, `exact`)",
                );
                false
            }
        }
    }

    /// An expectation on `stdout` or `stderr`: a plain string, or a table.
    fn expectation(
        &mut self,
        key: &str,
        value: &Value<'_>,
        default: CompareKind,
    ) -> Option<Expectation> {
        match value.get_ref() {
            DeValue::String(s) => {
                let content = Content::Text(s.to_string());
                let e = Expectation {
                    content,
                    compare: default_spec(default),
                };
                if default == CompareKind::Regex
                    && !self.check_pattern(key, &e.content, &value.span())
                {
                    return None;
                }
                if default == CompareKind::Json && !self.check_json(key, &e.content, &value.span())
                {
                    return None;
                }
                Some(e)
            }
            DeValue::Table(table) => {
                self.check_keys(table, TableKind::Expectation);
                self.content(key, table, &value.span(), default)
            }
            _ => {
                self.wrong_type(
                    key,
                    value,
                    "a string or a table",
                    &format!("write `{key} = \"...\"` or `{key} = {{ file = \"...\" }}`"),
                );
                None
            }
        }
    }

    /// The `text`/`file` and comparator keys of an expectation table.
    fn content(
        &mut self,
        key: &str,
        table: &DeTable<'_>,
        span: &Range<usize>,
        default: CompareKind,
    ) -> Option<Expectation> {
        let mut ok = true;
        let content = match (table.get("text"), table.get("file")) {
            (Some(_), Some(file)) => {
                self.error(
                    &file.span(),
                    format!("`{key}` has both `text` and `file`"),
                    "keep exactly one of `text` or `file`",
                );
                None
            }
            (None, None) => {
                self.error(
                    span,
                    format!("`{key}` has neither `text` nor `file`"),
                    format!("add `text = \"...\"` or `file = \"...\"` to `{key}`"),
                );
                None
            }
            (Some(text), None) => self
                .string(&format!("{key}.text"), text)
                .map(|t| (Content::Text(t.to_string()), text.span())),
            (None, Some(file)) => {
                let what = format!("{key}.file");
                self.string(&what, file)
                    .and_then(|raw| {
                        let missing_ok = self.expected_may_be_missing;
                        self.path(&what, raw, Some(&file.span()), Want::File, missing_ok)
                    })
                    .map(|p| (Content::File(p), file.span()))
            }
        };
        let kind = match table.get("compare") {
            Some(v) => self.compare_kind(&format!("{key}.compare"), v),
            None => Some(default),
        };
        let mut spec = default_spec(kind.unwrap_or(default));
        if let Some(v) = table.get("abs_tol") {
            match self.tolerance(&format!("{key}.abs_tol"), v) {
                Some(t) => spec.abs_tol = Some(t),
                None => ok = false,
            }
        }
        if let Some(v) = table.get("rel_tol") {
            match self.tolerance(&format!("{key}.rel_tol"), v) {
                Some(t) => spec.rel_tol = Some(t),
                None => ok = false,
            }
        }
        if let Some(v) = table.get("case_sensitive") {
            match self.boolean(&format!("{key}.case_sensitive"), v) {
                Some(b) => spec.case_sensitive = b,
                None => ok = false,
            }
        }
        let (content, content_span) = content?;
        kind?;
        let numeric = matches!(
            spec.kind,
            CompareKind::Tokens | CompareKind::Float | CompareKind::Json
        );
        for option in ["abs_tol", "rel_tol", "case_sensitive"] {
            let applies = if option == "case_sensitive" {
                matches!(spec.kind, CompareKind::Tokens | CompareKind::Float)
            } else {
                numeric
            };
            if !applies && let Some((k, _)) = table.iter().find(|(k, _)| k.get_ref() == option) {
                self.warning_at(
                    &k.span(),
                    format!(
                        "`{key}.{option}` has no effect with compare = \"{}\"",
                        spec.kind.name()
                    ),
                    if option == "case_sensitive" {
                        "remove it, or use a comparator it applies to (`tokens`, `float`)"
                    } else {
                        "remove it, or use a comparator it applies to (`tokens`, `float`, `json`)"
                    },
                );
            }
        }
        if spec.kind == CompareKind::Regex && !self.check_pattern(key, &content, &content_span) {
            return None;
        }
        if spec.kind == CompareKind::Json && !self.check_json(key, &content, &content_span) {
            return None;
        }
        ok.then_some(Expectation {
            content,
            compare: spec,
        })
    }

    fn files(&mut self, value: &Value<'_>, default: CompareKind) -> Option<Vec<FileExpectation>> {
        let help = "write `files = [{ path = \"out.txt\", text = \"...\" }]`";
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type("files", value, "an array of tables", help);
            return None;
        };
        let mut out: Vec<FileExpectation> = Vec::new();
        let mut ok = true;
        for item in items.iter() {
            let DeValue::Table(table) = item.get_ref() else {
                self.wrong_type("files[..]", item, "a table", help);
                ok = false;
                continue;
            };
            match self.file_entry(table, &item.span(), default) {
                Some(f) => {
                    // Two expectations on one file contradict or repeat each other.
                    if out.iter().any(|seen| seen.path == f.path) {
                        let span = table.get("path").map_or(item.span(), |v| v.span());
                        self.error(
                            &span,
                            format!("`files` names `{}` twice in this test", f.path.display()),
                            "keep one entry per path",
                        );
                        ok = false;
                    }
                    out.push(f);
                }
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn file_entry(
        &mut self,
        table: &DeTable<'_>,
        span: &Range<usize>,
        default: CompareKind,
    ) -> Option<FileExpectation> {
        self.check_keys(table, TableKind::FileEntry);
        let path = self
            .require(table, span, "path", "in a `files` entry", "\"out.txt\"")
            .and_then(|v| {
                let raw = self.string("files.path", v)?;
                self.work_path("files.path", raw, &v.span())
            });
        let absent = match table.get("absent") {
            Some(v) => Some(self.boolean("files.absent", v)?),
            None => None,
        };
        if absent == Some(true) {
            let conflict = table.iter().find(|(k, _)| {
                matches!(
                    k.get_ref().as_ref(),
                    "text" | "file" | "mode" | "compare" | "abs_tol" | "rel_tol" | "case_sensitive"
                )
            });
            if let Some((key, _)) = conflict {
                self.error(
                    &key.span(),
                    format!(
                        "a `files` entry with `absent = true` cannot also have `{}`",
                        key.get_ref()
                    ),
                    "an absent file has no content: remove `absent`, or the content keys",
                );
                return None;
            }
            return Some(FileExpectation {
                path: path?,
                kind: FileCheck::Absent,
            });
        }
        // Every problem of the entry at once: the mode, then the content.
        let mode = table.get("mode").map(|v| self.mode(v));
        let content = self.content("files", table, span, default);
        let mode = match mode {
            Some(m) => Some(m?),
            None => None,
        };
        Some(FileExpectation {
            path: path?,
            kind: FileCheck::Present {
                content: content?,
                mode,
            },
        })
    }

    fn mode(&mut self, value: &Value<'_>) -> Option<u32> {
        let help = "write the permission bits as an octal string, like `mode = \"0755\"`";
        let text = match value.get_ref() {
            DeValue::String(s) => s.to_string(),
            _ => {
                self.wrong_type("files.mode", value, "an octal string", help);
                return None;
            }
        };
        let digits = text.strip_prefix("0o").unwrap_or(&text);
        match u32::from_str_radix(digits, 8) {
            Ok(mode) if !digits.is_empty() && mode <= 0o7777 && !digits.starts_with('+') => {
                Some(mode)
            }
            _ => {
                self.error(
                    &value.span(),
                    format!("`files.mode` = \"{text}\" is not an octal permission mode"),
                    help,
                );
                None
            }
        }
    }

    // ----- discovered tests ------------------------------------------------------------------

    /// Case files under `folder` (relative to the root), sorted by name, with the path of each
    /// test's `.out` file.
    fn discover(
        &mut self,
        folder: &str,
        sample: bool,
        defaults: &Defaults,
        limits: Limits,
    ) -> Vec<(TestCase, PathBuf)> {
        let dir = self.root.join(folder);
        if fs::symlink_metadata(&dir).is_err() {
            return Vec::new();
        }
        let real_dir = match fs::canonicalize(&dir) {
            Ok(real) if real.starts_with(&self.root) && real.is_dir() => real,
            Ok(real) if !real.starts_with(&self.root) => {
                self.file_error(
                    &dir,
                    format!(
                        "`{folder}` resolves outside the challenge folder (to `{}`)",
                        real.display()
                    ),
                    "replace the symbolic link with a copy",
                );
                return Vec::new();
            }
            _ => {
                self.file_error(
                    &dir,
                    format!("`{folder}` is not a folder"),
                    "case files live in the folders tests/sample/ and tests/hidden/",
                );
                return Vec::new();
            }
        };
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.file_error(&dir, format!("cannot read `{folder}`: {e}"), "");
                return Vec::new();
            }
        };

        #[derive(Default)]
        struct Parts {
            out: Option<PathBuf>,
            input: Option<PathBuf>,
            err: Option<PathBuf>,
            args: Option<PathBuf>,
            files: Option<PathBuf>,
        }
        let mut cases: BTreeMap<String, Parts> = BTreeMap::new();
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
            let (_, is_dir) = match case_file_real_path(&entry, &real_dir) {
                Ok((real, is_dir)) if real.starts_with(&self.root) => (real, is_dir),
                Ok((real, _)) => {
                    self.file_error(
                        &path,
                        format!(
                            "case file resolves outside the challenge folder (to `{}`)",
                            real.display()
                        ),
                        "replace the symbolic link with a copy",
                    );
                    continue;
                }
                Err(e) => {
                    self.file_error(&path, format!("cannot resolve case file: {e}"), "");
                    continue;
                }
            };
            let split = [".out", ".in", ".err", ".args", ".files"]
                .iter()
                .find_map(|ext| file_name.strip_suffix(ext).map(|stem| (stem, *ext)));
            let Some((stem, ext)) = split.filter(|(stem, _)| !stem.is_empty()) else {
                self.diags.push(
                    Diagnostic::warning(&path, format!("ignored `{file_name}` in `{folder}`"))
                        .with_help(
                            "case files are NAME.out, NAME.in, NAME.err, NAME.args and NAME.files/",
                        ),
                );
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
            let parts = cases.entry(stem.to_string()).or_default();
            let slot = match ext {
                ".out" => &mut parts.out,
                ".in" => &mut parts.input,
                ".err" => &mut parts.err,
                ".args" => &mut parts.args,
                _ => &mut parts.files,
            };
            *slot = Some(path);
        }

        let mut tests = Vec::new();
        for (name, parts) in cases {
            let any = [
                &parts.out,
                &parts.input,
                &parts.err,
                &parts.args,
                &parts.files,
            ]
            .into_iter()
            .flatten()
            .next()
            .cloned()
            .unwrap_or_else(|| dir.clone());
            if !is_test_name(&name) {
                self.file_error(
                    &any,
                    format!("invalid test name `{name}` in `{folder}`"),
                    "rename the case files: use letters, digits, `.`, `_` and `-` only",
                );
                continue;
            }
            let Some(out) = parts.out else {
                self.file_error(
                    &any,
                    format!("case `{name}` in `{folder}` has no `{name}.out`"),
                    format!("add `{folder}/{name}.out` with the expected output"),
                );
                continue;
            };
            let args = match &parts.args {
                Some(path) => match fs::read_to_string(path) {
                    Ok(text) => text
                        .lines()
                        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
                        .collect(),
                    Err(e) => {
                        self.file_error(
                            path,
                            format!("cannot read `{name}.args`: {e}"),
                            "write one argument per line, as UTF-8 text",
                        );
                        continue;
                    }
                },
                None => Vec::new(),
            };
            let expect = |path: PathBuf| Expectation {
                content: Content::File(path),
                compare: default_spec(defaults.compare),
            };
            let stdout = expect(out.clone());
            if defaults.compare == CompareKind::Regex {
                let pattern_ok = match fs::read_to_string(&out) {
                    Ok(text) => check_regex(text.strip_suffix('\n').unwrap_or(&text))
                        .map_err(|e| e.lines().last().unwrap_or("").trim().to_string()),
                    Err(e) => Err(e.to_string()),
                };
                if let Err(e) = pattern_ok {
                    self.file_error(
                        &out,
                        format!("invalid regex in `{name}.out`: {e}"),
                        "`defaults.compare` is \"regex\", so the file holds a pattern",
                    );
                    continue;
                }
            }
            let mut fixtures: Vec<PathBuf> = defaults.fixtures.iter().cloned().collect();
            if let Some(files) = &parts.files {
                self.check_fixture_tree(files);
            }
            fixtures.extend(parts.files);
            tests.push((
                TestCase {
                    name,
                    sample,
                    args,
                    stdin: parts.input.map_or(Stdin::Empty, Stdin::File),
                    env: defaults.env.clone(),
                    fixtures,
                    exit: defaults.exit,
                    points: 1,
                    limits,
                    stdout: Some(stdout),
                    stderr: parts.err.map(expect),
                    files: Vec::new(),
                    unchanged: Vec::new(),
                    check: None,
                    validator: None,
                    signal: None,
                },
                out,
            ));
        }
        tests
    }
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

/// A comparator with its defaults: `float` gets `abs_tol = rel_tol = 1e-6`.
fn default_spec(kind: CompareKind) -> CompareSpec {
    let mut spec = CompareSpec::new(kind);
    if kind == CompareKind::Float {
        spec.abs_tol = Some(1e-6);
        spec.rel_tol = Some(1e-6);
    }
    spec
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    const HEAD: &str = "id = \"demo\"\ntitle = \"Demo\"\ncategory = \"scripting\"\ndifficulty = \"easy\"\nentry = \"solve\"\n";

    /// A temporary challenge folder named `demo` holding `toml` as challenge.toml.
    struct Fixture {
        _tmp: tempfile::TempDir,
        root: PathBuf,
    }

    impl Fixture {
        fn new(toml: &str) -> Fixture {
            let tmp = tempfile::tempdir().expect("tempdir");
            let root = tmp.path().join("demo");
            fs::create_dir(&root).expect("mkdir");
            let root = fs::canonicalize(&root).expect("canonicalize");
            fs::write(root.join(MANIFEST), toml).expect("write");
            Fixture { _tmp: tmp, root }
        }

        fn write(&self, rel: &str, text: &str) -> &Self {
            let path = self.root.join(rel);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).expect("mkdir");
            }
            fs::write(path, text).expect("write");
            self
        }

        fn mkdir(&self, rel: &str) -> &Self {
            fs::create_dir_all(self.root.join(rel)).expect("mkdir");
            self
        }

        fn path(&self, rel: &str) -> PathBuf {
            self.root.join(rel)
        }

        fn errors(&self) -> Vec<Diagnostic> {
            match load(&self.root) {
                Ok(_) => panic!("expected errors"),
                Err(Diagnostics(all)) => all,
            }
        }
    }

    /// Asserts that an error containing `needle` sits at `line:column`, with a help line.
    #[track_caller]
    fn assert_error(errors: &[Diagnostic], line: usize, column: usize, needle: &str) -> Diagnostic {
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let found = errors.iter().find(|d| {
            d.message.contains(needle) || d.help.as_deref().is_some_and(|h| h.contains(needle))
        });
        let Some(d) = found else {
            panic!("no error mentions {needle:?}; got:\n{}", shown.join("\n"));
        };
        assert_eq!((d.line, d.column), (line, column), "{d}");
        assert!(d.help.is_some(), "no help: {d}");
        d.clone()
    }

    fn with_test(body: &str) -> String {
        format!("{HEAD}\n[[test]]\nname = \"t\"\n{body}")
    }

    #[test]
    fn complete_challenge_round_trips() {
        let toml = r#"id = "demo"
title = "Top client IPs"
category = "debugging"
difficulty = "medium"
minutes = 20
tags = ["logs", "sorting"]
statement = "STATEMENT.md"
entry = "top_ips"
languages = ["bash", "python"]
starter_passes = true
hints = ["one", "two"]

[limits]
time = "2s"
memory = "256MiB"
output = "1MiB"
processes = 8
file_size = "10MB"

[defaults]
fixtures = "fx"
env = { LC_ALL = "C", A = "1" }
exit = 0
compare = "tokens"

[[test]]
name = "two-ips"
sample = true
args = ["2", "x y"]
stdin = "a\nb\n"
env = { A = "2" }
fixtures = "tests/two-ips"
exit = "nonzero"
points = 3
limits = { time = "10s", cpu = "3s" }
stdout = "10.0.0.1 5\n"
stderr = { text = "usage:", compare = "contains" }
files = [
  { path = "report.csv", file = "tests/expected/report.csv" },
  { path = "old.tmp", absent = true },
  { path = "out/summary.txt", text = "ok\n", compare = "exact", mode = "0755" },
  { path = "n.txt", text = "1.0", compare = "float", abs_tol = 0.5 },
]
unchanged = ["backups/MANIFEST"]
check = "checks/state.py"

[[test]]
name = "hidden.1"
stdin = { file = "tests/h.in" }
exit = 3
stdout = { file = "tests/h.out", compare = "regex" }
"#;
        let f = Fixture::new(toml);
        f.write("STATEMENT.md", "# hi\n")
            .mkdir("fx")
            .write("tests/two-ips/backups/MANIFEST", "keep\n")
            .write("tests/expected/report.csv", "a,b\n")
            .write("checks/state.py", "exit(0)\n")
            .write("tests/h.in", "x\n")
            .write("tests/h.out", "^x+$\n");
        let (challenge, diags) = load_with_warnings(&f.root);
        assert!(diags.is_empty(), "{diags:?}");
        let challenge = challenge.expect("loads");
        let tokens = CompareSpec::new(CompareKind::Tokens);
        let env = |a: &str| {
            BTreeMap::from([
                ("A".to_string(), a.to_string()),
                ("LC_ALL".into(), "C".into()),
            ])
        };
        let limits = Limits {
            time: Duration::from_secs(2),
            cpu: Duration::from_secs(2),
            memory: 256 << 20,
            output: 1 << 20,
            processes: 8,
            file_size: 10_000_000,
            disk: 64 << 20,
            stack: None,
        };
        let mut float = CompareSpec::new(CompareKind::Float);
        float.abs_tol = Some(0.5);
        float.rel_tol = Some(1e-6);
        let expected = Challenge {
            id: "demo".into(),
            title: "Top client IPs".into(),
            category: Category::Debugging,
            difficulty: Difficulty::Medium,
            minutes: Some(20),
            tags: vec!["logs".into(), "sorting".into()],
            statement: f.path("STATEMENT.md"),
            entry: "top_ips".into(),
            languages: Some(vec!["bash".into(), "python".into()]),
            starter_passes: true,
            hints: vec!["one".into(), "two".into()],
            limits,
            root: f.root.clone(),
            manifest: f.path(MANIFEST),
            format: Format::Livejudge,
            tests: vec![
                TestCase {
                    name: "two-ips".into(),
                    sample: true,
                    args: vec!["2".into(), "x y".into()],
                    stdin: Stdin::Text("a\nb\n".into()),
                    env: env("2"),
                    fixtures: vec![f.path("fx"), f.path("tests/two-ips")],
                    exit: ExitExpectation::Nonzero,
                    points: 3,
                    limits: Limits {
                        time: Duration::from_secs(10),
                        cpu: Duration::from_secs(3),
                        ..limits
                    },
                    stdout: Some(Expectation {
                        content: Content::Text("10.0.0.1 5\n".into()),
                        compare: tokens.clone(),
                    }),
                    stderr: Some(Expectation {
                        content: Content::Text("usage:".into()),
                        compare: CompareSpec::new(CompareKind::Contains),
                    }),
                    files: vec![
                        FileExpectation {
                            path: "report.csv".into(),
                            kind: FileCheck::Present {
                                content: Expectation {
                                    content: Content::File(f.path("tests/expected/report.csv")),
                                    compare: tokens.clone(),
                                },
                                mode: None,
                            },
                        },
                        FileExpectation {
                            path: "old.tmp".into(),
                            kind: FileCheck::Absent,
                        },
                        FileExpectation {
                            path: "out/summary.txt".into(),
                            kind: FileCheck::Present {
                                content: Expectation {
                                    content: Content::Text("ok\n".into()),
                                    compare: CompareSpec::new(CompareKind::Exact),
                                },
                                mode: Some(0o755),
                            },
                        },
                        FileExpectation {
                            path: "n.txt".into(),
                            kind: FileCheck::Present {
                                content: Expectation {
                                    content: Content::Text("1.0".into()),
                                    compare: float,
                                },
                                mode: None,
                            },
                        },
                    ],
                    unchanged: vec!["backups/MANIFEST".into()],
                    check: Some(f.path("checks/state.py")),
                    validator: None,
                    signal: None,
                },
                TestCase {
                    name: "hidden.1".into(),
                    sample: false,
                    args: vec![],
                    stdin: Stdin::File(f.path("tests/h.in")),
                    env: env("1"),
                    fixtures: vec![f.path("fx")],
                    exit: ExitExpectation::Code(3),
                    points: 1,
                    limits,
                    stdout: Some(Expectation {
                        content: Content::File(f.path("tests/h.out")),
                        compare: CompareSpec::new(CompareKind::Regex),
                    }),
                    stderr: None,
                    files: vec![],
                    unchanged: vec![],
                    check: None,
                    validator: None,
                    signal: None,
                },
            ],
        };
        assert_eq!(challenge, expected);
        // The manifest itself is accepted as the path too.
        assert_eq!(load(&f.path(MANIFEST)).ok(), Some(expected));
    }

    #[test]
    fn defaults_are_applied() {
        let f = Fixture::new(&format!(
            "{HEAD}[limits]\ntime = \"3s\"\n[defaults]\ncompare = \"float\"\nexit = \"any\"\n\
             [[test]]\nname = \"a\"\nstdout = \"1\"\nlimits = {{ time = \"7s\" }}\n"
        ));
        f.mkdir("fixtures");
        let (challenge, diags) = load_with_warnings(&f.root);
        let c = challenge.expect("loads");
        assert_eq!(c.statement, f.path("README.md"));
        assert_eq!(c.languages, None);
        assert!(!c.starter_passes);
        assert_eq!(c.limits.time, Duration::from_secs(3));
        assert_eq!(c.limits.cpu, Duration::from_secs(3), "cpu follows time");
        assert_eq!(c.limits.memory, 512 << 20);
        let t = &c.tests[0];
        assert_eq!(t.limits.time, Duration::from_secs(7));
        assert_eq!(
            t.limits.cpu,
            Duration::from_secs(7),
            "cpu follows the test's time"
        );
        assert_eq!(t.fixtures, vec![f.path("fixtures")]);
        assert_eq!(t.exit, ExitExpectation::Any);
        assert_eq!(t.points, 1);
        assert_eq!(t.stdin, Stdin::Empty);
        let spec = &t.stdout.as_ref().expect("stdout").compare;
        assert_eq!(
            (spec.kind, spec.abs_tol, spec.rel_tol, spec.case_sensitive),
            (CompareKind::Float, Some(1e-6), Some(1e-6), true)
        );
        // Warnings only: statement missing, no samples, no hints.
        assert!(diags.iter().all(|d| d.severity == Severity::Warning));
        for needle in ["README.md", "no sample", "no hints"] {
            assert!(
                diags.iter().any(|d| d.message.contains(needle)),
                "no warning about {needle}: {diags:?}"
            );
        }
        assert!(!diags.iter().any(|d| d.message.contains("no hidden")));
    }

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
        let (c, diags) = load_with_warnings(&f.root);
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
    fn syntax_error() {
        let f = Fixture::new(&format!("{HEAD}minutes = = 3\n"));
        assert_error(&f.errors(), 6, 11, "TOML syntax error");
    }

    #[test]
    fn unknown_key_with_suggestion() {
        let f = Fixture::new(&format!("{HEAD}titel = \"x\"\n"));
        let d = assert_error(&f.errors(), 6, 1, "unknown key `titel`");
        assert_eq!(d.help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn a_signal_is_read_and_checked() {
        // HEAD is 5 lines, then a blank line, `[[test]]` (7), `name` (8): the body starts at 9.
        let f = Fixture::new(&with_test(
            "stdout = \"x\"\nsignal = { name = \"SIGTERM\", after = \"300ms\" }\n",
        ));
        let challenge = load(&f.root).expect("loads");
        assert_eq!(
            challenge.tests[0].signal,
            Some(SignalSpec {
                number: libc::SIGTERM,
                after: Duration::from_millis(300)
            })
        );
        let f = Fixture::new(&with_test(
            "stdout = \"x\"\nsignal = { name = \"STOPP\", after = \"300ms\" }\n",
        ));
        let d = assert_error(&f.errors(), 10, 19, "unknown signal `STOPP`");
        assert!(d.help.unwrap().contains("TERM, INT"));
        let f = Fixture::new(&with_test(
            "limits = { time = \"1s\" }\nsignal = { name = \"TERM\", after = \"2s\" }\n",
        ));
        assert_error(&f.errors(), 10, 35, "stopped at its time limit of 1s");
        let f = Fixture::new(&with_test("signal = { name = \"TERM\" }\n"));
        assert_error(
            &f.errors(),
            9,
            10,
            "missing required key `after` in `signal`",
        );
        let f = Fixture::new(&with_test(
            "signal = { name = \"TERM\", after = \"1s\", to = \"group\" }\n",
        ));
        assert_error(&f.errors(), 9, 41, "unknown key `to` in a `signal` table");
    }

    #[test]
    fn timeout_suggests_limits_time() {
        let f = Fixture::new(&format!("{HEAD}timeout = \"5s\"\n"));
        let d = assert_error(&f.errors(), 6, 1, "unknown key `timeout`");
        assert_eq!(d.help.as_deref(), Some("did you mean `limits.time`?"));
        let f = Fixture::new(&with_test("expected = \"x\"\n"));
        let d = assert_error(&f.errors(), 9, 1, "unknown key `expected` in [[test]]");
        assert_eq!(d.help.as_deref(), Some("did you mean `stdout`?"));
    }

    #[test]
    fn wrong_type() {
        let f = Fixture::new(&format!("{HEAD}minutes = \"20\"\n"));
        assert_error(
            &f.errors(),
            6,
            11,
            "`minutes` must be an integer, found a string `\"20\"`",
        );
        let f = Fixture::new(&format!("{HEAD}[test]\nname = \"x\"\n"));
        assert_error(&f.errors(), 6, 1, "`test` must be an array of tables");
    }

    #[test]
    fn bad_id() {
        let f = Fixture::new(&HEAD.replace("\"demo\"", "\"Demo_1\""));
        assert_error(&f.errors(), 1, 6, "invalid id `Demo_1`");
    }

    #[test]
    fn id_differs_from_folder() {
        let f = Fixture::new(&HEAD.replace("\"demo\"", "\"other\""));
        let d = assert_error(
            &f.errors(),
            1,
            6,
            "id `other` does not match the folder name `demo`",
        );
        assert!(d.help.unwrap_or_default().contains("id = \"demo\""));
    }

    #[test]
    fn bad_category_and_difficulty() {
        let f = Fixture::new(
            &HEAD
                .replace("\"scripting\"", "\"scriptng\"")
                .replace("\"easy\"", "\"trivial\""),
        );
        let errors = f.errors();
        let d = assert_error(&errors, 3, 12, "unknown category `scriptng`");
        assert!(
            d.help
                .unwrap_or_default()
                .contains("did you mean `scripting`?")
        );
        assert_error(&errors, 4, 14, "unknown difficulty `trivial`");
    }

    #[test]
    fn bad_duration_and_zero_size_and_processes() {
        let f = Fixture::new(&format!(
            "{HEAD}[limits]\ntime = \"5h\"\nmemory = \"0MiB\"\nprocesses = 0\ncpu = 5\n"
        ));
        let errors = f.errors();
        assert_error(
            &errors,
            7,
            8,
            "invalid `limits.time`: `5h` is not a duration",
        );
        assert_error(
            &errors,
            8,
            10,
            "invalid `limits.memory`: `0MiB` is not a size: it must be greater than zero",
        );
        assert_error(
            &errors,
            9,
            13,
            "`limits.processes` must be at least 1, found `0`",
        );
        assert_error(
            &errors,
            10,
            7,
            "`limits.cpu` must be a duration string, found an integer `5`",
        );
    }

    #[test]
    fn duplicate_test_names() {
        let f = Fixture::new(&format!(
            "{HEAD}[[test]]\nname = \"a\"\n[[test]]\nname = \"a\"\n"
        ));
        assert_error(
            &f.errors(),
            9,
            8,
            "duplicate test name `a` (first used on line 7)",
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
    fn bad_regex() {
        let f = Fixture::new(&with_test(
            "stdout = { text = \"a(b\", compare = \"regex\" }\n",
        ));
        assert_error(&f.errors(), 9, 19, "invalid regex `a(b` for `stdout`");
    }

    #[test]
    fn text_and_file_together_or_neither() {
        let f = Fixture::new(&with_test(
            "stdout = { text = \"x\", file = \"x.out\" }\nstderr = { compare = \"exact\" }\n",
        ));
        let errors = f.errors();
        assert_error(&errors, 9, 31, "`stdout` has both `text` and `file`");
        assert_error(&errors, 10, 10, "`stderr` has neither `text` nor `file`");
    }

    #[test]
    fn bad_exit_value() {
        let f = Fixture::new(&with_test("exit = \"fail\"\n"));
        assert_error(
            &f.errors(),
            9,
            8,
            "`exit` must be an integer, \"nonzero\" or \"any\", found \"fail\"",
        );
        let f = Fixture::new(&with_test("exit = 300\n"));
        assert_error(&f.errors(), 9, 8, "`exit` = 300 is not an exit code");
        let f = Fixture::new(&with_test("exit = true\n"));
        assert_error(&f.errors(), 9, 8, "found a boolean `true`");
    }

    #[test]
    fn missing_required_keys() {
        let f = Fixture::new("title = \"x\"\n[[test]]\nsample = true\n");
        let errors = f.errors();
        for key in ["id", "category", "difficulty", "entry"] {
            assert_error(&errors, 1, 1, &format!("missing required key `{key}`"));
        }
        assert_error(&errors, 2, 1, "missing required key `name` in [[test]]");
    }

    #[test]
    fn duplicate_file_paths_bad_json_and_mode_with_content_are_all_reported() {
        let f = Fixture::new(&with_test(
            "files = [\n  { path = \"a\", text = \"x\" },\n  { path = \"./a\", absent = true },\n  { path = \"b\", text = \"{\\\"k\\\": \", compare = \"json\" },\n  { path = \"c\", text = \"x\", mode = \"9\", compare = \"lnes\" },\n  { path = \"d\", file = \"tests/d.json\", compare = \"json\" },\n]\nstdout = { text = \"[1,]\", compare = \"json\" }\n",
        ));
        f.write("tests/d.json", "{\"k\": 1}\n{}\n");
        let errors = f.errors();
        assert_error(&errors, 11, 12, "`files` names `a` twice in this test");
        assert_error(
            &errors,
            12,
            24,
            "the expected JSON of `files` does not parse",
        );
        assert_error(&errors, 13, 36, "`files.mode` = \"9\"");
        assert_error(&errors, 13, 51, "unknown comparator `lnes`");
        assert_error(
            &errors,
            14,
            24,
            "the expected JSON of `files` in `tests/d.json` does not parse",
        );
        assert_error(
            &errors,
            16,
            19,
            "the expected JSON of `stdout` does not parse",
        );
    }

    #[test]
    fn a_json_default_checks_plain_strings_and_accepts_json() {
        let f = Fixture::new(&format!(
            "{HEAD}[defaults]\ncompare = \"json\"\n[[test]]\nname = \"t\"\nstdout = \"not json\"\nstderr = \"{{\\\"ok\\\": [1, 2.5e3]}}\"\n"
        ));
        let errors = f.errors();
        assert_eq!(
            errors.iter().filter(|d| d.is_error()).count(),
            1,
            "{errors:?}"
        );
        assert_error(
            &errors,
            10,
            10,
            "the expected JSON of `stdout` does not parse",
        );
    }

    #[test]
    fn a_manifest_that_is_not_utf8_is_located() {
        let f = Fixture::new("");
        fs::write(f.path(MANIFEST), b"id = \"demo\"\ntitle = \"caf\xe9\"\n").expect("write");
        let errors = f.errors();
        assert_error(&errors, 2, 13, "is not valid UTF-8");
    }

    #[test]
    fn empty_hints_are_errors_without_a_no_hints_warning() {
        let f = Fixture::new(&format!("{HEAD}hints = [\"\", \" \"]\n"));
        let errors = f.errors();
        let empty: Vec<(usize, usize)> = errors
            .iter()
            .filter(|d| d.message == "a hint is empty")
            .map(|d| (d.line, d.column))
            .collect();
        assert_eq!(empty, [(6, 10), (6, 14)], "{errors:?}");
        assert!(
            !errors.iter().any(|d| d.message == "no hints"),
            "{errors:?}"
        );
    }

    #[test]
    fn absent_and_mode_rules() {
        let f = Fixture::new(&with_test(
            "stdout = { absent = true }\nfiles = [\n  { path = \"a\", absent = true, text = \"x\" },\n  { path = \"b\", text = \"x\", mode = \"0799\" },\n  { path = \"c\", text = \"x\", mode = 755 },\n]\n",
        ));
        let errors = f.errors();
        assert_error(
            &errors,
            9,
            12,
            "`absent` is only allowed in a `files` entry",
        );
        assert_error(&errors, 11, 32, "cannot also have `text`");
        assert_error(
            &errors,
            12,
            36,
            "`files.mode` = \"0799\" is not an octal permission mode",
        );
        assert_error(
            &errors,
            13,
            36,
            "`files.mode` must be an octal string, found an integer",
        );
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

    #[test]
    fn debugging_without_state_checks_warns() {
        let f = Fixture::new(&format!(
            "{}hints = [\"h\"]\n[[test]]\nname = \"a\"\nsample = true\n[[test]]\nname = \"b\"\n",
            HEAD.replace("scripting", "debugging")
        ));
        f.write("README.md", "x");
        let (c, diags) = load_with_warnings(&f.root);
        assert!(c.is_some());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(
            diags[0]
                .message
                .contains("debugging challenge without any `files` or `unchanged`")
        );
    }

    #[test]
    fn implausibly_small_limits_warn() {
        let f = Fixture::new(&format!(
            "{HEAD}hints = [\"h\"]\n[limits]\ntime = \"5ms\"\nmemory = \"1KiB\"\ncpu = \"1s\"\n[[test]]\nname = \"a\"\nsample = true\n"
        ));
        f.write("README.md", "x");
        let (c, diags) = load_with_warnings(&f.root);
        assert!(c.is_some(), "{diags:?}");
        let messages: Vec<&str> = diags
            .iter()
            .map(|d| d.message.as_str())
            .filter(|m| m.contains("so small"))
            .collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`limits.time` is so small"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`limits.memory` is so small"))
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

    #[test]
    fn useless_options_and_empty_hints_warn() {
        let f = Fixture::new(&format!(
            "{HEAD}hints = []\n[[test]]\nname = \"a\"\nstdout = {{ text = \"x\", abs_tol = 0.1 }}\n"
        ));
        let (c, diags) = load_with_warnings(&f.root);
        assert!(c.is_some(), "{diags:?}");
        let d = diags
            .iter()
            .find(|d| {
                d.message
                    .contains("`stdout.abs_tol` has no effect with compare = \"lines\"")
            })
            .unwrap_or_else(|| panic!("{diags:?}"));
        assert_eq!((d.severity, d.line, d.column), (Severity::Warning, 9, 24));
        assert!(diags.iter().any(|d| d.message == "no hints"));
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
            let (c, diags) = load_with_warnings(&f.root);
            assert!(c.is_none(), "{doc:?} loaded");
            assert!(diags.iter().any(Diagnostic::is_error), "{doc:?}");
            for d in &diags {
                let _ = d.to_string();
            }
        }
    }

    #[test]
    fn missing_folder_and_manifest() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let errors = load(&tmp.path().join("nope")).expect_err("fails");
        assert!(errors.0[0].message.contains("does not exist"));
        let errors = load(tmp.path()).expect_err("fails");
        assert!(errors.0[0].message.contains("no challenge.toml"));
    }
}
