//! The `regex` comparator: the pattern (Rust `regex` syntax) must match the whole output, with
//! one final newline removed. Matching is on the output's bytes (`regex::bytes`): in Unicode
//! mode (the default) `.` and classes match whole UTF-8 characters and never an invalid byte;
//! `(?-u:\xff)` matches the byte 0xFF.

use regex::bytes::Regex;

use super::text::{line_col, quote};
use super::{Comparison, Mismatch};

/// The pattern anchored to the whole output. The pattern is checked on its own first, so that
/// a pattern like `a)|(b` cannot escape the anchoring group.
pub fn anchored(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(pattern)?;
    Regex::new(&format!(r"\A(?:{pattern})\z"))
}

fn fail(message: String, line: Option<usize>, column: Option<usize>) -> Comparison {
    Comparison::Fail(Mismatch {
        message,
        line,
        column,
        states_line: false,
    })
}

pub fn compare(pattern: &[u8], actual: &[u8]) -> Comparison {
    let Ok(pattern) = std::str::from_utf8(pattern) else {
        return fail(
            format!(
                "the regex {} is not valid UTF-8; write a byte as `(?-u:\\xNN)`",
                quote(pattern)
            ),
            None,
            None,
        );
    };
    let subject = actual.strip_suffix(b"\n").unwrap_or(actual);
    let regex = match anchored(pattern) {
        Ok(regex) => regex,
        Err(err) => {
            return fail(
                format!("invalid regex {}: {err}", quote(pattern.as_bytes())),
                None,
                None,
            );
        }
    };
    if regex.is_match(subject) {
        return Comparison::Pass;
    }
    // A hint: where the unanchored pattern matches, if anywhere.
    let partial = Regex::new(pattern).ok().and_then(|r| r.find(subject));
    let (hint, line, column) = match partial {
        Some(found) => {
            let (line, column) = line_col(subject, found.start());
            (
                format!(
                    " (it matches only {} at line {line}, column {column}; the pattern must match the whole output)",
                    quote(found.as_bytes())
                ),
                Some(line),
                Some(column),
            )
        }
        None => (String::new(), None, None),
    };
    fail(
        format!(
            "the output {} does not match the pattern {}{hint}",
            quote(subject),
            quote(pattern.as_bytes())
        ),
        line,
        column,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail(pattern: &str, actual: &[u8]) -> Mismatch {
        match compare(pattern.as_bytes(), actual) {
            Comparison::Fail(m) => m,
            Comparison::Pass => panic!("expected a mismatch"),
        }
    }

    #[test]
    fn whole_output_minus_one_final_newline() {
        assert!(compare(br"\d+", b"42\n").passed());
        assert!(compare(br"\d+", b"42").passed());
        assert!(!compare(br"\d+", b"42\n\n").passed());
        assert!(compare(br"\d+\n", b"42\n\n").passed());
        assert!(compare(b"", b"").passed());
        assert!(compare(b"", b"\n").passed());
        assert!(compare(br"(?s)took.*ms", b"took\n12 ms\n").passed());
    }

    #[test]
    fn partial_match_fails_with_a_hint() {
        let m = fail(r"\d+", b"x 42\n");
        assert_eq!(
            m.message,
            r#"the output "x 42" does not match the pattern "\\d+" (it matches only "42" at line 1, column 3; the pattern must match the whole output)"#
        );
        assert_eq!((m.line, m.column), (Some(1), Some(3)));
        // `^`/`$` in multi-line mode cannot anchor to a single line.
        assert!(!compare(b"(?m)^ok$", b"ok\nmore\n").passed());
        // Alternation is anchored as a whole.
        assert!(!compare(b"a|b", b"ab").passed());
        let m = fail("x", b"y\n");
        assert_eq!(
            m.message,
            r#"the output "y" does not match the pattern "x""#
        );
        assert_eq!(m.line, None);
    }

    #[test]
    fn pattern_cannot_escape_the_anchors() {
        let m = fail("a)|(b", b"zzzb");
        assert!(
            m.message.starts_with(r#"invalid regex "a)|(b": "#),
            "{}",
            m.message
        );
    }

    #[test]
    fn invalid_pattern_fails_with_the_regex_error() {
        let m = fail("(", b"(");
        assert!(
            m.message.starts_with(r#"invalid regex "(": "#),
            "{}",
            m.message
        );
        assert!(m.message.contains("unclosed group"), "{}", m.message);
    }

    #[test]
    fn nul_and_invalid_utf8() {
        assert!(compare(br"a\x00b", b"a\0b").passed());
        assert!(!compare(br"a\s", b"a\0").passed());
    }

    #[test]
    fn invalid_bytes_are_matched_as_bytes() {
        // U+FFFD in the pattern is not an invalid byte in the output.
        assert!(!compare("a\u{fffd}".as_bytes(), b"a\xff").passed());
        // `.` matches characters, never an invalid byte; `(?-u:…)` matches bytes.
        assert!(!compare(b"a.", b"a\xff").passed());
        assert!(compare(b"a.", "aé".as_bytes()).passed());
        assert!(compare(br"a(?-u:\xff)", b"a\xff\n").passed());
        assert!(!compare(br"(?-u:\x81)+", b"\x81\x82").passed());
        let m = fail(r"(?-u:\x81)+", b"\x81\x82");
        assert!(
            m.message
                .starts_with(r#"the output "\x81\x82" does not match"#),
            "{}",
            m.message
        );
        assert!(
            m.message
                .contains(r#"it matches only "\x81" at line 1, column 1"#),
            "{}",
            m.message
        );
        let m = fail("\u{fffd}", b"\xff");
        assert_eq!(
            m.message,
            "the output \"\\xff\" does not match the pattern \"\u{fffd}\""
        );
        match compare(b"a\xff", b"a\xff") {
            Comparison::Fail(m) => assert!(m.message.contains("not valid UTF-8"), "{}", m.message),
            Comparison::Pass => panic!("a pattern that is not UTF-8 cannot match"),
        }
    }
}
