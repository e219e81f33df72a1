//! Diagnostics about challenge definitions: what is wrong, where (file:line:column), the
//! offending text and what to do. Shared by loading, `lint` and `verify`; rendering only.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based; 0 when the problem is about the file as a whole.
    pub line: usize,
    /// 1-based, in characters; 0 when the problem is about the file as a whole.
    pub column: usize,
    pub message: String,
    /// The offending source line, when there is one.
    pub snippet: Option<String>,
    /// What to do about it (`did you mean `limits.time`?`).
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            snippet: None,
            help: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Places the diagnostic at a byte offset of `source`, filling line, column and snippet.
    pub fn at(mut self, source: &str, offset: usize) -> Diagnostic {
        let offset = offset.min(source.len());
        let before = &source[..floor_char_boundary(source, offset)];
        self.line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        self.column = before[line_start..].chars().count() + 1;
        let line_end = source[line_start..]
            .find('\n')
            .map_or(source.len(), |i| line_start + i);
        self.snippet = Some(
            source[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
        );
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

impl fmt::Display for Diagnostic {
    /// `error: FILE:LINE:COLUMN: MESSAGE`, then the source line with a caret, then the help.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: {}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        write!(f, ": {}", printable(&self.message))?;
        if let Some(snippet) = &self.snippet {
            let gutter = self.line.to_string().len();
            let (shown, caret_pad) = window(snippet, self.column.saturating_sub(1));
            write!(f, "\n {:gutter$} |\n {} | {}", "", self.line, shown)?;
            write!(f, "\n {:gutter$} | {:caret_pad$}^", "", "")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {}", printable(help))?;
        }
        Ok(())
    }
}

/// Text from a definition made safe for a terminal: control characters (an escape sequence in
/// a hostile challenge.toml) are shown escaped, never sent as they are.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c.to_string(),
            c if c.is_control() => c.escape_default().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// Widest part of a source line shown under a diagnostic, in characters.
const SNIPPET_WIDTH: usize = 100;

/// The part of `line` shown around character `column` (0-based), with the caret's offset in it:
/// tabs become one space (so the caret lines up), control characters `?`, and a long line is
/// cut to a window around the column with `…` where text was left out.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line
        .chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => '?',
            c => c,
        })
        .collect();
    if chars.len() <= SNIPPET_WIDTH {
        return (chars.into_iter().collect(), column);
    }
    let start = column
        .saturating_sub(SNIPPET_WIDTH / 2)
        .min(chars.len().saturating_sub(SNIPPET_WIDTH));
    let end = (start + SNIPPET_WIDTH).min(chars.len());
    let mut shown = String::new();
    let mut caret = column - start;
    if start > 0 {
        shown.push('…');
        caret += 1;
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, caret)
}

/// Orders diagnostics for people: errors first, then warnings; each in file order, the
/// definition file (`manifest`) before the others.
pub fn sort_for_display(diagnostics: &mut [Diagnostic], manifest: &std::path::Path) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            (
                d.severity,
                d.file != manifest,
                d.file.clone(),
                d.line,
                d.column,
            )
        };
        key(a).cmp(&key(b))
    });
}

/// Every problem found while loading a definition; loading fails when any is an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_tabs_and_control_characters_are_shown_safely() {
        let source = format!("\ttitle = \"{}\" bogus\n", "x".repeat(10_000));
        let offset = source.find("bogus").unwrap_or(0);
        let d = Diagnostic::error("c.toml", "unexpected \u{1b}[31mtext").at(&source, offset);
        assert_eq!(d.column, 10_013);
        let shown = d.to_string();
        assert!(shown.len() < 400, "{shown}");
        assert!(!shown.contains('\u{1b}'), "{shown}");
        assert!(shown.contains("unexpected \\u{1b}[31mtext"), "{shown}");
        let lines: Vec<&str> = shown.lines().collect();
        let (snippet, caret) = (lines[2], lines[3]);
        let caret_at = caret.chars().position(|c| c == '^').unwrap_or(0);
        let under: String = snippet.chars().skip(caret_at).take(5).collect();
        assert_eq!(under, "bogus", "{shown}");
        assert!(snippet.contains('…'), "{shown}");

        // A tab before the column counts as one character, and is shown as one space.
        let d = Diagnostic::error("c.toml", "x").at("\tkey = 1\n", 1);
        let shown = d.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        let caret_at = lines[3].chars().position(|c| c == '^').unwrap_or(0);
        assert_eq!(lines[2].chars().nth(caret_at), Some('k'), "{shown}");
    }

    #[test]
    fn places_offset_on_line_and_column() {
        let source = "id = \"x\"\ntimeout = 3\n";
        let d = Diagnostic::error("c.toml", "unknown key `timeout`").at(source, 9);
        assert_eq!((d.line, d.column), (2, 1));
        assert_eq!(d.snippet.as_deref(), Some("timeout = 3"));
        let shown = d.to_string();
        assert!(
            shown.starts_with("error: c.toml:2:1: unknown key `timeout`"),
            "{shown}"
        );
    }
}
