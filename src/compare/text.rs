//! Byte helpers shared by the comparators: line normalisation, the units text is shown and
//! counted in, quoting with Rust-style escapes and truncation, and line/column arithmetic.
//!
//! Comparators decide on bytes, never on decoded text: two outputs that differ in any byte the
//! comparator's normalisation keeps are different, even when neither is valid UTF-8. Text is
//! decoded only to be shown: a *unit* is one UTF-8 character, or one byte that is not part of
//! a valid character (shown as `\xNN`). Columns count units. Pure functions only.

/// How many units of one piece of output a message quotes before truncating it.
pub const QUOTE_LIMIT: usize = 200;

/// `line` without its trailing spaces and tabs (ASCII only: a NUL or a no-break space stays).
pub fn trim_blanks_end(line: &[u8]) -> &[u8] {
    let keep = line
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(0, |i| i + 1);
    &line[..keep]
}

/// The lines of `bytes` normalised as the `lines` comparator defines: CRLF → LF (a CR right
/// before a LF is dropped; any other CR is content), trailing spaces and tabs removed from each
/// line, trailing empty lines removed. Line `i` of the result is line `i + 1` of `bytes`, and
/// columns are unchanged (only line ends are trimmed).
pub fn normalized_lines(bytes: &[u8]) -> Vec<&[u8]> {
    let mut lines: Vec<&[u8]> = Vec::new();
    let mut rest = bytes;
    loop {
        match memchr::memchr(b'\n', rest) {
            Some(at) => {
                let line = &rest[..at];
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                lines.push(trim_blanks_end(line));
                rest = &rest[at + 1..];
            }
            None => {
                lines.push(trim_blanks_end(rest));
                break;
            }
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// The units of `bytes`, in order: each valid UTF-8 character, and each byte of an invalid
/// sequence on its own. Their concatenation is `bytes`.
pub fn units(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    bytes.utf8_chunks().flat_map(|chunk| {
        let valid = chunk.valid();
        valid
            .char_indices()
            .map(move |(i, c)| &valid.as_bytes()[i..i + c.len_utf8()])
            .chain(chunk.invalid().chunks(1))
    })
}

/// The 0-based index of the first unit where `a` and `b` differ (the unit count of the shorter
/// one when it is a prefix of the other).
pub fn first_diff_unit(a: &[u8], b: &[u8]) -> usize {
    units(a).zip(units(b)).take_while(|(x, y)| x == y).count()
}

/// The 1-based line and 1-based column (in units) of byte offset `at` in `bytes`. An offset
/// inside a character counts as that character; an offset past the end is the end.
pub fn line_col(bytes: &[u8], at: usize) -> (usize, usize) {
    let at = at.min(bytes.len());
    let before = &bytes[..at];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let mut column = 1;
    let mut offset = line_start;
    for unit in units(&bytes[line_start..]) {
        offset += unit.len();
        if offset > at {
            break;
        }
        column += 1;
    }
    (line, column)
}

/// `bytes` escaped as the inside of a Rust string literal: valid UTF-8 exactly as `{:?}` of a
/// `str` shows it (`\t`, `\0`, `\u{1b}`, `\"`), every other byte as `\xNN`.
fn escaped(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    for chunk in bytes.utf8_chunks() {
        let debug = format!("{:?}", chunk.valid());
        out.push_str(&debug[1..debug.len() - 1]);
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// `bytes` quoted with Rust string escapes (`"a\tb\x81"`), truncated to [`QUOTE_LIMIT`] units.
pub fn quote(bytes: &[u8]) -> String {
    quote_at(bytes, 0)
}

/// Like [`quote`], but when `bytes` is too long the quoted window shows unit `at` (0-based),
/// with `…` outside the quotes marking what was cut.
pub fn quote_at(bytes: &[u8], at: usize) -> String {
    let count = units(bytes).count();
    if count <= QUOTE_LIMIT {
        return format!("\"{}\"", escaped(bytes));
    }
    let start = at.saturating_sub(QUOTE_LIMIT / 3).min(count - QUOTE_LIMIT);
    let end = start + QUOTE_LIMIT;
    let mut from = 0;
    let mut to = bytes.len();
    let mut offset = 0;
    for (i, unit) in units(bytes).enumerate() {
        if i == start {
            from = offset;
        }
        if i == end {
            to = offset;
            break;
        }
        offset += unit.len();
    }
    format!(
        "{}\"{}\"{}",
        if start > 0 { "…" } else { "" },
        escaped(&bytes[from..to]),
        if end < count { "…" } else { "" }
    )
}

/// `1 line`, `2 lines`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_crlf_trailing_blanks_and_trailing_empty_lines() {
        let lines = |b: &'static [u8]| normalized_lines(b);
        assert_eq!(lines(b"a \t\r\nb\r\n\r\n\n"), vec![&b"a"[..], b"b"]);
        assert_eq!(lines(b""), Vec::<&[u8]>::new());
        assert_eq!(lines(b"\n \n\t\n"), Vec::<&[u8]>::new());
        assert_eq!(lines(b"\na"), vec![&b""[..], b"a"]);
        // A lone CR is content (also at the very end), and NUL is not blank.
        assert_eq!(lines(b"a\rb\0 \n"), vec![&b"a\rb\0"[..]]);
        assert_eq!(lines(b"a\r"), vec![&b"a\r"[..]]);
        // Invalid UTF-8 is kept byte for byte; a no-break space is not trimmed.
        assert_eq!(lines(b"\x81 \n\xc2\xa0"), vec![&b"\x81"[..], b"\xc2\xa0"]);
    }

    #[test]
    fn units_are_characters_or_single_invalid_bytes() {
        let all: Vec<&[u8]> = units("aé\u{1F600}".as_bytes()).collect();
        assert_eq!(all, vec![&b"a"[..], "é".as_bytes(), "\u{1F600}".as_bytes()]);
        let all: Vec<&[u8]> = units(b"\xe2\x82x\xff").collect();
        assert_eq!(all, vec![&b"\xe2"[..], b"\x82", b"x", b"\xff"]);
        assert_eq!(first_diff_unit("café".as_bytes(), "cafè".as_bytes()), 3);
        assert_eq!(first_diff_unit(b"\x81\x81", b"\x81\x82"), 1);
        assert_eq!(first_diff_unit(b"ab", b"abc"), 2);
    }

    #[test]
    fn quotes_escape_invisible_characters_and_invalid_bytes() {
        assert_eq!(quote(b"a\tb\0\r"), r#""a\tb\0\r""#);
        assert_eq!(quote(b"a\xffb\n"), r#""a\xffb\n""#);
        assert_eq!(
            quote("it's \"é\"\u{1b}".as_bytes()),
            r#""it's \"é\"\u{1b}""#
        );
        assert_eq!(quote(b"\x81"), r#""\x81""#);
        assert_ne!(quote(b"\x81"), quote(b"\x82"));
        // A backslash in the output is escaped, so it never reads as an invalid byte.
        assert_eq!(quote(br"\x81"), r#""\\x81""#);
    }

    #[test]
    fn long_quotes_are_windowed_around_the_difference() {
        let long = [vec![b'x'; 500], b"Y".to_vec(), vec![b'z'; 500]].concat();
        let q = quote_at(&long, 500);
        assert!(q.starts_with("…\"x"), "{q}");
        assert!(q.ends_with("z\"…"), "{q}");
        assert!(q.contains('Y'));
        let q = quote(&long);
        assert!(q.starts_with("\"x") && q.ends_with("\"…"), "{q}");
        assert_eq!(
            quote(&[b'a'; 300]).chars().filter(|&c| c == 'a').count(),
            200
        );
        // Invalid bytes count as one unit each.
        let q = quote(&[0x81; 300]);
        assert_eq!(q.matches("\\x81").count(), 200, "{q}");
    }

    #[test]
    fn line_col_counts_units_and_survives_mid_char_offsets() {
        let t = "ab\nçd".as_bytes();
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 5), (2, 2));
        assert_eq!(line_col(t, 4), (2, 1));
        assert_eq!(line_col(t, 99), (2, 3));
        assert_eq!(line_col(b"\x81\x82x", 2), (1, 3));
    }
}
