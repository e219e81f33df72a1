//! The `lines` comparator (the default): normalised lines (CRLF → LF, trailing spaces and tabs
//! and trailing empty lines removed) must be byte-identical.

use super::text::{first_diff_unit, normalized_lines, plural, quote, quote_at};
use super::{Comparison, Mismatch};

/// `(missing "x")`, `(missing "x" and 2 more)`.
fn first_of(word: &str, rest: &[&[u8]]) -> String {
    match rest {
        [] => String::new(),
        [one] => format!(" ({word} {})", quote(one)),
        [first, more @ ..] => format!(" ({word} {} and {} more)", quote(first), more.len()),
    }
}

fn count_of(lines: &[&[u8]]) -> String {
    if lines.is_empty() {
        "empty output".to_string()
    } else {
        plural(lines.len(), "line")
    }
}

pub fn compare(expected: &[u8], actual: &[u8]) -> Comparison {
    let want = normalized_lines(expected);
    let got = normalized_lines(actual);

    for (i, (w, g)) in want.iter().zip(&got).enumerate() {
        if w != g {
            let at = first_diff_unit(w, g);
            return Comparison::Fail(Mismatch {
                message: format!(
                    "line {}: expected {}, got {}",
                    i + 1,
                    quote_at(w, at),
                    quote_at(g, at)
                ),
                line: Some(i + 1),
                column: Some(at + 1),
                states_line: true,
            });
        }
    }
    if want.len() == got.len() {
        return Comparison::Pass;
    }
    let common = want.len().min(got.len());
    let message = if want.len() > got.len() {
        format!(
            "expected {}, got {}{}",
            plural(want.len(), "line"),
            count_of(&got),
            first_of("missing", &want[common..])
        )
    } else if want.is_empty() {
        format!(
            "expected empty output, got {}{}",
            plural(got.len(), "line"),
            first_of("extra", &got[common..])
        )
    } else {
        format!(
            "expected {}, got {}{}",
            plural(want.len(), "line"),
            plural(got.len(), "line"),
            first_of("extra", &got[common..])
        )
    };
    Comparison::Fail(Mismatch {
        message,
        line: Some(common + 1),
        column: Some(1),
        states_line: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail(expected: &str, actual: &[u8]) -> Mismatch {
        match compare(expected.as_bytes(), actual) {
            Comparison::Fail(m) => m,
            Comparison::Pass => panic!("expected a mismatch"),
        }
    }

    #[test]
    fn normalisation_forgives_crlf_trailing_blanks_and_final_newline() {
        assert!(compare(b"a b\nc\n", b"a b \t\r\nc").passed());
        assert!(compare(b"a\n", b"a\n\n\n  \n").passed());
        assert!(compare(b"", b"").passed());
        assert!(compare(b"", b"\n\r\n \n").passed());
    }

    #[test]
    fn leading_blanks_and_inner_empty_lines_matter() {
        let m = fail("a\nb\n", b" a\nb\n");
        assert_eq!(m.message, r#"line 1: expected "a", got " a""#);
        assert_eq!((m.line, m.column), (Some(1), Some(1)));
        let m = fail("a\nb\n", b"a\n\nb\n");
        assert_eq!(m.message, r#"line 2: expected "b", got """#);
    }

    #[test]
    fn differing_line_message_and_location() {
        let m = fail("10.0.0.1 5\n10.0.0.2 3\n", b"10.0.0.1 5\n10.0.0.2 4\n");
        assert_eq!(
            m.message,
            r#"line 2: expected "10.0.0.2 3", got "10.0.0.2 4""#
        );
        assert_eq!((m.line, m.column), (Some(2), Some(10)));
    }

    #[test]
    fn missing_and_extra_lines() {
        let m = fail("a\nb\nc\n", b"a\nb\n");
        assert_eq!(m.message, r#"expected 3 lines, got 2 lines (missing "c")"#);
        assert_eq!((m.line, m.column), (Some(3), Some(1)));
        let m = fail("a\nb\nc\n", b"a\n");
        assert_eq!(
            m.message,
            r#"expected 3 lines, got 1 line (missing "b" and 1 more)"#
        );
        let m = fail("a\n", b"a\nb\n");
        assert_eq!(m.message, r#"expected 1 line, got 2 lines (extra "b")"#);
        assert_eq!((m.line, m.column), (Some(2), Some(1)));
    }

    #[test]
    fn empty_on_one_side() {
        let m = fail("a\nb\n", b"");
        assert_eq!(
            m.message,
            r#"expected 2 lines, got empty output (missing "a" and 1 more)"#
        );
        assert_eq!((m.line, m.column), (Some(1), Some(1)));
        let m = fail("\n", b"x");
        assert_eq!(
            m.message,
            r#"expected empty output, got 1 line (extra "x")"#
        );
    }

    #[test]
    fn nul_and_invalid_utf8_never_equal_blanks() {
        let m = fail("a\n", b"a\0\n");
        assert_eq!(m.message, r#"line 1: expected "a", got "a\0""#);
        assert_eq!(m.column, Some(2));
        let m = fail("a b\n", b"a\xffb\n");
        assert_eq!(m.message, r#"line 1: expected "a b", got "a\xffb""#);
        assert!(compare(b"x\0\n", b"x\0").passed());
    }

    /// Lossy decoding would turn both sides into U+FFFD and pass them (problemtools' case).
    #[test]
    fn invalid_bytes_are_compared_not_decoded() {
        let m = match compare(b"\x81\x81\n", b"\x81\x82\n") {
            Comparison::Fail(m) => m,
            Comparison::Pass => panic!("\\x81 and \\x82 must differ"),
        };
        assert_eq!(m.message, r#"line 1: expected "\x81\x81", got "\x81\x82""#);
        assert_eq!((m.line, m.column), (Some(1), Some(2)));
        assert!(!compare("\u{fffd}".as_bytes(), b"\xff").passed());
        assert!(compare(b"\xff \r\n", b"\xff").passed());
    }

    #[test]
    fn lone_cr_is_content_and_shows() {
        let m = fail("ab\n", b"a\rb\n");
        assert_eq!(m.message, r#"line 1: expected "ab", got "a\rb""#);
    }

    #[test]
    fn long_lines_are_truncated_around_the_difference() {
        let want = "x".repeat(1000);
        let got = "x".repeat(700) + "y" + &"x".repeat(299);
        let m = fail(&want, got.as_bytes());
        assert_eq!(m.column, Some(701));
        assert!(m.message.len() < 520, "{}", m.message);
        assert!(m.message.contains('y'));
    }
}
