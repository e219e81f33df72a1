//! The GitHub Actions format of a grade document: an `::error` workflow command per failing test
//! (one per submission for a compile error), a closing `::notice`, and a Markdown summary for
//! `$GITHUB_STEP_SUMMARY`. Submission text was neutralised already (`escape::neutralise`); here
//! it is percent-encoded as the runner expects.

use std::fmt::Write;

use crate::escape::{first_line, github_data, github_property, markdown_cell};
use crate::outcome::{SubmissionResult, Verdict};
use crate::report::document::GradeDocument;

/// Longest message of one annotation (characters); the rest is in the JSON and JUnit reports.
const ANNOTATION_CHARS: usize = 4000;
/// Longest message in a summary table cell.
const CELL_CHARS: usize = 160;

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max).collect();
    cut.push_str("\n… cut");
    cut
}

/// The workflow commands.
pub fn annotations(doc: &GradeDocument) -> String {
    let mut out = String::new();
    for r in &doc.results {
        annotate(&mut out, r);
    }
    let level = if doc.results.iter().all(|r| r.verdict == Verdict::AC) {
        "notice"
    } else {
        "error"
    };
    let _ = writeln!(
        out,
        "::{level} title={}::{}",
        github_property(&format!("livejudge grade {}", doc.challenge.id)),
        github_data(&doc.tally_line())
    );
    out
}

fn annotate(out: &mut String, r: &SubmissionResult) {
    if r.verdict == Verdict::CE
        && let Some(t) = r.tests.first()
    {
        let title = format!("{}: compile error", r.submission.path);
        let message = t.message.as_deref().unwrap_or("compile error");
        let _ = writeln!(
            out,
            "::error title={}::{}",
            github_property(&title),
            github_data(&cut(message, ANNOTATION_CHARS))
        );
        return;
    }
    for t in r.tests.iter().filter(|t| t.verdict != Verdict::AC) {
        let title = format!(
            "{}: test {}: {} ({})",
            r.submission.path,
            t.name,
            t.verdict.label(),
            t.verdict.code()
        );
        let mut message = match (&t.detail, &t.message) {
            (Some(d), Some(m)) => format!("{d}: {m}"),
            (None, Some(m)) => m.clone(),
            (Some(d), None) => d.clone(),
            (None, None) => t.verdict.label().to_string(),
        };
        if let Some(diff) = t.diff.as_deref().filter(|d| !d.is_empty()) {
            message.push('\n');
            message.push_str(diff);
        }
        let _ = writeln!(
            out,
            "::error title={}::{}",
            github_property(&title),
            github_data(&cut(&message, ANNOTATION_CHARS))
        );
    }
}

/// The Markdown job summary: a table of the submissions and the first failure of each.
pub fn summary(doc: &GradeDocument) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### livejudge grade: {} — {}\n",
        markdown_cell(&doc.challenge.id),
        markdown_cell(&doc.challenge.title)
    );
    if let Some(p) = &doc.partition {
        let _ = writeln!(out, "Partition {}.\n", markdown_cell(p));
    }
    let _ = writeln!(out, "{}\n", markdown_cell(&doc.tally_line()));
    if doc.results.is_empty() {
        return out;
    }
    out.push_str("| submission | language | verdict | score | first failure |\n");
    out.push_str("| --- | --- | --- | ---: | --- |\n");
    for r in &doc.results {
        let failure = r
            .tests
            .iter()
            .find(|t| t.verdict != Verdict::AC)
            .map(|t| {
                let message = t.message.as_deref().map(|m| first_line(m, CELL_CHARS));
                match message {
                    Some(m) if !m.is_empty() => format!("{}: {m}", t.name),
                    _ => t.name.clone(),
                }
            })
            .unwrap_or_default();
        let mark = if r.verdict == Verdict::AC {
            "✅"
        } else {
            "❌"
        };
        let _ = writeln!(
            out,
            "| {} | {} | {mark} {} | {}/{} | {} |",
            markdown_cell(&r.submission.path),
            markdown_cell(&r.submission.language),
            r.verdict.code(),
            r.score,
            r.max_score,
            markdown_cell(&failure)
        );
    }
    out.push('\n');
    out
}
