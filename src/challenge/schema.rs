//! The wire vocabulary of challenge.toml: the known keys of each table, common aliases and near
//! misses with what to write instead, and the names of TOML value types. It owns no validation
//! and touches no disk; `load` walks the spanned document with it and reports every problem.
//!
//! challenge.toml is parsed with `toml::de::DeTable` (every key and value keeps its byte span)
//! and walked by hand rather than through serde structs with `deny_unknown_fields`: serde stops
//! at the first problem, and a challenge author wants to see all of them at once.

use toml::de::DeValue;

/// The tables of challenge.toml, each with its own set of keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// The top level of the file.
    Top,
    /// `[limits]`, and a test's `limits = { ... }`.
    Limits,
    /// `[defaults]`.
    Defaults,
    /// One `[[test]]`.
    Test,
    /// A table given to `stdout` or `stderr`.
    Expectation,
    /// One entry of a test's `files`.
    FileEntry,
    /// `stdin = { file = ... }`.
    Stdin,
    /// `signal = { name = ..., after = ... }`.
    Signal,
}

pub const TOP_KEYS: &[&str] = &[
    "id",
    "title",
    "category",
    "difficulty",
    "minutes",
    "tags",
    "statement",
    "entry",
    "languages",
    "starter_passes",
    "hidden_inputs",
    "hints",
    "limits",
    "defaults",
    "test",
];
pub const LIMITS_KEYS: &[&str] = &[
    "time",
    "cpu",
    "memory",
    "output",
    "processes",
    "file_size",
    "disk",
];
pub const DEFAULTS_KEYS: &[&str] = &["fixtures", "env", "exit", "compare"];
pub const TEST_KEYS: &[&str] = &[
    "name",
    "sample",
    "args",
    "stdin",
    "env",
    "fixtures",
    "exit",
    "points",
    "limits",
    "stdout",
    "stderr",
    "files",
    "unchanged",
    "check",
    "signal",
    "generate",
];
pub const EXPECTATION_KEYS: &[&str] = &[
    "text",
    "file",
    "compare",
    "abs_tol",
    "rel_tol",
    "case_sensitive",
];
pub const FILE_ENTRY_KEYS: &[&str] = &[
    "path",
    "text",
    "file",
    "absent",
    "mode",
    "compare",
    "abs_tol",
    "rel_tol",
    "case_sensitive",
];
pub const STDIN_KEYS: &[&str] = &["file"];
pub const SIGNAL_KEYS: &[&str] = &["name", "after"];
/// The signals a test may send to a solution (`signal.name`), without the `SIG` prefix.
pub const SIGNALS: &[(&str, i32)] = &[
    ("TERM", libc::SIGTERM),
    ("INT", libc::SIGINT),
    ("HUP", libc::SIGHUP),
    ("QUIT", libc::SIGQUIT),
    ("USR1", libc::SIGUSR1),
    ("USR2", libc::SIGUSR2),
    ("KILL", libc::SIGKILL),
];

/// The category names, as challenge.toml writes them.
pub const CATEGORIES: &[&str] = &[
    "scripting",
    "debugging",
    "data-structures",
    "systems",
    "live-coding",
];
/// The difficulty names.
pub const DIFFICULTIES: &[&str] = &["easy", "medium", "hard"];
/// The comparator names.
pub const COMPARATORS: &[&str] = &[
    "exact",
    "lines",
    "tokens",
    "float",
    "unordered",
    "regex",
    "contains",
    "json",
];

impl TableKind {
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            TableKind::Top => TOP_KEYS,
            TableKind::Limits => LIMITS_KEYS,
            TableKind::Defaults => DEFAULTS_KEYS,
            TableKind::Test => TEST_KEYS,
            TableKind::Expectation => EXPECTATION_KEYS,
            TableKind::FileEntry => FILE_ENTRY_KEYS,
            TableKind::Stdin => STDIN_KEYS,
            TableKind::Signal => SIGNAL_KEYS,
        }
    }

    /// Where the table is, as a person reads it in a message (`in [limits]`).
    pub fn place(self) -> &'static str {
        match self {
            TableKind::Top => "at the top level",
            TableKind::Limits => "in `limits`",
            TableKind::Defaults => "in [defaults]",
            TableKind::Test => "in [[test]]",
            TableKind::Expectation => "in an expectation table",
            TableKind::FileEntry => "in a `files` entry",
            TableKind::Stdin => "in a `stdin` table",
            TableKind::Signal => "in a `signal` table",
        }
    }
}

/// Names people write for a known key (normalised: lowercase, `-` as `_`), with the canonical
/// key. `limits.X` targets are a key of `[limits]`. An alias may appear twice; the first target
/// that makes sense in the table at hand wins.
const ALIASES: &[(&str, &str)] = &[
    ("timeout", "limits.time"),
    ("time_limit", "limits.time"),
    ("timelimit", "limits.time"),
    ("wall_time", "limits.time"),
    ("walltime", "limits.time"),
    ("time_limit_ms", "limits.time"),
    ("cpu_time", "limits.cpu"),
    ("cpu_limit", "limits.cpu"),
    ("cputime", "limits.cpu"),
    ("memory_limit", "limits.memory"),
    ("memorylimit", "limits.memory"),
    ("mem_limit", "limits.memory"),
    ("memlimit", "limits.memory"),
    ("mem", "limits.memory"),
    ("ram", "limits.memory"),
    ("output_limit", "limits.output"),
    ("procs", "limits.processes"),
    ("nproc", "limits.processes"),
    ("max_processes", "limits.processes"),
    ("pids", "limits.processes"),
    ("threads", "limits.processes"),
    ("fsize", "limits.file_size"),
    ("max_file_size", "limits.file_size"),
    ("file_size_limit", "limits.file_size"),
    ("expected", "text"),
    ("content", "text"),
    ("contents", "text"),
    ("value", "text"),
    ("pattern", "text"),
    ("path", "file"),
    ("expected", "stdout"),
    ("expected_output", "stdout"),
    ("expected_stdout", "stdout"),
    ("output", "stdout"),
    ("out", "stdout"),
    ("answer", "stdout"),
    ("ans", "stdout"),
    ("expected_stderr", "stderr"),
    ("err", "stderr"),
    ("input", "stdin"),
    ("in", "stdin"),
    ("input_file", "stdin"),
    ("arguments", "args"),
    ("argv", "args"),
    ("arg", "args"),
    ("argument", "args"),
    ("cmdline", "args"),
    ("command_line", "args"),
    ("environment", "env"),
    ("environ", "env"),
    ("envs", "env"),
    ("vars", "env"),
    ("exit_code", "exit"),
    ("exitcode", "exit"),
    ("exit_status", "exit"),
    ("status", "exit"),
    ("return_code", "exit"),
    ("returncode", "exit"),
    ("code", "exit"),
    ("comparator", "compare"),
    ("comparison", "compare"),
    ("cmp", "compare"),
    ("score", "points"),
    ("weight", "points"),
    ("fixture", "fixtures"),
    ("fixture_dir", "fixtures"),
    ("fixtures_dir", "fixtures"),
    ("checker", "check"),
    ("validator", "check"),
    ("tests", "test"),
    ("case", "test"),
    ("cases", "test"),
    ("testcase", "test"),
    ("test_case", "test"),
    ("description", "statement"),
    ("readme", "statement"),
    ("problem", "statement"),
    ("language", "languages"),
    ("lang", "languages"),
    ("langs", "languages"),
    ("tag", "tags"),
    ("labels", "tags"),
    ("hint", "hints"),
    ("level", "difficulty"),
    ("kind", "category"),
    ("type", "category"),
    ("name", "id"),
    ("slug", "id"),
    ("main", "entry"),
    ("entrypoint", "entry"),
    ("entry_point", "entry"),
    ("entry_file", "entry"),
    ("time_minutes", "minutes"),
    ("estimated_minutes", "minutes"),
    ("duration", "minutes"),
    ("hidden", "sample"),
    ("public", "sample"),
    ("tolerance", "abs_tol"),
    ("tol", "abs_tol"),
    ("epsilon", "abs_tol"),
    ("eps", "abs_tol"),
    ("ignore_case", "case_sensitive"),
    ("case_insensitive", "case_sensitive"),
    ("permissions", "mode"),
    ("perms", "mode"),
    ("chmod", "mode"),
    ("missing", "absent"),
    ("generator", "generate"),
    ("setup", "generate"),
    ("deleted", "absent"),
];

/// Where `target` (a key, or `limits.KEY`) is written when seen from a table of `kind`, quoted
/// for a message, or `None` when it does not belong there.
fn render(kind: TableKind, target: &str) -> Option<String> {
    if let Some(limit) = target.strip_prefix("limits.") {
        return match kind {
            TableKind::Limits => Some(format!("`{limit}`")),
            TableKind::Top | TableKind::Defaults => Some(format!("`limits.{limit}`")),
            TableKind::Test => Some(format!("`limits = {{ {limit} = ... }}`")),
            _ => None,
        };
    }
    if kind.keys().contains(&target) {
        return Some(format!("`{target}`"));
    }
    match kind {
        TableKind::Top if DEFAULTS_KEYS.contains(&target) => Some(format!("`defaults.{target}`")),
        TableKind::Top | TableKind::Defaults if TEST_KEYS.contains(&target) => {
            Some(format!("`{target}` inside a [[test]]"))
        }
        _ => None,
    }
}

/// Normalises a key the way people misspell it: lowercase, `-` as `_`.
fn normalise(key: &str) -> String {
    key.trim().to_ascii_lowercase().replace(['-', ' '], "_")
}

/// A suggestion for an unknown `key` in a table of `kind`: the key to write instead, already
/// formatted for a message (``did you mean `limits.time`?``).
pub fn suggest_key(kind: TableKind, key: &str) -> Option<String> {
    let wrap = |s: String| format!("did you mean {s}?");
    let norm = normalise(key);
    if norm != key && kind.keys().contains(&norm.as_str()) {
        return Some(wrap(format!("`{norm}`")));
    }
    for (alias, target) in ALIASES {
        if *alias == norm
            && let Some(r) = render(kind, target)
        {
            return Some(wrap(r));
        }
    }
    // A key of another table written in the wrong place.
    for other in [TableKind::Limits, TableKind::Defaults, TableKind::Test] {
        if other != kind && other.keys().contains(&norm.as_str()) {
            let target = if other == TableKind::Limits {
                format!("limits.{norm}")
            } else {
                norm.clone()
            };
            if let Some(r) = render(kind, &target) {
                return Some(wrap(r));
            }
        }
    }
    closest(&norm, kind.keys()).map(|close| wrap(format!("`{close}`")))
}

/// The candidate closest to `given`, when it is close enough to be a likely typo.
pub fn closest<'a>(given: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let given = normalise(given);
    let mut best: Option<(&'a str, f64)> = None;
    for candidate in candidates {
        let distance = strsim::damerau_levenshtein(&given, candidate);
        let similarity = strsim::jaro_winkler(&given, candidate);
        let close = distance <= (candidate.len() / 3).max(1) || similarity >= 0.88;
        if close && best.is_none_or(|(_, s)| similarity > s) {
            best = Some((candidate, similarity));
        }
    }
    best.map(|(c, _)| c)
}

/// The TOML type of a value, as a message names it (`a string`, `an integer`).
pub fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// Formats a list of names for a help line: `` `a`, `b` or `c` ``.
pub fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_depend_on_the_table() {
        let s = |k, key| suggest_key(k, key).unwrap_or_default();
        assert_eq!(s(TableKind::Top, "timeout"), "did you mean `limits.time`?");
        assert_eq!(s(TableKind::Limits, "timeout"), "did you mean `time`?");
        assert_eq!(
            s(TableKind::Test, "timeout"),
            "did you mean `limits = { time = ... }`?"
        );
        assert_eq!(s(TableKind::Test, "expected"), "did you mean `stdout`?");
        assert_eq!(
            s(TableKind::Expectation, "expected"),
            "did you mean `text`?"
        );
        assert_eq!(s(TableKind::Test, "input"), "did you mean `stdin`?");
        assert_eq!(s(TableKind::Test, "argv"), "did you mean `args`?");
        assert_eq!(s(TableKind::Defaults, "environment"), "did you mean `env`?");
        assert_eq!(
            s(TableKind::Limits, "memory_limit"),
            "did you mean `memory`?"
        );
        assert_eq!(
            s(TableKind::Top, "memory_limit"),
            "did you mean `limits.memory`?"
        );
        assert_eq!(s(TableKind::Top, "titel"), "did you mean `title`?");
        assert_eq!(
            s(TableKind::Limits, "file-size"),
            "did you mean `file_size`?"
        );
        assert_eq!(s(TableKind::Top, "time"), "did you mean `limits.time`?");
        assert_eq!(
            s(TableKind::Top, "compare"),
            "did you mean `defaults.compare`?"
        );
        assert_eq!(
            s(TableKind::Top, "stdout"),
            "did you mean `stdout` inside a [[test]]?"
        );
        assert_eq!(suggest_key(TableKind::Top, "zzzzzz"), None);
    }

    #[test]
    fn closest_names() {
        assert_eq!(closest("scriptng", CATEGORIES), Some("scripting"));
        assert_eq!(closest("unorderd", COMPARATORS), Some("unordered"));
        assert_eq!(closest("banana", DIFFICULTIES), None);
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
