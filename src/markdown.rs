//! Challenge statements on a terminal: Markdown parsed by `pulldown-cmark` (CommonMark and
//! tables), then laid out here: headings emphasised (and underlined), paragraphs, list items and
//! quotes wrapped to a width, nested lists indented under their item, code blocks indented and
//! never wrapped, tables in aligned columns, inline `code`, **bold**, *emphasis* and
//! [links](url) made readable. Colour only when asked, through `ui::paint`; control characters
//! are neutralised before parsing, so a statement cannot drive the terminal.

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use unicode_width::UnicodeWidthStr;

use crate::diff::escape_controls;
use crate::ui::{self, Style};

/// How a piece of inline text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Inline {
    bold: bool,
    emphasis: bool,
    code: bool,
}

impl Inline {
    fn style(self) -> Style {
        let mut style = if self.code { Style::CYAN } else { Style::PLAIN };
        if self.bold {
            style = style.bold();
        }
        if self.emphasis {
            style = style.italic();
        }
        style
    }
}

const HEADING_1: Style = Style::BOLD.underlined();
const HEADING: Style = Style::BOLD;
const CODE: Style = Style::CYAN;
/// Quote bars, heading underlines, rules and table borders.
const FRAME: Style = Style::DIM;

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
    let text: String = markdown
        .lines()
        .map(|l| escape_controls(l.trim_end_matches('\r')).replace('\t', "    ") + "\n")
        .collect();
    let mut out = Renderer {
        out: String::new(),
        width,
        color,
        containers: Vec::new(),
        spans: Vec::new(),
        inline: Inline::default(),
        links: Vec::new(),
        last_item: false,
        heading: None,
        code: None,
        table: None,
    };
    for event in Parser::new_ext(&text, Options::ENABLE_TABLES) {
        out.event(event);
    }
    out.flush();
    // No blank lines at the end, exactly one newline.
    let mut text = out.out.trim_end_matches('\n').to_string();
    text.push('\n');
    text
}

/// A block that holds others and prefixes their lines.
enum Container {
    Quote,
    /// A list: the number of its next item, when ordered.
    List(Option<u64>),
    /// A list item: its marker (`• `, `2. `) until its first line is written, and its
    /// indentation (the marker's width, plus two at the outer level).
    Item {
        marker: Option<String>,
        hang: String,
    },
}

/// A table being gathered: its rows of cells, each cell styled pieces.
struct Table {
    alignments: Vec<Alignment>,
    rows: Vec<Vec<Vec<(String, Style)>>>,
    header_rows: usize,
}

struct Renderer {
    out: String,
    width: usize,
    color: bool,
    containers: Vec<Container>,
    /// The inline text of the paragraph (or item, heading, cell) being gathered.
    spans: Vec<(String, Inline)>,
    inline: Inline,
    /// The destination and start (in `spans`) of each link being read.
    links: Vec<(String, usize)>,
    /// The last block written was a list item (items follow each other without a blank line).
    last_item: bool,
    heading: Option<HeadingLevel>,
    /// The text of the code block being read.
    code: Option<String>,
    table: Option<Table>,
}

impl Renderer {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if let Some(code) = &mut self.code {
                    code.push_str(&text);
                } else {
                    self.spans.push((text.into_string(), self.inline));
                }
            }
            Event::Code(text) => {
                let code = Inline {
                    code: true,
                    ..self.inline
                };
                self.spans.push((format!("`{text}`"), code));
            }
            Event::SoftBreak | Event::HardBreak => self.spans.push((" ".into(), self.inline)),
            Event::Html(text) | Event::InlineHtml(text) => {
                self.spans.push((text.into_string(), self.inline));
            }
            Event::Rule => {
                self.flush();
                self.separate();
                let rule = "─".repeat(self.width.min(40));
                let line = ui::paint(&rule, FRAME, self.color);
                self.out.push_str(&line);
                self.out.push_str("\n\n");
                self.last_item = false;
            }
            // Not enabled: math, footnotes, task lists, metadata.
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::HtmlBlock => self.flush(),
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(level);
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.containers.push(Container::Quote);
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.code = Some(String::new());
            }
            Tag::List(first) => {
                self.flush();
                self.containers.push(Container::List(first));
            }
            Tag::Item => {
                self.flush();
                let outer = !self
                    .containers
                    .iter()
                    .any(|c| matches!(c, Container::Item { .. }));
                let number = match self.containers.last_mut() {
                    Some(Container::List(Some(next))) => {
                        *next += 1;
                        Some(*next - 1)
                    }
                    _ => None,
                };
                let marker = match number {
                    Some(n) => format!("{n}. "),
                    None => "• ".to_string(),
                };
                let marker = if outer { format!("  {marker}") } else { marker };
                let hang = " ".repeat(marker.chars().count());
                self.containers.push(Container::Item {
                    marker: Some(marker),
                    hang,
                });
            }
            Tag::Table(alignments) => {
                self.flush();
                self.table = Some(Table {
                    alignments,
                    rows: Vec::new(),
                    header_rows: 0,
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(table) = &mut self.table {
                    table.rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.spans.clear(),
            Tag::Emphasis => self.inline.emphasis = true,
            Tag::Strong => self.inline.bold = true,
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                self.links.push((dest_url.into_string(), self.spans.len()));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock => self.flush(),
            TagEnd::Heading(_) => {
                let level = self.heading.take();
                let text: String = std::mem::take(&mut self.spans)
                    .into_iter()
                    .map(|(text, _)| text)
                    .collect();
                self.heading(level, text.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.containers.pop();
            }
            TagEnd::CodeBlock => {
                let code = self.code.take().unwrap_or_default();
                self.code_block(&code);
            }
            TagEnd::List(_) => {
                self.flush();
                self.containers.pop();
            }
            TagEnd::Item => {
                self.flush();
                self.containers.pop();
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.table(table);
                }
            }
            TagEnd::TableHead => {
                if let Some(table) = &mut self.table {
                    table.header_rows = table.rows.len();
                }
            }
            TagEnd::TableCell => {
                let cell: Vec<(String, Style)> = std::mem::take(&mut self.spans)
                    .into_iter()
                    .map(|(text, inline)| (text, inline.style()))
                    .collect();
                if let Some(row) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    row.push(cell);
                }
            }
            TagEnd::Emphasis => self.inline.emphasis = false,
            TagEnd::Strong => self.inline.bold = false,
            TagEnd::Link | TagEnd::Image => {
                if let Some((url, start)) = self.links.pop() {
                    let label: String = self.spans[start.min(self.spans.len())..]
                        .iter()
                        .map(|(text, _)| text.as_str())
                        .collect();
                    if url != label && !url.starts_with('#') && !url.is_empty() {
                        self.spans.push((format!(" ({url})"), self.inline));
                    }
                }
            }
            _ => {}
        }
    }

    /// The prefixes of the next block's first line and of its other lines: quote bars and list
    /// indentation, with the marker of an item whose first line this is.
    fn prefixes(&mut self) -> (String, String) {
        let (mut first, mut rest) = (String::new(), String::new());
        for container in &mut self.containers {
            match container {
                Container::Quote => {
                    first.push_str("│ ");
                    rest.push_str("│ ");
                }
                Container::List(_) => {}
                Container::Item { marker, hang } => {
                    first.push_str(marker.as_deref().unwrap_or(hang));
                    rest.push_str(hang);
                    *marker = None;
                }
            }
        }
        (first, rest)
    }

    fn in_item(&self) -> bool {
        self.containers
            .iter()
            .any(|c| matches!(c, Container::Item { .. }))
    }

    /// A prefix painted: its quote bars dim.
    fn paint_prefix(&self, prefix: &str) -> String {
        if prefix.contains('│') {
            ui::paint(prefix, FRAME, self.color)
        } else {
            prefix.to_string()
        }
    }

    /// A blank line between blocks, never at the very start.
    fn separate(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// Writes the gathered inline text as one wrapped block.
    fn flush(&mut self) {
        let spans = std::mem::take(&mut self.spans);
        let words = words(&spans);
        if words.is_empty() {
            return;
        }
        let is_item = self.in_item();
        // Consecutive list items stay together; every other block is set apart.
        if !(is_item && self.last_item) {
            self.separate();
        }
        let (first, rest) = self.prefixes();
        let lines = wrap(
            &words,
            self.width,
            first.chars().count(),
            rest.chars().count(),
        );
        for (n, line) in lines.iter().enumerate() {
            let prefix = self.paint_prefix(if n == 0 { &first } else { &rest });
            self.out.push_str(&prefix);
            let rendered: Vec<String> = line
                .iter()
                .map(|word| {
                    word.iter()
                        .map(|(text, style)| ui::paint(text, *style, self.color))
                        .collect::<String>()
                })
                .collect();
            self.out.push_str(&rendered.join(" "));
            self.out.push('\n');
        }
        self.last_item = is_item;
    }

    fn heading(&mut self, level: Option<HeadingLevel>, text: String) {
        self.separate();
        let level = level.unwrap_or(HeadingLevel::H6);
        let style = if level == HeadingLevel::H1 {
            HEADING_1
        } else {
            HEADING
        };
        self.out.push_str(&ui::paint(&text, style, self.color));
        self.out.push('\n');
        if level <= HeadingLevel::H2 {
            let underline = if level == HeadingLevel::H1 {
                "═"
            } else {
                "─"
            };
            let length = UnicodeWidthStr::width(text.as_str()).min(self.width);
            let line = ui::paint(&underline.repeat(length), FRAME, self.color);
            self.out.push_str(&line);
            self.out.push('\n');
        }
        self.out.push('\n');
        self.last_item = false;
    }

    /// A code block, never wrapped: four spaces in, two more in each list, inside any quote's
    /// bars.
    fn code_block(&mut self, code: &str) {
        self.separate();
        let mut pad = String::new();
        for container in &self.containers {
            match container {
                Container::Quote => pad.push_str("│ "),
                Container::Item { .. } => pad.push_str("  "),
                Container::List(_) => {}
            }
        }
        pad.push_str("    ");
        let pad = self.paint_prefix(&pad);
        let lines: Vec<&str> = code.lines().map(str::trim_end).collect();
        let end = lines
            .iter()
            .rposition(|l| !l.is_empty())
            .map_or(0, |i| i + 1);
        for line in &lines[..end] {
            if !line.is_empty() {
                self.out.push_str(&pad);
                self.out.push_str(&ui::paint(line, CODE, self.color));
            }
            self.out.push('\n');
        }
        self.out.push('\n');
        self.last_item = false;
    }

    /// A table in aligned columns, never wrapped: header cells bold, a rule under the header.
    fn table(&mut self, table: Table) {
        self.separate();
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        let cell_width = |cell: &Vec<(String, Style)>| -> usize {
            cell.iter()
                .map(|(text, _)| UnicodeWidthStr::width(text.as_str()))
                .sum()
        };
        let mut widths = vec![0; columns];
        for row in &table.rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell_width(cell));
            }
        }
        let (indent, _) = self.prefixes();
        let indent = self.paint_prefix(&indent);
        let separator = ui::paint(" │ ", FRAME, self.color);
        for (r, row) in table.rows.iter().enumerate() {
            let header = r < table.header_rows;
            let mut cells = Vec::new();
            for (i, width) in widths.iter().enumerate() {
                let empty = Vec::new();
                let cell = row.get(i).unwrap_or(&empty);
                let room = width - cell_width(cell);
                let (left, right) = match table.alignments.get(i) {
                    Some(Alignment::Right) => (room, 0),
                    Some(Alignment::Center) => (room / 2, room - room / 2),
                    _ => (0, room),
                };
                let text: String = cell
                    .iter()
                    .map(|(text, style)| {
                        let style = if header { style.bold() } else { *style };
                        ui::paint(text, style, self.color)
                    })
                    .collect();
                cells.push(format!("{}{text}{}", " ".repeat(left), " ".repeat(right)));
            }
            let line = cells.join(&separator);
            self.out.push_str(&indent);
            self.out.push_str(line.trim_end());
            self.out.push('\n');
            if header && r + 1 == table.header_rows {
                let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
                let rule = ui::paint(&rule.join("─┼─"), FRAME, self.color);
                self.out.push_str(&indent);
                self.out.push_str(&rule);
                self.out.push('\n');
            }
        }
        self.out.push('\n');
        self.last_item = false;
    }
}

/// Inline text as words of styled pieces: a word is one or more pieces with no space between
/// them (`**bold**,` is one word of two pieces); code keeps its spaces.
fn words(spans: &[(String, Inline)]) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut glued = false;
    for (span, inline) in spans {
        let style = inline.style();
        let starts_with_space = span.starts_with(char::is_whitespace);
        let ends_with_space = span.ends_with(char::is_whitespace);
        let parts: Vec<&str> = if inline.code {
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
        glued = !ends_with_space && !span.is_empty();
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
    fn setext_headings_are_headings() {
        let text = render("Title\n=====\n\nSection\n-------\n\nBody.\n", 60, false);
        assert_eq!(text, "Title\n═════\n\nSection\n───────\n\nBody.\n");
    }

    #[test]
    fn nested_lists_indent_under_their_item() {
        let text = render(
            "- fruit\n  - apple\n  - pear\n    1. green\n    2. red\n- vegetables\n",
            60,
            false,
        );
        assert_eq!(
            text,
            "  • fruit\n    • apple\n    • pear\n      1. green\n      2. red\n  • vegetables\n"
        );
    }

    #[test]
    fn a_long_nested_item_wraps_under_its_own_text() {
        let text = render("- a\n  - one two three four five six\n", 20, false);
        assert_eq!(text, "  • a\n    • one two three\n      four five six\n");
    }

    #[test]
    fn tables_line_up_their_columns() {
        let text = render(
            "| name | score | note |\n|:-----|------:|:----:|\n| ada | 3 | **top** |\n| bob | 12 | |\n",
            60,
            false,
        );
        assert_eq!(
            text,
            "name │ score │ note\n─────┼───────┼─────\nada  │     3 │ top\nbob  │    12 │\n"
        );
        let colored = render("| a |\n|---|\n| `x` |\n", 60, true);
        assert!(colored.contains("\x1b[1ma\x1b[0m"), "{colored:?}");
        assert!(colored.contains("\x1b[36m`x`\x1b[0m"), "{colored:?}");
    }

    #[test]
    fn a_quote_keeps_its_bars_on_every_block() {
        let text = render("> said:\n>\n> - one\n> - two\n", 60, false);
        assert_eq!(text, "│ said:\n\n│   • one\n│   • two\n");
    }

    #[test]
    fn ordered_lists_keep_their_start() {
        assert_eq!(render("3. c\n4. d\n", 60, false), "  3. c\n  4. d\n");
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
