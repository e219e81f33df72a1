//! Comparators: pure functions of (expected, actual, options) → pass, or a located mismatch.
//! One file per comparator; this module owns the shared types and the dispatch. Nothing here
//! touches the disk, spawns a process or knows about verdicts.
//!
//! Every comparator decides on bytes: two sides are equal when their bytes are equal after the
//! comparator's own normalisation (docs/authoring.md, "How outputs are compared"). Nothing is
//! decoded lossily; text is decoded only to be shown, invalid bytes as `\xNN` (text.rs).

mod contains;
mod exact;
mod json;
mod lines;
mod pattern;
#[cfg(test)]
mod properties;
pub mod text;
mod tokens;
mod unordered;

pub use json::{NotJson, check_expected as check_expected_json};
pub use tokens::{FLOAT_DEFAULT_TOL, parse_decimal};

/// The comparator names of challenge-format.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareKind {
    Exact,
    Lines,
    Tokens,
    Float,
    Unordered,
    Regex,
    Contains,
    Json,
}

impl CompareKind {
    pub const ALL: [CompareKind; 8] = [
        CompareKind::Exact,
        CompareKind::Lines,
        CompareKind::Tokens,
        CompareKind::Float,
        CompareKind::Unordered,
        CompareKind::Regex,
        CompareKind::Contains,
        CompareKind::Json,
    ];

    pub fn name(self) -> &'static str {
        match self {
            CompareKind::Exact => "exact",
            CompareKind::Lines => "lines",
            CompareKind::Tokens => "tokens",
            CompareKind::Float => "float",
            CompareKind::Unordered => "unordered",
            CompareKind::Regex => "regex",
            CompareKind::Contains => "contains",
            CompareKind::Json => "json",
        }
    }

    pub fn parse(text: &str) -> Option<CompareKind> {
        CompareKind::ALL.into_iter().find(|k| k.name() == text)
    }

    /// Whether identical expected and actual bytes pass, whatever they hold (the expected side
    /// is an output, not a pattern, and no number is judged): the judge then need not hold the
    /// expected output to know the comparison passes.
    pub fn passes_identical(self) -> bool {
        matches!(
            self,
            CompareKind::Exact | CompareKind::Lines | CompareKind::Unordered
        )
    }
}

/// A comparator with its options.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareSpec {
    pub kind: CompareKind,
    /// Absolute tolerance for numbers (`tokens`, `float`, `json`).
    pub abs_tol: Option<f64>,
    /// Relative tolerance for numbers (`tokens`, `float`, `json`).
    pub rel_tol: Option<f64>,
    /// For `tokens` (and `float`): compare tokens case-sensitively. Default true.
    pub case_sensitive: bool,
    /// For `tokens`: whitespace is significant (Kattis `space_change_sensitive`). Default false.
    pub space_sensitive: bool,
}

impl CompareSpec {
    pub fn new(kind: CompareKind) -> CompareSpec {
        CompareSpec {
            kind,
            abs_tol: None,
            rel_tol: None,
            case_sensitive: true,
            space_sensitive: false,
        }
    }
}

/// Where and how the actual output differs from the expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// One line a person can read: what was expected and what came, e.g.
    /// `line 2: expected "10.0.0.2 3", got "10.0.0.2 4"`.
    pub message: String,
    /// 1-based line of the actual output where the first difference is, when it has one.
    pub line: Option<usize>,
    /// 1-based column (in characters) of that difference, when it has one.
    pub column: Option<usize>,
    /// The message starts by naming `line` (`line 2: expected …`), so that a reporter can add
    /// the column there rather than say the line twice.
    pub states_line: bool,
}

/// The result of one comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Comparison {
    Pass,
    Fail(Mismatch),
}

impl Comparison {
    pub fn passed(&self) -> bool {
        matches!(self, Comparison::Pass)
    }
}

/// Compares `actual` with `expected` (for `regex` the pattern, for `contains` the needle).
pub fn compare(spec: &CompareSpec, expected: &[u8], actual: &[u8]) -> Comparison {
    match spec.kind {
        CompareKind::Exact => exact::compare(expected, actual),
        CompareKind::Lines => lines::compare(expected, actual),
        CompareKind::Tokens => tokens::compare(spec, expected, actual),
        CompareKind::Float => tokens::compare(&tokens::float_spec(spec), expected, actual),
        CompareKind::Unordered => unordered::compare(expected, actual),
        CompareKind::Regex => pattern::compare(expected, actual),
        CompareKind::Contains => contains::compare(expected, actual),
        CompareKind::Json => json::compare(spec, expected, actual),
    }
}

/// Checks a `regex` pattern at load time; the error says what is wrong with it. Patterns match
/// bytes, so `(?-u:\xff)` is allowed.
pub fn check_regex(pattern: &str) -> Result<(), regex::Error> {
    regex::bytes::Regex::new(pattern).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Awkward inputs go through every comparator without a panic, and identical text passes
    /// wherever it should.
    #[test]
    fn no_comparator_panics_on_awkward_input() {
        let samples: [&[u8]; 14] = [
            b"",
            b"\n",
            b"\0",
            b"\xff\xfe\xc3",
            b"a\r\nb\r\n",
            b"\"\\ud800\"",
            b"\"\\ud800\\u0041\"",
            b"[1e400, -0, 1E+2]",
            "é😀\u{a0}x".as_bytes(),
            b"((((",
            b"inf nan -inf",
            b"{\"a\":",
            b"  \t \x0b",
            b"\xe2\x82",
        ];
        for kind in CompareKind::ALL {
            let spec = CompareSpec {
                abs_tol: Some(1e-9),
                rel_tol: Some(-1.0),
                ..CompareSpec::new(kind)
            };
            for e in samples {
                for a in samples {
                    let _ = compare(&spec, e, a);
                    let _ = compare(&CompareSpec::new(kind), e, a);
                }
            }
        }
    }

    /// problemtools' case: `\x81` against `\x82` is a wrong answer under every comparator,
    /// however the comparator normalises (lossy decoding made both U+FFFD, and passed them).
    #[test]
    fn different_invalid_bytes_fail_everywhere() {
        for kind in CompareKind::ALL {
            for (expected, actual) in [
                (&b"\x81\x81\x81\n"[..], &b"\x82\x82\x82\n"[..]),
                (b"\x81", b"\x82"),
                (b"ok \x81\n", b"ok \x82\n"),
                ("\u{fffd}\n".as_bytes(), b"\x82\n"),
            ] {
                assert!(
                    !compare(&CompareSpec::new(kind), expected, actual).passed(),
                    "{} passed {expected:?} against {actual:?}",
                    kind.name()
                );
            }
        }
    }

    #[test]
    fn identical_bytes_pass_where_the_kind_says_so() {
        let samples: [&[u8]; 6] = [b"", b"\n\n", b"\xff\x81 \r\n", b"nan\n", b"a+", b" x \t"];
        for kind in CompareKind::ALL
            .into_iter()
            .filter(|k| k.passes_identical())
        {
            for sample in samples {
                assert!(compare(&CompareSpec::new(kind), sample, sample).passed());
            }
        }
    }

    #[test]
    fn dispatch_uses_each_comparator() {
        let spec = |kind| CompareSpec::new(kind);
        assert!(!compare(&spec(CompareKind::Exact), b"a\n", b"a").passed());
        assert!(compare(&spec(CompareKind::Lines), b"a\n", b"a").passed());
        assert!(compare(&spec(CompareKind::Tokens), b"a b", b"a\nb").passed());
        assert!(!compare(&spec(CompareKind::Tokens), b"1", b"1.0000001").passed());
        assert!(compare(&spec(CompareKind::Float), b"1", b"1.0000001").passed());
        assert!(compare(&spec(CompareKind::Unordered), b"a\nb", b"b\na").passed());
        assert!(compare(&spec(CompareKind::Regex), b"a+", b"aaa\n").passed());
        assert!(compare(&spec(CompareKind::Contains), b"b", b"abc").passed());
        assert!(compare(&spec(CompareKind::Json), b"{\"a\":1}", b"{\"a\":1.0}").passed());
    }

    /// Large outputs are compared in linear time (this would take minutes if quadratic).
    #[test]
    fn large_outputs_are_fast() {
        let expected: String = (0..200_000).map(|i| format!("{i} x\n")).collect();
        let mut actual = expected.clone();
        actual.push_str("extra\n");
        for kind in CompareKind::ALL {
            if !matches!(
                kind,
                CompareKind::Regex | CompareKind::Json | CompareKind::Contains
            ) {
                assert!(
                    !compare(
                        &CompareSpec::new(kind),
                        expected.as_bytes(),
                        actual.as_bytes()
                    )
                    .passed()
                );
            }
        }
        let json = format!(
            "[{}]",
            (0..200_000)
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(",")
        );
        assert!(
            compare(
                &CompareSpec::new(CompareKind::Json),
                json.as_bytes(),
                json.as_bytes()
            )
            .passed()
        );
    }
}
