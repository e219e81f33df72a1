//! `livejudge progress`: solved and attempted challenges per category and difficulty, the
//! weakest category and the next challenge to take (the recommendation is `crate::recommend`'s).

use serde::Serialize;

use crate::challenge::{Category, Challenge, Difficulty};
use crate::cli::{ProgressArgs, TestFormat};
use crate::diff::escape_controls;
use crate::exit::{Exit, Failure};
use crate::recommend::{Tally, next, tally, weakest};
use crate::settings::Settings;
use crate::state::{State, Store};
use crate::ui::{Style, paint, print_out};

/// The challenge recommended next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Next {
    pub id: String,
    pub title: String,
    pub category: Category,
    pub difficulty: Difficulty,
    pub minutes: Option<u32>,
}

/// The whole report (also its JSON document).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgressReport {
    pub total: usize,
    pub attempted: usize,
    pub solved: usize,
    pub categories: Vec<Tally>,
    pub difficulties: Vec<Tally>,
    pub weakest_category: Option<Category>,
    pub next: Option<Next>,
}

pub fn report(challenges: &[Challenge], state: &State) -> ProgressReport {
    let all: Vec<&Challenge> = challenges.iter().collect();
    let overall = tally("all", &all, &state.progress);
    let categories = Category::ALL
        .iter()
        .map(|category| {
            let of: Vec<&Challenge> = challenges
                .iter()
                .filter(|c| c.category == *category)
                .collect();
            tally(category.name(), &of, &state.progress)
        })
        .collect();
    let difficulties = Difficulty::ALL
        .iter()
        .map(|difficulty| {
            let of: Vec<&Challenge> = challenges
                .iter()
                .filter(|c| c.difficulty == *difficulty)
                .collect();
            tally(difficulty.name(), &of, &state.progress)
        })
        .collect();
    ProgressReport {
        total: overall.total,
        attempted: overall.attempted,
        solved: overall.solved,
        categories,
        difficulties,
        weakest_category: weakest(challenges, &state.progress),
        next: next(challenges, &state.progress).map(|c| Next {
            id: c.id.clone(),
            title: c.title.clone(),
            category: c.category,
            difficulty: c.difficulty,
            minutes: c.minutes,
        }),
    }
}

fn table(out: &mut String, title: &str, tallies: &[Tally], color: bool) {
    let width = tallies
        .iter()
        .map(|t| t.name.len())
        .max()
        .unwrap_or(0)
        .max(title.len());
    out.push_str(&paint(
        &format!("{title:<width$}  SOLVED  ATTEMPTED  TOTAL"),
        Style::BOLD,
        color,
    ));
    out.push('\n');
    for t in tallies.iter().filter(|t| t.total > 0) {
        out.push_str(&format!(
            "{:<width$}  {:>6}  {:>9}  {:>5}\n",
            t.name, t.solved, t.attempted, t.total
        ));
    }
}

pub fn render(report: &ProgressReport, color: bool) -> String {
    let mut out = format!(
        "Solved {} of {} challenges ({} attempted)\n\n",
        report.solved, report.total, report.attempted
    );
    table(&mut out, "CATEGORY", &report.categories, color);
    out.push('\n');
    table(&mut out, "DIFFICULTY", &report.difficulties, color);
    out.push('\n');
    match (&report.weakest_category, &report.next) {
        (Some(category), Some(next)) => {
            let t = report.categories.iter().find(|t| t.name == category.name());
            let detail = t.map_or(String::new(), |t| {
                if t.attempted > t.solved {
                    format!(" ({} of {} attempted solved)", t.solved, t.attempted)
                } else {
                    format!(" ({} of {} solved)", t.solved, t.total)
                }
            });
            out.push_str(&format!(
                "{} {}{detail}\n",
                paint("Weakest category:", Style::BOLD, color),
                category.name()
            ));
            let minutes = next
                .minutes
                .map_or(String::new(), |m| format!(", ~{m} min"));
            out.push_str(&format!(
                "{} {} — {} ({}{minutes}): `livejudge start {}`\n",
                paint("Next:", Style::BOLD, color),
                next.id,
                escape_controls(&next.title),
                next.difficulty.name(),
                next.id
            ));
        }
        _ if report.total > 0 => out.push_str("Every challenge is solved. Well done.\n"),
        _ => out.push_str("No challenges found on the challenge path.\n"),
    }
    out
}

pub fn run(settings: &Settings, args: &ProgressArgs) -> Result<Exit, Failure> {
    let challenges = settings.every_challenge();
    let state = Store::open().load();
    let report = report(&challenges, &state);
    match args.format {
        TestFormat::Json => {
            let text = serde_json::to_string_pretty(&report)
                .map_err(|e| Failure::judge(format!("cannot write JSON: {e}")))?;
            print_out(&format!("{text}\n"))?;
        }
        TestFormat::Human => print_out(&render(&report, settings.color))?,
    }
    Ok(Exit::Success)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Attempt, Mode, Scope};

    fn challenge(dir: &std::path::Path, id: &str, category: &str, difficulty: &str) -> Challenge {
        let root = dir.join(id);
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(
            root.join("challenge.toml"),
            format!(
                "id = \"{id}\"\ntitle = \"T\"\ncategory = \"{category}\"\ndifficulty = \"{difficulty}\"\nentry = \"e\"\n[[test]]\nname = \"a\"\nstdout = \"x\"\n"
            ),
        )
        .unwrap();
        crate::challenge::load::load(&root).unwrap()
    }

    fn attempt(state: &mut State, id: &str, verdict: &str) {
        state.add_attempt(Attempt {
            challenge: id.into(),
            time: "2026-01-01T00:00:00Z".into(),
            mode: Mode::Test,
            scope: Scope::All,
            verdict: verdict.into(),
            score: 0,
            max_score: 1,
            tests_passed: 0,
            tests_run: 1,
            hints_used: 0,
            language: None,
            file: None,
            seconds_to_first_pass: None,
            seconds: None,
            minutes_allowed: None,
        });
    }

    #[test]
    fn weakest_category_and_next_challenge() {
        let dir = tempfile::tempdir().unwrap();
        let all = vec![
            challenge(dir.path(), "s-easy", "scripting", "easy"),
            challenge(dir.path(), "s-hard", "scripting", "hard"),
            challenge(dir.path(), "d-medium", "debugging", "medium"),
            challenge(dir.path(), "d-easy", "debugging", "easy"),
            challenge(dir.path(), "x-hard", "systems", "hard"),
        ];
        let mut state = State::default();
        // Nothing attempted: the least covered, ties in category order.
        assert_eq!(weakest(&all, &state.progress), Some(Category::Scripting));
        assert_eq!(
            next(&all, &state.progress).map(|c| c.id.as_str()),
            Some("s-easy")
        );
        // Scripting half solved, debugging attempted and failed: debugging is weakest.
        attempt(&mut state, "s-easy", "AC");
        attempt(&mut state, "d-medium", "WA");
        assert_eq!(weakest(&all, &state.progress), Some(Category::Debugging));
        assert_eq!(
            next(&all, &state.progress).map(|c| c.id.as_str()),
            Some("d-easy")
        );
        // Every attempt solved: the least covered category (systems, nothing solved).
        attempt(&mut state, "d-medium", "AC");
        assert_eq!(weakest(&all, &state.progress), Some(Category::Systems));
        attempt(&mut state, "x-hard", "WA");
        assert_eq!(weakest(&all, &state.progress), Some(Category::Systems));
        attempt(&mut state, "d-easy", "AC");
        attempt(&mut state, "s-hard", "AC");
        assert_eq!(weakest(&all, &state.progress), Some(Category::Systems));
        attempt(&mut state, "x-hard", "AC");
        assert_eq!(weakest(&all, &state.progress), None);
        let report = report(&all, &state);
        assert_eq!((report.solved, report.total), (5, 5));
        assert!(render(&report, false).contains("Every challenge is solved"));
    }
}
