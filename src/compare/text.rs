//! Text helpers shared by the comparators: lossy decoding, line normalisation, quoting with
//! Rust-style escapes and truncation, and line/column arithmetic. Pure functions only.

use std::borrow::Cow;

/// How many characters of one piece of text a message quotes before truncating it.
pub const QUOTE_LIMIT: usize = 200;

/// Decodes output as UTF-8, replacing invalid sequences with U+FFFD.
pub fn lossy(bytes: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

/// The lines of `text` normalised as the `lines` comparator defines: CRLF → LF, trailing spaces
/// and tabs removed from each line, trailing empty lines removed. Line `i` of the result is line
/// `i + 1` of `text`, and columns are unchanged (only line ends are trimmed).
pub fn normalized_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = Vec::new();
    let mut rest = text;
    loop {
        match rest.find('\n') {
            Some(at) => {
                let line = &rest[..at];
                let line = line.strip_suffix('\r').unwrap_or(line);
                lines.push(line.trim_end_matches([' ', '\t']));
                rest = &rest[at + 1..];
            }
            None => {
                lines.push(rest.trim_end_matches([' ', '\t']));
                break;
            }
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// `text` quoted with Rust string escapes (`"a\tb"`), truncated to [`QUOTE_LIMIT`] characters.
pub fn quote(text: &str) -> String {
    quote_at(text, 0)
}

/// Like [`quote`], but when `text` is too long the quoted window shows character `at`
/// (0-based), with `…` outside the quotes marking what was cut.
pub fn quote_at(text: &str, at: usize) -> String {
    let count = text.chars().count();
    if count <= QUOTE_LIMIT {
        return format!("{text:?}");
    }
    let start = at.saturating_sub(QUOTE_LIMIT / 3).min(count - QUOTE_LIMIT);
    let end = start + QUOTE_LIMIT;
    let window: String = text.chars().skip(start).take(QUOTE_LIMIT).collect();
    format!(
        "{}{window:?}{}",
        if start > 0 { "…" } else { "" },
        if end < count { "…" } else { "" }
    )
}

/// Bytes quoted like a Rust byte string would show them: valid UTF-8 escaped as in [`quote`],
/// invalid bytes as `\xNN`. Truncated to about [`QUOTE_LIMIT`] characters.
pub fn quote_bytes(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    let mut shown = 0usize;
    let mut truncated = false;
    'chunks: for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if shown >= QUOTE_LIMIT {
                truncated = true;
                break 'chunks;
            }
            // Debug of a one-char string, without its quotes.
            let escaped = format!("{:?}", c.to_string());
            out.push_str(&escaped[1..escaped.len() - 1]);
            shown += 1;
        }
        for b in chunk.invalid() {
            if shown >= QUOTE_LIMIT {
                truncated = true;
                break 'chunks;
            }
            out.push_str(&format!("\\x{b:02x}"));
            shown += 1;
        }
    }
    out.push('"');
    if truncated {
        out.push('…');
    }
    out
}

/// The 1-based line and 1-based character column of byte offset `at` in `text`. An offset
/// inside a character counts as that character; an offset past the end is the end.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The 0-based index of the first character where `a` and `b` differ (the length of the shorter
/// one when it is a prefix of the other).
pub fn first_diff_char(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
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
        assert_eq!(normalized_lines("a \t\r\nb\r\n\r\n\n"), vec!["a", "b"]);
        assert_eq!(normalized_lines(""), Vec::<&str>::new());
        assert_eq!(normalized_lines("\n \n\t\n"), Vec::<&str>::new());
        assert_eq!(normalized_lines("\na"), vec!["", "a"]);
        // A lone CR is content, and NUL is not blank.
        assert_eq!(normalized_lines("a\rb\0 \n"), vec!["a\rb\0"]);
    }

    #[test]
    fn quotes_escape_invisible_characters() {
        assert_eq!(quote("a\tb\0\r"), r#""a\tb\0\r""#);
        assert_eq!(quote_bytes(b"a\xffb\n"), r#""a\xffb\n""#);
    }

    #[test]
    fn long_quotes_are_windowed_around_the_difference() {
        let long = "x".repeat(500) + "Y" + &"z".repeat(500);
        let q = quote_at(&long, 500);
        assert!(q.starts_with("…\"x"), "{q}");
        assert!(q.ends_with("z\"…"), "{q}");
        assert!(q.contains('Y'));
        let q = quote(&long);
        assert!(q.starts_with("\"x") && q.ends_with("\"…"), "{q}");
        assert_eq!(
            quote_bytes(&[b'a'; 300])
                .chars()
                .filter(|&c| c == 'a')
                .count(),
            200
        );
    }

    #[test]
    fn line_col_counts_characters_and_survives_mid_char_offsets() {
        let t = "ab\nçd";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 5), (2, 2));
        assert_eq!(line_col(t, 4), (2, 1));
        assert_eq!(line_col(t, 99), (2, 3));
    }
}
