//! `livejudge history [CHALLENGE]`: the learner's past attempts (every challenge, or one), as
//! a table or `--format json`.

use crate::cli::{HistoryArgs, TestFormat};
use crate::diff::escape_controls;
use crate::exit::{Exit, Failure};
use crate::settings::Settings;
use crate::state::{Attempt, Store};
use crate::ui::print_out;
use crate::ui::{Style, minutes_seconds, paint};

pub fn run(settings: &Settings, args: &HistoryArgs) -> Result<Exit, Failure> {
    let resolved = args
        .challenge
        .as_deref()
        .map(|argument| (argument, resolve_id(settings, argument)));
    let id = resolved.as_ref().map(|(argument, id)| match id {
        Ok(id) => id.clone(),
        Err(_) => argument.to_string(),
    });
    let state = Store::open().load();
    let attempts: Vec<&Attempt> = state.attempts(id.as_deref()).collect();
    // A name that is neither a challenge nor in the history is a typo: say so (exit 2).
    if let Some((argument, Err(error))) = &resolved
        && attempts.is_empty()
    {
        return Err(Failure::usage(format!(
            "{error}; nor does the history hold attempts at `{argument}`"
        )));
    }
    match args.format {
        TestFormat::Json => {
            let text = serde_json::to_string_pretty(&attempts)
                .map_err(|e| Failure::judge(format!("cannot write JSON: {e}")))?;
            print_out(&format!("{text}\n"))?;
        }
        TestFormat::Human if attempts.is_empty() => match (&id, &args.challenge) {
            (Some(id), Some(argument)) => print_out(&format!(
                "No attempts at `{id}` yet: `livejudge test {}` records one.\n",
                crate::ui::shell_word(argument)
            ))?,
            _ => print_out("No attempts yet: `livejudge test CHALLENGE` records one.\n")?,
        },
        TestFormat::Human => print_out(&render(&attempts, settings.color))?,
    }
    Ok(Exit::Success)
}

/// The id a CHALLENGE argument stands for: the loaded challenge's id, else why it is none (a
/// challenge no longer on the challenge path still has its history, under the argument).
fn resolve_id(settings: &Settings, argument: &str) -> Result<String, String> {
    let path = crate::locate::find(argument, &settings.challenges)?;
    crate::challenge::load::load(&path)
        .map(|c| c.id)
        .map_err(|d| d.to_string())
}

fn verdict_style(verdict: &str) -> Style {
    if verdict == "AC" {
        Style::GREEN
    } else {
        Style::RED
    }
}

/// One line per attempt, oldest first, columns aligned.
pub fn render(attempts: &[&Attempt], color: bool) -> String {
    let headers = [
        "TIME",
        "CHALLENGE",
        "MODE",
        "TESTS",
        "VERDICT",
        "SCORE",
        "PASSED",
        "HINTS",
        "FILE",
        "NOTE",
    ];
    let rows: Vec<[String; 10]> = attempts
        .iter()
        .map(|a| {
            let mut note = Vec::new();
            if let Some(s) = a.seconds_to_first_pass {
                note.push(format!("first pass after {}", minutes_seconds(s)));
            }
            if let Some(s) = a.seconds {
                note.push(format!("took {}", minutes_seconds(s)));
            }
            if let Some(m) = a.minutes_allowed {
                note.push(format!("of {m}m"));
            }
            [
                a.time.replace('T', " ").trim_end_matches('Z').to_string(),
                escape_controls(&a.challenge),
                a.mode.name().to_string(),
                match a.scope {
                    crate::state::Scope::Samples => "samples",
                    crate::state::Scope::All => "all",
                    crate::state::Scope::Some => "some",
                }
                .to_string(),
                escape_controls(&a.verdict),
                format!("{}/{}", a.score, a.max_score),
                format!("{}/{}", a.tests_passed, a.tests_run),
                a.hints_used.to_string(),
                escape_controls(a.file.as_deref().unwrap_or("-")),
                note.join(", "),
            ]
        })
        .collect();
    let mut widths = headers.map(|h| h.len());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String], painter: &dyn Fn(usize, String) -> String| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (cell, w))| {
                let fill = " ".repeat(w.saturating_sub(cell.chars().count()));
                painter(i, format!("{cell}{fill}"))
            })
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut out = String::new();
    let header: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    out.push_str(&line(&header, &|_, cell| paint(&cell, Style::BOLD, color)));
    for (row, attempt) in rows.iter().zip(attempts) {
        out.push_str(&line(row, &|i, cell| {
            if i == 4 {
                paint(&cell, verdict_style(&attempt.verdict), color)
            } else {
                cell
            }
        }));
    }
    out
}
