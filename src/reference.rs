//! The reference solution for learners: its time and peak memory on a challenge's tests,
//! measured once and cached in the learner's home (`reference.json`), shown beside a solved
//! attempt's.

use std::collections::BTreeMap;
use std::io::Write;

use serde::{Deserialize, Serialize};

use crate::challenge::Challenge;
use crate::harness::Harness;
use crate::judge::{self, Context};
use crate::outcome::{SubmissionResult, Verdict};
use crate::settings::Settings;
use crate::state::Store;
use crate::submission::Submission;

const CACHE_FILE: &str = "reference.json";

/// One measurement of a reference solution on every test of a challenge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measured {
    /// What was measured: the challenge definition and the solution's files (SHA-256), so an
    /// edited challenge is measured again.
    pub fingerprint: String,
    pub language: String,
    /// Per test: wall-clock milliseconds and peak resident memory (KiB).
    pub tests: BTreeMap<String, (f64, u64)>,
}

/// reference.json: measurements by challenge id and language.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Cache {
    #[serde(default)]
    measured: BTreeMap<String, Measured>,
}

/// The reference solution of `challenge` in `language` when there is one, else its first.
fn reference(
    challenge: &Challenge,
    harness: &Harness,
    language: Option<&str>,
) -> Option<Submission> {
    let dir = challenge.root.join("solution");
    let entries = crate::layout::entry_files(&dir, challenge, harness);
    let names: Vec<String> = entries
        .iter()
        .filter_map(|e| e.language.as_ref().ok().map(|l| l.name.clone()))
        .collect();
    let chosen = names
        .iter()
        .find(|n| Some(n.as_str()) == language)
        .or(names.first())?;
    Submission::resolve(&dir, challenge, harness, Some(chosen)).ok()
}

fn fingerprint(challenge: &Challenge, solution: &Submission) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    hash.update(std::fs::read(&challenge.manifest).unwrap_or_default());
    hash.update(solution.sha256());
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The cached measurement, or a new one (the reference judged on every test, quietly).
fn measure(settings: &Settings, challenge: &Challenge, language: &str) -> Result<Measured, String> {
    let harness = settings.harness().map_err(|f| f.to_string())?;
    let solution = reference(challenge, harness, Some(language))
        .ok_or_else(|| format!("`{}` has no reference solution", challenge.id))?;
    let fingerprint = fingerprint(challenge, &solution);
    let store = Store::open();
    let path = store.dir().join(CACHE_FILE);
    let mut cache: Cache = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let key = format!("{}/{}", challenge.id, solution.language.name);
    if let Some(found) = cache.measured.get(&key)
        && found.fingerprint == fingerprint
    {
        return Ok(found.clone());
    }
    let status = settings.sandbox().map_err(|f| f.to_string())?;
    let executor = settings.executor().map_err(|f| f.to_string())?;
    let context = Context {
        challenge,
        harness,
        executor: &executor,
        sandbox: status,
        jobs: settings.jobs,
        fail_fast: false,
        no_cache: settings.no_cache,
    };
    let tests: Vec<_> = challenge.tests.iter().collect();
    let result =
        judge::judge(&context, &solution, &tests, &mut |_| {}).map_err(|e| e.to_string())?;
    if result.verdict != Verdict::AC {
        return Err(format!(
            "the reference solution did not pass ({}): not compared",
            result.verdict.label()
        ));
    }
    let measured = Measured {
        fingerprint,
        language: solution.language.name.clone(),
        tests: result
            .tests
            .iter()
            .map(|t| (t.name.clone(), (t.wall_ms, t.max_rss_kib)))
            .collect(),
    };
    cache.measured.insert(key, measured.clone());
    // A cache: losing it only costs a measurement, so a failed write is not worth a warning.
    if std::fs::create_dir_all(store.dir()).is_ok()
        && let Ok(mut temp) = tempfile::NamedTempFile::new_in(store.dir())
        && let Ok(text) = serde_json::to_string_pretty(&cache)
        && temp.write_all(text.as_bytes()).is_ok()
    {
        let _ = temp.persist(&path);
    }
    Ok(measured)
}

/// `12 ms`, `1.24 s`.
fn ms(value: f64) -> String {
    if value < 1000.0 {
        format!("{} ms", value.round() as u64)
    } else {
        format!("{:.2} s", value / 1000.0)
    }
}

/// `3.2 MiB`.
fn kib(value: u64) -> String {
    if value < 1024 {
        format!("{value} KiB")
    } else {
        format!("{:.1} MiB", value as f64 / 1024.0)
    }
}

/// The solved attempt's time and peak memory beside the reference solution's, on the same
/// tests: totals of wall-clock time, the highest peak memory, and the slowest test. A line
/// saying why when there is nothing to compare.
pub fn beside(settings: &Settings, challenge: &Challenge, result: &SubmissionResult) -> String {
    let measured = match measure(settings, challenge, &result.submission.language) {
        Ok(measured) => measured,
        Err(why) => return format!("(no comparison with the reference solution: {why})\n"),
    };
    let mut mine = (0.0, 0u64);
    let mut theirs = (0.0, 0u64);
    let mut slowest: Option<(&str, f64, f64)> = None;
    for test in &result.tests {
        let Some((wall, rss)) = measured.tests.get(&test.name) else {
            continue;
        };
        mine.0 += test.wall_ms;
        mine.1 = mine.1.max(test.max_rss_kib);
        theirs.0 += wall;
        theirs.1 = theirs.1.max(*rss);
        let ratio = test.wall_ms / wall.max(1.0);
        if slowest.is_none_or(|(_, r, _)| ratio > r) {
            slowest = Some((&test.name, ratio, *wall));
        }
    }
    let mut out = format!(
        "time {} (reference {}, {}) · peak memory {} (reference {})\n",
        ms(mine.0),
        ms(theirs.0),
        measured.language,
        kib(mine.1),
        kib(theirs.1)
    );
    // Tests of a few milliseconds differ by noise alone: only a real gap is worth a line.
    if let Some((name, ratio, reference_ms)) = slowest
        && ratio >= 3.0
        && reference_ms >= 50.0
    {
        out.push_str(&format!(
            "  your slowest test beside the reference: `{name}`, {ratio:.0}× its time\n"
        ));
    }
    out
}
