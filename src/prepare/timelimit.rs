//! Deriving a Kattis package's time limit like problemtools when neither `limits.time_limit`
//! nor `.timelimit` gives it: judge every `submissions/accepted/` entry with a generous limit,
//! take the slowest test's CPU time, multiply, round up to the time resolution (at least 1 s).
//! Above the judge, which it runs; the arithmetic is `challenge::kattis` (`round_limit`).

use std::path::PathBuf;
use std::time::Duration;

use super::{DerivationFailed, Judging, NoTimeLimit, PrepareError, ResolveError};
use crate::challenge::Challenge;
use crate::challenge::kattis::{Derived, Package, TimeLimit, apply_time_limit, round_limit};
use crate::judge::{self, Context};
use crate::outcome::Verdict;

/// The generous CPU limit accepted submissions run under while the limit is derived.
const GENEROUS: Duration = Duration::from_secs(20);

/// Judges every accepted submission of `package` on every test of `challenge` (under a generous
/// limit) and derives the time limit; the caller applies it. When the package gives its limit,
/// that limit is returned without running anything.
fn derive(
    judging: &Judging<'_>,
    challenge: &Challenge,
    package: &Package,
) -> Result<Derived, PrepareError> {
    let (multiplier, key, resolution) = match package.time_limit {
        TimeLimit::Given(limit) | TimeLimit::File(limit) => {
            return Ok(Derived {
                limit,
                slowest: Duration::ZERO,
                submission: PathBuf::new(),
                multiplier: 1.0,
                key: "given",
                skipped: Vec::new(),
                cached: false,
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
        return Err(NoTimeLimit::NoAccepted {
            manifest: package.manifest.clone(),
        }
        .into());
    }
    let mut generous = challenge.clone();
    apply_time_limit(&mut generous, GENEROUS);
    let tests: Vec<_> = generous.tests.iter().collect();
    let inner = Context {
        challenge: &generous,
        harness: judging.harness,
        executor: judging.executor,
        sandbox: judging.sandbox,
        jobs: judging.jobs,
        fail_fast: true,
        no_cache: judging.no_cache,
    };
    let mut slowest = (Duration::ZERO, PathBuf::new());
    let mut skipped = Vec::new();
    let mut judged = 0;
    for entry in &accepted {
        let resolved =
            match super::kattis::resolve(&entry.path, &generous, package, judging.harness, None) {
                Ok(resolved) => resolved,
                // A language that cannot run here is skipped, as problemtools does; it is named.
                Err(ResolveError::Unavailable(note)) => {
                    skipped.push((entry.relative.clone(), note.to_string()));
                    continue;
                }
                Err(e) => {
                    return Err(DerivationFailed::Unresolved {
                        submission: entry.relative.clone(),
                        error: Box::new(e),
                    }
                    .into());
                }
            };
        judged += 1;
        let result = judge::judge(&inner, &resolved, &tests, &mut |_| {})?;
        if let Some(bad) = result.tests.iter().find(|t| t.verdict != Verdict::AC) {
            return Err(DerivationFailed::NotAccepted {
                submission: entry.relative.clone(),
                verdict: bad.verdict,
                test: bad.name.clone(),
                message: bad.message.clone(),
            }
            .into());
        }
        for test in &result.tests {
            let cpu = Duration::from_secs_f64(test.cpu_ms.max(0.0) / 1000.0);
            if cpu >= slowest.0 {
                slowest = (cpu, entry.path.clone());
            }
        }
    }
    if judged == 0 {
        return Err(NoTimeLimit::NoneCanRun {
            manifest: package.manifest.clone(),
            skipped,
        }
        .into());
    }
    Ok(Derived {
        limit: round_limit(slowest.0, multiplier, resolution),
        slowest: slowest.0,
        submission: slowest.1,
        multiplier,
        key,
        skipped,
        cached: false,
    })
}

/// [`derive`] through the cache of derived limits: a limit derived before for the same package,
/// harness, livejudge and machine is taken as it is, unless `rederive` (which measures again and
/// stores the new one); `judging.no_cache` neither reads nor writes the cache.
pub(super) fn derive_cached(
    judging: &Judging<'_>,
    challenge: &Challenge,
    package: &Package,
    rederive: bool,
) -> Result<Derived, PrepareError> {
    if !matches!(package.time_limit, TimeLimit::Derive { .. }) {
        return derive(judging, challenge, package);
    }
    let entry = if judging.no_cache {
        None
    } else {
        super::limitcache::entry_path(package, judging.harness)
    };
    if let Some(path) = &entry
        && !rederive
        && let Some(derived) = super::limitcache::load(path, package)
    {
        return Ok(derived);
    }
    let derived = derive(judging, challenge, package)?;
    if let Some(path) = &entry {
        super::limitcache::store(path, package, &derived);
    }
    Ok(derived)
}
