//! The human report: one line per test, the first difference located, a coloured diff.
//!
//! Colour is a constructor argument: ANSI escapes are written only when it is true, and no global
//! colour state is read or set. Text that came from a solution is shown with control characters
//! replaced by control pictures, so it cannot drive the terminal. Whitespace markers are those of
//! [`crate::diff`].

use std::io::Write;

use crate::diff::{self, Diff, Line, LineKind};
use crate::events::{Event, Reporter};
use crate::outcome::{
    ChallengeRef, Detail, Location, SandboxInfo, ShownDiff, SubmissionRef, SubmissionResult,
    TestOutcome, Verdict,
};
use crate::ui::{paint, paint_into};

/// Minimum width of the test-name column.
const NAME_WIDTH: usize = 20;
/// Width of the verdict-label column (the longest label).
const LABEL_WIDTH: usize = 21;
/// Indentation of a failing test's detail block.
/// Lines of a failing test's stderr shown under it.
const STDERR_LINES: usize = 10;
const INDENT: &str = "    ";

/// The styles of the report.
mod style {
    use crate::ui::Style;
    pub const BOLD: Style = Style::BOLD;
    pub const DIM: Style = Style::DIM;
    pub const RED: Style = Style::RED;
    pub const GREEN: Style = Style::GREEN;
    pub const YELLOW: Style = Style::YELLOW;
    pub const CYAN: Style = Style::CYAN;
    pub const RED_BOLD: Style = Style::RED.bold();
    pub const GREEN_BOLD: Style = Style::GREEN.bold();
    /// Changed characters within a changed line: reverse video, so a changed space shows too.
    pub const RED_EMPH: Style = Style::RED.bold().reversed();
    pub const GREEN_EMPH: Style = Style::GREEN.bold().reversed();
}

/// Renders the diff of a failed content expectation for people: `--- expected` / `+++ actual`
/// headers naming the subject, hunk headers, red `-` expected lines and green `+` actual lines
/// with the changed characters emphasised, dim context, `… N equal lines …` for elided runs and a
/// note when the diff was cut. When whitespace is the only difference it is made visible, with a
/// legend line. Every line ends with `\n`; empty when the two sides are equal.
pub fn render_diff(shown: &ShownDiff, color: bool) -> String {
    let model = shown.model();
    render_model(&model, &shown.subject, color)
}

fn render_model(model: &Diff, subject: &str, color: bool) -> String {
    let mut out = String::new();
    if model.is_empty() {
        return out;
    }
    let subject = diff::escape_controls(subject);
    let suffix = if subject.is_empty() {
        String::new()
    } else {
        format!(" {subject}")
    };
    paint_into(
        &mut out,
        &format!("--- expected{suffix}"),
        style::RED,
        color,
    );
    out.push('\n');
    paint_into(
        &mut out,
        &format!("+++ actual{suffix}"),
        style::GREEN,
        color,
    );
    out.push('\n');
    let visible = model.whitespace_only;
    if visible {
        paint_into(
            &mut out,
            "only whitespace differs: · space, → tab, ␍ carriage return, ⏎ newline, ∅ no final newline",
            style::YELLOW,
            color,
        );
        out.push('\n');
    }
    for hunk in &model.hunks {
        if hunk.skipped_before > 0 {
            paint_into(&mut out, &elision(hunk.skipped_before), style::DIM, color);
            out.push('\n');
        }
        let header = format!(
            "@@ -{},{} +{},{} @@",
            hunk.old_start, hunk.old_len, hunk.new_start, hunk.new_len
        );
        paint_into(&mut out, &header, style::CYAN, color);
        out.push('\n');
        for line in &hunk.lines {
            render_line(&mut out, line, visible, color);
        }
    }
    if model.skipped_after > 0 {
        paint_into(&mut out, &elision(model.skipped_after), style::DIM, color);
        out.push('\n');
    }
    if let Some(cut) = model.cut {
        paint_into(&mut out, &format!("… {}", cut.note()), style::YELLOW, color);
        out.push('\n');
    }
    if model.approximate {
        paint_into(
            &mut out,
            "(diff approximated: it took too long to compute exactly)",
            style::DIM,
            color,
        );
        out.push('\n');
    }
    out
}

fn elision(n: usize) -> String {
    if n == 1 {
        "… 1 equal line …".to_string()
    } else {
        format!("… {n} equal lines …")
    }
}

fn render_line(out: &mut String, line: &Line, visible: bool, color: bool) {
    let shown = |text: &str| {
        if visible {
            diff::visible_whitespace(text)
        } else {
            diff::escape_controls(text)
        }
    };
    let (prefix, plain, emph) = match line.kind {
        LineKind::Equal => {
            let text: String = line.segments.iter().map(|s| shown(&s.text)).collect();
            paint_into(out, &format!(" {text}"), style::DIM, color);
            out.push('\n');
            return;
        }
        LineKind::Delete => ("-", style::RED, style::RED_EMPH),
        LineKind::Insert => ("+", style::GREEN, style::GREEN_EMPH),
    };
    paint_into(out, prefix, plain, color);
    for seg in &line.segments {
        let style = if seg.changed { emph } else { plain };
        paint_into(out, &shown(&seg.text), style, color);
    }
    let marker = match (line.newline, visible) {
        (false, _) => "∅",
        (true, true) => "⏎",
        (true, false) => "",
    };
    let marker_style = if line.kind == LineKind::Delete {
        style::RED_BOLD
    } else {
        style::GREEN_BOLD
    };
    paint_into(out, marker, marker_style, color);
    out.push('\n');
}

/// The human reporter: writes to `out`, with ANSI colours only when `color` is true.
pub struct HumanReporter<W: Write = Box<dyn Write>> {
    out: W,
    color: bool,
    /// The number of tests announced by the last `SubmissionStarted`.
    planned: Option<usize>,
    /// The width of the test-name column: the longest name announced, at least `NAME_WIDTH`.
    name_width: usize,
    verbosity: Verbosity,
    /// What a test gives the solution (arguments, environment, stdin, files), by test name:
    /// shown under a test that failed, so it can be reproduced. Asked for failing tests only
    /// (it reads the test's stdin file and lists its fixture folders).
    inputs: InputLines,
    /// The compile error already shown: later tests with the same one only say so.
    compile_error_shown: Option<String>,
}

/// The lines describing a test's input, by test name (`reproduce::inputs`).
pub type InputLines = Box<dyn Fn(&str) -> Option<Vec<String>>>;

/// How much the human report says (`-q`, default, `-v`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verbosity {
    /// Failing tests and the summary only.
    Quiet,
    #[default]
    Normal,
    /// Also the message of passing tests (a checker's explanation, for example).
    Verbose,
}

impl<W: Write> HumanReporter<W> {
    pub fn new(out: W, color: bool) -> Self {
        HumanReporter {
            out,
            color,
            planned: None,
            name_width: NAME_WIDTH,
            verbosity: Verbosity::Normal,
            inputs: Box::new(|_| None),
            compile_error_shown: None,
        }
    }

    /// Lines describing a test's input, by test name, shown under a failing test.
    pub fn with_inputs(mut self, inputs: InputLines) -> Self {
        self.inputs = inputs;
        self
    }

    /// Sets how much the report says.
    pub fn with_verbosity(mut self, verbosity: Verbosity) -> Self {
        self.verbosity = verbosity;
        self
    }

    /// The writer back (tests read what was written).
    pub fn into_inner(self) -> W {
        self.out
    }

    fn started(
        &mut self,
        challenge: &ChallengeRef,
        submission: &SubmissionRef,
        sandbox: &SandboxInfo,
        tests: usize,
    ) -> String {
        self.planned = Some(tests);
        let c = self.color;
        let mut s = String::new();
        paint_into(&mut s, "judging", style::BOLD, c);
        let plural = if tests == 1 { "test" } else { "tests" };
        s.push_str(&format!(
            " {} ({}) on {} — {tests} {plural}\n",
            submission.path, submission.language, challenge.id
        ));
        // The sandbox's missing layers arrive as a Notice from the judge.
        let _ = sandbox;
        s
    }

    fn test_line(&mut self, t: &TestOutcome) -> String {
        let c = self.color;
        let ok = t.verdict == Verdict::AC;
        let mut s = String::new();
        paint_into(
            &mut s,
            if ok { "✓" } else { "✗" },
            if ok { style::GREEN } else { style::RED },
            c,
        );
        let name = diff::escape_controls(&t.name);
        let pad = self.name_width.saturating_sub(name.chars().count());
        s.push(' ');
        s.push_str(&name);
        s.push_str(&" ".repeat(pad + 1));
        let label = t.verdict.label();
        paint_into(
            &mut s,
            label,
            if ok { style::GREEN } else { style::RED_BOLD },
            c,
        );
        s.push_str(&" ".repeat(LABEL_WIDTH.saturating_sub(label.chars().count())));
        if !matches!(t.verdict, Verdict::CE | Verdict::JE) {
            s.push_str(&format!(" {:>8}", format_ms(t.wall_ms)));
        }
        if t.sample {
            s.push(' ');
            paint_into(&mut s, "(sample)", style::DIM, c);
        }
        let mut s = s.trim_end().to_string();
        s.push('\n');
        // A compile error is the same for every test: shown once, in full.
        if t.verdict == Verdict::CE {
            if self.compile_error_shown.is_some() && self.compile_error_shown == t.message {
                s.push_str(INDENT);
                paint_into(&mut s, "(the same compile error)", style::DIM, c);
                s.push('\n');
                return s;
            }
            self.compile_error_shown = t.message.clone();
        }
        if !ok {
            for line in detail_lines(t) {
                s.push_str(INDENT);
                s.push_str(&diff::escape_controls(&line));
                s.push('\n');
            }
            if let Some(shown) = &t.shown_diff {
                for line in render_diff(shown, c).lines() {
                    s.push_str(INDENT);
                    s.push_str(line);
                    s.push('\n');
                }
            }
            for mismatch in &t.mismatches {
                s.push_str(INDENT);
                paint_into(&mut s, "also wrong:", style::RED, c);
                let first = mismatch.message.lines().next().unwrap_or("");
                s.push_str(&diff::escape_controls(&format!(
                    " {}: {first}",
                    mismatch.detail
                )));
                s.push('\n');
                for line in mismatch.message.lines().skip(1) {
                    s.push_str(INDENT);
                    s.push_str(&diff::escape_controls(line));
                    s.push('\n');
                }
                if let Some(shown) = &mismatch.shown_diff {
                    for line in render_diff(shown, c).lines() {
                        s.push_str(INDENT);
                        s.push_str(line);
                        s.push('\n');
                    }
                }
            }
            if let Some(tail) = &t.stderr_tail {
                s.push_str(INDENT);
                paint_into(&mut s, "stderr:", style::DIM, c);
                s.push('\n');
                for line in tail
                    .lines()
                    .rev()
                    .take(STDERR_LINES)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                {
                    s.push_str(INDENT);
                    s.push_str("  ");
                    s.push_str(&diff::escape_controls(line));
                    s.push('\n');
                }
            }
            if t.verdict != Verdict::CE
                && let Some(lines) = (self.inputs)(&t.name)
            {
                s.push_str(INDENT);
                paint_into(&mut s, "input:", style::DIM, c);
                s.push('\n');
                for line in &lines {
                    s.push_str(INDENT);
                    s.push_str("  ");
                    s.push_str(&diff::escape_controls(line));
                    s.push('\n');
                }
            }
        }
        // The checker's own stderr (a traceback, its debugging output), whatever the verdict.
        if self.verbosity == Verbosity::Verbose
            && let Some(text) = &t.checker_stderr
        {
            s.push_str(INDENT);
            paint_into(&mut s, "checker stderr:", style::DIM, c);
            s.push('\n');
            for line in text.lines() {
                s.push_str(INDENT);
                s.push_str("  ");
                s.push_str(&diff::escape_controls(line));
                s.push('\n');
            }
        }
        s
    }

    fn finished(&self, result: &SubmissionResult) -> String {
        let passed = result
            .tests
            .iter()
            .filter(|t| t.verdict == Verdict::AC)
            .count();
        // Fewer results than planned: --fail-fast stopped at the first failure. The totals
        // are over the tests judged, as recorded.
        let planned = self.planned.unwrap_or(0);
        let total = result.tests.len();
        let not_run = if planned > total {
            format!(" ({} not run: --fail-fast)", planned - total)
        } else {
            String::new()
        };
        let line = format!(
            "{passed}/{total} tests passed{not_run} · score {}/{} · verdict: {}",
            result.score,
            result.max_score,
            result.verdict.label()
        );
        let style = if result.verdict == Verdict::AC {
            style::GREEN_BOLD
        } else {
            style::RED_BOLD
        };
        let mut s = paint(&line, style, self.color);
        s.push('\n');
        s
    }
}

/// `12 ms`, `1.24 s`.
fn format_ms(ms: f64) -> String {
    if !ms.is_finite() || ms < 0.0 {
        return "? ms".to_string();
    }
    if ms < 1000.0 {
        format!("{} ms", ms.round() as u64)
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

/// What to say under a failing test, before its diff: where it failed and why.
fn detail_lines(t: &TestOutcome) -> Vec<String> {
    let detail = t.detail.as_ref().filter(|d| !d.to_string().is_empty());
    let message = t.message.as_deref().filter(|m| !m.is_empty());
    let mut head: Option<String> = None;
    let mut message_used = false;
    match t.verdict {
        Verdict::TLE => {
            head = Some(match message {
                Some(m) => {
                    message_used = true;
                    m.to_string()
                }
                None => match detail {
                    Some(Detail::Wall) => "wall-clock limit reached".to_string(),
                    Some(Detail::Cpu) => "CPU time limit reached".to_string(),
                    Some(d) => d.to_string(),
                    None => "time limit reached".to_string(),
                },
            });
        }
        Verdict::RTE if message.is_some_and(|m| !m.contains('\n')) => {
            head = message.map(str::to_string);
            message_used = true;
        }
        Verdict::RTE => {
            head = match (&t.signal, t.exit_code, detail) {
                (Some(sig), _, _) => Some(format!("killed by {sig}")),
                (None, Some(code), _) => Some(format!("exit status {code}")),
                (None, None, Some(d)) => Some(d.to_string()),
                (None, None, None) => None,
            };
        }
        _ => {
            if let Some(d) = detail {
                head = Some(match message {
                    Some(m) => {
                        message_used = true;
                        let first = m.lines().next().unwrap_or("");
                        // `stdout, line 2, column 9: expected …` when the message starts
                        // with its line; `check: …` otherwise.
                        let (sep, first) = match t.location {
                            Some(at) if at.starts_message => (", ", with_column(first, at)),
                            _ => (": ", first.to_string()),
                        };
                        let rest: Vec<&str> = m.lines().skip(1).collect();
                        if rest.is_empty() {
                            format!("{d}{sep}{first}")
                        } else {
                            // A multi-line message goes under the detail.
                            message_used = false;
                            d.to_string()
                        }
                    }
                    None => d.to_string(),
                });
            }
        }
    }
    let mut lines: Vec<String> = head.into_iter().collect();
    if !message_used && let Some(m) = message {
        lines.extend(m.lines().map(str::to_string));
    }
    lines
}

/// `line 3: expected …` → `line 3, column 11: expected …` for a message that starts with its
/// line, when the comparison located the column too.
fn with_column(message: &str, at: Location) -> String {
    if let Some(column) = at.column {
        let line = at.line;
        if let Some(rest) = message.strip_prefix(&format!("line {line}:")) {
            return format!("line {line}, column {column}:{rest}");
        }
    }
    message.to_string()
}

impl<W: Write> Reporter for HumanReporter<W> {
    fn event(&mut self, event: &Event<'_>) -> std::io::Result<()> {
        let text = match *event {
            Event::SubmissionStarted {
                challenge,
                submission,
                sandbox,
                tests,
                longest_name,
            } => {
                // Names are shown with control characters escaped, a little longer at most.
                self.name_width = NAME_WIDTH.max(longest_name.min(60));
                self.started(challenge, submission, sandbox, tests)
            }
            Event::TestFinished { outcome } => match self.verbosity {
                Verbosity::Quiet if outcome.verdict == Verdict::AC => String::new(),
                Verbosity::Verbose if outcome.verdict == Verdict::AC => {
                    let mut s = self.test_line(outcome);
                    if let Some(message) = outcome.message.as_deref().filter(|m| !m.is_empty()) {
                        for line in message.lines() {
                            s.push_str(INDENT);
                            s.push_str(&diff::escape_controls(line));
                            s.push('\n');
                        }
                    }
                    s
                }
                _ => self.test_line(outcome),
            },
            Event::SubmissionFinished { result } => self.finished(result),
            Event::Notice { message } => {
                let mut s = paint("note:", style::YELLOW, self.color);
                s.push(' ');
                s.push_str(&diff::escape_controls(message));
                s.push('\n');
                s
            }
        };
        self.out.write_all(text.as_bytes())?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::SandboxLevel;

    fn outcome(name: &str, verdict: Verdict, wall_ms: f64) -> TestOutcome {
        TestOutcome {
            name: name.to_string(),
            sample: false,
            verdict,
            detail: None,
            points: u32::from(verdict == Verdict::AC),
            max_points: 1,
            wall_ms,
            cpu_ms: wall_ms / 2.0,
            max_rss_kib: 3240,
            exit_code: Some(0),
            signal: None,
            message: None,
            location: None,
            diff: None,
            stderr_tail: None,
            checker_stderr: None,
            shown_diff: None,
            mismatches: Vec::new(),
        }
    }

    /// A wrong stdout, first different at `(line, column)`, which `message` starts with.
    fn wa(
        name: &str,
        expected: &str,
        actual: &str,
        (line, column): (usize, usize),
        message: &str,
    ) -> TestOutcome {
        TestOutcome {
            detail: Some(Detail::Stdout),
            message: Some(message.into()),
            location: Some(Location {
                line,
                column: Some(column),
                starts_message: true,
            }),
            diff: Some(diff::unified(expected, actual)),
            shown_diff: Some(ShownDiff::new(
                "stdout".into(),
                expected.as_bytes(),
                actual.as_bytes(),
            )),
            ..outcome(name, Verdict::WA, 15.2)
        }
    }

    /// Runs a whole submission through a reporter and returns what it wrote.
    fn report(tests: Vec<TestOutcome>, level: &str, color: bool) -> String {
        let challenge = ChallengeRef {
            id: "top-client-ips".into(),
            title: "Top client IPs".into(),
            path: "challenges/top-client-ips".into(),
        };
        let submission = SubmissionRef {
            path: "work/top_ips.sh".into(),
            language: "bash".into(),
            sha256: "00".into(),
        };
        let layers: Vec<String> = if level == "full" {
            vec!["landlock", "userns", "pidns", "netns", "rlimits"]
        } else {
            vec!["userns", "pidns", "netns", "rlimits"]
        }
        .into_iter()
        .map(String::from)
        .collect();
        let sandbox = SandboxInfo {
            level: SandboxLevel::parse(level),
            layers,
        };
        let result = SubmissionResult {
            challenge: challenge.clone(),
            submission: submission.clone(),
            verdict: SubmissionResult::overall(&tests),
            score: SubmissionResult::score(&tests),
            max_score: tests.iter().map(|t| u64::from(t.max_points)).sum(),
            sandbox: sandbox.clone(),
            tests: tests.clone(),
        };
        let mut r = HumanReporter::new(Vec::new(), color);
        r.event(&Event::SubmissionStarted {
            challenge: &challenge,
            submission: &submission,
            sandbox: &sandbox,
            tests: tests.len(),
            longest_name: 0,
        })
        .unwrap();
        if level != "full" {
            r.event(&Event::Notice {
                message: "landlock unavailable: kernel too old",
            })
            .unwrap();
        }
        for t in &tests {
            r.event(&Event::TestFinished { outcome: t }).unwrap();
        }
        r.event(&Event::SubmissionFinished { result: &result })
            .unwrap();
        String::from_utf8(r.into_inner()).unwrap()
    }

    #[test]
    fn all_accepted() {
        let mut first = outcome("two-ips", Verdict::AC, 12.4);
        first.sample = true;
        let tests = vec![
            first,
            outcome("ties", Verdict::AC, 8.0),
            outcome("big-log", Verdict::AC, 1240.0),
        ];
        insta::assert_snapshot!(report(tests, "full", false));
    }

    #[test]
    fn wrong_answer_with_diff() {
        let mut tests = vec![outcome("two-ips", Verdict::AC, 12.4)];
        let expected: String = (1..=20)
            .map(|i| format!("10.0.0.{i} {}\n", 100 - i))
            .collect();
        let actual = expected.replace("10.0.0.12 88", "10.0.0.12 89");
        tests.push(wa(
            "many-ips",
            &expected,
            &actual,
            (12, 11),
            "line 12: expected \"10.0.0.12 88\", got \"10.0.0.12 89\"",
        ));
        insta::assert_snapshot!(report(tests, "full", false));
    }

    #[test]
    fn whitespace_only_wrong_answer() {
        let tests = vec![wa(
            "spacing",
            "10.0.0.1 5\n10.0.0.2 3\n",
            "10.0.0.1 5\n10.0.0.2\t 3",
            (2, 9),
            "line 2: expected \" \", got \"\\t\"",
        )];
        insta::assert_snapshot!(report(tests, "full", false));
    }

    #[test]
    fn time_limit_exceeded() {
        let mut tle = outcome("huge-log", Verdict::TLE, 2003.7);
        tle.detail = Some(Detail::Wall);
        tle.exit_code = None;
        tle.signal = Some("SIGKILL".into());
        let mut cpu = outcome("spin", Verdict::TLE, 1500.0);
        cpu.detail = Some(Detail::Cpu);
        cpu.message = Some("CPU time limit 1s".into());
        insta::assert_snapshot!(report(vec![tle, cpu], "full", false));
    }

    #[test]
    fn runtime_error_by_signal_and_status() {
        let mut seg = outcome("crash", Verdict::RTE, 4.0);
        seg.detail = Some(Detail::Signal("SIGSEGV".into()));
        seg.exit_code = None;
        seg.signal = Some("SIGSEGV".into());
        let mut status = outcome("bad-exit", Verdict::RTE, 3.0);
        status.detail = Some(Detail::ExitStatus(3));
        status.exit_code = Some(3);
        status.message = Some("stderr: awk: fatal: cannot open file\nsecond line".into());
        insta::assert_snapshot!(report(vec![seg, status], "full", false));
    }

    #[test]
    fn sandbox_note_and_compile_error() {
        let ce = TestOutcome::not_run(
            "two-ips",
            true,
            1,
            Verdict::CE,
            "main.c:3:1: error: expected ';'".into(),
        );
        insta::assert_snapshot!(report(vec![ce], "partial", false));
    }

    #[test]
    fn elided_and_cut_diff() {
        let expected: String = (0..3000).map(|i| format!("a{i}\n")).collect();
        let actual: String = (0..3000)
            .map(|i| {
                if i < 100 {
                    format!("a{i}\n")
                } else {
                    format!("b{i}\n")
                }
            })
            .collect();
        let shown = ShownDiff::new(
            "file out/report.csv".into(),
            expected.as_bytes(),
            actual.as_bytes(),
        );
        let text = render_diff(&shown, false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "--- expected file out/report.csv");
        assert_eq!(lines[2], "… 97 equal lines …");
        assert_eq!(*lines.last().unwrap(), "… diff cut at 2000 lines");
    }

    #[test]
    fn render_diff_of_equal_sides_is_empty() {
        let shown = ShownDiff::new("stdout".into(), b"x\n", b"x\n");
        assert_eq!(render_diff(&shown, true), "");
    }

    #[test]
    fn ansi_only_when_color_is_on() {
        let make = || {
            let mut t = wa(
                "w",
                "a 1\n",
                "a 2\n",
                (1, 3),
                "line 1: expected \"1\", got \"2\"",
            );
            t.message = Some("evil \x1b[2J output".into());
            vec![outcome("ok", Verdict::AC, 1.0), t]
        };
        let plain = report(make(), "partial", false);
        assert!(!plain.contains('\x1b'), "{plain}");
        assert!(plain.contains("evil ␛[2J output"));
        let colored = report(make(), "partial", true);
        assert!(colored.contains("\x1b[32m✓\x1b[0m"), "{colored}");
        // Bold, reversed, red/green (`colored` writes the parameters in this order).
        assert!(colored.contains("\x1b[1;7;31m1\x1b[0m"), "{colored}");
        assert!(colored.contains("\x1b[1;7;32m2\x1b[0m"), "{colored}");
        // Solution text never carries its own escapes through.
        assert!(!colored.contains("\x1b[2J"));
        // Stripping our escapes gives the plain report back.
        let stripped = regex::Regex::new("\x1b\\[[0-9;]*m")
            .unwrap()
            .replace_all(&colored, "");
        assert_eq!(stripped, plain);
    }
}
