//! A Kattis package's time limit as problemtools reads it: a derived limit and how it was found
//! (the slowest accepted run × the multiplier, rounded up to the time resolution, at least 1 s),
//! applying a limit to the tests, and reading a result judged under the limit × the safety
//! margin at the limit itself. Running the accepted submissions to derive it is
//! `crate::prepare::timelimit`, above the judge.

use std::path::PathBuf;
use std::time::Duration;

use super::{Package, with_time_limit};
use crate::challenge::Challenge;
use crate::challenge::units::show_duration;
use crate::outcome::{SubmissionResult, Verdict};

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
    /// Accepted submissions that could not run here, with why (path relative to
    /// `submissions/`, note): they did not count.
    pub skipped: Vec<(String, String)>,
    /// It came from the cache of derived limits (`limitcache`), not from running them now.
    pub cached: bool,
}

impl Derived {
    /// `time limit 1s (derived: slowest accepted run 0.031s by accepted/sol.py × time_multiplier 5)`
    pub fn describe(&self, package: &Package) -> String {
        format!(
            "time limit {} ({})",
            show_duration(self.limit),
            self.derivation(package)
        )
    }

    /// `derived: slowest accepted run 0.031s by accepted/sol.py × time_multiplier 5`
    pub fn derivation(&self, package: &Package) -> String {
        let shown = self
            .submission
            .strip_prefix(package.root.join("submissions"))
            .unwrap_or(&self.submission)
            .display()
            .to_string();
        format!(
            "derived: slowest accepted run {:.3}s by {shown} × {} {}{}",
            self.slowest.as_secs_f64(),
            self.key,
            self.multiplier,
            if self.cached {
                "; cached, `--rederive` measures again"
            } else {
                ""
            }
        )
    }

    /// One line per accepted submission that did not count:
    /// `skipped accepted/hello.kt: kotlin is not in the harness`.
    pub fn skip_notes(&self) -> Vec<String> {
        self.skipped
            .iter()
            .map(|(path, note)| format!("skipped {path}: {note}"))
            .collect()
    }
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

/// `result`, judged under a longer limit, as it would be under the CPU time limit `limit` (and
/// its wall-clock limit): every test that ran longer is TLE, as problemtools classifies the runs
/// it makes under the time limit × safety margin.
pub fn at_limit(result: &SubmissionResult, limit: Duration) -> SubmissionResult {
    let mut out = result.clone();
    let cpu_ms = limit.as_secs_f64() * 1000.0;
    let wall = with_time_limit(Default::default(), limit).time;
    let wall_ms = wall.as_secs_f64() * 1000.0;
    for test in &mut out.tests {
        if matches!(test.verdict, Verdict::TLE | Verdict::CE | Verdict::JE) {
            continue;
        }
        let which = if test.cpu_ms > cpu_ms {
            format!("CPU time limit {} reached", show_duration(limit))
        } else if test.wall_ms > wall_ms {
            format!("wall-clock limit {} reached", show_duration(wall))
        } else {
            continue;
        };
        test.verdict = Verdict::TLE;
        test.detail = Some(if test.cpu_ms > cpu_ms {
            crate::outcome::Detail::Cpu
        } else {
            crate::outcome::Detail::Wall
        });
        test.message = Some(which);
        test.points = 0;
        test.diff = None;
        test.shown_diff = None;
    }
    out.verdict = SubmissionResult::overall(&out.tests);
    out.score = SubmissionResult::score(&out.tests);
    out
}

/// problemtools' "sensitive to time limit" for a submission judged under `limit × margin`
/// (`high`): its verdict changes between the time limit and that longer one, or, for an
/// accepted submission, its slowest run is above the time limit ÷ the margin. `None` when
/// neither.
pub fn sensitivity(
    accepted: bool,
    high: &SubmissionResult,
    limit: Duration,
    margin: super::SafetyMargin,
) -> Option<String> {
    let at = at_limit(high, limit);
    let longer = limit.mul_f64(margin.factor);
    if at.verdict != high.verdict {
        return Some(format!(
            "sensitive to the time limit: {} under the time limit {}, {} under the time limit × {} {} = {}",
            at.verdict.code(),
            show_duration(limit),
            high.verdict.code(),
            margin.key,
            margin.factor,
            show_duration(longer)
        ));
    }
    let low = limit.div_f64(margin.factor);
    let slowest = high
        .tests
        .iter()
        .max_by(|a, b| a.cpu_ms.total_cmp(&b.cpu_ms))?;
    (accepted && at.verdict == Verdict::AC && slowest.cpu_ms > low.as_secs_f64() * 1000.0).then(
        || {
            format!(
                "sensitive to the time limit: its slowest run ({:.3}s CPU on {}) is above the time limit ÷ {} ({} ÷ {} = {:.3}s)",
                slowest.cpu_ms / 1000.0,
                slowest.name,
                margin.key,
                show_duration(limit),
                margin.factor,
                low.as_secs_f64()
            )
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{ChallengeRef, SandboxInfo, SandboxLevel, SubmissionRef, TestOutcome};

    /// A result with one test per (verdict, CPU ms, wall ms).
    fn result(tests: &[(Verdict, f64, f64)]) -> SubmissionResult {
        let tests: Vec<TestOutcome> = tests
            .iter()
            .enumerate()
            .map(|(i, (verdict, cpu, wall))| {
                let mut t = TestOutcome::not_run(&format!("t{i}"), false, 1, *verdict, "x".into());
                t.cpu_ms = *cpu;
                t.wall_ms = *wall;
                t.points = u32::from(*verdict == Verdict::AC);
                t
            })
            .collect();
        SubmissionResult {
            challenge: ChallengeRef {
                id: "c".into(),
                title: "C".into(),
                path: "c".into(),
            },
            submission: SubmissionRef {
                path: "s".into(),
                language: "python".into(),
                sha256: String::new(),
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

    const MARGIN: super::super::SafetyMargin = super::super::SafetyMargin {
        factor: 2.0,
        key: "time_safety_margin",
    };

    #[test]
    fn runs_over_the_limit_become_tle() {
        use Verdict::{AC, TLE, WA};
        let high = result(&[
            (AC, 500.0, 600.0),
            (WA, 1500.0, 1600.0),
            (AC, 100.0, 3500.0),
        ]);
        let at = at_limit(&high, Duration::from_secs(1));
        let verdicts: Vec<Verdict> = at.tests.iter().map(|t| t.verdict).collect();
        assert_eq!(
            verdicts,
            [AC, TLE, TLE],
            "CPU over 1s, then wall over 2×1+1 s"
        );
        assert_eq!(at.verdict, TLE);
        assert_eq!(at.score, 1);
        assert_eq!(
            at.tests[1].message.as_deref(),
            Some("CPU time limit 1s reached")
        );
        assert_eq!(at.tests[2].detail, Some(crate::outcome::Detail::Wall));
    }

    #[test]
    fn memory_limit_is_a_run_time_error_in_the_format() {
        use Verdict::{AC, MLE, RTE, WA};
        let judged = result(&[(AC, 1.0, 1.0), (MLE, 1.0, 1.0), (WA, 1.0, 1.0)]);
        let format = super::super::format_verdicts(&judged);
        let verdicts: Vec<Verdict> = format.tests.iter().map(|t| t.verdict).collect();
        assert_eq!(verdicts, [AC, RTE, WA]);
        assert_eq!(format.verdict, RTE);
    }

    #[test]
    fn sensitivity_like_problemtools() {
        use Verdict::{AC, TLE};
        let limit = Duration::from_secs(1);
        // Comfortably fast accepted: nothing to say.
        assert!(sensitivity(true, &result(&[(AC, 100.0, 120.0)]), limit, MARGIN).is_none());
        // Accepted, but above limit ÷ margin.
        let close = sensitivity(true, &result(&[(AC, 700.0, 720.0)]), limit, MARGIN).unwrap();
        assert!(
            close.contains("0.700s CPU on t0") && close.contains("= 0.500s"),
            "{close}"
        );
        // A TLE submission that passes under limit × margin.
        let tle = sensitivity(false, &result(&[(AC, 1500.0, 1600.0)]), limit, MARGIN).unwrap();
        assert!(
            tle.contains(
                "TLE under the time limit 1s, AC under the time limit × time_safety_margin 2 = 2s"
            ),
            "{tle}"
        );
        // A TLE submission that is TLE under both.
        assert!(sensitivity(false, &result(&[(TLE, 2000.0, 2000.0)]), limit, MARGIN).is_none());
    }

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
