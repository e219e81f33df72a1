//! The `tokens` and `float` comparators: whitespace-separated tokens compared like the Kattis
//! problemtools default output validator (case sensitivity, space-change sensitivity, float
//! tolerances). Tokens are byte strings: split on ASCII whitespace, compared byte for byte (or
//! ASCII case-insensitively), numbers parsed from ASCII only.

use super::text::{line_col, quote};
use super::{CompareSpec, Comparison, Mismatch};

/// The default tolerance of the `float` comparator.
pub const FLOAT_DEFAULT_TOL: f64 = 1e-6;

/// Whitespace as C's `isspace` in the "C" locale sees it (what the Kattis validator splits on).
/// NUL, other bytes and non-ASCII spaces are not whitespace.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r')
}

struct Token<'a> {
    text: &'a [u8],
    /// Byte offset of the token.
    start: usize,
    /// The whitespace run just before the token, and its byte offset.
    space_before: &'a [u8],
    space_start: usize,
}

/// The tokens of `bytes`, and the whitespace run after the last one (with its offset).
fn tokenize(bytes: &[u8]) -> (Vec<Token<'_>>, &[u8], usize) {
    let mut tokens = Vec::new();
    let mut pos = 0;
    loop {
        let rest = &bytes[pos..];
        let space_len = rest
            .iter()
            .position(|&b| !is_space(b))
            .unwrap_or(rest.len());
        let space_start = pos;
        let space_before = &rest[..space_len];
        pos += space_len;
        if pos == bytes.len() {
            return (tokens, space_before, space_start);
        }
        let rest = &bytes[pos..];
        let len = rest.iter().position(|&b| is_space(b)).unwrap_or(rest.len());
        tokens.push(Token {
            text: &rest[..len],
            start: pos,
            space_before,
            space_start,
        });
        pos += len;
    }
}

/// Whether two tokens are the same: byte-identical, or with `case_sensitive = false` equal
/// once ASCII letters are folded (`A`–`Z` = `a`–`z`; every other byte, UTF-8 letters included,
/// must be identical — the Kattis validator's `toupper` in the C locale).
fn same_token(expected: &[u8], actual: &[u8], case_sensitive: bool) -> bool {
    if case_sensitive {
        expected == actual
    } else {
        expected.eq_ignore_ascii_case(actual)
    }
}

/// [`parse_decimal`] of a token's bytes: a number is ASCII, so anything else is not one.
fn parse_decimal_bytes(token: &[u8]) -> Option<f64> {
    std::str::from_utf8(token).ok().and_then(parse_decimal)
}

/// The value of a token when it is a finite decimal number: `[+-]` digits with an optional
/// fraction (`5.`, `.5` allowed) and an optional exponent, nothing else. `inf`, `nan`, hex and
/// values that overflow to infinity are not numbers (problemtools' `isfloat`).
pub fn parse_decimal(token: &str) -> Option<f64> {
    let b = token.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let from = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - from
    };
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let mut mantissa = digits(&mut i);
    if i < b.len() && b[i] == b'.' {
        i += 1;
        mantissa += digits(&mut i);
    }
    if mantissa == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    token.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A tolerance that is in force: given, and not negative (problemtools treats a negative one as
/// absent).
fn active(tol: Option<f64>) -> Option<f64> {
    tol.filter(|t| *t >= 0.0)
}

/// Kattis semantics: within the absolute OR the relative tolerance of the expected value.
pub fn within(expected: f64, actual: f64, abs_tol: Option<f64>, rel_tol: Option<f64>) -> bool {
    let diff = (expected - actual).abs();
    active(abs_tol).is_some_and(|t| diff <= t)
        || active(rel_tol).is_some_and(|t| diff <= t * expected.abs())
}

/// `abs_tol 1e-6 and rel_tol 1e-6 allow`.
pub fn tolerances(abs_tol: Option<f64>, rel_tol: Option<f64>) -> String {
    match (active(abs_tol), active(rel_tol)) {
        (Some(a), Some(r)) => format!("abs_tol {a:e} and rel_tol {r:e} allow"),
        (Some(a), None) => format!("abs_tol {a:e} allows"),
        (None, Some(r)) => format!("rel_tol {r:e} allows"),
        (None, None) => "no tolerance allows".to_string(),
    }
}

/// `none` for an empty run, else the quoted run.
fn space(run: &[u8]) -> String {
    if run.is_empty() {
        "none".to_string()
    } else {
        quote(run)
    }
}

fn at(actual: &[u8], offset: usize, message: String) -> Comparison {
    let (line, column) = line_col(actual, offset);
    Comparison::Fail(Mismatch {
        message,
        line: Some(line),
        column: Some(column),
        states_line: false,
    })
}

/// `tokens`: the spec's `abs_tol`, `rel_tol`, `case_sensitive` and `space_sensitive` apply.
/// (`float` is this with its default tolerances filled in; see [`float_spec`].)
pub fn compare(spec: &CompareSpec, expected: &[u8], actual: &[u8]) -> Comparison {
    let (want, want_tail, _) = tokenize(expected);
    let (got, got_tail, got_tail_start) = tokenize(actual);
    let use_floats = active(spec.abs_tol).is_some() || active(spec.rel_tol).is_some();

    for (i, w) in want.iter().enumerate() {
        let Some(g) = got.get(i) else {
            let got_what = if actual.is_empty() {
                "empty output".to_string()
            } else if got.is_empty() {
                "only whitespace".to_string()
            } else {
                "end of output".to_string()
            };
            return at(
                actual,
                actual.len(),
                format!(
                    "token {}: expected {}, got {got_what} (output has {} of {} tokens)",
                    i + 1,
                    quote(w.text),
                    got.len(),
                    want.len()
                ),
            );
        };
        let line = || line_col(actual, g.start).0;
        if spec.space_sensitive && w.space_before != g.space_before {
            let diff = w
                .space_before
                .iter()
                .zip(g.space_before)
                .take_while(|(a, b)| a == b)
                .count();
            return at(
                actual,
                g.space_start + diff,
                format!(
                    "token {} (line {}): whitespace before it differs: expected {}, got {}",
                    i + 1,
                    line(),
                    space(w.space_before),
                    space(g.space_before)
                ),
            );
        }
        let prefix = || {
            format!(
                "token {} (line {}): expected {}, got {}",
                i + 1,
                line(),
                quote(w.text),
                quote(g.text)
            )
        };
        let expected_number = if use_floats {
            parse_decimal_bytes(w.text)
        } else {
            None
        };
        if let Some(e) = expected_number {
            match parse_decimal_bytes(g.text) {
                None => {
                    return at(
                        actual,
                        g.start,
                        format!("{}, which is not a number", prefix()),
                    );
                }
                Some(a) if !within(e, a, spec.abs_tol, spec.rel_tol) => {
                    return at(
                        actual,
                        g.start,
                        format!(
                            "{} (off by {:.2e}, more than {})",
                            prefix(),
                            (e - a).abs(),
                            tolerances(spec.abs_tol, spec.rel_tol)
                        ),
                    );
                }
                Some(_) => {}
            }
        } else {
            if !same_token(w.text, g.text, spec.case_sensitive) {
                return at(actual, g.start, prefix());
            }
        }
    }
    if let Some(g) = got.get(want.len()) {
        let (line, _) = line_col(actual, g.start);
        let counts = if want.is_empty() {
            "expected no tokens".to_string()
        } else {
            format!("output has {} tokens, expected {}", got.len(), want.len())
        };
        return at(
            actual,
            g.start,
            format!(
                "token {} (line {line}): expected end of output, got {} ({counts})",
                want.len() + 1,
                quote(g.text)
            ),
        );
    }
    if spec.space_sensitive && want_tail != got_tail {
        let diff = want_tail
            .iter()
            .zip(got_tail)
            .take_while(|(a, b)| a == b)
            .count();
        return at(
            actual,
            got_tail_start + diff,
            format!(
                "whitespace at the end of the output differs: expected {}, got {}",
                space(want_tail),
                space(got_tail)
            ),
        );
    }
    Comparison::Pass
}

/// The spec `float` compares with: `tokens` with `abs_tol = rel_tol = 1e-6` unless given.
pub fn float_spec(spec: &CompareSpec) -> CompareSpec {
    CompareSpec {
        abs_tol: Some(spec.abs_tol.unwrap_or(FLOAT_DEFAULT_TOL)),
        rel_tol: Some(spec.rel_tol.unwrap_or(FLOAT_DEFAULT_TOL)),
        ..spec.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::super::CompareKind;
    use super::*;

    fn tokens() -> CompareSpec {
        CompareSpec::new(CompareKind::Tokens)
    }

    fn tol(abs: Option<f64>, rel: Option<f64>) -> CompareSpec {
        CompareSpec {
            abs_tol: abs,
            rel_tol: rel,
            ..tokens()
        }
    }

    fn fail(spec: &CompareSpec, expected: &str, actual: &[u8]) -> Mismatch {
        match compare(spec, expected.as_bytes(), actual) {
            Comparison::Fail(m) => m,
            Comparison::Pass => panic!("expected a mismatch"),
        }
    }

    fn pass(spec: &CompareSpec, expected: &str, actual: &[u8]) -> bool {
        compare(spec, expected.as_bytes(), actual).passed()
    }

    #[test]
    fn whitespace_amount_and_kind_do_not_matter_by_default() {
        assert!(pass(&tokens(), "1 2\n3\n", b"  1\t2 3"));
        assert!(pass(&tokens(), "1 2\n", b"1\r\n2\r\n\x0b\x0c"));
        assert!(pass(&tokens(), "", b""));
        assert!(pass(&tokens(), "", b" \n\n"));
    }

    #[test]
    fn token_mismatch_message_names_index_and_line() {
        let m = fail(
            &tokens(),
            "10.0.0.1 5\n10.0.0.2 3\n",
            b"10.0.0.1 5\n10.0.0.2 4\n",
        );
        assert_eq!(m.message, r#"token 4 (line 2): expected "3", got "4""#);
        assert_eq!((m.line, m.column), (Some(2), Some(10)));
    }

    #[test]
    fn missing_and_extra_tokens() {
        let m = fail(&tokens(), "1 2 3", b"1 2\n");
        assert_eq!(
            m.message,
            r#"token 3: expected "3", got end of output (output has 2 of 3 tokens)"#
        );
        assert_eq!((m.line, m.column), (Some(2), Some(1)));
        let m = fail(&tokens(), "1 2", b"1 2\nfoo bar\n");
        assert_eq!(
            m.message,
            r#"token 3 (line 2): expected end of output, got "foo" (output has 4 tokens, expected 2)"#
        );
        assert_eq!((m.line, m.column), (Some(2), Some(1)));
        let m = fail(&tokens(), "", b"x");
        assert_eq!(
            m.message,
            r#"token 1 (line 1): expected end of output, got "x" (expected no tokens)"#
        );
    }

    #[test]
    fn empty_and_blank_output() {
        let m = fail(&tokens(), "7\n", b"");
        assert_eq!(
            m.message,
            r#"token 1: expected "7", got empty output (output has 0 of 1 tokens)"#
        );
        let m = fail(&tokens(), "7\n", b" \n");
        assert_eq!(
            m.message,
            r#"token 1: expected "7", got only whitespace (output has 0 of 1 tokens)"#
        );
    }

    #[test]
    fn nul_is_not_whitespace_and_invalid_utf8_is_bytes() {
        let m = fail(&tokens(), "a b", b"a\0b");
        assert_eq!(m.message, r#"token 1 (line 1): expected "a", got "a\0b""#);
        assert!(!pass(&tokens(), "a b", b"a\xffb"));
        assert!(!pass(&tokens(), "\u{fffd}", b"\xff"));
        assert!(compare(&tokens(), b"\xff \x81", b"\xff\n\x81\n").passed());
        let m = match compare(&tokens(), b"1 \x81", b"1 \x82") {
            Comparison::Fail(m) => m,
            Comparison::Pass => panic!("\\x81 and \\x82 must differ"),
        };
        assert_eq!(
            m.message,
            r#"token 2 (line 1): expected "\x81", got "\x82""#
        );
        assert_eq!((m.line, m.column), (Some(1), Some(3)));
        // Non-ASCII spaces are not separators (C locale isspace).
        assert!(!pass(&tokens(), "a b", "a\u{a0}b".as_bytes()));
    }

    #[test]
    fn case_insensitivity() {
        assert!(!pass(&tokens(), "Yes", b"yes"));
        let spec = CompareSpec {
            case_sensitive: false,
            ..tokens()
        };
        assert!(pass(&spec, "Yes POSSIBLE", b"YES possible"));
        assert!(!pass(&spec, "yes", b"yes!"));
        // ASCII letters only: other letters, and invalid bytes, must match exactly.
        assert!(!pass(&spec, "é", "É".as_bytes()));
        assert!(pass(&spec, "é", "é".as_bytes()));
        assert!(compare(&spec, b"A\xc1", b"a\xc1").passed());
        assert!(!compare(&spec, b"\xc1", b"\xe1").passed());
    }

    #[test]
    fn space_sensitivity() {
        let spec = CompareSpec {
            space_sensitive: true,
            ..tokens()
        };
        assert!(pass(&spec, "1 2\n", b"1 2\n"));
        let m = fail(&spec, "1 2\n", b"1  2\n");
        assert_eq!(
            m.message,
            r#"token 2 (line 1): whitespace before it differs: expected " ", got "  ""#
        );
        assert_eq!((m.line, m.column), (Some(1), Some(3)));
        let m = fail(&spec, "1\n2\n", b"1 2\n");
        assert_eq!(
            m.message,
            r#"token 2 (line 1): whitespace before it differs: expected "\n", got " ""#
        );
        let m = fail(&spec, "1 2\n", b"1 2");
        assert_eq!(
            m.message,
            r#"whitespace at the end of the output differs: expected "\n", got none"#
        );
        assert_eq!((m.line, m.column), (Some(1), Some(4)));
        let m = fail(&spec, "1\n", b" 1\n");
        assert_eq!(
            m.message,
            r#"token 1 (line 1): whitespace before it differs: expected none, got " ""#
        );
        assert!(!pass(&spec, "1\n", b"1\r\n"));
    }

    #[test]
    fn decimal_number_formats() {
        for ok in [
            "0", "-0", "+1", "1.", ".5", "-.5", "1e5", "1E+5", "2.5e-3", "007", "1e-400",
        ] {
            assert!(parse_decimal(ok).is_some(), "{ok}");
        }
        for not in [
            "", "+", "-", ".", "e5", "1e", "1e+", "1.5x", "inf", "-inf", "nan", "NaN", "infinity",
            "0x10", "1e400", "1,5", "1_000", "--1", "1.2.3",
        ] {
            assert!(parse_decimal(not).is_none(), "{not}");
        }
    }

    #[test]
    fn tolerances_are_only_used_when_given() {
        assert!(!pass(&tokens(), "1", b"1.0"));
        assert!(pass(&tol(Some(0.0), None), "1", b"1.0"));
        assert!(pass(&tol(Some(0.0), None), "-0", b"0"));
        assert!(pass(&tol(Some(0.0), None), "1e3", b"1000"));
        assert!(pass(&tol(Some(0.0), None), "1E3", b"1000.000"));
    }

    #[test]
    fn abs_or_rel_tolerance_boundaries() {
        // Exactly at the absolute boundary passes (|a-e| <= abs_tol), just beyond fails.
        assert!(pass(&tol(Some(0.5), None), "1", b"1.5"));
        assert!(!pass(&tol(Some(0.5), None), "1", b"1.5000001"));
        // Relative tolerance scales with the expected value.
        assert!(pass(&tol(None, Some(0.01)), "1000", b"1010"));
        assert!(!pass(&tol(None, Some(0.01)), "1000", b"1010.1"));
        assert!(!pass(&tol(None, Some(0.01)), "0", b"0.000001"));
        // Either tolerance suffices.
        assert!(pass(&tol(Some(1e-6), Some(0.01)), "1000", b"1009"));
        assert!(pass(&tol(Some(1.0), Some(1e-9)), "0", b"0.9"));
        // A negative tolerance is no tolerance.
        assert!(!pass(&tol(Some(-1.0), None), "1", b"1.0"));
    }

    #[test]
    fn float_failure_messages() {
        let spec = float_spec(&tokens());
        let m = fail(&spec, "x 3.14159\n", b"x 3.15\n");
        assert_eq!(
            m.message,
            r#"token 2 (line 1): expected "3.14159", got "3.15" (off by 8.41e-3, more than abs_tol 1e-6 and rel_tol 1e-6 allow)"#
        );
        assert_eq!((m.line, m.column), (Some(1), Some(3)));
        let m = fail(&spec, "3.5", b"three");
        assert_eq!(
            m.message,
            r#"token 1 (line 1): expected "3.5", got "three", which is not a number"#
        );
        let m = fail(&tol(Some(0.1), None), "1", b"2");
        assert!(
            m.message
                .ends_with("(off by 1.00e0, more than abs_tol 1e-1 allows)"),
            "{}",
            m.message
        );
    }

    #[test]
    fn inf_and_nan_compare_as_strings() {
        let spec = float_spec(&tokens());
        assert!(pass(&spec, "inf nan", b"inf nan"));
        assert!(!pass(&spec, "inf", b"Infinity"));
        let m = fail(&spec, "nan", b"NaN");
        assert_eq!(m.message, r#"token 1 (line 1): expected "nan", got "NaN""#);
        // An expected non-number is compared as text even when the actual token is a number.
        assert!(!pass(&spec, "abc", b"1"));
        // An expected number must not be answered with inf.
        assert!(!pass(&spec, "1e308", b"inf"));
    }

    #[test]
    fn huge_numbers_and_exponents() {
        let spec = float_spec(&tokens());
        assert!(pass(&spec, "1e300", b"1.0000000001e300"));
        assert!(!pass(&spec, "1e300", b"1.1e300"));
        assert!(pass(
            &spec,
            "123456789012345678901234567890",
            b"1.2345678901234567890e29"
        ));
        // Overflowing values are not numbers: compared as text.
        assert!(pass(&spec, "1e999", b"1e999"));
        assert!(!pass(&spec, "1e999", b"1e1000"));
        // A difference that overflows is not within tolerance.
        assert!(!pass(&spec, "1e308", b"-1e308"));
        assert!(pass(&spec, "1e-400", b"0"));
        assert!(pass(&spec, "-0.0", b"0"));
    }

    #[test]
    fn float_defaults_only_fill_what_is_missing() {
        let s = float_spec(&tol(Some(0.5), None));
        assert_eq!((s.abs_tol, s.rel_tol), (Some(0.5), Some(1e-6)));
        let s = float_spec(&tokens());
        assert_eq!((s.abs_tol, s.rel_tol), (Some(1e-6), Some(1e-6)));
        assert!(pass(&s, "0.1234567", b"0.1234575"));
        assert!(!pass(&s, "0.1234567", b"0.1234587"));
    }
}
