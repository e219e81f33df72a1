//! The first TOML syntax error of challenge.toml, placed where the author has to fix it.
//!
//! The parser recovers after an error and goes on reporting: one missing `}` turns every later
//! line into "missing comma" errors, and the first of them sits on the line *after* the real
//! problem (TOML 1.1 lets an inline table span lines, so the parser only notices at the next
//! key). So only the first error is kept, and when it is the first token of a line inside a
//! `{` or `[` opened earlier, the fixes an author would make at the end of the previous line
//! (close the bracket, or add the missing `,`) are tried on a copy: the one that lets the parser
//! get furthest names the real problem, at the real place. A multi-line string that is never
//! closed is reported at its opening quotes, not at the end of the file.

use std::ops::Range;

use toml::de::DeTable;

/// A syntax error ready to show: where (a byte offset of the source, when known), what, and
/// what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: Option<usize>,
    pub message: String,
    pub help: String,
}

const DEFAULT_HELP: &str =
    "fix the TOML syntax (strings in double quotes, one `key = value` per line)";

/// The first syntax error of `source`, if it has any, at its real place.
pub fn first_error(source: &str) -> Option<SyntaxError> {
    let (offset, message) = first_parser_error(source)?;
    let help = if message.contains("duplicate key") {
        "each key may appear only once in a table"
    } else {
        DEFAULT_HELP
    };
    let plain = SyntaxError {
        offset,
        message: format!("TOML syntax error: {message}"),
        help: help.to_string(),
    };
    let Some(at) = offset else {
        return Some(plain);
    };
    Some(match scan(source, at) {
        Scan::UnclosedString { opener, quotes } => {
            let (line, column) = line_col(source, opener);
            SyntaxError {
                offset: Some(opener),
                message: format!(
                    "TOML syntax error: unclosed multi-line string: the `{quotes}` at line {line}, column {column} is never closed"
                ),
                help: format!("end the string with `{quotes}`"),
            }
        }
        Scan::Open {
            opener,
            bracket,
            line_end,
        } => repair(source, at, opener, bracket, line_end).unwrap_or(plain),
        Scan::Other => plain,
    })
}

/// The parser's first error (by position): its offset, when it has one, and its message.
fn first_parser_error(source: &str) -> Option<(Option<usize>, String)> {
    let (_, errors) = DeTable::parse_recoverable(source);
    errors
        .iter()
        .min_by_key(|e| e.span().map_or(usize::MAX, |s: Range<usize>| s.start))
        .map(|e| (e.span().map(|s| s.start), e.message().trim().to_string()))
}

/// Where the parser first fails in `source`; `usize::MAX` when it does not.
fn failure_offset(source: &str) -> usize {
    match first_parser_error(source) {
        None => usize::MAX,
        Some((offset, _)) => offset.unwrap_or(0),
    }
}

/// The fix that lets the parser get furthest past `at`, said as the error: a `}`/`]` for the
/// bracket opened at `opener`, or a `,`, inserted at `line_end` (the end of the last line with
/// content before `at`).
fn repair(
    source: &str,
    at: usize,
    opener: usize,
    bracket: u8,
    line_end: usize,
) -> Option<SyntaxError> {
    let (closer, what) = if bracket == b'{' {
        ('}', "inline table")
    } else {
        (']', "array")
    };
    let reach = |insert: char| {
        let mut patched = String::with_capacity(source.len() + 1);
        patched.push_str(&source[..line_end]);
        patched.push(insert);
        patched.push_str(&source[line_end..]);
        // Back in the original's offsets (the inserted character shifts what follows).
        match failure_offset(&patched) {
            usize::MAX => usize::MAX,
            offset if offset > line_end => offset - 1,
            offset => offset,
        }
    };
    let (close, comma) = (reach(closer), reach(','));
    let best = close.max(comma);
    if best <= at {
        return None;
    }
    let (line, column) = line_col(source, opener);
    let opened = format!("the `{}` at line {line}, column {column}", bracket as char);
    Some(if close >= comma {
        SyntaxError {
            offset: Some(line_end),
            message: format!("TOML syntax error: unclosed {what}: {opened} is never closed"),
            help: format!(
                "end the {what} with `{closer}` here (or with `,` if it continues on the next line)"
            ),
        }
    } else {
        SyntaxError {
            offset: Some(line_end),
            message: format!(
                "TOML syntax error: missing `,` at the end of this line, in the {what} opened by {opened}"
            ),
            help: format!("separate the {what}'s items with `,`"),
        }
    })
}

/// What the text before an error offset says about it.
#[derive(Debug, PartialEq, Eq)]
enum Scan {
    /// A multi-line string opened at `opener` and never closed in the whole document.
    UnclosedString {
        opener: usize,
        quotes: &'static str,
    },
    /// The error is the first token of its line, inside a bracket opened at `opener` on an
    /// earlier line; `line_end` is the end of the last content before the error.
    Open {
        opener: usize,
        bracket: u8,
        line_end: usize,
    },
    Other,
}

/// A lexical walk of `source` up to `at`: comments, strings, table headers and value brackets.
/// Only as much TOML as placing an error needs; the parser has the final word.
fn scan(source: &str, at: usize) -> Scan {
    let b = source.as_bytes();
    let mut open: Vec<(u8, usize)> = Vec::new();
    let mut line_start = true;
    let mut last_end = 0;
    let mut i = 0;
    while i < at.min(b.len()) {
        let c = b[i];
        match c {
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                continue;
            }
            _ => {}
        }
        let header = line_start && open.is_empty() && c == b'[';
        line_start = false;
        let end = if header {
            // `[table]` or `[[table]]`: to the end of the line, brackets and all.
            let line_end = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
            let text = &source[i..line_end];
            let close = text.rfind(']').map_or(text.len(), |n| n + 1);
            i + close
        } else {
            match c {
                b'"' | b'\'' => match string_end(b, i) {
                    Ok(end) => end,
                    Err(quotes) => return Scan::UnclosedString { opener: i, quotes },
                },
                b'{' | b'[' => {
                    open.push((c, i));
                    i + 1
                }
                b'}' | b']' => {
                    let pair = if c == b'}' { b'{' } else { b'[' };
                    if open.last().is_some_and(|(o, _)| *o == pair) {
                        open.pop();
                    }
                    i + 1
                }
                // Any other character, whole (a key, a number, `=`, a letter like `é`).
                _ => i + source[i..].chars().next().map_or(1, char::len_utf8),
            }
        };
        if end > at {
            // The error is inside this token (a string): nothing to move.
            return Scan::Other;
        }
        last_end = end;
        i = end;
    }
    let first_on_its_line = source[last_end..at.min(source.len())].contains('\n');
    match open.last() {
        Some(&(bracket, opener)) if first_on_its_line && opener < last_end => Scan::Open {
            opener,
            bracket,
            line_end: last_end,
        },
        _ => Scan::Other,
    }
}

/// The end (exclusive) of the string starting at `start`, or — for a multi-line string never
/// closed — its quotes. A one-line string ends at its line's end when it is not closed (the
/// parser reports that one well).
fn string_end(b: &[u8], start: usize) -> Result<usize, &'static str> {
    let quote = b[start];
    let basic = quote == b'"';
    let triple = b[start..].starts_with(if basic { b"\"\"\"" } else { b"'''" });
    if triple {
        let mut j = start + 3;
        while j < b.len() {
            if basic && b[j] == b'\\' {
                j += 2;
                continue;
            }
            if b[j..].starts_with(&[quote; 3]) {
                // Up to two more quotes right before the closing ones are content.
                let mut end = j + 3;
                while end < b.len() && end < j + 5 && b[end] == quote {
                    end += 1;
                }
                return Ok(end);
            }
            j += 1;
        }
        return Err(if basic { "\"\"\"" } else { "'''" });
    }
    let mut j = start + 1;
    while j < b.len() && b[j] != b'\n' {
        if basic && b[j] == b'\\' {
            j += 2;
            continue;
        }
        if b[j] == quote {
            return Ok(j + 1);
        }
        j += 1;
    }
    Ok(j.min(b.len()))
}

/// 1-based line and character column of `offset`.
fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let d = crate::diagnostic::Diagnostic::error("", "").at(source, offset);
    (d.line, d.column)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "id = \"demo\"\ntitle = \"Demo\"\n\n[[test]]\nname = \"one\"\n";

    /// The first error of HEAD + `body`: (line, column, message, help).
    fn error(body: &str) -> (usize, usize, String, String) {
        let source = format!("{HEAD}{body}");
        let e = first_error(&source).expect("a syntax error");
        let (line, column) = line_col(&source, e.offset.expect("located"));
        (line, column, e.message, e.help)
    }

    #[test]
    fn valid_documents_have_no_error() {
        assert_eq!(first_error(HEAD), None);
        assert_eq!(first_error(""), None);
        // TOML 1.1: an inline table may span lines.
        assert_eq!(
            first_error(&format!(
                "{HEAD}stdout = {{ text = \"x\",\n  compare = \"lines\" }}\n"
            )),
            None
        );
    }

    #[test]
    fn a_missing_brace_is_reported_at_the_end_of_its_line_once() {
        let (line, column, message, help) = error(
            "stdout = { text = \"x\\n\", compare = \"lines\"\nstdin = \"abc\"\n\n[[test]]\nname = \"two\"\nstdout = \"y\"\n",
        );
        assert_eq!((line, column), (6, 43));
        assert_eq!(
            message,
            "TOML syntax error: unclosed inline table: the `{` at line 6, column 10 is never closed"
        );
        assert!(
            help.starts_with("end the inline table with `}` here"),
            "{help}"
        );
    }

    #[test]
    fn a_missing_bracket_in_a_one_line_array() {
        let (line, column, message, _) = error("args = [\"a\", \"b\"\nstdin = \"x\"\n");
        assert_eq!((line, column), (6, 17));
        assert_eq!(
            message,
            "TOML syntax error: unclosed array: the `[` at line 6, column 8 is never closed"
        );
    }

    #[test]
    fn an_unclosed_table_inside_a_multi_line_array() {
        let (line, column, message, _) = error(
            "files = [\n  { path = \"a\", text = \"b\" },\n  { path = \"c\", text = \"d\"\n]\n\n[[test]]\nname = \"two\"\n",
        );
        assert_eq!((line, column), (8, 27));
        assert_eq!(
            message,
            "TOML syntax error: unclosed inline table: the `{` at line 8, column 3 is never closed"
        );
    }

    #[test]
    fn a_missing_comma_between_lines_is_a_comma() {
        let (line, column, message, _) = error("args = [\n  \"a\"\n  \"b\",\n]\n");
        assert_eq!((line, column), (7, 6));
        assert_eq!(
            message,
            "TOML syntax error: missing `,` at the end of this line, in the array opened by the `[` at line 6, column 8"
        );
        let (line, column, message, _) =
            error("stdout = { text = \"x\"\n  compare = \"lines\" }\n");
        assert_eq!((line, column), (6, 22));
        assert!(message.contains("missing `,`"), "{message}");
        assert!(message.contains("inline table"), "{message}");
    }

    #[test]
    fn an_unclosed_multi_line_string_is_reported_at_its_quotes() {
        let (line, column, message, help) =
            error("stdout = \"\"\"x\nstdin = \"x\"\n\n[[test]]\nname = \"two\"\n");
        assert_eq!((line, column), (6, 10));
        assert_eq!(
            message,
            "TOML syntax error: unclosed multi-line string: the `\"\"\"` at line 6, column 10 is never closed"
        );
        assert_eq!(help, "end the string with `\"\"\"`");
        let (line, column, _, help) = error("stdout = '''x\n");
        assert_eq!((line, column), (6, 10));
        assert_eq!(help, "end the string with `'''`");
    }

    #[test]
    fn errors_on_their_own_line_stay_where_the_parser_put_them() {
        let (line, column, message, _) = error("stdout = \"x\nstdin = \"y\"\n");
        assert_eq!((line, column), (6, 12));
        assert!(message.contains("basic string"), "{message}");
        let source = "id = \"demo\"\ntitle = \n";
        let e = first_error(source).expect("error");
        assert_eq!(line_col(source, e.offset.unwrap()), (2, 9));
        let (line, _, message, help) = error("stdout = \"a\"\nstdout = \"b\"\n");
        assert_eq!(line, 7);
        assert!(message.contains("duplicate key"), "{message}");
        assert_eq!(help, "each key may appear only once in a table");
        let (line, column, message, _) = error("[[test]\nname = \"two\"\n");
        assert_eq!((line, column), (6, 8));
        assert!(message.contains("unclosed array table"), "{message}");
    }

    #[test]
    fn strings_and_comments_do_not_open_brackets() {
        // A `{` in a string or a comment is not a bracket: the error stays the parser's.
        let (line, _, message, _) =
            error("stdout = \"{ [\" # { [\nstdin = { file = \"x\"\nargs = []\n");
        assert_eq!(line, 7);
        assert!(message.contains("unclosed inline table"), "{message}");
        assert!(message.contains("line 7, column 9"), "{message}");
    }

    #[test]
    fn odd_documents_never_panic() {
        for source in [
            "{",
            "[",
            "[[",
            "\"",
            "'''",
            "\"\"\"\\",
            "a = {",
            "a = [\n",
            "a = { b = [\n}\n",
            "a = \"\\",
            "a = 1\n[",
            "é = {\n",
            "a = '''''\n",
            "a = [\"\"\"\n\"\"\"\n",
            "a = [1,\né",
            "x = { a = 1 é\nb = 2",
            "x = { a = \"é\"\nb = 2\n",
        ] {
            let _ = first_error(source);
        }
    }

    proptest::proptest! {
        /// Whatever the author wrote, placing its first error never panics, and a document the
        /// parser accepts has no error.
        #[test]
        fn any_document_is_placed_without_panicking(
            source in r#"[a-zé =\[\]{},"'#\n\\1.]{0,60}"#
        ) {
            let placed = first_error(&source);
            let (_, errors) = DeTable::parse_recoverable(&source);
            proptest::prop_assert_eq!(placed.is_none(), errors.is_empty());
            if let Some(offset) = placed.and_then(|e| e.offset) {
                proptest::prop_assert!(offset <= source.len());
            }
        }
    }
}
