//! The grading pipeline — a test's folder, its run, the evidence, the verdict — judged with a
//! scripted executor (`runner::scripted`): every way a run can end, without a process.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{Context, JudgeError, judge};
use crate::challenge::Challenge;
use crate::harness::Harness;
use crate::outcome::{SubmissionResult, Verdict};
use crate::runner::RunFacts;
use crate::runner::scripted::{ScriptedExecutor, exited, killed, timed_out};
use crate::sandbox::{Probe, SandboxMode, SandboxStatus};
use crate::submission::Submission;

/// A challenge of one test per scripted run, all expecting `42\n` on stdout within 1 s.
fn challenge(folder: &Path, tests: &[&str]) -> Challenge {
    let root = folder.join("scripted");
    std::fs::create_dir_all(&root).unwrap();
    let mut toml = String::from(
        "id = \"scripted\"\ntitle = \"Scripted\"\ncategory = \"scripting\"\n\
         difficulty = \"easy\"\nentry = \"solve\"\n\n[limits]\ntime = \"1s\"\n",
    );
    for name in tests {
        toml.push_str(&format!(
            "\n[[test]]\nname = \"{name}\"\nstdin = \"21\\n\"\nstdout = \"42\\n\"\n"
        ));
    }
    std::fs::write(root.join("challenge.toml"), toml).unwrap();
    crate::challenge::load::load(&root).unwrap()
}

/// No layer: nothing about the machine matters, the executor runs nothing.
fn no_sandbox() -> SandboxStatus {
    let why = || Err::<(), _>("scripted".to_string());
    SandboxStatus::from_probe(
        SandboxMode::Off,
        &Probe {
            landlock_abi: 0,
            namespaces: why(),
            cgroup: Err("scripted".into()),
            mounts: why(),
            cgroup_v1: why(),
            view: why(),
            root: false,
        },
    )
}

/// Judges a bash solution on `challenge` with runs answered by `facts`, in test order.
fn judge_scripted(
    challenge: &Challenge,
    folder: &Path,
    facts: Vec<RunFacts>,
) -> (Result<SubmissionResult, JudgeError>, ScriptedExecutor) {
    let solution = folder.join("solution");
    std::fs::create_dir_all(&solution).unwrap();
    std::fs::write(solution.join("solve.sh"), "echo 42\n").unwrap();
    let harness = Harness::builtin();
    let submission = Submission {
        path: solution.clone(),
        root: solution,
        files: vec![PathBuf::from("solve.sh")],
        entry: PathBuf::from("solve.sh"),
        language: harness.get("bash").unwrap().clone(),
    };
    let sandbox = no_sandbox();
    let executor = ScriptedExecutor::new(facts);
    let ctx = Context {
        challenge,
        harness: &harness,
        executor: &executor,
        sandbox: &sandbox,
        jobs: 1,
        fail_fast: false,
        no_cache: true,
    };
    let tests: Vec<_> = challenge.tests.iter().collect();
    let result = judge(&ctx, &submission, &tests, &mut |_| {});
    (result, executor)
}

fn judged(
    challenge: &Challenge,
    folder: &Path,
    facts: Vec<RunFacts>,
) -> (SubmissionResult, ScriptedExecutor) {
    let (result, executor) = judge_scripted(challenge, folder, facts);
    (result.unwrap(), executor)
}

fn verdicts(result: &SubmissionResult) -> Vec<(&str, Verdict)> {
    result
        .tests
        .iter()
        .map(|t| (t.name.as_str(), t.verdict))
        .collect()
}

#[test]
fn each_way_a_run_ends_gets_its_verdict() {
    let folder = tempfile::tempdir().unwrap();
    let second = Duration::from_secs(1);
    let cases: Vec<(&str, RunFacts, Verdict)> = vec![
        ("correct", exited(0, "42\n"), Verdict::AC),
        ("wrong", exited(0, "41\n"), Verdict::WA),
        // The right answer, then the wall-clock limit: the limit decides.
        ("tle-after-output", timed_out(second, "42\n"), Verdict::TLE),
        (
            "cpu-limit",
            RunFacts {
                cpu_limit: true,
                ..killed(libc::SIGKILL, "")
            },
            Verdict::TLE,
        ),
        (
            "ole",
            RunFacts {
                stdout_over: true,
                ..killed(libc::SIGKILL, "42\n42\n42\n")
            },
            Verdict::OLE,
        ),
        (
            "file-too-large",
            killed(libc::SIGXFSZ, "42\n"),
            Verdict::OLE,
        ),
        // A crash after printing the right answer is still a crash.
        (
            "crash-after-output",
            killed(libc::SIGSEGV, "42\n"),
            Verdict::RTE,
        ),
        ("exit-1-after-output", exited(1, "42\n"), Verdict::RTE),
        (
            "mle",
            RunFacts {
                memory_limit: true,
                ..killed(libc::SIGKILL, "")
            },
            Verdict::MLE,
        ),
        // A failure near the memory limit (90% of the default 512 MiB): without a cgroup the
        // best sign of the limit; with one, which says the limit was not reached, a crash.
        (
            "failed-near-the-limit",
            RunFacts {
                max_rss_kib: 472 << 10,
                ..exited(1, "")
            },
            Verdict::MLE,
        ),
        (
            "failed-near-the-limit-counted",
            RunFacts {
                max_rss_kib: 472 << 10,
                memory_exact: true,
                ..exited(1, "")
            },
            Verdict::RTE,
        ),
        (
            "no-interpreter",
            RunFacts {
                spawn_error: Some("`bash` was not found on PATH".into()),
                ..RunFacts::default()
            },
            Verdict::JE,
        ),
    ];
    let names: Vec<&str> = cases.iter().map(|(name, ..)| *name).collect();
    let challenge = challenge(folder.path(), &names);
    let facts = cases.iter().map(|(_, facts, _)| facts.clone()).collect();
    let (result, _) = judged(&challenge, folder.path(), facts);
    let expected: Vec<(&str, Verdict)> = cases.iter().map(|(n, _, v)| (*n, *v)).collect();
    assert_eq!(verdicts(&result), expected);
    assert_eq!(result.score, 1);
}

#[test]
fn a_run_is_asked_for_with_the_tests_input_and_limits() {
    let folder = tempfile::tempdir().unwrap();
    let challenge = challenge(folder.path(), &["only"]);
    let (result, executor) = judged(&challenge, folder.path(), vec![exited(0, "42\n")]);
    assert_eq!(verdicts(&result), [("only", Verdict::AC)]);
    let asked = executor.asked();
    assert_eq!(asked.len(), 1, "bash compiles nothing: one run");
    assert_eq!(asked[0].stdin, b"21\n");
    let spec = &asked[0].spec;
    assert_eq!(spec.argv.first().map(String::as_str), Some("bash"));
    assert_eq!(spec.limits.time, Duration::from_secs(1));
    assert!(
        spec.env
            .iter()
            .any(|(k, v)| k == "PATH" && v == super::BASE_PATH)
    );
    // The sandbox is off: no layer is asked for.
    assert!(spec.landlock.is_none() && !spec.namespaces && !spec.cgroup && spec.view.is_none());
}

#[test]
fn a_script_that_runs_out_is_a_failure_of_the_judge_not_a_verdict() {
    let folder = tempfile::tempdir().unwrap();
    let challenge = challenge(folder.path(), &["only"]);
    let (result, _) = judge_scripted(&challenge, folder.path(), Vec::new());
    let error = result.unwrap_err();
    assert!(
        error.to_string().contains("no scripted run left"),
        "{error}"
    );
}

/// An expected file is compared in chunks when the output is identical (it is not read whole),
/// and read whole to say where a different output differs: verdicts and messages as before.
#[test]
fn an_expected_file_is_compared_without_being_held_and_a_difference_is_shown() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path().join("big");
    std::fs::create_dir_all(&root).unwrap();
    let want: String = (0..30_000).map(|i| format!("line {i}\n")).collect();
    std::fs::write(root.join("want.out"), &want).unwrap();
    let mut toml = String::from(
        "id = \"big\"\ntitle = \"Big\"\ncategory = \"scripting\"\n\
         difficulty = \"easy\"\nentry = \"solve\"\n",
    );
    for (name, compare) in [("exact", "exact"), ("lines", "lines")] {
        for run in ["same", "last"] {
            toml.push_str(&format!(
                "\n[[test]]\nname = \"{name}-{run}\"\n\
                 stdout = {{ file = \"want.out\", compare = \"{compare}\" }}\n"
            ));
        }
    }
    std::fs::write(root.join("challenge.toml"), toml).unwrap();
    let challenge = crate::challenge::load::load(&root).unwrap();
    let wrong = want.replace("line 29999\n", "line 29998\n");
    let runs = vec![
        exited(0, &want),
        exited(0, &wrong),
        exited(0, &want),
        exited(0, &wrong),
    ];
    let (result, _) = judged(&challenge, folder.path(), runs);
    assert_eq!(
        verdicts(&result),
        [
            ("exact-same", Verdict::AC),
            ("exact-last", Verdict::WA),
            ("lines-same", Verdict::AC),
            ("lines-last", Verdict::WA),
        ]
    );
    assert_eq!(
        result.tests[3].message.as_deref(),
        Some(r#"line 30000: expected "line 29999", got "line 29998""#)
    );
    let diff = result.tests[3].diff.as_deref().unwrap();
    assert!(
        diff.contains("@@ -29997,4 +29997,4 @@\n line 29996\n"),
        "{diff}"
    );
    assert!(diff.ends_with("-line 29999\n+line 29998\n"), "{diff}");
    let shown = result.tests[3].shown_diff.as_ref().unwrap();
    assert!(shown.held_bytes() < 200, "only the middles are kept");
}

#[test]
fn a_file_holds_its_bytes_only() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("f");
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &bytes).unwrap();
    assert!(super::file_holds(&path, &bytes));
    let mut other = bytes.clone();
    other[150_000] ^= 1;
    assert!(!super::file_holds(&path, &other));
    assert!(!super::file_holds(&path, &bytes[1..]));
    assert!(!super::file_holds(&folder.path().join("missing"), b""));
}
