//! The class table of a grade document (`--format gradebook` as CSV, `gradebook-md` as
//! Markdown): one row per student (or per submission path outside a class run), one column per
//! challenge holding the points, then the total, the maximum and the percentage.

use std::fmt::Write;

use crate::escape::{csv_field, markdown_cell};
use crate::report::document::GradeDocument;

/// A student's row: points per challenge (None: nothing handed in), total, maximum.
pub struct StudentRow {
    pub who: String,
    pub points: Vec<Option<u64>>,
    pub total: u64,
    pub max: u64,
}

impl StudentRow {
    /// `83.3`: the total as a percentage of the maximum, one decimal (0 when nothing is worth
    /// points).
    pub fn percentage(&self) -> String {
        if self.max == 0 {
            return "0.0".into();
        }
        format!("{:.1}", self.total as f64 * 100.0 / self.max as f64)
    }
}

/// The challenges (columns) and the rows, in document order.
pub fn table(doc: &GradeDocument) -> (Vec<String>, Vec<StudentRow>) {
    let mut challenges: Vec<String> = doc.challenges.iter().map(|c| c.id.clone()).collect();
    for r in &doc.results {
        if !challenges.contains(&r.challenge.id) {
            challenges.push(r.challenge.id.clone());
        }
    }
    let mut rows: Vec<StudentRow> = Vec::new();
    for r in &doc.results {
        let column = challenges
            .iter()
            .position(|c| *c == r.challenge.id)
            .unwrap_or(0);
        let row = match rows.iter_mut().find(|row| row.who == r.who()) {
            Some(row) => row,
            None => {
                rows.push(StudentRow {
                    who: r.who().to_string(),
                    points: vec![None; challenges.len()],
                    total: 0,
                    max: 0,
                });
                let last = rows.len() - 1;
                &mut rows[last]
            }
        };
        if !r.missing {
            row.points[column] = Some(row.points[column].unwrap_or(0) + r.score);
        }
        row.total += r.score;
        row.max += r.max_score;
    }
    (challenges, rows)
}

/// RFC 4180 CSV (CRLF), quoted and guarded against formulas like the `csv` format; a challenge
/// nothing was handed in for holds 0.
pub fn csv(doc: &GradeDocument) -> String {
    let (challenges, rows) = table(doc);
    let mut out = String::new();
    let mut line = |fields: Vec<String>| {
        let cells: Vec<String> = fields.iter().map(|f| csv_field(f).into_owned()).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    let mut header = vec!["student".to_string()];
    header.extend(challenges.iter().cloned());
    header.extend(["total", "max", "percentage"].map(String::from));
    line(header);
    for row in &rows {
        let mut fields = vec![row.who.clone()];
        fields.extend(row.points.iter().map(|p| p.unwrap_or(0).to_string()));
        fields.extend([row.total.to_string(), row.max.to_string(), row.percentage()]);
        line(fields);
    }
    out
}

/// A Markdown table; a challenge nothing was handed in for shows `—`.
pub fn markdown(doc: &GradeDocument) -> String {
    let (challenges, rows) = table(doc);
    let mut out = String::from("| student |");
    for c in &challenges {
        let _ = write!(out, " {} |", markdown_cell(c));
    }
    out.push_str(" total | % |\n| --- |");
    out.push_str(&" ---: |".repeat(challenges.len() + 2));
    out.push('\n');
    for row in &rows {
        let _ = write!(out, "| {} |", markdown_cell(&row.who));
        for p in &row.points {
            match p {
                Some(p) => {
                    let _ = write!(out, " {p} |");
                }
                None => out.push_str(" — |"),
            }
        }
        let _ = writeln!(out, " {}/{} | {} |", row.total, row.max, row.percentage());
    }
    out
}
