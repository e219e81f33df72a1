//! The state of one walk over a challenge.toml: its source (for locations), the challenge
//! folder, every diagnostic so far, and the facts `lint` words as warnings.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::DeValue;

use super::super::lint::Notes;
use super::super::schema;
use crate::diagnostic::Diagnostic;

/// What a walk is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// Everything checked, on disk too: for judging and `lint`.
    Judge,
    /// As `Judge`, but an expectation file that does not exist is accepted: `bless` writes it.
    Bless,
    /// challenge.toml alone: paths are checked as written but not looked up, no file they name
    /// is read, no case file is discovered (so a challenge without declared tests is not an
    /// error). What `list` needs, and no more.
    Listing,
}

/// A value of the document with its byte span.
pub(super) type Value<'i> = Spanned<DeValue<'i>>;

/// The walk over one challenge.toml.
pub(super) struct Ctx<'s> {
    pub source: &'s str,
    pub manifest: PathBuf,
    /// The canonical challenge folder.
    pub root: PathBuf,
    /// Every error so far (loading reports them all, never only the first).
    pub diags: Vec<Diagnostic>,
    /// What `lint` may warn about; loading itself ignores it.
    pub notes: Notes,
    /// What the walk is for, and so how much of the disk it reads.
    pub mode: Reading,
    /// What walking each fixture folder found, so a folder shared by tests is walked once.
    pub fixture_trees: HashMap<PathBuf, Vec<Diagnostic>>,
}

impl<'s> Ctx<'s> {
    pub fn new(source: &'s str, manifest: PathBuf, root: PathBuf, mode: Reading) -> Ctx<'s> {
        Ctx {
            source,
            manifest,
            root,
            diags: Vec::new(),
            notes: Notes::default(),
            mode,
            fixture_trees: HashMap::new(),
        }
    }

    /// An error located at `span` of challenge.toml.
    pub fn error(
        &mut self,
        span: &Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let d = Diagnostic::error(&self.manifest, message)
            .at(self.source, span.start)
            .with_help(help);
        self.diags.push(d);
    }

    /// An error about `file` as a whole (a case file, or challenge.toml without a place).
    pub fn file_error(&mut self, file: &Path, message: impl Into<String>, help: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(file, message).with_help(help));
    }

    /// An error about challenge.toml as a whole.
    pub fn manifest_error(&mut self, message: impl Into<String>, help: impl Into<String>) {
        let manifest = self.manifest.clone();
        self.file_error(&manifest, message, help);
    }

    /// The number of errors so far.
    pub fn error_count(&self) -> usize {
        self.diags.iter().filter(|d| d.is_error()).count()
    }

    /// The source text of `span`, cut short for a message.
    pub fn text(&self, span: &Range<usize>) -> String {
        excerpt(self.source, span)
    }

    /// Reports a value of the wrong TOML type for `key`.
    pub fn wrong_type(&mut self, key: &str, value: &Value<'_>, expected: &str, help: &str) {
        let span = value.span();
        let message = format!(
            "`{key}` must be {expected}, found {} `{}`",
            schema::type_name(value.get_ref()),
            self.text(&span)
        );
        self.error(&span, message, help);
    }

    /// An expectation file that does not exist is accepted (for `bless`, which writes it).
    pub fn expected_may_be_missing(&self) -> bool {
        self.mode == Reading::Bless
    }

    /// Only challenge.toml is read (for `list`).
    pub fn listing(&self) -> bool {
        self.mode == Reading::Listing
    }

    /// `path` relative to the challenge folder, for messages.
    pub fn relative<'p>(&self, path: &'p Path) -> &'p Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }
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
