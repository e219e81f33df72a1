//! Validation of challenge.toml as a whole: the top-level keys into a `Challenge`, `[limits]`
//! and `[defaults]`, the declared tests followed by the discovered ones, and the rule that a
//! challenge has tests. Reads the wire form; every problem becomes a located diagnostic.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::PathBuf;
use std::time::Duration;

use toml::de::DeValue;

use super::super::lint::{TestsNote, WrittenLimit};
use super::super::schema;
use super::super::{Category, Challenge, Difficulty, ExitExpectation, Format, Limits, TestCase};
use super::MANIFEST;
use super::ctx::{Ctx, Value};
use super::paths::{IfMissing, Want};
use super::wire::{self, require};
use crate::compare::CompareKind;
use crate::diagnostic::Diagnostic;

/// `[defaults]`, resolved.
pub(super) struct ResolvedDefaults {
    pub fixtures: Option<PathBuf>,
    /// `fixtures` was written but is in error (so what a test's fixtures hold is not known).
    pub fixtures_broken: bool,
    pub env: BTreeMap<String, String>,
    pub exit: ExitExpectation,
    pub compare: CompareKind,
}

/// Limits as written, before the built-in defaults fill the gaps.
#[derive(Clone, Copy, Default)]
pub(super) struct LimitsSpec {
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
    pub fn overlay(self, over: LimitsSpec) -> LimitsSpec {
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
    pub fn resolve(self) -> Limits {
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

/// The top-level keys that describe the challenge, each `None` when missing or in error.
struct Header {
    id: Option<String>,
    title: Option<String>,
    category: Option<Category>,
    difficulty: Option<Difficulty>,
    entry: Option<String>,
    minutes: Option<u32>,
    tags: Vec<String>,
    statement: Option<PathBuf>,
    languages: Option<Vec<String>>,
    starter_passes: bool,
    hints: Vec<String>,
}

/// True when `text` is a valid challenge id (without the length limit of 64).
pub fn is_id(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

pub(super) fn is_test_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Where the top-level "missing key" errors point: the start of the file.
const TOP_SPAN: Range<usize> = 0..0;

impl Ctx<'_> {
    /// The whole document: the challenge when it parses (it may still hold errors).
    pub fn challenge(&mut self) -> Option<Challenge> {
        let doc = wire::parse(self)?;
        let top = wire::Top::read(self, doc.get_ref());
        let header = self.header(&top);
        let limits_spec = top
            .limits
            .map(|v| self.limits("limits", v))
            .unwrap_or_default();
        let defaults = self.defaults(top.defaults);
        let (mut tests, declared) = self.declared_tests(top.test, &defaults, limits_spec);
        let errors_before_discovery = self.error_count();
        let limits = limits_spec.resolve();
        if !self.listing() {
            self.discovered_tests(&mut tests, &declared, &defaults, limits);
            let discovery_failed = self.error_count() > errors_before_discovery;
            self.require_tests(top.test, &tests, discovery_failed);
        }
        self.note_thin(&top, &header, &tests);
        Some(Challenge {
            id: header.id?,
            title: header.title?,
            category: header.category?,
            difficulty: header.difficulty?,
            minutes: header.minutes,
            tags: header.tags,
            statement: header.statement?,
            entry: header.entry?,
            languages: header.languages,
            starter_passes: header.starter_passes,
            hints: header.hints,
            limits,
            root: self.root.clone(),
            manifest: self.root.join(MANIFEST),
            format: Format::Livejudge,
            tests,
        })
    }

    fn header(&mut self, top: &wire::Top<'_, '_>) -> Header {
        let place = "in challenge.toml";
        let id = require(self, top.id, &TOP_SPAN, "id", place, "\"my-challenge\"")
            .and_then(|v| self.id(v));
        let title = require(
            self,
            top.title,
            &TOP_SPAN,
            "title",
            place,
            "\"A short title\"",
        )
        .and_then(|v| self.non_empty("title", v));
        let category = require(
            self,
            top.category,
            &TOP_SPAN,
            "category",
            place,
            "\"scripting\"",
        )
        .and_then(|v| self.choice("category", v, schema::CATEGORIES))
        .and_then(Category::parse);
        let difficulty = require(
            self,
            top.difficulty,
            &TOP_SPAN,
            "difficulty",
            place,
            "\"easy\"",
        )
        .and_then(|v| self.choice("difficulty", v, schema::DIFFICULTIES))
        .and_then(Difficulty::parse);
        let entry = require(self, top.entry, &TOP_SPAN, "entry", place, "\"solve\"")
            .and_then(|v| self.entry(v));
        let minutes = top.minutes.and_then(|v| self.count("minutes", v, 1));
        let tags = top
            .tags
            .and_then(|v| self.strings("tags", v))
            .map(|t| t.into_iter().map(|(s, _)| s).collect())
            .unwrap_or_default();
        let statement = match top.statement {
            Some(v) => self.string("statement", v).and_then(|raw| {
                self.path(
                    "statement",
                    raw,
                    Some(&v.span()),
                    Want::File,
                    IfMissing::Accept,
                )
            }),
            None => self.path(
                "statement",
                "README.md",
                None,
                Want::File,
                IfMissing::Accept,
            ),
        };
        let languages = top.languages.and_then(|v| self.languages(v));
        let starter_passes = top
            .starter_passes
            .and_then(|v| self.boolean("starter_passes", v))
            .unwrap_or(false);
        // Read again by `Challenge::hidden_inputs`; checked here so a wrong type is located.
        if let Some(v) = top.hidden_inputs {
            self.boolean("hidden_inputs", v);
        }
        let hints = self.hints(top.hints);
        Header {
            id,
            title,
            category,
            difficulty,
            entry,
            minutes,
            tags,
            statement,
            languages,
            starter_passes,
            hints,
        }
    }

    fn hints(&mut self, value: Option<&Value<'_>>) -> Vec<String> {
        let Some(hints) = value.and_then(|v| self.strings("hints", v)) else {
            return Vec::new();
        };
        hints
            .into_iter()
            .filter_map(|(hint, span)| {
                if hint.trim().is_empty() {
                    self.error(&span, "a hint is empty", "write the hint, or remove it");
                    None
                } else {
                    Some(hint)
                }
            })
            .collect()
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

    /// `[limits]` or a test's `limits`, as written.
    pub fn limits(&mut self, prefix: &str, value: &Value<'_>) -> LimitsSpec {
        let mut spec = LimitsSpec::default();
        let help = format!("write `{prefix} = {{ time = \"5s\" }}` or a [limits] table");
        let Some(table) = self.table(prefix, value, &help) else {
            return spec;
        };
        let table = wire::LimitsTable::read(self, table);
        for (key, v) in table.entries {
            let what = format!("{prefix}.{key}");
            match key {
                "time" => spec.time = self.duration(&what, v),
                "cpu" => spec.cpu = self.duration(&what, v),
                "memory" => spec.memory = self.size(&what, v),
                "output" => spec.output = self.size(&what, v),
                "file_size" => spec.file_size = self.size(&what, v),
                "disk" => spec.disk = self.size(&what, v),
                "processes" => spec.processes = self.count(&what, v, 1),
                _ => {}
            }
            let written = match key {
                "time" => spec.time.map(WrittenLimit::Time),
                "cpu" => spec.cpu.map(WrittenLimit::Time),
                "memory" => spec.memory.map(WrittenLimit::Memory),
                _ => None,
            };
            if let Some(limit) = written {
                self.notes.limits.push((v.span(), what, limit));
            }
        }
        spec
    }

    fn defaults(&mut self, value: Option<&Value<'_>>) -> ResolvedDefaults {
        let mut defaults = ResolvedDefaults {
            fixtures: None,
            fixtures_broken: false,
            env: BTreeMap::new(),
            exit: ExitExpectation::Code(0),
            compare: CompareKind::Lines,
        };
        let table = value.and_then(|v| self.table("defaults", v, "write a [defaults] table"));
        if let Some(table) = table {
            let table = wire::DefaultsTable::read(self, table);
            if let Some(v) = table.fixtures {
                defaults.fixtures = self.string("defaults.fixtures", v).and_then(|raw| {
                    let span = v.span();
                    self.path(
                        "defaults.fixtures",
                        raw,
                        Some(&span),
                        Want::Dir,
                        IfMissing::Error,
                    )
                });
                defaults.fixtures_broken = defaults.fixtures.is_none();
            }
            if let Some(v) = table.env {
                defaults.env = self.env("defaults.env", v);
            }
            if let Some(v) = table.exit {
                defaults.exit = self.exit("defaults.exit", v).unwrap_or(defaults.exit);
            }
            if let Some(v) = table.compare {
                defaults.compare = self
                    .compare_kind("defaults.compare", v)
                    .unwrap_or(defaults.compare);
            }
            if table.fixtures.is_some() {
                return defaults;
            }
        }
        if !self.listing() && self.root.join("fixtures").is_dir() {
            defaults.fixtures = self.path(
                "defaults.fixtures",
                "fixtures",
                None,
                Want::Dir,
                IfMissing::Error,
            );
        }
        defaults
    }

    /// The `[[test]]` tables, in file order, with the span of each name; a name used twice is
    /// an error.
    fn declared_tests(
        &mut self,
        value: Option<&Value<'_>>,
        defaults: &ResolvedDefaults,
        limits: LimitsSpec,
    ) -> (Vec<TestCase>, HashMap<String, Range<usize>>) {
        let mut tests = Vec::new();
        let mut declared: HashMap<String, Range<usize>> = HashMap::new();
        let Some(value) = value else {
            return (tests, declared);
        };
        let items = match value.get_ref() {
            DeValue::Array(items) if items.iter().all(|t| t.get_ref().is_table()) => items,
            _ => {
                self.wrong_type(
                    "test",
                    value,
                    "an array of tables",
                    "write each test as a [[test]] table (double brackets)",
                );
                return (tests, declared);
            }
        };
        for item in items.iter() {
            let DeValue::Table(table) = item.get_ref() else {
                continue;
            };
            let table = wire::Test::read(self, table, item.span());
            let Some((test, name_span)) = self.test(&table, defaults, limits) else {
                continue;
            };
            if let Some(first) = declared.get(&test.name) {
                let line = Diagnostic::error("", "").at(self.source, first.start).line;
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
        (tests, declared)
    }

    /// Adds the discovered tests (samples, then hidden ones) to `tests`; a name already
    /// declared or discovered is an error.
    fn discovered_tests(
        &mut self,
        tests: &mut Vec<TestCase>,
        declared: &HashMap<String, Range<usize>>,
        defaults: &ResolvedDefaults,
        limits: Limits,
    ) {
        let mut discovered: HashMap<String, PathBuf> = HashMap::new();
        for (folder, sample) in [("tests/sample", true), ("tests/hidden", false)] {
            for (test, out) in self.discover(folder, sample, defaults, limits) {
                if let Some(span) = declared.get(&test.name) {
                    let message = format!(
                        "test `{}` is declared here and also discovered from `{}`",
                        test.name,
                        self.relative(&out).display()
                    );
                    self.error(
                        span,
                        message,
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
    }

    /// No tests at all would pass every solution: an error. Not when [[test]] tables or case
    /// files were written but are broken (their own errors say why).
    fn require_tests(
        &mut self,
        written: Option<&Value<'_>>,
        tests: &[TestCase],
        discovery_failed: bool,
    ) {
        let tests_written =
            written.is_some_and(|v| !matches!(v.get_ref(), DeValue::Array(a) if a.is_empty()));
        if !tests.is_empty() || tests_written || discovery_failed {
            return;
        }
        let message =
            "the challenge has no tests: nothing would be judged, so every solution would pass";
        let help = "add a [[test]] table (a `name` and what to expect, e.g. `stdout = \"...\"`), or case files tests/sample/NAME.out and tests/hidden/NAME.out";
        match written {
            Some(empty) => self.error(&empty.span(), message, help),
            None => self.manifest_error(message, help),
        }
    }

    /// What `lint` warns about a challenge that loads but is thin.
    fn note_thin(&mut self, top: &wire::Top<'_, '_>, header: &Header, tests: &[TestCase]) {
        if !tests.is_empty() {
            self.notes.tests = Some(TestsNote {
                any_sample: tests.iter().any(|t| t.sample),
                any_hidden: tests.iter().any(|t| !t.sample),
            });
        }
        // Hints written but all broken are errors already; "no hints" would contradict them.
        let hints_written = top
            .hints
            .is_some_and(|v| matches!(v.get_ref(), DeValue::Array(a) if !a.is_empty()));
        self.notes.no_hints = header.hints.is_empty() && !hints_written;
        self.notes.debugging_without_state_checks = header.category == Some(Category::Debugging)
            && !tests
                .iter()
                .any(|t| !t.files.is_empty() || !t.unchanged.is_empty());
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::challenge::lint::check;
    use crate::challenge::load::testing::*;
    use crate::challenge::load::{MANIFEST, load};
    use crate::challenge::{
        Category, Challenge, Content, Difficulty, ExitExpectation, Expectation, FileCheck,
        FileExpectation, Format, Limits, Stdin, TestCase,
    };
    use crate::compare::{CompareKind, CompareSpec};
    use crate::diagnostic::Severity;
    use std::time::Duration;

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
        let (challenge, diags) = check(&f.root);
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
                    generate: None,
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
                    generate: None,
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
        let (challenge, diags) = check(&f.root);
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
    fn missing_required_keys() {
        let f = Fixture::new("title = \"x\"\n[[test]]\nsample = true\n");
        let errors = f.errors();
        for key in ["id", "category", "difficulty", "entry"] {
            assert_error(&errors, 1, 1, &format!("missing required key `{key}`"));
        }
        assert_error(&errors, 2, 1, "missing required key `name` in [[test]]");
    }
}
