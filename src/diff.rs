//! Expected vs actual → a diff model (hunks of lines, inline spans of changed characters, elided
//! equal runs), capped in size and bounded in time. No colours: reporters decide how it looks.
//!
//! - Lines are diffed with similar's Patience algorithm under a deadline ([`DIFF_TIMEOUT`]); past
//!   it similar approximates, so a 200k-line output with many differences cannot stall the judge.
//! - Equal runs longer than twice the context ([`CONTEXT`] lines each side) are elided; a hunk
//!   records how many equal lines were skipped before it (`… 120 equal lines …`).
//! - At most [`MAX_LINES`] lines and [`MAX_BYTES`] bytes of line text are kept; [`Diff::cut`] says
//!   when the model was cut.
//! - A deleted line paired with an inserted line inside one replacement gets inline segments:
//!   the changed characters are flagged so a renderer can emphasise them.
//!
//! Whitespace markers, for renderers that make whitespace visible (see [`whitespace_only`] and
//! [`visible_whitespace`]): `·` a space, `→` a tab, `␍` a carriage return, `⏎` the end of a line
//! that has its newline, `∅` the end of a last line that has no final newline. Other control
//! characters are always shown as their Unicode control pictures (`␛` for ESC) so a solution's
//! output cannot drive the terminal.

use crate::escape::control_picture;
pub use crate::escape::escape_controls;
use std::fmt::Write as _;
use std::ops::Range;
use std::time::{Duration, Instant};

use similar::{Algorithm, ChangeTag, DiffOp, TextDiff};

/// Lines of context kept around each change.
pub const CONTEXT: usize = 3;
/// Most lines kept in a diff model.
pub const MAX_LINES: usize = 2_000;
/// Most bytes of line text kept in a diff model, and the cap of [`unified`].
pub const MAX_BYTES: usize = 64 * 1024;
/// Time allowed to the line diff before similar approximates.
pub const DIFF_TIMEOUT: Duration = Duration::from_millis(300);
/// Time allowed to all inline (character) diffs of one model together.
pub const INLINE_TIMEOUT: Duration = Duration::from_millis(200);
/// Lines longer than this (in chars) get prefix/suffix emphasis instead of a character diff.
const INLINE_MAX_CHARS: usize = 4_000;

/// What a line of the diff is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Present on both sides.
    Equal,
    /// Only in the expected output.
    Delete,
    /// Only in the actual output.
    Insert,
}

/// A run of a line's text; `changed` marks the characters that differ from the paired line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub changed: bool,
}

/// One line of a hunk. The text excludes the `\n` (a `\r` before it stays in the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub kind: LineKind,
    /// 1-based line number in the expected output (Equal, Delete).
    pub old_no: Option<usize>,
    /// 1-based line number in the actual output (Equal, Insert).
    pub new_no: Option<usize>,
    /// The line's text in segments; a single unchanged segment when there is no inline diff.
    pub segments: Vec<Segment>,
    /// The line had a `\n` at its end (false only for a last line without final newline).
    pub newline: bool,
}

impl Line {
    /// The line's text without its newline.
    pub fn text(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }

    /// Whether some segment is marked changed.
    pub fn has_inline(&self) -> bool {
        self.segments.iter().any(|s| s.changed)
    }
}

/// A group of changes with their context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    /// Equal lines elided before this hunk (since the start or the previous hunk).
    pub skipped_before: usize,
    /// 1-based start line and line count in the expected output (unified-diff convention).
    pub old_start: usize,
    pub old_len: usize,
    /// 1-based start line and line count in the actual output.
    pub new_start: usize,
    pub new_len: usize,
    pub lines: Vec<Line>,
}

/// Why a diff model was cut short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// More than [`MAX_LINES`] lines.
    Lines(usize),
    /// More than [`MAX_BYTES`] bytes of text.
    Bytes(usize),
}

impl Cut {
    /// A note for people: `diff cut at 2000 lines`, `diff cut at 64 KiB`.
    pub fn note(self) -> String {
        match self {
            Cut::Lines(n) => format!("diff cut at {n} lines"),
            Cut::Bytes(n) => format!("diff cut at {} KiB", n / 1024),
        }
    }
}

/// The diff of expected vs actual (the default is no difference).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    pub hunks: Vec<Hunk>,
    /// Equal lines elided after the last hunk.
    pub skipped_after: usize,
    /// Set when the model was cut by a size cap; later changes are not shown.
    pub cut: Option<Cut>,
    /// The line diff hit its deadline and is an approximation (still correct, maybe not minimal).
    pub approximate: bool,
    /// The only differences are whitespace (see [`whitespace_only`]).
    pub whitespace_only: bool,
}

impl Diff {
    /// No difference at all.
    pub fn is_empty(&self) -> bool {
        self.hunks.is_empty()
    }
}

/// Size and time bounds of a diff model (what is kept, and how long computing it may take).
#[derive(Debug, Clone, Copy)]
pub struct DiffBounds {
    pub context: usize,
    pub max_lines: usize,
    pub max_bytes: usize,
    pub timeout: Duration,
    pub inline_timeout: Duration,
}

impl Default for DiffBounds {
    fn default() -> Self {
        DiffBounds {
            context: CONTEXT,
            max_lines: MAX_LINES,
            max_bytes: MAX_BYTES,
            timeout: DIFF_TIMEOUT,
            inline_timeout: INLINE_TIMEOUT,
        }
    }
}

/// Diffs expected vs actual with the default limits.
pub fn diff(expected: &str, actual: &str) -> Diff {
    diff_with(expected, actual, DiffBounds::default())
}

fn line_diff<'a>(expected: &'a str, actual: &'a str, timeout: Duration) -> TextDiff<'a, 'a, str> {
    TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .timeout(timeout)
        .diff_lines(expected, actual)
}

/// Diffs expected vs actual with explicit limits.
pub fn diff_with(expected: &str, actual: &str, limits: DiffBounds) -> Diff {
    diff_cropped(expected, actual, Cropped::default(), limits)
}

/// Diffs the middles of two outputs whose equal ends were cropped ([`crop`]): the model is the
/// one of the whole outputs (positions and elided counts include the cropped lines).
pub fn diff_cropped(expected: &str, actual: &str, cropped: Cropped, limits: DiffBounds) -> Diff {
    if expected == actual {
        return Diff::default();
    }
    let middle = Middle::of(expected, actual, cropped, limits.context, limits.timeout);
    model_of(&middle, whitespace_only(expected, actual), limits)
}

/// [`diff_cropped`] and [`unified_cropped`] with the default bounds, from one line diff: for
/// outputs whose diffs are made at once (see `outcome::ShownDiff`).
pub fn diff_and_unified_cropped(expected: &str, actual: &str, cropped: Cropped) -> (Diff, String) {
    if expected == actual {
        return (Diff::default(), String::new());
    }
    let middle = Middle::of(expected, actual, cropped, CONTEXT, DIFF_TIMEOUT);
    let model = model_of(
        &middle,
        whitespace_only(expected, actual),
        DiffBounds::default(),
    );
    (model, unified_of(&middle))
}

/// The line diff of two outputs' middles: equal lines at both ends are never part of a change,
/// so only the middle, with its context, is diffed (one changed line in 200,000 is then a diff
/// of a few lines, not of the whole).
struct Middle<'a> {
    trim: Trim,
    text_diff: TextDiff<'a, 'a, str>,
    /// The line diff hit its deadline.
    approximate: bool,
}

impl<'a> Middle<'a> {
    fn of(
        expected: &'a str,
        actual: &'a str,
        cropped: Cropped,
        context: usize,
        timeout: Duration,
    ) -> Middle<'a> {
        let trim = Trim::of(expected, actual, context).and(cropped);
        let started = Instant::now();
        let text_diff = line_diff(
            &expected[trim.start_bytes..expected.len() - trim.end_bytes],
            &actual[trim.start_bytes..actual.len() - trim.end_bytes],
            timeout,
        );
        Middle {
            trim,
            text_diff,
            approximate: started.elapsed() >= timeout,
        }
    }
}

/// The model of a middle's line diff, within `limits`.
fn model_of(middle: &Middle<'_>, whitespace_only: bool, limits: DiffBounds) -> Diff {
    let (trim, text_diff) = (&middle.trim, &middle.text_diff);
    let mut model = Diff {
        approximate: middle.approximate,
        whitespace_only,
        ..Diff::default()
    };
    let groups = text_diff.grouped_ops(limits.context);
    let inline_deadline = Instant::now() + limits.inline_timeout;

    let mut budget = Budget {
        lines: limits.max_lines,
        bytes: limits.max_bytes,
    };
    let mut last_old_end = 0usize;
    'groups: for group in &groups {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old_start = first.old_range().start + trim.start_lines;
        let new_start = first.new_range().start + trim.start_lines;
        let mut hunk = Hunk {
            skipped_before: old_start.saturating_sub(last_old_end),
            old_start: old_start + 1,
            old_len: last.old_range().end + trim.start_lines - old_start,
            new_start: new_start + 1,
            new_len: last.new_range().end + trim.start_lines - new_start,
            lines: Vec::new(),
        };
        last_old_end = last.old_range().end + trim.start_lines;
        for op in group {
            // One line more than the budget can take, so that a cut is always seen.
            let cap = budget.lines.min(budget.bytes).saturating_add(1);
            let mut lines = op_lines(text_diff, op, inline_deadline, cap);
            for line in &mut lines {
                line.old_no = line.old_no.map(|n| n + trim.start_lines);
                line.new_no = line.new_no.map(|n| n + trim.start_lines);
            }
            for mut line in lines {
                match budget.take(&mut line, &limits) {
                    Take::All => hunk.lines.push(line),
                    Take::Part(cut) => {
                        hunk.lines.push(line);
                        model.cut = Some(cut);
                    }
                    Take::None(cut) => model.cut = Some(cut),
                }
                if model.cut.is_some() {
                    if !hunk.lines.is_empty() {
                        model.hunks.push(hunk);
                    }
                    break 'groups;
                }
            }
        }
        model.hunks.push(hunk);
    }
    if model.cut.is_none() {
        model.skipped_after =
            (text_diff.old_len() + trim.start_lines).saturating_sub(last_old_end) + trim.end_lines;
    }
    model
}

/// The equal lines left out of the line diff at each end (beyond `context` lines, kept so that
/// hunks keep their context).
struct Trim {
    start_lines: usize,
    start_bytes: usize,
    end_lines: usize,
    end_bytes: usize,
}

/// Equal lines already cut from the start and the end of both outputs before they were diffed
/// (so never held whole): [`crop`] finds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cropped {
    pub before: usize,
    pub after: usize,
}

/// Where the equal lines at both ends of two outputs are, on their bytes as
/// [`crate::escape::shown_bytes`] shows them (what [`diff`] would leave out beyond its context,
/// found without decoding the whole): the byte range of each middle to keep, and the lines cut.
pub fn crop(expected: &[u8], actual: &[u8]) -> (Range<usize>, Range<usize>, Cropped) {
    let same = |a: &[u8], b: &[u8]| {
        a == b || crate::escape::shown_bytes(a) == crate::escape::shown_bytes(b)
    };
    let common_start = lines(expected)
        .zip(lines(actual))
        .take_while(|(a, b)| same(a, b))
        .count();
    let room = lines(expected).count().min(lines(actual).count()) - common_start;
    let common_end = lines_rev(expected)
        .zip(lines_rev(actual))
        .take(room)
        .take_while(|(a, b)| same(a, b))
        .count();
    let before = common_start.saturating_sub(CONTEXT);
    let after = common_end.saturating_sub(CONTEXT);
    let head = |b: &[u8]| lines(b).take(before).map(<[u8]>::len).sum::<usize>();
    let tail = |b: &[u8]| b.len() - lines_rev(b).take(after).map(<[u8]>::len).sum::<usize>();
    (
        head(expected)..tail(expected),
        head(actual)..tail(actual),
        Cropped { before, after },
    )
}

/// The lines of `bytes`, each with its `\n` (as `str::split_inclusive('\n')` splits).
fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    bytes.split_inclusive(|&c| c == b'\n')
}

/// The lines of `bytes` from the last, each with its `\n`.
fn lines_rev(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut end = bytes.len();
    std::iter::from_fn(move || {
        if end == 0 {
            return None;
        }
        let start = memchr::memrchr(b'\n', &bytes[..end - 1]).map_or(0, |i| i + 1);
        let line = &bytes[start..end];
        end = start;
        Some(line)
    })
}

impl Trim {
    /// This trim of cropped middles, counted in lines of the whole outputs.
    fn and(mut self, cropped: Cropped) -> Trim {
        self.start_lines += cropped.before;
        self.end_lines += cropped.after;
        self
    }

    fn of(expected: &str, actual: &str, context: usize) -> Trim {
        let old: Vec<&str> = expected.split_inclusive('\n').collect();
        let new: Vec<&str> = actual.split_inclusive('\n').collect();
        let common_start = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
        let room = old.len().min(new.len()) - common_start;
        let common_end = old
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take(room)
            .take_while(|(a, b)| a == b)
            .count();
        let start_lines = common_start.saturating_sub(context);
        let end_lines = common_end.saturating_sub(context);
        Trim {
            start_lines,
            start_bytes: old[..start_lines].iter().map(|l| l.len()).sum(),
            end_lines,
            end_bytes: old[old.len() - end_lines..].iter().map(|l| l.len()).sum(),
        }
    }
}

struct Budget {
    lines: usize,
    bytes: usize,
}

enum Take {
    All,
    Part(Cut),
    None(Cut),
}

impl Budget {
    fn take(&mut self, line: &mut Line, limits: &DiffBounds) -> Take {
        if self.lines == 0 {
            return Take::None(Cut::Lines(limits.max_lines));
        }
        let len: usize = line.segments.iter().map(|s| s.text.len()).sum::<usize>() + 1;
        if len <= self.bytes {
            self.lines -= 1;
            self.bytes -= len;
            return Take::All;
        }
        if self.bytes <= 1 {
            return Take::None(Cut::Bytes(limits.max_bytes));
        }
        // Keep what fits of this line, cut at a char boundary.
        let mut room = self.bytes - 1;
        let mut kept = Vec::new();
        for seg in line.segments.drain(..) {
            if room == 0 {
                break;
            }
            let end = floor_char_boundary(&seg.text, room);
            room -= end;
            kept.push(Segment {
                text: seg.text[..end].to_string(),
                changed: seg.changed,
            });
        }
        line.segments = kept;
        self.lines -= 1;
        self.bytes = 0;
        Take::Part(Cut::Bytes(limits.max_bytes))
    }
}

/// The largest char boundary of `s` at or below `at`.
fn floor_char_boundary(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    let mut i = at;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn split_newline(value: &str) -> (&str, bool) {
    match value.strip_suffix('\n') {
        Some(text) => (text, true),
        None => (value, false),
    }
}

fn plain_line(kind: LineKind, old_no: Option<usize>, new_no: Option<usize>, value: &str) -> Line {
    let (text, newline) = split_newline(value);
    Line {
        kind,
        old_no,
        new_no,
        segments: vec![Segment {
            text: text.to_string(),
            changed: false,
        }],
        newline,
    }
}

/// The lines of one diff operation, at most `cap` of them (deletions before insertions, as
/// shown): a replacement of 8,000 long lines by 8,000 others makes only the lines the budget can
/// still take, not 16,000 owned lines of which 64 are shown. `cap` must exceed what the budget
/// can take, so that a cut operation always meets a line the budget refuses.
fn op_lines(
    text_diff: &TextDiff<'_, '_, str>,
    op: &DiffOp,
    inline_deadline: Instant,
    cap: usize,
) -> Vec<Line> {
    let old = |i: usize| text_diff.old_slice(i).unwrap_or("");
    let new = |i: usize| text_diff.new_slice(i).unwrap_or("");
    match *op {
        DiffOp::Equal {
            old_index,
            new_index,
            len,
        } => (0..len.min(cap))
            .map(|k| {
                plain_line(
                    LineKind::Equal,
                    Some(old_index + k + 1),
                    Some(new_index + k + 1),
                    old(old_index + k),
                )
            })
            .collect(),
        DiffOp::Delete {
            old_index, old_len, ..
        } => (old_index..old_index + old_len.min(cap))
            .map(|i| plain_line(LineKind::Delete, Some(i + 1), None, old(i)))
            .collect(),
        DiffOp::Insert {
            new_index, new_len, ..
        } => (new_index..new_index + new_len.min(cap))
            .map(|i| plain_line(LineKind::Insert, None, Some(i + 1), new(i)))
            .collect(),
        DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } => {
            let shown_old = old_len.min(cap);
            let shown_new = new_len.min(cap - shown_old);
            let mut dels: Vec<Line> = (old_index..old_index + shown_old)
                .map(|i| plain_line(LineKind::Delete, Some(i + 1), None, old(i)))
                .collect();
            let mut ins: Vec<Line> = (new_index..new_index + shown_new)
                .map(|i| plain_line(LineKind::Insert, None, Some(i + 1), new(i)))
                .collect();
            // Pairs are emphasised as before: a shown line gets its segments even when its
            // partner is past the cap.
            for k in 0..shown_old.max(shown_new).min(old_len.min(new_len)) {
                let a = split_newline(old(old_index + k)).0;
                let b = split_newline(new(new_index + k)).0;
                if let Some((sa, sb)) = inline(a, b, inline_deadline) {
                    if let Some(d) = dels.get_mut(k) {
                        d.segments = sa;
                    }
                    if let Some(i) = ins.get_mut(k) {
                        i.segments = sb;
                    }
                }
            }
            dels.append(&mut ins);
            dels
        }
    }
}

fn push_segment(segments: &mut Vec<Segment>, text: &str, changed: bool) {
    if text.is_empty() {
        return;
    }
    match segments.last_mut() {
        Some(last) if last.changed == changed => last.text.push_str(text),
        _ => segments.push(Segment {
            text: text.to_string(),
            changed,
        }),
    }
}

/// Inline segments of a changed line pair, or None when the lines have too little in common for
/// emphasis to help (then the whole line reads as changed).
fn inline(a: &str, b: &str, deadline: Instant) -> Option<(Vec<Segment>, Vec<Segment>)> {
    let (mut sa, mut sb) = (Vec::new(), Vec::new());
    let mut common = 0usize;
    let long = a.chars().count().max(b.chars().count());
    if long > INLINE_MAX_CHARS || Instant::now() >= deadline {
        // Common prefix and suffix only: linear, never stalls.
        let prefix: usize = a
            .chars()
            .zip(b.chars())
            .take_while(|(x, y)| x == y)
            .map(|(x, _)| x.len_utf8())
            .sum();
        let suffix: usize = a[prefix..]
            .chars()
            .rev()
            .zip(b[prefix..].chars().rev())
            .take_while(|(x, y)| x == y)
            .map(|(x, _)| x.len_utf8())
            .sum();
        for (s, out) in [(a, &mut sa), (b, &mut sb)] {
            push_segment(out, &s[..prefix], false);
            push_segment(out, &s[prefix..s.len() - suffix], true);
            push_segment(out, &s[s.len() - suffix..], false);
        }
        common = a[..prefix].chars().count() + a[a.len() - suffix..].chars().count();
    } else {
        let chars = TextDiff::configure()
            .algorithm(Algorithm::Myers)
            .deadline(deadline)
            .diff_chars(a, b);
        for change in chars.iter_all_changes() {
            let value = change.value();
            match change.tag() {
                ChangeTag::Equal => {
                    common += value.chars().count();
                    push_segment(&mut sa, value, false);
                    push_segment(&mut sb, value, false);
                }
                ChangeTag::Delete => push_segment(&mut sa, value, true),
                ChangeTag::Insert => push_segment(&mut sb, value, true),
            }
        }
    }
    // Emphasis helps only when a fair part of the line is shared.
    if long == 0 || common * 3 < long {
        return None;
    }
    Some((sa, sb))
}

/// True when expected and actual differ, and only in whitespace (spaces, tabs, CR, newlines,
/// including a missing or extra final newline).
pub fn whitespace_only(expected: &str, actual: &str) -> bool {
    if expected == actual {
        return false;
    }
    let a = expected.chars().filter(|c| !c.is_whitespace());
    let b = actual.chars().filter(|c| !c.is_whitespace());
    a.eq(b)
}

/// Text with whitespace made visible: `·` space, `→` tab, `␍` CR, other control characters as
/// control pictures. Does not add end-of-line markers; renderers add `⏎` / `∅`.
pub fn visible_whitespace(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            ' ' => '·',
            '\t' => '→',
            c => control_picture(c),
        })
        .collect()
}

/// Renders a plain unified diff (`--- expected` / `+++ actual`), capped at 64 KiB with a
/// `… diff cut at 64 KiB` note, for JSON and JUnit. Empty when the inputs are equal.
pub fn unified(expected: &str, actual: &str) -> String {
    unified_cropped(expected, actual, Cropped::default())
}

/// [`unified`] of the middles of two outputs whose equal ends were cropped ([`crop`]).
pub fn unified_cropped(expected: &str, actual: &str, cropped: Cropped) -> String {
    if expected == actual {
        return String::new();
    }
    unified_of(&Middle::of(
        expected,
        actual,
        cropped,
        CONTEXT,
        DIFF_TIMEOUT,
    ))
}

/// The unified diff of a middle's line diff, its positions shifted back to the whole outputs.
fn unified_of(middle: &Middle<'_>) -> String {
    let (trim, text_diff) = (&middle.trim, &middle.text_diff);
    let mut out = String::from("--- expected\n+++ actual\n");
    let mut udiff = text_diff.unified_diff();
    udiff.context_radius(CONTEXT);
    // Written change by change so a huge diff stops as soon as the cap is passed.
    'hunks: for hunk in udiff.iter_hunks() {
        let ops = hunk.ops();
        let (Some(first), Some(last)) = (ops.first(), ops.last()) else {
            continue;
        };
        let shift = trim.start_lines;
        let _ = writeln!(
            out,
            "@@ -{} +{} @@",
            unified_range(
                first.old_range().start + shift,
                last.old_range().end + shift
            ),
            unified_range(
                first.new_range().start + shift,
                last.new_range().end + shift
            )
        );
        for change in hunk.iter_changes() {
            let _ = write!(out, "{}{}", change.tag(), change.value());
            if change.missing_newline() {
                out.push_str("\n\\ No newline at end of file\n");
            }
            if out.len() > MAX_BYTES {
                break 'hunks;
            }
        }
    }
    cap_text(out, MAX_BYTES)
}

/// A hunk header's range (0-based `start..end`) as unified diffs write it: `START` for one
/// line, else `START,LEN` (an empty range starts at the line before it).
fn unified_range(start: usize, end: usize) -> String {
    let len = end.saturating_sub(start);
    match len {
        1 => format!("{}", start + 1),
        0 => format!("{start},0"),
        _ => format!("{},{len}", start + 1),
    }
}

/// Caps text at `max` bytes, cutting at the last whole line that fits (or a char boundary) and
/// appending `… diff cut at N KiB`.
fn cap_text(mut text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let note = format!("… {}\n", Cut::Bytes(max).note());
    let room = max.saturating_sub(note.len());
    let at = floor_char_boundary(&text, room);
    let at = match text[..at].rfind('\n') {
        Some(nl) => nl + 1,
        None => at,
    };
    text.truncate(at);
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&note);
    text
}

#[cfg(test)]
mod tests;
