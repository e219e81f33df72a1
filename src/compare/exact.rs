//! The `exact` comparator: the bytes must be identical; the mismatch is located at the first
//! differing byte.

use super::text::{QUOTE_LIMIT, line_col, plural, quote};
use super::{Comparison, Mismatch};

/// The line of `bytes` holding byte `at`, with its `\n` when it has one.
fn line_around(bytes: &[u8], at: usize) -> &[u8] {
    let at = at.min(bytes.len());
    let start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| at + i + 1);
    &bytes[start..end]
}

fn describe(bytes: &[u8], at: usize) -> String {
    let line = line_around(bytes, at);
    if line.is_empty() {
        return "end of output".to_string();
    }
    // Window a long line around the difference.
    let line_start = bytes[..at.min(bytes.len())]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let offset = at.saturating_sub(line_start);
    if line.len() <= QUOTE_LIMIT || offset < QUOTE_LIMIT / 2 {
        return quote(line);
    }
    let from = (offset - QUOTE_LIMIT / 3).min(line.len());
    format!("…{}", quote(&line[from..]))
}

pub fn compare(expected: &[u8], actual: &[u8]) -> Comparison {
    if expected == actual {
        return Comparison::Pass;
    }
    let at = expected
        .iter()
        .zip(actual)
        .take_while(|(e, a)| e == a)
        .count();
    let (line, column) = line_col(actual, at);
    let states_line = !actual.is_empty() && !expected.is_empty();
    let message = if actual.is_empty() {
        format!(
            "expected {}, got empty output (first line {})",
            plural(expected.len(), "byte"),
            describe(expected, 0)
        )
    } else if expected.is_empty() {
        format!(
            "expected empty output, got {} (first line {})",
            plural(actual.len(), "byte"),
            describe(actual, 0)
        )
    } else {
        format!(
            "line {line}: expected {}, got {} (first difference at byte {})",
            describe(expected, at),
            describe(actual, at),
            at + 1
        )
    };
    Comparison::Fail(Mismatch {
        message,
        line: Some(line),
        column: Some(column),
        states_line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail(expected: &[u8], actual: &[u8]) -> Mismatch {
        match compare(expected, actual) {
            Comparison::Fail(m) => m,
            Comparison::Pass => panic!("expected a mismatch"),
        }
    }

    #[test]
    fn identical_bytes_pass_including_nul_and_invalid_utf8() {
        assert!(compare(b"", b"").passed());
        assert!(compare(b"a\0\xff\n", b"a\0\xff\n").passed());
    }

    #[test]
    fn missing_final_newline_is_a_difference_and_shows() {
        let m = fail(b"a\nb\n", b"a\nb");
        assert_eq!(
            m.message,
            r#"line 2: expected "b\n", got "b" (first difference at byte 4)"#
        );
        assert_eq!((m.line, m.column), (Some(2), Some(2)));
    }

    #[test]
    fn crlf_and_trailing_space_are_differences() {
        let m = fail(b"x y\n", b"x y\r\n");
        assert_eq!(
            m.message,
            r#"line 1: expected "x y\n", got "x y\r\n" (first difference at byte 4)"#
        );
        assert_eq!((m.line, m.column), (Some(1), Some(4)));
        assert!(!compare(b"a\n", b"a \n").passed());
    }

    #[test]
    fn extra_and_missing_lines() {
        let m = fail(b"a\n", b"a\nb\n");
        assert_eq!(
            m.message,
            r#"line 2: expected end of output, got "b\n" (first difference at byte 3)"#
        );
        let m = fail(b"a\nb\n", b"a\n");
        assert_eq!(
            m.message,
            r#"line 2: expected "b\n", got end of output (first difference at byte 3)"#
        );
        assert_eq!((m.line, m.column), (Some(2), Some(1)));
    }

    #[test]
    fn empty_sides() {
        let m = fail(b"42\n", b"");
        assert_eq!(
            m.message,
            r#"expected 3 bytes, got empty output (first line "42\n")"#
        );
        assert_eq!((m.line, m.column), (Some(1), Some(1)));
        let m = fail(b"", b"\0");
        assert_eq!(
            m.message,
            r#"expected empty output, got 1 byte (first line "\0")"#
        );
    }

    #[test]
    fn invalid_utf8_is_compared_as_bytes_and_escaped() {
        let m = fail(b"caf\xc3\xa9 \xfe\n", b"caf\xc3\xa9 \xff\n");
        assert_eq!(
            m.message,
            r#"line 1: expected "café \xfe\n", got "café \xff\n" (first difference at byte 7)"#
        );
        assert_eq!((m.line, m.column), (Some(1), Some(6)));
    }

    #[test]
    fn long_lines_are_windowed_around_the_difference() {
        let want = vec![b'x'; 1000];
        let mut got = want.clone();
        got[700] = b'y';
        let m = fail(&want, &got);
        assert!(m.message.contains("got …\"xx"), "{}", m.message);
        assert!(m.message.contains('y'), "{}", m.message);
        assert_eq!((m.line, m.column), (Some(1), Some(701)));
    }
}
