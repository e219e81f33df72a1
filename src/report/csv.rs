//! The CSV of a grade document: a header, then one row per submission — submission, verdict,
//! score, max_score, then one column per test holding that test's verdict code (RFC 4180
//! quoting; `escape::csv_field`).

use crate::escape::csv_field;
use crate::report::document::GradeDocument;

pub fn render(doc: &GradeDocument) -> String {
    let names = doc.test_names();
    let mut out = String::new();
    let mut row = |fields: Vec<String>| {
        let cells: Vec<String> = fields.iter().map(|f| csv_field(f).into_owned()).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    let mut header: Vec<String> = ["submission", "verdict", "score", "max_score"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(names.iter().cloned());
    row(header);
    for r in &doc.results {
        let mut fields = vec![
            r.submission.path.clone(),
            r.verdict.code().to_string(),
            r.score.to_string(),
            r.max_score.to_string(),
        ];
        for name in &names {
            fields.push(
                r.tests
                    .iter()
                    .find(|t| &t.name == name)
                    .map(|t| t.verdict.code().to_string())
                    .unwrap_or_default(),
            );
        }
        row(fields);
    }
    out
}
