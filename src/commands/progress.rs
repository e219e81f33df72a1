//! `livejudge progress`: solved and attempted challenges per category and difficulty, the
//! weakest category and the next challenge to take; the recommendation `interview` also uses.

use serde::Serialize;

use crate::challenge::{Category, Challenge, Difficulty};
use crate::cli::{ProgressArgs, TestFormat};
use crate::diff::escape_controls;
use crate::exit::{Exit, Failure};
use crate::settings::Settings;
use crate::state::{State, Status, Store};
use crate::ui::print_out;
use crate::ui::{Style, paint};

/// Counts for one category or difficulty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub name: String,
    pub total: usize,
    pub attempted: usize,
    pub solved: usize,
}

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
pub struct Report {
    pub total: usize,
    pub attempted: usize,
    pub solved: usize,
    pub categories: Vec<Tally>,
    pub difficulties: Vec<Tally>,
    pub weakest_category: Option<Category>,
    pub next: Option<Next>,
}

fn tally(name: &str, challenges: &[&Challenge], state: &State) -> Tally {
    let statuses: Vec<Status> = challenges.iter().map(|c| state.status(&c.id)).collect();
    Tally {
        name: name.to_string(),
        total: challenges.len(),
        attempted: statuses.iter().filter(|s| **s != Status::New).count(),
        solved: statuses.iter().filter(|s| **s == Status::Solved).count(),
    }
}

/// The weakest category among those with something left to solve: the lowest share of
/// attempted challenges solved, among categories with an attempt not yet solved; otherwise the
/// least covered (lowest share solved). Ties go to the category order.
pub fn weakest(challenges: &[Challenge], state: &State) -> Option<Category> {
    let mut candidates = Vec::new();
    for category in Category::ALL {
        let of: Vec<&Challenge> = challenges
            .iter()
            .filter(|c| c.category == category)
            .collect();
        let t = tally(category.name(), &of, state);
        if t.solved < t.total {
            candidates.push((category, t));
        }
    }
    let struggling = candidates
        .iter()
        .filter(|(_, t)| t.attempted > t.solved)
        .min_by(|(_, a), (_, b)| {
            let ra = a.solved as f64 / a.attempted as f64;
            let rb = b.solved as f64 / b.attempted as f64;
            ra.total_cmp(&rb)
        });
    if let Some((category, _)) = struggling {
        return Some(*category);
    }
    candidates
        .iter()
        .min_by(|(_, a), (_, b)| {
            let ra = a.solved as f64 / a.total as f64;
            let rb = b.solved as f64 / b.total as f64;
            ra.total_cmp(&rb)
        })
        .map(|(category, _)| *category)
}

/// The easiest unsolved challenges first: difficulty, then expected minutes, then id.
pub fn easiest_first(mut challenges: Vec<&Challenge>) -> Vec<&Challenge> {
    challenges.sort_by(|a, b| {
        (a.difficulty, a.minutes.unwrap_or(u32::MAX), &a.id).cmp(&(
            b.difficulty,
            b.minutes.unwrap_or(u32::MAX),
            &b.id,
        ))
    });
    challenges
}

/// The next challenge: the easiest unsolved one in the weakest category.
pub fn next<'c>(challenges: &'c [Challenge], state: &State) -> Option<&'c Challenge> {
    let category = weakest(challenges, state)?;
    let unsolved: Vec<&Challenge> = challenges
        .iter()
        .filter(|c| c.category == category && state.status(&c.id) != Status::Solved)
        .collect();
    easiest_first(unsolved).into_iter().next()
}

pub fn report(challenges: &[Challenge], state: &State) -> Report {
    let all: Vec<&Challenge> = challenges.iter().collect();
    let overall = tally("all", &all, state);
    let categories = Category::ALL
        .iter()
        .map(|category| {
            let of: Vec<&Challenge> = challenges
                .iter()
                .filter(|c| c.category == *category)
                .collect();
            tally(category.name(), &of, state)
        })
        .collect();
    let difficulties = Difficulty::ALL
        .iter()
        .map(|difficulty| {
            let of: Vec<&Challenge> = challenges
                .iter()
                .filter(|c| c.difficulty == *difficulty)
                .collect();
            tally(difficulty.name(), &of, state)
        })
        .collect();
    Report {
        total: overall.total,
        attempted: overall.attempted,
        solved: overall.solved,
        categories,
        difficulties,
        weakest_category: weakest(challenges, state),
        next: next(challenges, state).map(|c| Next {
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

pub fn render(report: &Report, color: bool) -> String {
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
        assert_eq!(weakest(&all, &state), Some(Category::Scripting));
        assert_eq!(next(&all, &state).map(|c| c.id.as_str()), Some("s-easy"));
        // Scripting half solved, debugging attempted and failed: debugging is weakest.
        attempt(&mut state, "s-easy", "AC");
        attempt(&mut state, "d-medium", "WA");
        assert_eq!(weakest(&all, &state), Some(Category::Debugging));
        assert_eq!(next(&all, &state).map(|c| c.id.as_str()), Some("d-easy"));
        // Every attempt solved: the least covered category (systems, nothing solved).
        attempt(&mut state, "d-medium", "AC");
        assert_eq!(weakest(&all, &state), Some(Category::Systems));
        attempt(&mut state, "x-hard", "WA");
        assert_eq!(weakest(&all, &state), Some(Category::Systems));
        attempt(&mut state, "d-easy", "AC");
        attempt(&mut state, "s-hard", "AC");
        assert_eq!(weakest(&all, &state), Some(Category::Systems));
        attempt(&mut state, "x-hard", "AC");
        assert_eq!(weakest(&all, &state), None);
        let report = report(&all, &state);
        assert_eq!((report.solved, report.total), (5, 5));
        assert!(render(&report, false).contains("Every challenge is solved"));
    }
}
