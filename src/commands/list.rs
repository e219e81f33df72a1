//! `livejudge list`: every challenge of the challenge path with its category, difficulty,
//! minutes and the learner's status (the challenge set itself is gathered by
//! `Settings::every_challenge`).

use serde::Serialize;

use crate::challenge::{Category, Difficulty};
use crate::cli::{ListArgs, TestFormat};
use crate::diff::escape_controls;
use crate::exit::{Exit, Failure};
use crate::listing::Listed;
use crate::settings::Settings;
use crate::state::{Progress, Status, Store};
use crate::ui::{Style, paint, print_out};

/// Keeps the challenges matching the optional filters.
pub fn filtered(
    challenges: Vec<Listed>,
    category: Option<Category>,
    difficulty: Option<Difficulty>,
) -> Vec<Listed> {
    challenges
        .into_iter()
        .filter(|c| category.is_none_or(|want| c.category == want))
        .filter(|c| difficulty.is_none_or(|want| c.difficulty == want))
        .collect()
}

/// One row of `list`, also its JSON object.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub category: Category,
    pub difficulty: Difficulty,
    pub minutes: Option<u32>,
    pub status: Status,
    pub hints: usize,
    pub hints_revealed: usize,
    pub attempts: u32,
    pub path: String,
}

pub fn rows(challenges: &[Listed], progress: &Progress) -> Vec<Row> {
    challenges
        .iter()
        .map(|c| Row {
            id: c.id.clone(),
            title: c.title.clone(),
            category: c.category,
            difficulty: c.difficulty,
            minutes: c.minutes,
            status: progress.status(&c.id),
            hints: c.hints,
            hints_revealed: progress.hints_revealed(&c.id).min(c.hints),
            attempts: progress.challenge(&c.id).map_or(0, |p| p.attempts),
            path: c.root.display().to_string(),
        })
        .collect()
}

pub fn status_style(status: Status) -> Style {
    match status {
        Status::Solved => Style::GREEN,
        Status::Attempted => Style::YELLOW,
        Status::New => Style::DIM,
    }
}

/// The aligned table: a header, then one line per challenge; columns padded before painting so
/// colour never shifts them.
pub fn render_table(rows: &[Row], color: bool) -> String {
    let headers = ["ID", "CATEGORY", "DIFFICULTY", "MIN", "STATUS", "TITLE"];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                escape_controls(&r.id),
                r.category.name().to_string(),
                r.difficulty.name().to_string(),
                r.minutes.map_or_else(|| "-".to_string(), |m| m.to_string()),
                r.status.name().to_string(),
                escape_controls(&r.title),
            ]
        })
        .collect();
    let mut widths = headers.map(|h| h.chars().count());
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let pad = |text: &str, width: usize, right: bool| {
        let fill = " ".repeat(width.saturating_sub(text.chars().count()));
        if right {
            format!("{fill}{text}")
        } else {
            format!("{text}{fill}")
        }
    };
    let mut out = String::new();
    let header: Vec<String> = headers
        .iter()
        .zip(widths)
        .enumerate()
        .map(|(i, (h, w))| pad(h, if i == 5 { 0 } else { w }, i == 3))
        .collect();
    out.push_str(&paint(header.join("  ").trim_end(), Style::BOLD, color));
    out.push('\n');
    for (row, data) in cells.iter().zip(rows) {
        let mut line = Vec::new();
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            let padded = pad(cell, if i == 5 { 0 } else { w }, i == 3);
            line.push(if i == 4 {
                paint(&padded, status_style(data.status), color)
            } else {
                padded
            });
        }
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

pub fn run(settings: &Settings, args: &ListArgs) -> Result<Exit, Failure> {
    let challenges = filtered(settings.listed_challenges(), args.category, args.difficulty);
    let progress = Store::open().load_progress();
    let rows = rows(&challenges, &progress);
    match args.format {
        TestFormat::Json => {
            let text = serde_json::to_string_pretty(&rows)
                .map_err(|e| Failure::judge(format!("cannot write JSON: {e}")))?;
            print_out(&format!("{text}\n"))?;
        }
        TestFormat::Human => {
            if rows.is_empty() {
                eprintln!("no challenge matches (see `livejudge list` without filters)");
            } else {
                print_out(&render_table(&rows, settings.color))?;
            }
        }
    }
    Ok(Exit::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, category: Category, difficulty: Difficulty, status: Status) -> Row {
        Row {
            id: id.into(),
            title: format!("The {id} challenge"),
            category,
            difficulty,
            minutes: if id.len() > 5 { Some(25) } else { None },
            status,
            hints: 2,
            hints_revealed: 0,
            attempts: 0,
            path: String::new(),
        }
    }

    #[test]
    fn table_is_aligned() {
        let rows = [
            row(
                "greet",
                Category::Scripting,
                Difficulty::Easy,
                Status::Solved,
            ),
            row(
                "cidr-overlap",
                Category::DataStructures,
                Difficulty::Medium,
                Status::Attempted,
            ),
            row("sys", Category::Systems, Difficulty::Hard, Status::New),
        ];
        insta::assert_snapshot!(render_table(&rows, false));
    }

    #[test]
    fn colour_does_not_shift_columns() {
        let rows = [row(
            "greet",
            Category::Scripting,
            Difficulty::Easy,
            Status::Solved,
        )];
        let plain = render_table(&rows, false);
        let painted = render_table(&rows, true);
        let stripped = regex::Regex::new("\x1b\\[[0-9;]*m")
            .unwrap()
            .replace_all(&painted, "");
        assert_eq!(plain, stripped);
    }
}
