//! Deriving a Kattis package's time limit like problemtools when neither `limits.time_limit`
//! nor `.timelimit` gives it: judge every `submissions/accepted/` entry with a generous limit,
//! take the slowest test's CPU time, multiply, round up to the time resolution (at least 1 s).

use std::path::PathBuf;
use std::time::Duration;

use super::{Package, TimeLimit, resolve_submission, with_time_limit};
use crate::challenge::Challenge;
use crate::judge::{self, Context, JudgeError};
use crate::outcome::Verdict;

/// The generous CPU limit accepted submissions run under while the limit is derived.
const GENEROUS: Duration = Duration::from_secs(20);

/// A derived time limit and how it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    pub limit: Duration,
    /// The slowest accepted test run (CPU time).
    pub slowest: Duration,
    /// The accepted submission that ran it.
    pub submission: PathBuf,
    pub multiplier: f64,
    /// `time_multiplier` or `ac_to_time_limit`.
    pub key: &'static str,
}

impl Derived {
    /// `time limit 1s (derived: slowest accepted run 0.031s by accepted/sol.py × time_multiplier 5)`
    pub fn describe(&self, package: &Package) -> String {
        let shown = self
            .submission
            .strip_prefix(package.root.join("submissions"))
            .unwrap_or(&self.submission)
            .display()
            .to_string();
        format!(
            "time limit {}s (derived: slowest accepted run {:.3}s by {shown} × {} {})",
            self.limit.as_secs_f64(),
            self.slowest.as_secs_f64(),
            self.key,
            self.multiplier
        )
    }
}

/// Why deriving failed: the message, or the judge stopping (interrupt, I/O).
#[derive(Debug)]
pub enum DeriveError {
    /// The package cannot give a time limit (no accepted submission): nothing was run.
    Definition(String),
    /// An accepted submission failed, or could not be resolved.
    Message(String),
    Judge(JudgeError),
}

/// Judges every accepted submission of `package` on every test of `ctx.challenge` (under a
/// generous limit) and derives the time limit. Callers apply it with [`apply_time_limit`].
/// When the package gives its limit, that limit is returned without running anything.
pub fn derive_time_limit(ctx: &Context<'_>, package: &Package) -> Result<Derived, DeriveError> {
    let (multiplier, key, resolution) = match package.time_limit {
        TimeLimit::Given(limit) | TimeLimit::File(limit) => {
            return Ok(Derived {
                limit,
                slowest: Duration::ZERO,
                submission: PathBuf::new(),
                multiplier: 1.0,
                key: "given",
            });
        }
        TimeLimit::Derive {
            multiplier,
            key,
            resolution,
        } => (multiplier, key, resolution),
    };
    let accepted: Vec<_> = package
        .submissions()
        .into_iter()
        .filter(|s| s.folder == "accepted")
        .collect();
    if accepted.is_empty() {
        return Err(DeriveError::Definition(format!(
            "{}: no time limit: problem.yaml has no limits.time_limit, there is no .timelimit file, and submissions/accepted/ is empty, so it cannot be derived; set limits.time_limit or add an accepted submission",
            package.manifest.display()
        )));
    }
    let mut generous = ctx.challenge.clone();
    apply_time_limit(&mut generous, GENEROUS);
    let tests: Vec<_> = generous.tests.iter().collect();
    let inner = Context {
        challenge: &generous,
        harness: ctx.harness,
        executor: ctx.executor,
        sandbox: ctx.sandbox,
        jobs: ctx.jobs,
        fail_fast: true,
        no_cache: ctx.no_cache,
    };
    let mut slowest = (Duration::ZERO, PathBuf::new());
    for entry in accepted {
        let resolved = resolve_submission(&entry.path, &generous, package, ctx.harness, None)
            .map_err(|e| {
                DeriveError::Message(format!(
                    "cannot derive the time limit: accepted submission {}: {e}",
                    entry.relative
                ))
            })?;
        let result = judge::judge(&inner, &resolved.submission, &tests, &mut |_| {})
            .map_err(DeriveError::Judge)?;
        if let Some(bad) = result.tests.iter().find(|t| t.verdict != Verdict::AC) {
            return Err(DeriveError::Message(format!(
                "cannot derive the time limit: accepted submission {} got {} on test {}{}",
                entry.relative,
                bad.verdict.code(),
                bad.name,
                bad.message
                    .as_deref()
                    .map(|m| format!(": {m}"))
                    .unwrap_or_default()
            )));
        }
        for test in &result.tests {
            let cpu = Duration::from_secs_f64(test.cpu_ms.max(0.0) / 1000.0);
            if cpu >= slowest.0 {
                slowest = (cpu, entry.path.clone());
            }
        }
    }
    Ok(Derived {
        limit: round_limit(slowest.0, multiplier, resolution),
        slowest: slowest.0,
        submission: slowest.1,
        multiplier,
        key,
    })
}

/// `slowest × multiplier`, rounded up to a multiple of `resolution`, at least 1 s.
pub fn round_limit(slowest: Duration, multiplier: f64, resolution: f64) -> Duration {
    let resolution = if resolution > 0.0 { resolution } else { 1.0 };
    let steps = (slowest.as_secs_f64() * multiplier / resolution - 1e-9)
        .ceil()
        .max(1.0);
    Duration::from_secs_f64((steps * resolution).max(1.0))
}

/// Sets the time limit of the challenge and of every test.
pub fn apply_time_limit(challenge: &mut Challenge, limit: Duration) {
    challenge.limits = with_time_limit(challenge.limits, limit);
    for test in &mut challenge.tests {
        test.limits = with_time_limit(test.limits, limit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding() {
        let ms = Duration::from_millis;
        assert_eq!(round_limit(ms(30), 5.0, 1.0), Duration::from_secs(1));
        assert_eq!(round_limit(ms(210), 5.0, 1.0), Duration::from_secs(2));
        assert_eq!(round_limit(ms(1000), 2.0, 1.0), Duration::from_secs(2));
        assert_eq!(round_limit(ms(1100), 2.0, 0.5), Duration::from_millis(2500));
        assert_eq!(
            round_limit(Duration::ZERO, 2.0, 1.0),
            Duration::from_secs(1)
        );
    }
}
