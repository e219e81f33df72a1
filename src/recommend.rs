//! What a learner should take next: counts per category, the weakest category, and the
//! easiest unsolved challenge in it (`progress` shows it, `test` suggests it after a solve,
//! `interview` picks from it).

use serde::Serialize;

use crate::challenge::{Category, Challenge, Difficulty};
use crate::listing::Listed;
use crate::state::{Progress, Status};

/// What a recommendation reads of a challenge: a whole loaded [`Challenge`], or the [`Listed`]
/// entry `list` keeps (what `test` uses after a solve, so that suggesting the next challenge
/// does not load every case file of the catalog).
pub trait Candidate {
    fn id(&self) -> &str;
    fn category(&self) -> Category;
    fn difficulty(&self) -> Difficulty;
    fn minutes(&self) -> Option<u32>;
}

/// Both kinds carry the four fields under the same names.
macro_rules! candidate_from_fields {
    ($($kind:ty),*) => {$(
        impl Candidate for $kind {
            fn id(&self) -> &str {
                &self.id
            }
            fn category(&self) -> Category {
                self.category
            }
            fn difficulty(&self) -> Difficulty {
                self.difficulty
            }
            fn minutes(&self) -> Option<u32> {
                self.minutes
            }
        }
    )*};
}

candidate_from_fields!(Challenge, Listed);

/// Counts for one category or difficulty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub name: String,
    pub total: usize,
    pub attempted: usize,
    pub solved: usize,
}

/// How many of `challenges` the learner attempted and solved.
pub fn tally<C: Candidate>(name: &str, challenges: &[&C], state: &Progress) -> Tally {
    let statuses: Vec<Status> = challenges.iter().map(|c| state.status(c.id())).collect();
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
pub fn weakest<C: Candidate>(challenges: &[C], state: &Progress) -> Option<Category> {
    let mut candidates = Vec::new();
    for category in Category::ALL {
        let of: Vec<&C> = challenges
            .iter()
            .filter(|c| c.category() == category)
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
pub fn easiest_first<C: Candidate>(mut challenges: Vec<&C>) -> Vec<&C> {
    challenges.sort_by(|a, b| {
        (a.difficulty(), a.minutes().unwrap_or(u32::MAX), a.id()).cmp(&(
            b.difficulty(),
            b.minutes().unwrap_or(u32::MAX),
            b.id(),
        ))
    });
    challenges
}

/// The next challenge: the easiest unsolved one in the weakest category.
pub fn next<'c, C: Candidate>(challenges: &'c [C], state: &Progress) -> Option<&'c C> {
    let category = weakest(challenges, state)?;
    let unsolved: Vec<&C> = challenges
        .iter()
        .filter(|c| c.category() == category && state.status(c.id()) != Status::Solved)
        .collect();
    easiest_first(unsolved).into_iter().next()
}
