//! Property tests of the comparators' byte semantics: each comparator is checked against a
//! small reference implementation written here, independently of src/compare/text.rs, on
//! outputs full of the bytes that matter (blanks, CR, LF, NUL, invalid UTF-8, ASCII letters in
//! both cases).

use proptest::prelude::*;

use super::{CompareKind, CompareSpec, compare};

/// Bytes that make comparisons interesting, and any byte now and then.
fn byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        8 => prop::sample::select(vec![
            b'a', b'A', b'b', b'1', b' ', b'\t', b'\r', b'\n', b'\x0b', b'\x0c', 0, 0x81, 0x82,
            0xc3, 0xa9, 0xff,
        ]),
        1 => any::<u8>(),
    ]
}

fn output() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(byte(), 0..48)
}

/// `a`, and `a` with up to three bytes inserted (often blanks and line ends, which the
/// normalising comparators may or may not forgive): pairs that are sometimes equal and
/// sometimes not under each comparator.
fn output_and_edit() -> impl Strategy<Value = (Vec<u8>, Vec<u8>)> {
    let edit = (
        any::<prop::sample::Index>(),
        prop::sample::select(vec![b' ', b'\t', b'\r', b'\n', b'\n', 0, 0x81, b'a', b'A']),
    );
    (output(), prop::collection::vec(edit, 0..4)).prop_map(|(a, edits)| {
        let mut b = a.clone();
        for (at, byte) in edits {
            let at = at.index(b.len() + 1);
            b.insert(at, byte);
        }
        (a, b)
    })
}

/// The `lines` normal form, straight from the spec: every CRLF becomes LF, the text is split
/// at LF, each line loses its trailing spaces and tabs, trailing empty lines go.
fn reference_lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut lf = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i += 1;
            continue;
        }
        lf.push(bytes[i]);
        i += 1;
    }
    let mut lines: Vec<Vec<u8>> = lf
        .split(|&b| b == b'\n')
        .map(|line| {
            let mut line = line.to_vec();
            while matches!(line.last(), Some(b' ' | b'\t')) {
                line.pop();
            }
            line
        })
        .collect();
    while lines.last().is_some_and(Vec::is_empty) {
        lines.pop();
    }
    lines
}

/// The `tokens` normal form: the maximal runs of bytes that are not ASCII whitespace
/// (C-locale `isspace`: space, \t, \n, \v, \f, \r), ASCII-lowercased when case does not count.
fn reference_tokens(bytes: &[u8], case_sensitive: bool) -> Vec<Vec<u8>> {
    let mut tokens = Vec::new();
    let mut current = Vec::new();
    for &b in bytes {
        if b" \t\n\x0b\x0c\r".contains(&b) {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
        } else {
            current.push(if case_sensitive {
                b
            } else {
                b.to_ascii_lowercase()
            });
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

fn passes(kind: CompareKind, expected: &[u8], actual: &[u8]) -> bool {
    compare(&CompareSpec::new(kind), expected, actual).passed()
}

proptest! {
    #[test]
    fn exact_passes_only_identical_bytes((a, b) in output_and_edit(), c in output()) {
        prop_assert_eq!(passes(CompareKind::Exact, &a, &b), a == b);
        prop_assert_eq!(passes(CompareKind::Exact, &a, &c), a == c);
        prop_assert!(passes(CompareKind::Exact, &c, &c));
    }

    #[test]
    fn lines_pass_iff_the_normal_forms_are_equal((a, b) in output_and_edit(), c in output()) {
        prop_assert_eq!(
            passes(CompareKind::Lines, &a, &b),
            reference_lines(&a) == reference_lines(&b),
            "{:?} vs {:?}", a, b
        );
        prop_assert_eq!(
            passes(CompareKind::Lines, &a, &c),
            reference_lines(&a) == reference_lines(&c)
        );
    }

    #[test]
    fn unordered_passes_iff_the_sorted_normal_forms_are_equal(
        (a, edited) in output_and_edit(),
        seed in any::<u64>(),
    ) {
        // The edited output with its lines in another order.
        let mut lines: Vec<&[u8]> = edited.split(|&b| b == b'\n').collect();
        let n = lines.len();
        for i in (1..n).rev() {
            let j = (seed.rotate_left(i as u32) as usize) % (i + 1);
            lines.swap(i, j);
        }
        let b = lines.join(&b'\n');
        let sorted = |bytes: &[u8]| {
            let mut lines = reference_lines(bytes);
            lines.sort();
            lines
        };
        prop_assert_eq!(
            passes(CompareKind::Unordered, &a, &b),
            sorted(&a) == sorted(&b),
            "{:?} vs {:?}", a, b
        );
    }

    #[test]
    fn tokens_pass_iff_the_token_lists_are_equal((a, b) in output_and_edit(), c in output()) {
        prop_assert_eq!(
            passes(CompareKind::Tokens, &a, &b),
            reference_tokens(&a, true) == reference_tokens(&b, true),
            "{:?} vs {:?}", a, b
        );
        prop_assert_eq!(
            passes(CompareKind::Tokens, &a, &c),
            reference_tokens(&a, true) == reference_tokens(&c, true)
        );
        let insensitive = CompareSpec {
            case_sensitive: false,
            ..CompareSpec::new(CompareKind::Tokens)
        };
        prop_assert_eq!(
            compare(&insensitive, &a, &b).passed(),
            reference_tokens(&a, false) == reference_tokens(&b, false),
            "{:?} vs {:?}", a, b
        );
    }

    /// problemtools' case: an answer of `\x81` bytes and an output of `\x82` bytes (which lossy
    /// decoding turns into the same U+FFFD) is a wrong answer under every comparator.
    #[test]
    fn different_invalid_bytes_never_pass(
        n in 1usize..40,
        prefix in "[a-z ]{0,8}",
        suffix in "[a-z \n]{0,8}",
    ) {
        let side = |byte: u8| {
            [prefix.as_bytes(), &vec![byte; n], suffix.as_bytes()].concat()
        };
        for kind in CompareKind::ALL {
            prop_assert!(
                !passes(kind, &side(0x81), &side(0x82)),
                "{} passed \\x81 against \\x82", kind.name()
            );
        }
    }
}
