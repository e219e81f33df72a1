//! The grade document (`livejudge.grade.v1`, results.md): what `grade` and `merge` print as
//! JSON and what every grade format (human, junit, github, csv) is rendered from.

use serde::{Deserialize, Serialize};

use crate::escape::{neutralise_line, neutralise_option};
use crate::outcome::{ChallengeRef, SubmissionResult, Verdict};

pub const GRADE_SCHEMA: &str = "livejudge.grade.v1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradeDocument {
    pub schema: String,
    pub challenge: ChallengeRef,
    /// `K/N` of a partitioned run; null for a whole run and for a merge.
    pub partition: Option<String>,
    /// One `livejudge.result.v1` per submission, in path order.
    pub results: Vec<SubmissionResult>,
}

impl GradeDocument {
    pub fn new(
        challenge: ChallengeRef,
        partition: Option<String>,
        results: Vec<SubmissionResult>,
    ) -> Self {
        GradeDocument {
            schema: GRADE_SCHEMA.into(),
            challenge,
            partition,
            results,
        }
    }

    /// The exit code of cli.md for these results: 0 when every submission is accepted, 4 when
    /// any has a judge error, else 1.
    pub fn exit_code(&self) -> i32 {
        use crate::app::exit;
        if self.results.iter().any(|r| r.verdict == Verdict::JE) {
            exit::JUDGE_ERROR
        } else if self.results.iter().all(|r| r.verdict == Verdict::AC) {
            exit::OK
        } else {
            exit::NOT_ACCEPTED
        }
    }

    /// How many submissions got each verdict, in precedence order, verdicts with none left out.
    pub fn tally(&self) -> Vec<(Verdict, usize)> {
        let mut counts: std::collections::BTreeMap<Verdict, usize> = Default::default();
        for r in &self.results {
            *counts.entry(r.verdict).or_default() += 1;
        }
        counts.into_iter().collect()
    }

    /// `3 submissions: 1 AC, 1 WA, 1 CE`.
    pub fn tally_line(&self) -> String {
        let counts: Vec<String> = self
            .tally()
            .iter()
            .rev()
            .map(|(v, n)| format!("{n} {}", v.code()))
            .collect();
        let n = self.results.len();
        format!(
            "{n} submission{}{}{}",
            if n == 1 { "" } else { "s" },
            if counts.is_empty() { "" } else { ": " },
            counts.join(", ")
        )
    }

    /// The names of the tests, in test order, from the first result that has them.
    pub fn test_names(&self) -> Vec<String> {
        self.results
            .iter()
            .map(|r| r.tests.iter().map(|t| t.name.clone()).collect::<Vec<_>>())
            .max_by_key(|names| names.len())
            .unwrap_or_default()
    }
}

/// Neutralises (`escape::neutralise`) everything in `result` that came from the submission or
/// its files: its path, and each test's message, diff, stderr tail and detail; and, for a result
/// read back by `merge` from a file anyone could have written, every other text field too.
/// One-line fields (path, names, language, sandbox) keep one line (`escape::neutralise_line`).
pub fn neutralise_result(result: &mut SubmissionResult) {
    neutralise_challenge(&mut result.challenge);
    let submission = &mut result.submission;
    for field in [
        &mut submission.path,
        &mut submission.language,
        &mut submission.sha256,
        &mut result.sandbox.level,
    ] {
        *field = neutralise_line(field);
    }
    for layer in &mut result.sandbox.layers {
        *layer = neutralise_line(layer);
    }
    for t in &mut result.tests {
        neutralise_option(&mut t.message);
        neutralise_option(&mut t.diff);
        neutralise_option(&mut t.stderr_tail);
        neutralise_option(&mut t.checker_stderr);
        if let Some(detail) = &mut t.detail {
            *detail = neutralise_line(detail);
        }
        t.name = neutralise_line(&t.name);
        t.signal = t.signal.as_deref().map(neutralise_line);
        t.shown_diff = None;
    }
}

/// Neutralises a challenge reference read back from a document (`merge`).
pub fn neutralise_challenge(challenge: &mut ChallengeRef) {
    for field in [&mut challenge.id, &mut challenge.title, &mut challenge.path] {
        *field = neutralise_line(field);
    }
}
