//! The human report of `grade` and `merge`: a line per submission (with its first failure), then
//! a summary table. Submission text was neutralised already (`escape::neutralise`); colour is an
//! argument, never global.

use std::fmt::Write;

use crate::escape::first_line;
use crate::outcome::Verdict;
use crate::report::document::{GradeDocument, GradedResult};
use crate::ui::{self, Style};

/// Longest first-failure message shown on a submission's line.
const MESSAGE_CHARS: usize = 160;

/// `text` in the colour of `verdict`: green when accepted, magenta for the judge's own failure,
/// red for the submission's.
fn paint(text: &str, verdict: Verdict, color: bool) -> String {
    let style = match verdict {
        Verdict::AC => Style::GREEN,
        Verdict::JE => Style::MAGENTA,
        _ => Style::RED,
    };
    ui::paint(text, style.bold(), color)
}

/// The heading printed before the first submission.
pub fn heading(doc: &GradeDocument, submissions: usize, tests: usize) -> String {
    let mut line = format!(
        "grade {} — {}: {submissions} submission{}, {tests} test{} each",
        doc.challenge.id,
        doc.challenge.title,
        if submissions == 1 { "" } else { "s" },
        if tests == 1 { "" } else { "s" },
    );
    if let Some(p) = &doc.partition {
        let _ = write!(line, " (partition {p})");
    }
    line.push('\n');
    line
}

/// What a row names: the path; in a class run `student / challenge` first.
fn shown(r: &GradedResult) -> String {
    match (&r.student, r.missing) {
        (Some(student), true) => format!("{student} / {}: nothing handed in", r.challenge.id),
        (Some(student), false) => {
            format!("{student} / {}: {}", r.challenge.id, r.submission.path)
        }
        (None, _) => r.submission.path.clone(),
    }
}

/// One submission: `WA   3/5  subs/alice.py (python)`, then its first failing test.
pub fn submission_line(r: &GradedResult, color: bool) -> String {
    let mut out = format!(
        "{}  {:>7}  {} ({})\n",
        paint(&format!("{:<3}", r.verdict.code()), r.verdict, color),
        format!("{}/{}", r.score, r.max_score),
        shown(r),
        r.submission.language
    );
    if r.missing {
        return out;
    }
    if let Some(t) = r.tests.iter().find(|t| t.verdict != Verdict::AC) {
        let mut what = format!("test {}: {}", t.name, t.verdict.label());
        if let Some(detail) = &t.detail {
            let _ = write!(what, " ({detail})");
        }
        if let Some(message) = t.message.as_deref().map(|m| first_line(m, MESSAGE_CHARS))
            && !message.is_empty()
        {
            let _ = write!(what, ": {message}");
        }
        let failing = r.tests.iter().filter(|t| t.verdict != Verdict::AC).count();
        if failing > 1 && r.verdict != Verdict::CE {
            let _ = write!(what, " (+{} more)", failing - 1);
        }
        let _ = writeln!(out, "     {what}");
    }
    out
}

/// The table of every submission and the tally.
pub fn summary(doc: &GradeDocument, color: bool) -> String {
    let mut out = String::new();
    let rows: Vec<[String; 5]> = doc
        .results
        .iter()
        .map(|r| {
            let passed = r.tests.iter().filter(|t| t.verdict == Verdict::AC).count();
            [
                shown(r),
                r.submission.language.clone(),
                r.verdict.code().to_string(),
                format!("{}/{}", r.score, r.max_score),
                format!("{passed}/{}", r.tests.len()),
            ]
        })
        .collect();
    let header = ["submission", "language", "verdict", "score", "tests"].map(String::from);
    let widths: Vec<usize> = (0..5)
        .map(|i| {
            rows.iter()
                .chain(std::iter::once(&header))
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    if !rows.is_empty() {
        out.push('\n');
        let line = |out: &mut String, row: &[String; 5], verdict: Option<Verdict>| {
            let verdict_cell = format!("{:<w$}", row[2], w = widths[2]);
            let _ = writeln!(
                out,
                "  {:<w0$}  {:<w1$}  {}  {:>w3$}  {:>w4$}",
                row[0],
                row[1],
                match verdict {
                    Some(v) => paint(&verdict_cell, v, color),
                    None => verdict_cell,
                },
                row[3],
                row[4],
                w0 = widths[0],
                w1 = widths[1],
                w3 = widths[3],
                w4 = widths[4],
            );
        };
        line(&mut out, &header, None);
        for (row, r) in rows.iter().zip(&doc.results) {
            line(&mut out, row, Some(r.verdict));
        }
    }
    let _ = writeln!(out, "\n{}", doc.tally_line());
    out
}

/// The whole report at once (for a file, or for `merge`); `quiet` (`-q`) leaves out the lines of
/// accepted submissions, as when streamed.
pub fn render(doc: &GradeDocument, color: bool, quiet: bool) -> String {
    let tests = doc.test_names().len();
    let mut out = heading(doc, doc.results.len(), tests);
    for r in doc
        .results
        .iter()
        .filter(|r| !(quiet && r.verdict == Verdict::AC))
    {
        out.push_str(&submission_line(r, color));
    }
    out.push_str(&summary(doc, color));
    out
}
