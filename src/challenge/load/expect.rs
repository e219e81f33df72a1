//! What a test expects of its output: `stdin`, `stdout`/`stderr` expectations (inline text or
//! a file, a comparator and its options), `files` entries with their mode, and the checks that
//! an expected regex or JSON value can ever match.

use std::fs;
use std::ops::Range;

use toml::de::DeValue;

use super::super::lint::WrittenOption;
use super::super::{Content, Expectation, FileCheck, FileExpectation, Stdin};
use super::ctx::{Ctx, Value};
use super::paths::{IfMissing, Want};
use super::wire::{self, require};
use crate::compare::{CompareKind, CompareSpec, check_regex};

/// The options of a comparator that a table may set.
const OPTIONS: [&str; 3] = ["abs_tol", "rel_tol", "case_sensitive"];

/// A comparator with its defaults: `float` gets `abs_tol = rel_tol = 1e-6`.
pub(super) fn default_spec(kind: CompareKind) -> CompareSpec {
    let mut spec = CompareSpec::new(kind);
    if kind == CompareKind::Float {
        spec.abs_tol = Some(1e-6);
        spec.rel_tol = Some(1e-6);
    }
    spec
}

impl Ctx<'_> {
    pub fn stdin(&mut self, value: &Value<'_>) -> Option<Stdin> {
        match value.get_ref() {
            DeValue::String(s) => Some(Stdin::Text(s.to_string())),
            DeValue::Table(table) => {
                let Some(file) = wire::stdin_file(self, table) else {
                    self.error(
                        &value.span(),
                        "`stdin` table without `file`",
                        "write `stdin = { file = \"tests/NAME.in\" }`, or inline text",
                    );
                    return None;
                };
                let raw = self.string("stdin.file", file)?;
                let span = file.span();
                self.path("stdin.file", raw, Some(&span), Want::File, IfMissing::Error)
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

    /// An expectation on `stdout` or `stderr`: a plain string, or a table.
    pub fn expectation(
        &mut self,
        key: &str,
        value: &Value<'_>,
        default: CompareKind,
    ) -> Option<Expectation> {
        match value.get_ref() {
            DeValue::String(s) => self.inline_expectation(key, s, &value.span(), default),
            DeValue::Table(table) => {
                let table = wire::ContentTable::read(self, table, value.span());
                self.content(key, &table, default)
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

    /// `stdout = "..."`: the text, compared with the default comparator.
    fn inline_expectation(
        &mut self,
        key: &str,
        text: &str,
        span: &Range<usize>,
        default: CompareKind,
    ) -> Option<Expectation> {
        let e = Expectation {
            content: Content::Text(text.to_string()),
            compare: default_spec(default),
        };
        if default == CompareKind::Regex && !self.check_pattern(key, &e.content, span) {
            return None;
        }
        if default == CompareKind::Json && !self.check_json(key, &e.content, span) {
            return None;
        }
        Some(e)
    }

    /// The `text`/`file` and comparator keys of an expectation table.
    fn content(
        &mut self,
        key: &str,
        table: &wire::ContentTable<'_, '_>,
        default: CompareKind,
    ) -> Option<Expectation> {
        let content = self.content_source(key, table);
        let kind = match table.compare {
            Some(v) => self.compare_kind(&format!("{key}.compare"), v),
            None => Some(default),
        };
        let mut spec = default_spec(kind.unwrap_or(default));
        let ok = self.options(key, table, &mut spec);
        let (content, content_span) = content?;
        kind?;
        for option in OPTIONS {
            if let Some(span) = table.key_span(option) {
                self.notes.options.push(WrittenOption {
                    span,
                    key: key.to_string(),
                    option,
                    kind: spec.kind,
                });
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

    /// Exactly one of `text` or `file`, with the span of its value.
    fn content_source(
        &mut self,
        key: &str,
        table: &wire::ContentTable<'_, '_>,
    ) -> Option<(Content, Range<usize>)> {
        match (table.text, table.file) {
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
                    &table.span,
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
                let if_missing = if self.expected_may_be_missing() {
                    IfMissing::Accept
                } else {
                    IfMissing::Error
                };
                self.string(&what, file)
                    .and_then(|raw| {
                        self.path(&what, raw, Some(&file.span()), Want::File, if_missing)
                    })
                    .map(|p| (Content::File(p), file.span()))
            }
        }
    }

    /// `abs_tol`, `rel_tol` and `case_sensitive` into `spec`: false when one is wrong.
    fn options(
        &mut self,
        key: &str,
        table: &wire::ContentTable<'_, '_>,
        spec: &mut CompareSpec,
    ) -> bool {
        let mut ok = true;
        if let Some(v) = table.abs_tol {
            match self.tolerance(&format!("{key}.abs_tol"), v) {
                Some(t) => spec.abs_tol = Some(t),
                None => ok = false,
            }
        }
        if let Some(v) = table.rel_tol {
            match self.tolerance(&format!("{key}.rel_tol"), v) {
                Some(t) => spec.rel_tol = Some(t),
                None => ok = false,
            }
        }
        if let Some(v) = table.case_sensitive {
            match self.boolean(&format!("{key}.case_sensitive"), v) {
                Some(b) => spec.case_sensitive = b,
                None => ok = false,
            }
        }
        ok
    }

    pub fn files(
        &mut self,
        value: &Value<'_>,
        default: CompareKind,
    ) -> Option<Vec<FileExpectation>> {
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
            let entry = wire::FileEntry::read(self, table, item.span());
            match self.file_entry(&entry, default) {
                Some(f) => {
                    // Two expectations on one file contradict or repeat each other.
                    if out.iter().any(|seen| seen.path == f.path) {
                        let span = entry.path.map_or(item.span(), |v| v.span());
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
        entry: &wire::FileEntry<'_, '_>,
        default: CompareKind,
    ) -> Option<FileExpectation> {
        let span = &entry.content.span;
        let path = require(
            self,
            entry.path,
            span,
            "path",
            "in a `files` entry",
            "\"out.txt\"",
        )
        .and_then(|v| {
            let raw = self.string("files.path", v)?;
            self.work_path("files.path", raw, &v.span())
        });
        let absent = match entry.absent {
            Some(v) => Some(self.boolean("files.absent", v)?),
            None => None,
        };
        if absent == Some(true) {
            if let Some((key, span)) = entry.first_content_key() {
                self.error(
                    &span,
                    format!("a `files` entry with `absent = true` cannot also have `{key}`"),
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
        let mode = entry.mode.map(|v| self.mode(v));
        let content = self.content("files", &entry.content, default);
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

    /// Checks a regex held by `content` (inline or in a file).
    fn check_pattern(&mut self, key: &str, content: &Content, span: &Range<usize>) -> bool {
        let pattern = match content {
            Content::Text(text) => text.clone(),
            Content::File(_) if self.listing() => return true,
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
                let message = e.to_string();
                let reason = message
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
            Content::File(_) if self.expected_may_be_missing() || self.listing() => return true,
            Content::File(path) => match fs::read(path) {
                Ok(bytes) => (bytes, format!(" in `{}`", self.relative(path).display())),
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
}

#[cfg(test)]
mod tests {
    use crate::challenge::load::testing::*;

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
}
