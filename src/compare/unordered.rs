//! The `unordered` comparator: the normalised lines (as `lines`) must be equal as multisets of
//! byte strings.

use std::collections::{HashMap, HashSet};

use super::text::{normalized_lines, quote};
use super::{Comparison, Mismatch};

/// ` (expected 2 times, got 1)` when a line repeats on either side, else nothing.
fn times(want: usize, got: usize) -> String {
    if want <= 1 && got <= 1 {
        String::new()
    } else {
        let t = |n: usize| {
            if n == 1 {
                "1 time".to_string()
            } else {
                format!("{n} times")
            }
        };
        format!(" (expected {}, got {got})", t(want))
    }
}

/// ` and 2 more`.
fn more(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(" and {n} more")
    }
}

pub fn compare(expected: &[u8], actual: &[u8]) -> Comparison {
    let want = normalized_lines(expected);
    let got = normalized_lines(actual);

    let mut want_count: HashMap<&[u8], usize> = HashMap::new();
    for line in &want {
        *want_count.entry(line).or_default() += 1;
    }
    let mut got_count: HashMap<&[u8], usize> = HashMap::new();
    for line in &got {
        *got_count.entry(line).or_default() += 1;
    }

    // Missing: expected lines (first occurrence order) that come fewer times than expected.
    let mut missing: Vec<&[u8]> = Vec::new();
    let mut listed: HashSet<&[u8]> = HashSet::new();
    for line in &want {
        let w = want_count.get(line).copied().unwrap_or(0);
        let g = got_count.get(line).copied().unwrap_or(0);
        if g < w && listed.insert(line) {
            missing.push(line);
        }
    }
    // Unexpected: the actual line (in output order) where a line exceeds its expected count.
    let mut seen: HashMap<&[u8], usize> = HashMap::new();
    let mut unexpected: Vec<(usize, &[u8])> = Vec::new();
    for (i, line) in got.iter().enumerate() {
        let n = seen.entry(line).or_default();
        *n += 1;
        if *n == want_count.get(line).copied().unwrap_or(0) + 1 {
            unexpected.push((i, line));
        }
    }
    if missing.is_empty() && unexpected.is_empty() {
        return Comparison::Pass;
    }

    let count = |map: &HashMap<&[u8], usize>, line: &[u8]| map.get(line).copied().unwrap_or(0);
    let mut parts = Vec::new();
    if let Some(line) = missing.first() {
        parts.push(format!(
            "missing line {}{}{}",
            quote(line),
            times(count(&want_count, line), count(&got_count, line)),
            more(missing.len() - 1)
        ));
    }
    let mut location = None;
    if let Some(&(i, line)) = unexpected.first() {
        location = Some(i + 1);
        parts.push(format!(
            "unexpected line {}: {}{}{}",
            i + 1,
            quote(line),
            times(count(&want_count, line), count(&got_count, line)),
            more(unexpected.len() - 1)
        ));
    }
    Comparison::Fail(Mismatch {
        message: parts.join("; "),
        line: location,
        column: location.map(|_| 1),
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
    fn order_does_not_matter_normalisation_applies() {
        assert!(compare(b"a\nb\nc\n", b"c\r\nb \na\n\n").passed());
        assert!(compare(b"", b"").passed());
        assert!(compare(b"", b"\n\n").passed());
        assert!(compare(b"x\0\n", b"x\0").passed());
    }

    #[test]
    fn a_missing_and_an_unexpected_line_are_named() {
        let m = fail("10.0.0.1 5\n10.0.0.2 3\n", b"10.0.0.2 4\n10.0.0.1 5\n");
        assert_eq!(
            m.message,
            r#"missing line "10.0.0.2 3"; unexpected line 1: "10.0.0.2 4""#
        );
        assert_eq!((m.line, m.column), (Some(1), Some(1)));
    }

    #[test]
    fn duplicates_count() {
        let m = fail("a\na\nb\n", b"a\nb\nb\n");
        assert_eq!(
            m.message,
            r#"missing line "a" (expected 2 times, got 1); unexpected line 3: "b" (expected 1 time, got 2)"#
        );
        assert_eq!(m.line, Some(3));
        let m = fail("a\nb\n", b"a\nb\na\n");
        assert_eq!(
            m.message,
            r#"unexpected line 3: "a" (expected 1 time, got 2)"#
        );
        let m = fail("a\na\n", b"a\n");
        assert_eq!(m.message, r#"missing line "a" (expected 2 times, got 1)"#);
        assert_eq!((m.line, m.column), (None, None));
    }

    #[test]
    fn empty_on_one_side_and_many_differences() {
        let m = fail("a\nb\nc\n", b"");
        assert_eq!(m.message, r#"missing line "a" and 2 more"#);
        let m = fail("", b"x\ny\n");
        assert_eq!(m.message, r#"unexpected line 1: "x" and 1 more"#);
    }

    #[test]
    fn inner_empty_lines_nul_and_invalid_utf8_are_lines() {
        let m = fail("a\nb\n", b"a\n\nb\n");
        assert_eq!(m.message, r#"unexpected line 2: """#);
        let m = fail("a b\n", b"a\0b\n");
        assert_eq!(
            m.message,
            r#"missing line "a b"; unexpected line 1: "a\0b""#
        );
        assert!(!compare(b"a\n", b"\xff\n").passed());
        let m = fail("\u{fffd}\n", b"\xff\n");
        assert_eq!(
            m.message,
            "missing line \"\u{fffd}\"; unexpected line 1: \"\\xff\""
        );
        assert!(!compare(b"\x81\n\x81\n", b"\x82\n\x81\n").passed());
        assert!(compare(b"\x81\n\x82\n", b"\x82\r\n\x81  \n").passed());
    }
}
