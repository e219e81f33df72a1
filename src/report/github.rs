//! The GitHub Actions format of a grade document, within what GitHub displays (10 error
//! annotations per step, 50 of any kind per job): the tally as a `::notice` first, one `::error`
//! per rejected submission (its worst verdict, failing tests and points; past 9, one more
//! saying how many are left), and the two notices of GitHub Classroom's autograding reporter
//! (`Points X/Y`, `{"totalPoints":X,"maxPoints":Y}`); and a Markdown summary for
//! `$GITHUB_STEP_SUMMARY`. Submission text was neutralised already (`escape::neutralise`); here
//! it is percent-encoded as the runner expects.

use std::fmt::Write;

use crate::escape::{first_line, github_data, github_property, markdown_cell};
use crate::outcome::Verdict;
use crate::report::document::{GradeDocument, GradedResult};

/// Longest message of one annotation (characters); the rest is in the JSON and JUnit reports.
const ANNOTATION_CHARS: usize = 4000;
/// Longest message in a summary table cell.
const CELL_CHARS: usize = 160;
/// GitHub shows at most 10 error annotations of a step.
pub const MAX_ERRORS: usize = 10;

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max).collect();
    cut.push_str("\n… cut");
    cut
}

/// Points of the whole document: the sum of the scores and of the maximum scores.
pub fn points(doc: &GradeDocument) -> (u64, u64) {
    doc.results
        .iter()
        .fold((0, 0), |(got, max), r| (got + r.score, max + r.max_score))
}

/// The workflow commands.
pub fn annotations(doc: &GradeDocument) -> String {
    let mut out = String::new();
    let rejected: Vec<&GradedResult> = doc
        .results
        .iter()
        .filter(|r| r.verdict != Verdict::AC)
        .collect();
    let _ = writeln!(
        out,
        "::notice title={}::{}",
        github_property(&format!("livejudge grade {}", doc.challenge.id)),
        github_data(&format!(
            "{} ({} accepted, {} rejected)",
            doc.tally_line(),
            doc.results.len() - rejected.len(),
            rejected.len()
        ))
    );
    let shown = if rejected.len() > MAX_ERRORS {
        MAX_ERRORS - 1
    } else {
        rejected.len()
    };
    for r in &rejected[..shown] {
        annotate(&mut out, r);
    }
    if rejected.len() > shown {
        let rest = &rejected[shown..];
        let names: Vec<String> = rest
            .iter()
            .map(|r| format!("{} ({})", who(r), r.worst().code()))
            .collect();
        let _ = writeln!(
            out,
            "::error title={}::{}",
            github_property(&format!(
                "{} more rejected submissions (GitHub shows {MAX_ERRORS} annotations a step)",
                rest.len()
            )),
            github_data(&cut(
                &format!(
                    "{}\nEvery submission is in the job summary, the JUnit report and the JSON document.",
                    names.join(", ")
                ),
                ANNOTATION_CHARS
            ))
        );
    }
    let (total, max) = points(doc);
    if max > 0 {
        // What GitHub Classroom's autograding reporter prints, so Classroom reads the points.
        let _ = writeln!(
            out,
            "::notice title=Autograding complete::{}",
            github_data(&format!("Points {total}/{max}"))
        );
        let _ = writeln!(
            out,
            "::notice title=Autograding report::{}",
            github_data(&format!("{{\"totalPoints\":{total},\"maxPoints\":{max}}}"))
        );
    }
    out
}

/// A result's name in a class run (student and challenge) or else its path.
fn who(r: &GradedResult) -> String {
    match &r.student {
        Some(student) => format!("{student} / {}", r.challenge.id),
        None => r.submission.path.clone(),
    }
}

/// One `::error` for a rejected submission: worst verdict and points in the title, the failing
/// tests and the first failure's message in the text (a compile error's message whole).
fn annotate(out: &mut String, r: &GradedResult) {
    let worst = r.worst();
    let title = format!(
        "{}: {} ({}), {}/{} points",
        who(r),
        worst.label(),
        worst.code(),
        r.score,
        r.max_score
    );
    let failing: Vec<_> = r
        .tests
        .iter()
        .filter(|t| t.verdict != Verdict::AC)
        .collect();
    let message = if r.verdict == Verdict::CE {
        failing
            .first()
            .and_then(|t| t.message.clone())
            .unwrap_or_else(|| "compile error".into())
    } else {
        let mut message = format!(
            "{} of {} tests failed: {}",
            failing.len(),
            r.tests.len(),
            failing
                .iter()
                .map(|t| format!("{} ({})", t.name, t.verdict.code()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if let Some(t) = failing.first() {
            let detail = t
                .detail
                .as_ref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            let text = t.message.as_deref().unwrap_or("");
            let _ = write!(message, "\nfirst failure: test {}{detail}: {text}", t.name);
            if let Some(diff) = t.diff.as_deref().filter(|d| !d.is_empty()) {
                message.push('\n');
                message.push_str(diff);
            }
        }
        message
    };
    let _ = writeln!(
        out,
        "::error title={}::{}",
        github_property(&title),
        github_data(&cut(&message, ANNOTATION_CHARS))
    );
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
    let (total, max) = points(doc);
    let _ = writeln!(out, "Points {total}/{max}.\n");
    if doc.is_class() {
        out.push_str(&crate::report::gradebook::markdown(doc));
        out.push('\n');
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
