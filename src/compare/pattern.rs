//! The `regex` comparator: the pattern (Rust `regex` syntax) must match the whole output, with
//! one final newline removed.

use regex::Regex;

use super::text::{line_col, lossy, quote};
use super::{Comparison, Mismatch};

/// The pattern anchored to the whole text. The pattern is checked on its own first, so that a
/// pattern like `a)|(b` cannot escape the anchoring group.
pub fn anchored(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(pattern)?;
    Regex::new(&format!(r"\A(?:{pattern})\z"))
}

pub fn compare(pattern: &[u8], actual: &[u8]) -> Comparison {
    let pattern = lossy(pattern);
    let actual = lossy(actual);
    let subject = actual.strip_suffix('\n').unwrap_or(&actual);
    let regex = match anchored(&pattern) {
        Ok(regex) => regex,
        Err(err) => {
            return Comparison::Fail(Mismatch {
                message: format!("invalid regex {}: {err}", quote(&pattern)),
                line: None,
                column: None,
            });
        }
    };
    if regex.is_match(subject) {
        return Comparison::Pass;
    }
    // A hint: where the unanchored pattern matches, if anywhere.
    let partial = Regex::new(&pattern).ok().and_then(|r| r.find(subject));
    let (hint, line, column) = match partial {
        Some(found) => {
            let (line, column) = line_col(subject, found.start());
            (
                format!(
                    " (it matches only {} at line {line}, column {column}; the pattern must match the whole output)",
                    quote(found.as_str())
                ),
                Some(line),
                Some(column),
            )
        }
        None => (String::new(), None, None),
    };
    Comparison::Fail(Mismatch {
        message: format!(
            "the output {} does not match the pattern {}{hint}",
            quote(subject),
            quote(&pattern)
        ),
        line,
        column,
    })
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
        assert!(compare("a\u{fffd}".as_bytes(), b"a\xff").passed());
        assert!(!compare(br"a\s", b"a\0").passed());
    }
}
