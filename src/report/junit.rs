//! The JUnit XML of a grade document (results.md): one `<testsuite>` per submission, one
//! `<testcase>` per test; AC passes, WA/TLE/MLE/OLE/RTE are `<failure type="CODE">`, CE/JE are
//! `<error type="CODE">`, the message and the capped diff in the element text.
//!
//! Written by hand, not with `quick-junit`: that crate (0.8) indents by four spaces, writes
//! `<testsuites>`/`<testsuite>` attributes in another order (with a `skipped` count on
//! `<testsuites>`) and `message` before `type`, so it cannot write the bytes CI systems already
//! parse from livejudge (pinned by `tests/snapshots/grading__grade_*junit.snap`). Every text
//! goes through `escape::xml_attr`/`xml_text`, which also neutralise a submission's hostile bytes.

use std::fmt::Write;

use crate::escape::{xml_attr, xml_text};
use crate::outcome::{SubmissionResult, TestOutcome, Verdict};
use crate::report::document::GradeDocument;

/// Longest `message` attribute (characters): the full text is in the element.
const MESSAGE_ATTR_CHARS: usize = 200;

fn seconds(ms: f64) -> String {
    format!("{:.3}", ms.max(0.0) / 1000.0)
}

fn counts(result: &SubmissionResult) -> (usize, usize) {
    let failures = result
        .tests
        .iter()
        .filter(|t| !matches!(t.verdict, Verdict::AC | Verdict::CE | Verdict::JE))
        .count();
    let errors = result
        .tests
        .iter()
        .filter(|t| matches!(t.verdict, Verdict::CE | Verdict::JE))
        .count();
    (failures, errors)
}

pub fn render(doc: &GradeDocument) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let (mut tests, mut failures, mut errors, mut time) = (0, 0, 0, 0.0);
    for r in &doc.results {
        let (f, e) = counts(r);
        tests += r.tests.len();
        failures += f;
        errors += e;
        time += r.tests.iter().map(|t| t.wall_ms).sum::<f64>();
    }
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{}\">",
        xml_attr(&format!("livejudge grade {}", doc.challenge.id)),
        seconds(time)
    );
    for r in &doc.results {
        suite(&mut out, doc, r);
    }
    out.push_str("</testsuites>\n");
    out
}

fn suite(out: &mut String, doc: &GradeDocument, r: &SubmissionResult) {
    let (failures, errors) = counts(r);
    let time: f64 = r.tests.iter().map(|t| t.wall_ms).sum();
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\" time=\"{}\">",
        xml_attr(&r.submission.path),
        r.tests.len(),
        seconds(time)
    );
    out.push_str("    <properties>\n");
    for (name, value) in [
        ("challenge", doc.challenge.id.as_str()),
        ("language", r.submission.language.as_str()),
        ("sha256", r.submission.sha256.as_str()),
        ("verdict", r.verdict.code()),
        ("score", &r.score.to_string()),
        ("max_score", &r.max_score.to_string()),
        ("sandbox", r.sandbox.level.name()),
    ] {
        let _ = writeln!(
            out,
            "      <property name=\"{name}\" value=\"{}\"/>",
            xml_attr(value)
        );
    }
    out.push_str("    </properties>\n");
    for t in &r.tests {
        case(out, r, t);
    }
    out.push_str("  </testsuite>\n");
}

fn case(out: &mut String, r: &SubmissionResult, t: &TestOutcome) {
    let open = format!(
        "    <testcase name=\"{}\" classname=\"{}\" time=\"{}\"",
        xml_attr(&t.name),
        xml_attr(&r.submission.path),
        seconds(t.wall_ms)
    );
    let element = match t.verdict {
        Verdict::AC => {
            let _ = writeln!(out, "{open}/>");
            return;
        }
        Verdict::CE | Verdict::JE => "error",
        _ => "failure",
    };
    let mut summary = t.verdict.label().to_string();
    if let Some(detail) = &t.detail {
        let _ = write!(summary, " ({detail})");
    }
    if let Some(message) = &t.message {
        let _ = write!(
            summary,
            ": {}",
            crate::escape::first_line(message, MESSAGE_ATTR_CHARS)
        );
    }
    let mut body = String::new();
    if let Some(message) = &t.message {
        body.push_str(message);
        body.push('\n');
    }
    if let Some(diff) = t.diff.as_deref().filter(|d| !d.is_empty()) {
        body.push('\n');
        body.push_str(diff);
    }
    if let Some(tail) = t.stderr_tail.as_deref().filter(|s| !s.is_empty()) {
        body.push_str("\nstderr (last lines):\n");
        body.push_str(tail);
    }
    let _ = writeln!(
        out,
        "{open}>\n      <{element} type=\"{}\" message=\"{}\">{}</{element}>\n    </testcase>",
        t.verdict.code(),
        xml_attr(&summary),
        xml_text(&body)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{ChallengeRef, SandboxInfo, SandboxLevel, SubmissionRef};

    fn result(path: &str, tests: Vec<TestOutcome>) -> SubmissionResult {
        SubmissionResult {
            challenge: ChallengeRef {
                id: "demo".into(),
                title: "Demo".into(),
                path: "demo".into(),
            },
            submission: SubmissionRef {
                path: path.into(),
                language: "bash".into(),
                sha256: "0".repeat(64),
            },
            verdict: SubmissionResult::overall(&tests),
            score: SubmissionResult::score(&tests),
            max_score: tests.len() as u64,
            sandbox: SandboxInfo {
                level: SandboxLevel::None,
                layers: Vec::new(),
            },
            tests,
        }
    }

    #[test]
    fn well_formed_whatever_the_text() {
        let nasty = "a\u{1}b <c> & \"d\" ]]> \u{FFFF}\r\n::error::e";
        let mut judge_error = TestOutcome::not_run(nasty, false, 1, Verdict::JE, nasty.into());
        judge_error.diff = Some(nasty.into());
        let tle = TestOutcome {
            detail: Some(crate::outcome::Detail::Wall),
            ..TestOutcome::not_run("slow", true, 1, Verdict::TLE, "too slow".into())
        };
        let ok = TestOutcome {
            points: 1,
            ..TestOutcome::not_run("ok", true, 1, Verdict::AC, String::new())
        };
        let doc = GradeDocument::new(
            result("x", vec![]).challenge,
            None,
            vec![result(nasty, vec![ok, tle, judge_error]).into()],
        );
        let xml = render(&doc);
        let parsed = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
        let suite = parsed
            .descendants()
            .find(|n| n.has_tag_name("testsuite"))
            .unwrap();
        assert_eq!(suite.attribute("failures"), Some("1"));
        assert_eq!(suite.attribute("errors"), Some("1"));
        let kinds: Vec<(String, Option<&str>)> = parsed
            .descendants()
            .filter(|n| n.has_tag_name("failure") || n.has_tag_name("error"))
            .map(|n| (n.tag_name().name().to_string(), n.attribute("type")))
            .collect();
        assert_eq!(
            kinds,
            [
                ("failure".to_string(), Some("TLE")),
                ("error".to_string(), Some("JE"))
            ]
        );
        let error = parsed
            .descendants()
            .find(|n| n.has_tag_name("error"))
            .unwrap();
        assert!(error.text().unwrap_or("").contains("<c> & \"d\" ]]>"));
        assert!(
            error
                .attribute("message")
                .unwrap()
                .starts_with("judge error: ")
        );
    }
}
