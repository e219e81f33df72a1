//! A small Markdown-to-terminal renderer for challenge statements: headings emphasised (and
//! underlined), paragraphs and list items wrapped to a width, code blocks indented and never
//! wrapped, blockquotes barred, inline `code`, **bold**, *emphasis* and [links](url) made
//! readable. ANSI styles only when colour is on; control characters are neutralised.

use unicode_width::UnicodeWidthStr;

use crate::diff::escape_controls;

/// SGR styles of inline spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Bold,
    Emphasis,
    Code,
}

impl Style {
    fn sgr(self) -> Option<&'static str> {
        match self {
            Style::Plain => None,
            Style::Bold => Some("1"),
            Style::Emphasis => Some("3"),
            Style::Code => Some("36"),
        }
    }
}

/// The width to wrap at: `$COLUMNS`, else the terminal's width when stdout is one, else 80;
/// never below 40 nor above 120.
pub fn terminal_width() -> usize {
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|w| *w > 0);
    let from_tty = || {
        let stdout = std::io::stdout();
        rustix::termios::tcgetwinsize(&stdout)
            .ok()
            .map(|size| usize::from(size.ws_col))
            .filter(|w| *w > 0)
    };
    from_env.or_else(from_tty).unwrap_or(80).clamp(40, 120)
}

/// Renders `markdown` for a terminal `width` columns wide. Every line ends with `\n`.
pub fn render(markdown: &str, width: usize, color: bool) -> String {
    let mut out = Renderer {
        out: String::new(),
        width,
        color,
        paragraph: Vec::new(),
        paragraph_prefix: (String::new(), String::new()),
        last_item: false,
    };
    let owned: Vec<String> = markdown
        .lines()
        .map(|l| escape_controls(l.trim_end_matches('\r')).replace('\t', "    "))
        .collect();
    let lines: Vec<&str> = owned.iter().map(String::as_str).collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        // Indentation counts spaces only: other Unicode whitespace (a no-break space) is text,
        // so an indented code block always starts with the four spaces it consumes.
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(fence) = fence_of(trimmed) {
            out.flush();
            let mut body = Vec::new();
            i += 1;
            while i < lines.len() && !lines[i].trim_start().starts_with(fence) {
                body.push(strip_indent(lines[i], indent));
                i += 1;
            }
            out.code_block(&body, indent);
            i += 1;
            continue;
        }
        if trimmed.is_empty() {
            out.flush();
            i += 1;
            continue;
        }
        if indent >= 4 && out.paragraph.is_empty() {
            let mut body = Vec::new();
            while i < lines.len() && (lines[i].starts_with("    ") || lines[i].trim().is_empty()) {
                body.push(lines[i].get(4..).unwrap_or(""));
                i += 1;
            }
            while body.last().is_some_and(|l| l.trim().is_empty()) {
                body.pop();
            }
            out.flush();
            out.code_block(&body, 0);
            continue;
        }
        if let Some((level, title)) = heading(trimmed) {
            out.flush();
            out.heading(level, title);
            i += 1;
            continue;
        }
        if trimmed
            .chars()
            .all(|c| c == '-' || c == '*' || c == '_' || c == ' ')
            && trimmed.chars().filter(|c| !c.is_whitespace()).count() >= 3
        {
            out.flush();
            out.rule();
            i += 1;
            continue;
        }
        if trimmed.starts_with('|') {
            out.flush();
            out.out.push_str(line.trim_end());
            out.out.push('\n');
            i += 1;
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('>') {
            out.start(
                "│ ".to_string(),
                "│ ".to_string(),
                rest.strip_prefix(' ').unwrap_or(rest),
            );
            i += 1;
            continue;
        }
        if let Some((marker, rest)) = list_item(trimmed) {
            out.flush();
            let pad = " ".repeat(indent.min(8));
            let first = format!("{pad}  {marker} ");
            let hang = " ".repeat(first.chars().count());
            out.start(first, hang, rest);
            i += 1;
            continue;
        }
        if out.paragraph.is_empty() {
            out.start(String::new(), String::new(), trimmed);
        } else {
            out.paragraph.push(trimmed.to_string());
        }
        i += 1;
    }
    out.flush();
    // No blank lines at the end, exactly one newline.
    let trimmed = out.out.trim_end_matches('\n');
    let mut text = trimmed.to_string();
    text.push('\n');
    text
}

struct Renderer {
    out: String,
    width: usize,
    color: bool,
    /// Lines of the paragraph (or list item, or quote) being gathered.
    paragraph: Vec<String>,
    /// The prefix of its first line and of the following ones.
    paragraph_prefix: (String, String),
    /// The last block written was a list item (items follow each other without a blank line).
    last_item: bool,
}

impl Renderer {
    fn start(&mut self, first: String, rest: String, text: &str) {
        if !self.paragraph.is_empty() && self.paragraph_prefix.0 == first && first.starts_with('│')
        {
            self.paragraph.push(text.to_string());
            return;
        }
        self.flush();
        self.paragraph_prefix = (first, rest);
        self.paragraph.push(text.to_string());
    }

    fn paint(&self, text: &str, style: Option<&str>) -> String {
        match style {
            Some(sgr) if self.color && !text.is_empty() => format!("\x1b[{sgr}m{text}\x1b[0m"),
            _ => text.to_string(),
        }
    }

    /// A blank line between blocks, never at the very start.
    fn separate(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn flush(&mut self) {
        if self.paragraph.is_empty() {
            return;
        }
        let text = self.paragraph.join(" ");
        self.paragraph.clear();
        let (first, rest) = std::mem::take(&mut self.paragraph_prefix);
        let quote = first.starts_with('│');
        let is_item = !first.is_empty() && !quote;
        // Consecutive list items stay together; every other block is set apart.
        if !(is_item && self.last_item) {
            self.separate();
        }
        let words = inline(&text);
        let lines = wrap(
            &words,
            self.width,
            first.chars().count(),
            rest.chars().count(),
        );
        for (n, line) in lines.iter().enumerate() {
            let prefix = if n == 0 { &first } else { &rest };
            let prefix = self.paint(prefix, if quote { Some("2") } else { None });
            self.out.push_str(&prefix);
            let rendered: Vec<String> = line
                .iter()
                .map(|word| {
                    word.iter()
                        .map(|(text, style)| self.paint(text, style.sgr()))
                        .collect::<String>()
                })
                .collect();
            self.out.push_str(&rendered.join(" "));
            self.out.push('\n');
        }
        self.last_item = is_item;
    }

    fn heading(&mut self, level: usize, title: &str) {
        self.separate();
        let words = inline(title);
        let plain: Vec<String> = words
            .iter()
            .map(|w| w.iter().map(|(t, _)| t.as_str()).collect())
            .collect();
        let text = plain.join(" ");
        let style = if level == 1 { "1;4" } else { "1" };
        self.out.push_str(&self.paint(&text, Some(style)));
        self.out.push('\n');
        if level <= 2 {
            let underline = if level == 1 { "═" } else { "─" };
            let length = UnicodeWidthStr::width(text.as_str()).min(self.width);
            self.out
                .push_str(&self.paint(&underline.repeat(length), Some("2")));
            self.out.push('\n');
        }
        self.out.push('\n');
        self.last_item = false;
    }

    fn rule(&mut self) {
        self.separate();
        self.out
            .push_str(&self.paint(&"─".repeat(self.width.min(40)), Some("2")));
        self.out.push_str("\n\n");
        self.last_item = false;
    }

    fn code_block(&mut self, body: &[&str], indent: usize) {
        self.separate();
        let pad = " ".repeat(4 + indent.min(8));
        for line in body {
            let line = line.trim_end();
            if line.is_empty() {
                self.out.push('\n');
            } else {
                self.out.push_str(&pad);
                self.out.push_str(&self.paint(line, Some("36")));
                self.out.push('\n');
            }
        }
        self.out.push('\n');
        self.last_item = false;
    }
}

/// The fence a line opens (```` ``` ```` or `~~~`), if it does.
fn fence_of(trimmed: &str) -> Option<&'static str> {
    if trimmed.starts_with("```") {
        Some("```")
    } else if trimmed.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

/// `line` without up to `indent` leading spaces.
fn strip_indent(line: &str, indent: usize) -> &str {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    &line[spaces.min(indent)..]
}

fn heading(trimmed: &str) -> Option<(usize, &str)> {
    let level = trimmed.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&level) {
        let rest = &trimmed[level..];
        if rest.is_empty() || rest.starts_with(' ') {
            return Some((level, rest.trim().trim_end_matches('#').trim()));
        }
    }
    None
}

/// A list item: its marker as shown (`•` or `1.`) and its text.
fn list_item(trimmed: &str) -> Option<(String, &str)> {
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = trimmed.strip_prefix(bullet) {
            return Some(("•".to_string(), rest.trim_start()));
        }
    }
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &trimmed[digits..];
        if let Some(text) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((format!("{}.", &trimmed[..digits]), text.trim_start()));
        }
    }
    None
}

/// Splits inline Markdown into words of styled pieces; emphasis markers are removed, code keeps
/// its backticks (they show where it starts and ends, with or without colour), a link becomes
/// `label (url)`.
fn inline(text: &str) -> Vec<Word> {
    let mut spans: Vec<(String, Style)> = Vec::new();
    let mut current = String::new();
    let mut style = Style::Plain;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let push = |spans: &mut Vec<(String, Style)>, current: &mut String, style: Style| {
        if !current.is_empty() {
            spans.push((std::mem::take(current), style));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() {
            current.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if c == '`' {
            let ticks = chars[i..].iter().take_while(|c| **c == '`').count();
            let close = (i + ticks..chars.len().saturating_sub(ticks - 1)).find(|&j| {
                chars[j..j + ticks].iter().all(|c| *c == '`') && chars.get(j + ticks) != Some(&'`')
            });
            if let Some(end) = close {
                push(&mut spans, &mut current, style);
                let code: String = chars[i + ticks..end].iter().collect();
                spans.push((format!("`{}`", code.trim()), Style::Code));
                i = end + ticks;
                continue;
            }
        }
        if (c == '*' || c == '_') && style != Style::Code {
            let double = chars.get(i + 1) == Some(&c);
            let marker_len = if double { 2 } else { 1 };
            let target = if double { Style::Bold } else { Style::Emphasis };
            let word_inside = c == '_'
                && i > 0
                && chars[i - 1].is_alphanumeric()
                && chars
                    .get(i + marker_len)
                    .is_some_and(|n| n.is_alphanumeric());
            if !word_inside {
                if style == target {
                    push(&mut spans, &mut current, style);
                    style = Style::Plain;
                    i += marker_len;
                    continue;
                }
                if style == Style::Plain
                    && chars
                        .get(i + marker_len)
                        .is_some_and(|n| !n.is_whitespace())
                    && has_closing(&chars[i + marker_len..], c, marker_len)
                {
                    push(&mut spans, &mut current, style);
                    style = target;
                    i += marker_len;
                    continue;
                }
            }
        }
        if c == '['
            && let Some((label, url, used)) = link(&chars[i..])
        {
            current.push_str(&label);
            if url != label && !url.starts_with('#') {
                current.push_str(&format!(" ({url})"));
            }
            i += used;
            continue;
        }
        current.push(c);
        i += 1;
    }
    push(&mut spans, &mut current, style);
    // Into words: a word is one or more styled pieces with no space between them
    // (`**bold**,` is one word of two pieces).
    let mut words: Vec<Word> = Vec::new();
    let mut glued = false;
    for (span, style) in spans {
        let starts_with_space = span.starts_with(char::is_whitespace);
        let ends_with_space = span.ends_with(char::is_whitespace);
        let parts: Vec<&str> = if style == Style::Code {
            vec![span.as_str()]
        } else {
            span.split_whitespace().collect()
        };
        for (n, part) in parts.into_iter().enumerate() {
            match words.last_mut() {
                Some(word) if n == 0 && glued && !starts_with_space => {
                    word.push((part.to_string(), style));
                }
                _ => words.push(vec![(part.to_string(), style)]),
            }
        }
        glued = !ends_with_space;
    }
    words
}

/// One word: styled pieces shown without spaces between them.
type Word = Vec<(String, Style)>;

/// Columns a word takes on a terminal (a CJK character takes two).
fn word_len(word: &Word) -> usize {
    word.iter()
        .map(|(text, _)| UnicodeWidthStr::width(text.as_str()))
        .sum()
}

fn has_closing(rest: &[char], marker: char, len: usize) -> bool {
    (0..rest.len()).any(|j| {
        rest[j..].iter().take(len).filter(|c| **c == marker).count() == len
            && j > 0
            && !rest[j - 1].is_whitespace()
    })
}

/// `[label](url)` at the start of `chars`: the label, the url and how many chars it used.
fn link(chars: &[char]) -> Option<(String, String, usize)> {
    let close = chars.iter().position(|c| *c == ']')?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = close + 1 + chars[close + 1..].iter().position(|c| *c == ')')?;
    let label: String = chars[1..close].iter().collect();
    let url: String = chars[close + 2..end].iter().collect();
    Some((label, url, end + 1))
}

/// Greedy wrapping of words to `width` columns, the first line after a prefix of
/// `first_prefix` columns and the others after `rest_prefix`. A word longer than a line gets a
/// line of its own.
fn wrap(words: &[Word], width: usize, first_prefix: usize, rest_prefix: usize) -> Vec<Vec<&Word>> {
    let mut lines: Vec<Vec<&Word>> = vec![Vec::new()];
    let mut used = 0usize;
    let mut prefix = first_prefix;
    for word in words {
        let len = word_len(word);
        let line = lines.last_mut().expect("one line at least");
        let needed = if line.is_empty() { len } else { used + 1 + len };
        if !line.is_empty() && prefix + needed > width {
            lines.push(vec![word]);
            prefix = rest_prefix;
            used = len;
        } else {
            line.push(word);
            used = needed;
        }
    }
    lines.into_iter().filter(|l| !l.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# Top client IPs\n\nTraffic doubled overnight. Write a script that prints the **N most frequent client addresses** in `access.log`, found in the *current* working directory. See [the docs](https://example.com/docs).\n\n## Input\n\n- One argument: `N`, a positive integer.\n- `access.log` in the combined format, which is long enough to need wrapping onto a second line:\n\n  ```\n  203.0.113.7 - - [29/Nov/2025:07:00:14 +0000] \"GET /api HTTP/1.1\" 200 5123\n  ```\n\n1. first\n2. second\n\n> A quote that\n> spans lines.\n\n---\n\n    indented code\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nsnake_case_name stays, 2 * 3 * 4 too.\n";

    #[test]
    fn renders_readable_text() {
        insta::assert_snapshot!(render(SAMPLE, 60, false));
    }

    #[test]
    fn colour_marks_headings_code_and_bold() {
        let text = render("# Title\n\nSome **bold** and `code`.\n", 60, true);
        assert!(text.contains("\x1b[1;4mTitle\x1b[0m"), "{text:?}");
        assert!(text.contains("\x1b[1mbold\x1b[0m"), "{text:?}");
        assert!(text.contains("\x1b[36m`code`\x1b[0m."), "{text:?}");
        assert!(!render("# Title\n", 60, false).contains('\x1b'));
    }

    #[test]
    fn lines_fit_the_width() {
        let long = "word ".repeat(100);
        for line in render(&long, 40, false).lines() {
            assert!(line.chars().count() <= 40, "{line:?}");
        }
    }

    #[test]
    fn wide_characters_count_two_columns() {
        // 30 CJK words of two characters each: four columns a word.
        let text = "日本 ".repeat(30);
        let lines: Vec<String> = render(&text, 40, false).lines().map(String::from).collect();
        assert!(lines.len() > 3, "{lines:?}");
        for line in &lines {
            assert!(UnicodeWidthStr::width(line.as_str()) <= 40, "{line:?}");
        }
    }

    #[test]
    fn unicode_whitespace_indentation_terminates() {
        // Two no-break spaces (4 bytes) or ideographic spaces once looped forever.
        for text in [
            "\u{a0}\u{a0}hello\n",
            "\u{3000}\u{3000}x\n",
            "  \u{a0}x\n    y\n",
        ] {
            let out = render(text, 60, false);
            assert!(out.contains('x') || out.contains("hello"), "{out:?}");
        }
    }

    #[test]
    fn hostile_markdown_never_panics_or_hangs() {
        // Deterministic pseudo-random documents over the characters the parser cares about.
        let alphabet: Vec<char> = "#*_`[]()>-+|~ \n\t\r\\1.x\u{a0}\u{3000}\u{1b}\u{7f}é漢\u{200b}"
            .chars()
            .collect();
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for round in 0..3000 {
            let length = round % 97;
            let text: String = (0..length)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize]
                })
                .collect();
            for width in [1, 20, 80] {
                let out = render(&text, width, round % 2 == 0);
                assert!(out.ends_with('\n'), "{text:?}");
                assert!(!out.contains('\u{1b}') || round % 2 == 0, "{text:?}");
            }
        }
    }

    #[test]
    fn control_characters_are_neutralised() {
        let text = render("evil \x1b[2J text\n", 60, false);
        assert!(!text.contains('\x1b'), "{text:?}");
    }
}
