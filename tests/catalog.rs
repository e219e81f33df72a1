//! The bundled catalog through the real binary: every reference solution passes every test, and
//! every known-wrong submission and every starter fails at least one.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

fn challenges() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("challenges");
    let mut found: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("challenge.toml").is_file())
        .collect();
    found.sort();
    found
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

fn judge(challenge: &Path, solution: &Path) -> support::Output {
    let mut command = Command::new(support::BIN);
    command.env("LIVEJUDGE_HOME", support::scratch_home());
    command
        .args(["test", "--all", "--format", "json", "-j", "2"])
        .arg(challenge)
        .arg(solution);
    support::run(command)
}

/// The value of a top-level string key of a challenge's `challenge.toml`.
fn definition_key(challenge: &Path, key: &str) -> String {
    let text = std::fs::read_to_string(challenge.join("challenge.toml")).unwrap();
    let table: toml::Table = text.parse().unwrap();
    table[key].as_str().unwrap().to_string()
}

#[test]
fn every_category_and_difficulty_is_covered() {
    let challenges = challenges();
    assert!(
        challenges.len() >= 11,
        "the catalog has {} challenges",
        challenges.len()
    );
    for category in [
        "scripting",
        "debugging",
        "data-structures",
        "systems",
        "live-coding",
    ] {
        let count = challenges
            .iter()
            .filter(|c| definition_key(c, "category") == category)
            .count();
        assert!(count >= 2, "category {category} has {count} challenge(s)");
    }
    for difficulty in ["easy", "medium", "hard"] {
        assert!(
            challenges
                .iter()
                .any(|c| definition_key(c, "difficulty") == difficulty),
            "no {difficulty} challenge"
        );
    }
    for challenge in &challenges {
        let id = challenge.file_name().unwrap().to_str().unwrap();
        assert_eq!(definition_key(challenge, "id"), id);
        assert!(
            challenge.join("README.md").is_file(),
            "{id} has no statement"
        );
    }
}

#[test]
fn reference_solutions_pass_and_wrong_ones_fail() {
    let challenges = challenges();
    for challenge in challenges {
        let solutions = files_in(&challenge.join("solution"));
        assert!(
            !solutions.is_empty(),
            "{} has no reference solution",
            challenge.display()
        );
        for solution in solutions {
            let out = judge(&challenge, &solution);
            assert_eq!(
                out.status,
                0,
                "{} should pass:\n{}{}",
                solution.display(),
                out.stdout,
                out.stderr
            );
        }
        let wrong = files_in(&challenge.join("submissions/wrong_answer"));
        assert!(
            !wrong.is_empty(),
            "{} has no wrong submission",
            challenge.display()
        );
        // A starter must fail (verify's rule); like a learner's first attempt, it may crash
        // or run out of time on the way. A known-wrong answer gets nothing but AC and WA.
        for starter in files_in(&challenge.join("starter")) {
            let out = judge(&challenge, &starter);
            assert_eq!(
                out.status,
                1,
                "{} should fail:\n{}{}",
                starter.display(),
                out.stdout,
                out.stderr
            );
        }
        for submission in wrong {
            let out = judge(&challenge, &submission);
            assert_eq!(
                out.status,
                1,
                "{} should fail:\n{}{}",
                submission.display(),
                out.stdout,
                out.stderr
            );
            let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
            for test in json["tests"].as_array().unwrap() {
                let verdict = test["verdict"].as_str().unwrap();
                assert!(
                    verdict == "AC" || verdict == "WA",
                    "{} got {verdict} on {}",
                    submission.display(),
                    test["name"]
                );
            }
        }
    }
}

#[test]
fn a_bundled_challenge_is_found_by_id_from_anywhere() {
    // No ./challenges here: the id resolves to the catalog built into the binary.
    let elsewhere = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let solution =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("challenges/top-client-ips/solution/top_ips.py");
    let mut command = Command::new(support::BIN);
    command.env("LIVEJUDGE_HOME", support::scratch_home());
    command
        .current_dir(elsewhere.path())
        .env("LIVEJUDGE_CACHE", cache.path())
        .env_remove("LIVEJUDGE_PATH")
        .args(["test", "top-client-ips", "--all", "--format", "json"])
        .arg(&solution);
    let out = support::run(command);
    assert_eq!(out.status, 0, "{}{}", out.stdout, out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let path = json["challenge"]["path"].as_str().unwrap();
    assert!(
        path.starts_with(&cache.path().display().to_string()),
        "{path}"
    );
}

#[test]
fn every_challenge_folder_is_in_the_built_in_catalog() {
    // include_dir! does not notice a folder added after the last build: if this fails
    // locally, touch src/catalog.rs and rebuild.
    let elsewhere = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    for challenge in challenges() {
        let id = challenge.file_name().unwrap().to_str().unwrap();
        let solution = files_in(&challenge.join("solution")).remove(0);
        let mut command = Command::new(support::BIN);
        command.env("LIVEJUDGE_HOME", support::scratch_home());
        command
            .current_dir(elsewhere.path())
            .env("LIVEJUDGE_CACHE", cache.path())
            .env_remove("LIVEJUDGE_PATH")
            .args(["test", id, "--format", "json"])
            .arg(&solution);
        let out = support::run(command);
        assert_eq!(out.status, 0, "{id}: {}{}", out.stdout, out.stderr);
    }
}
