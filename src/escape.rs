//! Neutralising text that came from a submission before it reaches a CI log, a report file or a
//! spreadsheet: control characters and ANSI escape sequences, GitHub Actions workflow commands,
//! and the quoting rules of GitHub annotations, XML 1.0, CSV and Markdown (docs/ci.md).

use std::borrow::Cow;

/// Output decoded for display only (a diff, a stderr tail): valid UTF-8 as it is, each byte
/// of an invalid sequence as the four characters `\xNN`, so bytes that differ still look
/// different (lossy decoding would show `\x81` and `\x82` both as U+FFFD). Never used to decide
/// a verdict: comparators work on the bytes (src/compare/).
pub fn shown_bytes(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(bytes.len() + 16);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    Cow::Owned(out)
}

/// Text with control characters (other than tab) replaced by their control pictures (`␍`, `␛`),
/// so output shown to people cannot move the cursor or change colours.
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(|c| c.is_control() && c != '\t') {
        return text.to_string();
    }
    text.chars()
        .map(|c| if c == '\t' { c } else { control_picture(c) })
        .collect()
}

pub(crate) fn control_picture(c: char) -> char {
    match c as u32 {
        n @ 0x00..=0x1f => char::from_u32(0x2400 + n).unwrap_or('�'),
        0x7f => '␡',
        0x80..=0x9f => '�',
        _ => c,
    }
}

/// `text` made harmless in any log: every control character but tab and newline becomes its
/// control picture (so `ESC[31m` shows as `␛[31m` and a CR as `␍`, and neither can drive a
/// terminal or a log viewer); a line that starts with `::` (after blanks) — a GitHub workflow
/// command — gets a `\` in front, and every `##[` (the older command form, recognised anywhere in
/// a line) becomes `#\#[`. Idempotent: neutralising twice gives the same text.
pub fn neutralise(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = escape_controls(line);
        let body = line.trim_start();
        out.push_str(&line[..line.len() - body.len()]);
        if body.starts_with("::") {
            out.push('\\');
        }
        out.push_str(&body.replace("##[", "#\\#["));
    }
    out
}

/// `neutralise` for text that is one line by nature — a path, a name, a language: a newline
/// (which a file name may hold) becomes its control picture `␊` too, so it cannot break a
/// report's line or table row. Idempotent.
pub fn neutralise_line(text: &str) -> String {
    neutralise(&text.replace('\n', "\u{240A}"))
}

/// `neutralise` for an optional field.
pub fn neutralise_option(text: &mut Option<String>) {
    if let Some(t) = text {
        *t = neutralise(t);
    }
}

/// The message of a GitHub workflow command (`::error::MESSAGE`): `%`, CR and LF percent-encoded,
/// as the runner decodes them.
pub fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value of a GitHub workflow command (`title=VALUE`): like `github_data`, plus `:`
/// and `,`, which would end the value.
pub fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Whether XML 1.0 allows `c` in a document at all (its `Char` production).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Text for an XML element: markup characters escaped, characters XML 1.0 forbids dropped.
pub fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|c| xml_char(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            _ => out.push(c),
        }
    }
    out
}

/// Text for a double-quoted XML attribute: like `xml_text`, plus quotes, and tab, CR and LF as
/// character references (a parser would otherwise turn them into spaces).
pub fn xml_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|c| xml_char(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            _ => out.push(c),
        }
    }
    out
}

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR, LF or leading/trailing
/// blanks, quotes doubled. A field a spreadsheet would take for a formula (starting with `=`,
/// `+`, `-`, `@`) gets a `'` in front.
pub fn csv_field(text: &str) -> Cow<'_, str> {
    // Tab and CR too: some spreadsheets skip them and read the formula after (OWASP).
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = text.contains([',', '"', '\r', '\n'])
        || text.starts_with(char::is_whitespace)
        || text.ends_with(char::is_whitespace);
    if !formula && !quote {
        return Cow::Borrowed(text);
    }
    let body = if formula {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if quote {
        Cow::Owned(format!("\"{}\"", body.replace('"', "\"\"")))
    } else {
        Cow::Owned(body)
    }
}

/// Text for a Markdown table cell: HTML and the cell separator escaped, backticks made inert,
/// link, image and emphasis marks (`[ ] * _ ~`) escaped, line breaks as `<br>`.
pub fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("\\|"),
            '`' => out.push_str("&#96;"),
            '\\' => out.push_str("\\\\"),
            // Links, images and emphasis: `![x](http://…)` from a submission stays text.
            '[' | ']' | '*' | '_' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("<br>"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// The first line of `text`, cut to `max` characters with `…` when longer.
pub fn first_line(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or("");
    if line.chars().count() > max {
        let mut cut: String = line.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    } else {
        line.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_bytes_escapes_only_invalid_bytes() {
        assert_eq!(shown_bytes("café\n".as_bytes()), "café\n");
        assert!(matches!(shown_bytes(b"ok"), Cow::Borrowed(_)));
        assert_eq!(shown_bytes(b"a\x81b\n"), r"a\x81b".to_string() + "\n");
        assert_ne!(shown_bytes(b"\x81"), shown_bytes(b"\x82"));
        // An incomplete sequence is one escape per byte.
        assert_eq!(shown_bytes(b"\xe2\x82"), r"\xe2\x82");
    }

    #[test]
    fn ansi_and_controls_become_pictures() {
        assert_eq!(neutralise("\x1b[31mred\x1b[0m"), "␛[31mred␛[0m");
        assert_eq!(neutralise("a\r\nb\x07"), "a␍\nb␇");
        assert_eq!(neutralise("tab\tstays\n"), "tab\tstays\n");
        assert_eq!(neutralise("\u{9b}31m"), "�31m", "C1 CSI");
    }

    #[test]
    fn workflow_commands_are_broken() {
        assert_eq!(neutralise("::error::boom"), "\\::error::boom");
        assert_eq!(
            neutralise("ok\n  ::add-mask::x\nnot::a::command"),
            "ok\n  \\::add-mask::x\nnot::a::command"
        );
        assert_eq!(neutralise("say ##[error]x"), "say #\\#[error]x");
        assert_eq!(neutralise("###[x"), "##\\#[x");
        // A CR cannot start a new line in the log: it is a picture, and `::` after it is not at a
        // line start.
        assert_eq!(neutralise("x\r::error::y"), "x␍::error::y");
    }

    #[test]
    fn one_line_text_keeps_one_line() {
        assert_eq!(
            neutralise_line("subs/a\n::error::x.sh"),
            "subs/a␊::error::x.sh"
        );
        assert_eq!(neutralise_line("a\tb\x1b"), "a\tb␛");
        let once = neutralise_line("x\n\r::y");
        assert_eq!(neutralise_line(&once), once);
    }

    #[test]
    fn neutralise_is_idempotent() {
        for text in [
            "::error::a",
            "##[warning]b",
            "\x1b]8;;http://x\x07link",
            "  ::x\n::y\r\n%0A::z",
            "###[[##[",
        ] {
            let once = neutralise(text);
            assert_eq!(neutralise(&once), once, "{text:?}");
            assert!(!once.contains('\x1b') && !once.contains('\r'));
            for line in once.lines() {
                assert!(!line.trim_start().starts_with("::"), "{line:?}");
                assert!(!line.contains("##["), "{line:?}");
            }
        }
    }

    #[test]
    fn github_escaping() {
        assert_eq!(github_data("50%\r\nnext"), "50%25%0D%0Anext");
        assert_eq!(github_property("a: b, c"), "a%3A b%2C c");
        assert_eq!(github_data("::error::x"), "::error::x", "harmless mid-line");
    }

    #[test]
    fn xml_escaping_drops_illegal_characters() {
        assert_eq!(xml_text("a<b>&c\u{1}\u{FFFE}d"), "a&lt;b&gt;&amp;cd");
        assert_eq!(xml_attr("\"x\"\n'y'"), "&quot;x&quot;&#10;&apos;y&apos;");
        assert_eq!(xml_text("é😀"), "é😀");
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field(" pad"), "\" pad\"");
        assert_eq!(csv_field("=cmd()"), "'=cmd()");
        assert_eq!(csv_field("=a,b"), "\"'=a,b\"");
        assert_eq!(csv_field("\t=1+1"), "\"'\t=1+1\"");
    }

    #[test]
    fn markdown_cells() {
        assert_eq!(
            markdown_cell("<img src=x>|`rm`\nnext"),
            "&lt;img src=x&gt;\\|&#96;rm&#96;<br>next"
        );
        assert_eq!(
            markdown_cell("![t](http://x/p.png) *a* top_ips ~~s~~"),
            "!\\[t\\](http://x/p.png) \\*a\\* top\\_ips \\~\\~s\\~\\~"
        );
    }

    #[test]
    fn first_line_cuts() {
        assert_eq!(first_line("abc\ndef", 10), "abc");
        assert_eq!(first_line("abcdef", 4), "abc…");
        assert_eq!(first_line("", 4), "");
    }
}
