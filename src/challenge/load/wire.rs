//! The permissive wire form of challenge.toml: the document parsed with every byte span kept,
//! and each table's known keys picked out as raw spanned values (any TOML type is accepted
//! here). Unknown keys are reported; types and meaning are checked by the modules that read
//! these structs, so a file's every problem is reported, not only the first.

use std::ops::Range;

use toml::Spanned;
use toml::de::DeTable;

use super::super::schema::{self, TableKind};
use super::super::syntax;
use super::ctx::{Ctx, Value};
use crate::diagnostic::Diagnostic;

/// A raw value of the document, when its key is written.
type Raw<'a, 'i> = Option<&'a Value<'i>>;

/// Parses challenge.toml; on a syntax error reports it (only the first, at its real place: the
/// parser's later ones follow from it) and returns `None`.
pub(super) fn parse<'s>(cx: &mut Ctx<'s>) -> Option<Spanned<DeTable<'s>>> {
    let source = cx.source;
    let (doc, errors) = DeTable::parse_recoverable(source);
    if errors.is_empty() {
        return Some(doc);
    }
    if let Some(e) = syntax::first_error(source) {
        let d = Diagnostic::error(&cx.manifest, e.message).with_help(e.help);
        cx.diags.push(match e.offset {
            Some(offset) => d.at(source, offset),
            None => d,
        });
    }
    None
}

/// The top level of challenge.toml.
pub(super) struct Top<'a, 'i> {
    pub id: Raw<'a, 'i>,
    pub title: Raw<'a, 'i>,
    pub category: Raw<'a, 'i>,
    pub difficulty: Raw<'a, 'i>,
    pub minutes: Raw<'a, 'i>,
    pub tags: Raw<'a, 'i>,
    pub statement: Raw<'a, 'i>,
    pub entry: Raw<'a, 'i>,
    pub languages: Raw<'a, 'i>,
    pub starter_passes: Raw<'a, 'i>,
    pub hidden_inputs: Raw<'a, 'i>,
    pub hints: Raw<'a, 'i>,
    pub limits: Raw<'a, 'i>,
    pub defaults: Raw<'a, 'i>,
    pub test: Raw<'a, 'i>,
}

impl<'a, 'i> Top<'a, 'i> {
    pub fn read(cx: &mut Ctx<'_>, table: &'a DeTable<'i>) -> Top<'a, 'i> {
        check_keys(cx, table, TableKind::Top);
        Top {
            id: table.get("id"),
            title: table.get("title"),
            category: table.get("category"),
            difficulty: table.get("difficulty"),
            minutes: table.get("minutes"),
            tags: table.get("tags"),
            statement: table.get("statement"),
            entry: table.get("entry"),
            languages: table.get("languages"),
            starter_passes: table.get("starter_passes"),
            hidden_inputs: table.get("hidden_inputs"),
            hints: table.get("hints"),
            limits: table.get("limits"),
            defaults: table.get("defaults"),
            test: table.get("test"),
        }
    }
}

/// `[limits]`, or a test's `limits = { ... }`.
pub(super) struct LimitsTable<'a, 'i> {
    /// Every key as written, in file order (unknown ones already reported).
    pub entries: Vec<(&'a str, &'a Value<'i>)>,
}

impl<'a, 'i> LimitsTable<'a, 'i> {
    pub fn read(cx: &mut Ctx<'_>, table: &'a DeTable<'i>) -> LimitsTable<'a, 'i> {
        check_keys(cx, table, TableKind::Limits);
        let entries = table
            .iter()
            .map(|(key, value)| (key.get_ref().as_ref(), value))
            .collect();
        LimitsTable { entries }
    }
}

/// `[defaults]`.
pub(super) struct DefaultsTable<'a, 'i> {
    pub fixtures: Raw<'a, 'i>,
    pub env: Raw<'a, 'i>,
    pub exit: Raw<'a, 'i>,
    pub compare: Raw<'a, 'i>,
}

impl<'a, 'i> DefaultsTable<'a, 'i> {
    pub fn read(cx: &mut Ctx<'_>, table: &'a DeTable<'i>) -> DefaultsTable<'a, 'i> {
        check_keys(cx, table, TableKind::Defaults);
        DefaultsTable {
            fixtures: table.get("fixtures"),
            env: table.get("env"),
            exit: table.get("exit"),
            compare: table.get("compare"),
        }
    }
}

/// One `[[test]]`.
pub(super) struct Test<'a, 'i> {
    /// The span of the whole table, where a missing key is reported.
    pub span: Range<usize>,
    pub name: Raw<'a, 'i>,
    pub sample: Raw<'a, 'i>,
    pub args: Raw<'a, 'i>,
    pub stdin: Raw<'a, 'i>,
    pub env: Raw<'a, 'i>,
    pub fixtures: Raw<'a, 'i>,
    pub exit: Raw<'a, 'i>,
    pub points: Raw<'a, 'i>,
    pub limits: Raw<'a, 'i>,
    pub stdout: Raw<'a, 'i>,
    pub stderr: Raw<'a, 'i>,
    pub files: Raw<'a, 'i>,
    pub unchanged: Raw<'a, 'i>,
    pub check: Raw<'a, 'i>,
    pub signal: Raw<'a, 'i>,
    pub generate: Raw<'a, 'i>,
}

impl<'a, 'i> Test<'a, 'i> {
    pub fn read(cx: &mut Ctx<'_>, table: &'a DeTable<'i>, span: Range<usize>) -> Test<'a, 'i> {
        check_keys(cx, table, TableKind::Test);
        Test {
            span,
            name: table.get("name"),
            sample: table.get("sample"),
            args: table.get("args"),
            stdin: table.get("stdin"),
            env: table.get("env"),
            fixtures: table.get("fixtures"),
            exit: table.get("exit"),
            points: table.get("points"),
            limits: table.get("limits"),
            stdout: table.get("stdout"),
            stderr: table.get("stderr"),
            files: table.get("files"),
            unchanged: table.get("unchanged"),
            check: table.get("check"),
            signal: table.get("signal"),
            generate: table.get("generate"),
        }
    }
}

/// The content keys shared by an expectation table (`stdout = { ... }`) and a `files` entry.
pub(super) struct ContentTable<'a, 'i> {
    /// The span of the whole table, where a missing key is reported.
    pub span: Range<usize>,
    pub text: Raw<'a, 'i>,
    pub file: Raw<'a, 'i>,
    pub compare: Raw<'a, 'i>,
    pub abs_tol: Raw<'a, 'i>,
    pub rel_tol: Raw<'a, 'i>,
    pub case_sensitive: Raw<'a, 'i>,
    table: &'a DeTable<'i>,
}

impl<'a, 'i> ContentTable<'a, 'i> {
    /// A `stdout`/`stderr` table.
    pub fn read(
        cx: &mut Ctx<'_>,
        table: &'a DeTable<'i>,
        span: Range<usize>,
    ) -> ContentTable<'a, 'i> {
        check_keys(cx, table, TableKind::Expectation);
        ContentTable::pick(table, span)
    }

    fn pick(table: &'a DeTable<'i>, span: Range<usize>) -> ContentTable<'a, 'i> {
        ContentTable {
            span,
            text: table.get("text"),
            file: table.get("file"),
            compare: table.get("compare"),
            abs_tol: table.get("abs_tol"),
            rel_tol: table.get("rel_tol"),
            case_sensitive: table.get("case_sensitive"),
            table,
        }
    }

    /// The span of key `name` itself, when written.
    pub fn key_span(&self, name: &str) -> Option<Range<usize>> {
        key_span(self.table, |key| key == name)
    }
}

/// One entry of a test's `files`.
pub(super) struct FileEntry<'a, 'i> {
    pub path: Raw<'a, 'i>,
    pub absent: Raw<'a, 'i>,
    pub mode: Raw<'a, 'i>,
    pub content: ContentTable<'a, 'i>,
}

impl<'a, 'i> FileEntry<'a, 'i> {
    pub fn read(cx: &mut Ctx<'_>, table: &'a DeTable<'i>, span: Range<usize>) -> FileEntry<'a, 'i> {
        check_keys(cx, table, TableKind::FileEntry);
        FileEntry {
            path: table.get("path"),
            absent: table.get("absent"),
            mode: table.get("mode"),
            content: ContentTable::pick(table, span),
        }
    }

    /// The first key (in file order) that describes content, with its span: what an
    /// `absent = true` entry must not have.
    pub fn first_content_key(&self) -> Option<(&'a str, Range<usize>)> {
        let table = self.content.table;
        table.iter().find_map(|(key, _)| {
            let name: &str = key.get_ref();
            matches!(
                name,
                "text" | "file" | "mode" | "compare" | "abs_tol" | "rel_tol" | "case_sensitive"
            )
            .then(|| (name, key.span()))
        })
    }
}

/// `signal = { name = ..., after = ... }`.
pub(super) struct Signal<'a, 'i> {
    pub name: Raw<'a, 'i>,
    pub after: Raw<'a, 'i>,
}

impl<'a, 'i> Signal<'a, 'i> {
    pub fn read(cx: &mut Ctx<'_>, table: &'a DeTable<'i>) -> Signal<'a, 'i> {
        check_keys(cx, table, TableKind::Signal);
        Signal {
            name: table.get("name"),
            after: table.get("after"),
        }
    }
}

/// `stdin = { file = ... }`.
pub(super) fn stdin_file<'a, 'i>(cx: &mut Ctx<'_>, table: &'a DeTable<'i>) -> Raw<'a, 'i> {
    check_keys(cx, table, TableKind::Stdin);
    table.get("file")
}

/// The span of the first key of `table` that `wanted` accepts.
fn key_span(table: &DeTable<'_>, wanted: impl Fn(&str) -> bool) -> Option<Range<usize>> {
    table
        .iter()
        .find(|(key, _)| wanted(key.get_ref()))
        .map(|(key, _)| key.span())
}

/// Reports every key of `table` that is not a key of `kind`.
fn check_keys(cx: &mut Ctx<'_>, table: &DeTable<'_>, kind: TableKind) {
    for (key, _) in table.iter() {
        let name: &str = key.get_ref();
        if kind.keys().contains(&name) {
            continue;
        }
        let span = key.span();
        if name == "absent" && kind == TableKind::Expectation {
            cx.error(
                &span,
                "`absent` is only allowed in a `files` entry",
                "to expect no output, use `text = \"\"`; to expect a file not to exist, use `files = [{ path = \"...\", absent = true }]`",
            );
            continue;
        }
        if name == "text" && kind == TableKind::Stdin {
            cx.error(
                &span,
                "unknown key `text` in a `stdin` table",
                "write inline stdin as a plain string: `stdin = \"...\"`",
            );
            continue;
        }
        let help = schema::suggest_key(kind, name)
            .unwrap_or_else(|| format!("known keys here: {}", schema::one_of(kind.keys())));
        cx.error(
            &span,
            format!("unknown key `{name}` {}", kind.place()),
            help,
        );
    }
}

/// `value` when it is written, else an error at `table_span` saying to add `key`.
pub(super) fn require<'a, 'i>(
    cx: &mut Ctx<'_>,
    value: Raw<'a, 'i>,
    table_span: &Range<usize>,
    key: &str,
    place: &str,
    example: &str,
) -> Raw<'a, 'i> {
    if value.is_none() {
        cx.error(
            table_span,
            format!("missing required key `{key}` {place}"),
            format!("add `{key} = {example}`"),
        );
    }
    value
}

#[cfg(test)]
mod tests {
    use crate::challenge::load::testing::*;

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
    fn timeout_suggests_limits_time() {
        let f = Fixture::new(&format!("{HEAD}timeout = \"5s\"\n"));
        let d = assert_error(&f.errors(), 6, 1, "unknown key `timeout`");
        assert_eq!(d.help.as_deref(), Some("did you mean `limits.time`?"));
        let f = Fixture::new(&with_test("expected = \"x\"\n"));
        let d = assert_error(&f.errors(), 9, 1, "unknown key `expected` in [[test]]");
        assert_eq!(d.help.as_deref(), Some("did you mean `stdout`?"));
    }
}
