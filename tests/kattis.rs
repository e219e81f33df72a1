//! Kattis problem packages end to end: the corpus under tests/kattis/ judged with the real
//! binary (every submission gets its folder's verdict), the default validator's flags, custom
//! output validators' exit codes, time-limit sources, unsupported problem types and located
//! problem.yaml errors.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::{BIN, Judged, Output, run};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("kattis")
        .join(name)
}

/// `livejudge test PACKAGE SOLUTION --all --format json`, with the judge's TMPDIR private.
fn test_all(package: &Path, solution: &Path, extra: &[&str]) -> (Output, Option<Judged>) {
    let tmp = tempfile::tempdir().unwrap();
    let mut command = Command::new(BIN);
    command.env("LIVEJUDGE_HOME", support::scratch_home());
    command
        .arg("test")
        .arg(package)
        .arg(solution)
        .args(["--all", "--format", "json", "--color", "never"])
        .args(extra)
        .env("TMPDIR", tmp.path())
        // A cache of its own: a time limit derived by an earlier run (of another load) is
        // never taken for this one's.
        .env("LIVEJUDGE_CACHE", tmp.path().join("cache"));
    let out = run(command);
    let judged = serde_json::from_str(&out.stdout).ok().map(|json| Judged {
        status: out.status,
        json,
        stderr: out.stderr.clone(),
    });
    (out, judged)
}

fn judged(package: &Path, solution: &Path) -> Judged {
    let (out, judged) = test_all(package, solution, &[]);
    judged.unwrap_or_else(|| {
        panic!(
            "no JSON for {}: exit {}\n{}",
            solution.display(),
            out.status,
            out.stderr
        )
    })
}

/// A throwaway package folder.
struct Package {
    _root: tempfile::TempDir,
    dir: PathBuf,
}

impl Package {
    fn new(problem_yaml: &str) -> Package {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("pkg");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("problem.yaml"), problem_yaml).unwrap();
        Package { _root: root, dir }
    }

    fn file(self, relative: &str, content: &str) -> Package {
        let path = self.dir.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
        self
    }

    /// A test case: `data/NAME.in` and `data/NAME.ans`.
    fn case(self, name: &str, input: &str, answer: &str) -> Package {
        self.file(&format!("data/{name}.in"), input)
            .file(&format!("data/{name}.ans"), answer)
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }
}

/// A solution that prints its input unchanged: the `.in` file of a test is the output to judge.
const ECHO: &str = "import sys\nsys.stdout.write(sys.stdin.read())\n";

/// Checks the 2025-09 rules of a submissions folder on one result.
fn folder_rule_holds(folder: &str, verdicts: &[String]) -> Result<(), String> {
    let (permitted, required): (&[&str], &[&str]) = match folder {
        "accepted" => (&["AC"], &[]),
        "wrong_answer" => (&["AC", "WA"], &["WA"]),
        "time_limit_exceeded" => (&["AC", "TLE"], &["TLE"]),
        "run_time_error" => (&["AC", "RTE"], &["RTE"]),
        other => return Err(format!("unexpected folder {other}")),
    };
    if let Some(bad) = verdicts.iter().find(|v| !permitted.contains(&v.as_str())) {
        return Err(format!("{bad} is not permitted in {folder}/: {verdicts:?}"));
    }
    if !required.is_empty() && !verdicts.iter().any(|v| required.contains(&v.as_str())) {
        return Err(format!("{folder}/ needs one of {required:?}: {verdicts:?}"));
    }
    Ok(())
}

fn submissions_of(package: &Path) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    for folder in std::fs::read_dir(package.join("submissions"))
        .unwrap()
        .flatten()
    {
        if !folder.path().is_dir() {
            continue;
        }
        let name = folder.file_name().to_string_lossy().into_owned();
        for entry in std::fs::read_dir(folder.path()).unwrap().flatten() {
            found.push((name.clone(), entry.path()));
        }
    }
    found.sort();
    found
}

#[test]
fn every_corpus_submission_gets_its_folder_verdict() {
    let packages = [
        "hello",
        "casesensitive",
        "spacing",
        "floats",
        "pairs",
        "legacyvalidator",
    ];
    let mut failures = Vec::new();
    let mut folders_seen = std::collections::BTreeSet::new();
    for package in packages {
        let dir = corpus(package);
        for (folder, path) in submissions_of(&dir) {
            folders_seen.insert(folder.clone());
            let result = judged(&dir, &path);
            let verdicts = result.verdicts();
            assert!(!verdicts.is_empty(), "{}: no tests", path.display());
            let want_code = if folder == "accepted" { 0 } else { 1 };
            if let Err(why) = folder_rule_holds(&folder, &verdicts) {
                failures.push(format!("{}: {why}", path.display()));
            } else if result.status != want_code {
                failures.push(format!("{}: exit {}", path.display(), result.status));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let all: Vec<&str> = folders_seen.iter().map(String::as_str).collect();
    assert_eq!(
        all,
        [
            "accepted",
            "run_time_error",
            "time_limit_exceeded",
            "wrong_answer"
        ]
    );
}

#[test]
fn mislabelled_package_has_a_correct_wrong_answer() {
    let dir = corpus("mislabelled");
    let result = judged(&dir, &dir.join("submissions/wrong_answer/also_double.py"));
    let verdicts = result.verdicts();
    assert!(verdicts.iter().all(|v| v == "AC"), "{verdicts:?}");
    assert!(folder_rule_holds("wrong_answer", &verdicts).is_err());
}

#[test]
fn tests_come_from_data_in_lexicographic_order_with_nested_groups() {
    let dir = corpus("pairs");
    let result = judged(&dir, &dir.join("submissions/accepted/one.py"));
    let names = result.test_names();
    assert_eq!(
        names,
        [
            "sample.1",
            "secret.large.01",
            "secret.small.01",
            "secret.small.02"
        ]
    );
    let samples: Vec<bool> = result.json["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["sample"].as_bool().unwrap())
        .collect();
    assert_eq!(samples, [true, false, false, false]);
    assert_eq!(result.json["challenge"]["id"], "pairs");
    assert_eq!(result.json["challenge"]["title"], "Pairs");
}

#[test]
fn plain_test_runs_only_the_samples() {
    let dir = corpus("hello");
    let tmp = tempfile::tempdir().unwrap();
    let mut command = Command::new(BIN);
    command.env("LIVEJUDGE_HOME", support::scratch_home());
    command
        .arg("test")
        .arg(&dir)
        .arg(dir.join("submissions/accepted/hello.py"))
        .args(["--format", "json"])
        .env("TMPDIR", tmp.path());
    let out = run(command);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["tests"].as_array().unwrap().len(), 2, "{}", out.stderr);
}

/// One case of `tests/kattis/default-validator-cases.tsv`: (group, the group's
/// output_validator_args, name, output judged, answer).
type Case = (String, String, String, String, String);

/// The cases of the default validator's flags (shared with tests/kattis-agreement.sh, which
/// runs problemtools' own default_validator on them).
fn default_validator_cases() -> Vec<Case> {
    let unescape = |s: &str| {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        }
        out
    };
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kattis/default-validator-cases.tsv"),
    )
    .unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 5, "{line}");
            (
                f[0].to_string(),
                f[1].to_string(),
                f[2].to_string(),
                unescape(f[3]),
                unescape(f[4]),
            )
        })
        .collect()
}

/// One package, one group per flag set; each test's `.in` is the output judged (the solution
/// echoes it) and its name says the verdict problemtools' default_validator gives.
#[test]
fn default_validator_flags_behave_like_problemtools() {
    let cases = default_validator_cases();
    let mut package = Package::new("problem_format_version: 2025-09\nname: Flags\n")
        .file("submissions/accepted/echo.py", ECHO)
        .file(".timelimit", "2\n");
    for (group, args, name, output, answer) in &cases {
        package = package
            .file(
                &format!("data/secret/{group}/test_group.yaml"),
                &format!("output_validator_args: {args}\n"),
            )
            .case(&format!("secret/{group}/{name}"), output, answer);
    }
    let result = judged(&package.dir, &package.path("submissions/accepted/echo.py"));
    let tests = result.json["tests"].as_array().unwrap();
    assert_eq!(tests.len(), cases.len());
    let wrong: Vec<String> = tests
        .iter()
        .filter_map(|t| {
            let name = t["name"].as_str().unwrap();
            let want = if name.rsplit('.').next().unwrap().starts_with("ac-") {
                "AC"
            } else {
                "WA"
            };
            (t["verdict"] != want).then(|| format!("{name}: {} ({})", t["verdict"], t["message"]))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn legacy_validator_flags_and_unknown_flags() {
    let package = Package::new("name: Legacy flags\nvalidator_flags: case_sensitive\n")
        .file(".timelimit", "1\n")
        .case("secret/1", "Hello\n", "hello\n");
    let result = judged(&package.dir, &write_solution(&package, ECHO));
    assert_eq!(result.verdicts(), ["WA"]);

    let package = Package::new("name: Bad flags\nvalidator_flags: ignore_case\n")
        .file(".timelimit", "1\n")
        .case("secret/1", "x\n", "x\n");
    let (out, _) = test_all(&package.dir, &write_solution(&package, ECHO), &[]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("problem.yaml:2:1")
            && out.stderr.contains("unknown flag `ignore_case`"),
        "{}",
        out.stderr
    );
}

fn write_solution(package: &Package, text: &str) -> PathBuf {
    let path = package.dir.parent().unwrap().join("solution.py");
    std::fs::write(&path, text).unwrap();
    path
}

const VALIDATOR: &str = r#"
import sys
input_file, answer_file, feedback = sys.argv[1], sys.argv[2], sys.argv[3]
assert feedback.endswith("/"), feedback
assert sys.argv[4:] == ["--mode", "strict"], sys.argv[4:]
assert open(answer_file).read() == "the answer\n"
out = sys.stdin.read().split()
assert out == open(input_file).read().split()
word = out[0] if out else ""
def message(text):
    with open(feedback + "judgemessage.txt", "w") as f:
        f.write(text + "\n")
if word == "accept":
    message("looks right")
    sys.exit(42)
if word == "reject":
    message("the answer is not " + word)
    sys.exit(43)
if word == "crash":
    message("partial thoughts")
    raise RuntimeError("validator bug")
if word == "zero":
    sys.exit(0)
message("unreachable")
sys.exit(43)
"#;

#[test]
fn custom_validator_exit_codes_map_to_verdicts() {
    let package =
        Package::new("problem_format_version: 2025-09\nname: Custom\nlimits:\n  time_limit: 2\n")
            .file("output_validator/validator.py", VALIDATOR)
            .file(
                "data/secret/test_group.yaml",
                "output_validator_args: [--mode, strict]\n",
            )
            .case("secret/1-accept", "accept\n", "the answer\n")
            .case("secret/2-reject", "reject\n", "the answer\n")
            .case("secret/3-crash", "crash\n", "the answer\n")
            .case("secret/4-zero", "zero\n", "the answer\n");
    let solution = write_solution(&package, ECHO);
    let result = judged(&package.dir, &solution);
    assert_eq!(result.verdicts(), ["AC", "WA", "JE", "JE"]);
    // The submission's verdict is its first failing test's: WA here.
    assert_eq!(result.status, 1);
    let (out, _) = test_all(&package.dir, &solution, &["--test", "secret.3-crash"]);
    assert_eq!(out.status, 4, "a judge error exits 4: {}", out.stderr);
    assert_eq!(result.test(0)["message"], "looks right");
    assert_eq!(result.test(1)["message"], "the answer is not reject");
    assert_eq!(result.test(1)["detail"], "check");
    let crash = result.test(2)["message"].as_str().unwrap();
    assert!(
        crash.contains("exit status 1")
            && crash.contains("must exit 42 to accept or 43 to reject")
            && crash.contains("partial thoughts")
            && crash.contains("RuntimeError: validator bug"),
        "{crash}"
    );
    let zero = result.test(3)["message"].as_str().unwrap();
    assert!(zero.contains("exit status 0"), "{zero}");
}

#[test]
fn custom_validators_work_in_a_private_package_folder() {
    // A package under `mktemp -d` (0700): the sandbox user cannot read it, so the validator
    // (a folder program with a helper module) runs from a copy.
    use std::os::unix::fs::PermissionsExt;
    let package =
        Package::new("problem_format_version: 2025-09\nname: Private\nlimits:\n  time_limit: 2\n")
            .file("output_validator/main.py", "import helper\nhelper.run()\n")
            .file(
                "output_validator/helper.py",
                "import sys\ndef run():\n    sys.exit(42 if sys.stdin.read().strip() == 'accept' else 43)\n",
            )
            .case("secret/1", "accept\n", "the answer\n")
            .case("secret/2", "reject\n", "the answer\n");
    let solution = write_solution(&package, ECHO);
    let root = package.dir.parent().unwrap().to_path_buf();
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o700)).unwrap();
    let (out, judged) = test_all(&package.dir, &solution, &[]);
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755)).unwrap();
    let result = judged.unwrap_or_else(|| panic!("no JSON: {}", out.stderr));
    assert_eq!(result.verdicts(), ["AC", "WA"], "{}", out.stdout);
}

#[test]
fn custom_validator_is_not_run_after_a_crash() {
    let package = Package::new("name: Legacy custom\nvalidation: custom\n")
        .file(".timelimit", "1\n")
        .file("output_validators/v/v.py", "import sys\nsys.exit(42)\n")
        .case("secret/1", "x\n", "x\n");
    let result = judged(
        &package.dir,
        &write_solution(&package, "raise SystemExit(7)\n"),
    );
    assert_eq!(result.verdicts(), ["RTE"]);
}

/// Asserts that a TLE message names the CPU limit of `secs` seconds in force — or, on a machine
/// too loaded for a busy loop to get its CPU time first, the wall-clock limit derived from it
/// (twice the CPU limit plus a second).
fn assert_cpu_limit(message: &str, secs: u64, context: &str) {
    let cpu = format!("CPU time limit {secs}s reached");
    let wall = format!("wall-clock limit {}s reached", secs * 2 + 1);
    assert!(message == cpu || message == wall, "{message}: {context}");
}

/// The TLE message names the limit in force.
fn tle_message(package: &Package) -> (String, String) {
    let spin = write_solution(package, "while True:\n    pass\n");
    let (out, result) = test_all(&package.dir, &spin, &[]);
    let result = result.unwrap_or_else(|| panic!("exit {}: {}", out.status, out.stderr));
    assert_eq!(result.verdicts(), ["TLE"], "{}", out.stderr);
    (
        result.test(0)["message"].as_str().unwrap().to_string(),
        out.stderr,
    )
}

#[test]
fn time_limit_from_problem_yaml_wins_over_timelimit_file() {
    let package =
        Package::new("problem_format_version: 2025-09\nname: T\nlimits:\n  time_limit: 1\n")
            .file(".timelimit", "3\n")
            .case("secret/1", "\n", "\n");
    let (message, _) = tle_message(&package);
    assert_cpu_limit(&message, 1, "");
}

#[test]
fn time_limit_from_timelimit_file() {
    let package = Package::new("name: T\n")
        .file(".timelimit", "2\n")
        .case("secret/1", "\n", "\n");
    let (message, _) = tle_message(&package);
    assert_cpu_limit(&message, 2, "");
}

#[test]
fn time_limit_derived_from_accepted_submissions() {
    // Legacy: slowest accepted run × time_multiplier, at least 1 s.
    let legacy = Package::new("name: T\nlimits:\n  time_multiplier: 4\n")
        .file("submissions/accepted/ok.py", ECHO)
        .case("secret/1", "x\n", "x\n");
    let (message, stderr) = tle_message(&legacy);
    assert_cpu_limit(&message, 1, &stderr);
    assert!(
        stderr.contains("time limit 1s (derived: slowest accepted run")
            && stderr.contains("by accepted/ok.py × time_multiplier 4"),
        "{stderr}"
    );
    // 2025-09: × ac_to_time_limit (default 2); a slow accepted submission raises the limit.
    let slow = "import time, sys\nt = time.process_time()\nwhile time.process_time() - t < 0.6:\n    pass\nsys.stdout.write(sys.stdin.read())\n";
    let modern = Package::new("problem_format_version: 2025-09\nname: T\n")
        .file("submissions/accepted/slow.py", slow)
        .case("secret/1", "x\n", "x\n");
    let (message, stderr) = tle_message(&modern);
    assert!(stderr.contains("× ac_to_time_limit 2)"), "{stderr}");
    assert_cpu_limit(&message, 2, &stderr);
}

#[test]
fn time_limit_derivation_failures_are_clear() {
    let none = Package::new("name: T\n").case("secret/1", "x\n", "x\n");
    let (out, _) = test_all(&none.dir, &write_solution(&none, ECHO), &[]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("no time limit") && out.stderr.contains("limits.time_limit"),
        "{}",
        out.stderr
    );
    let wrong = Package::new("name: T\n")
        .file("submissions/accepted/wrong.py", "print('nope')\n")
        .case("secret/1", "x\n", "x\n");
    let (out, _) = test_all(&wrong.dir, &write_solution(&wrong, ECHO), &[]);
    assert_eq!(out.status, 4, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "cannot derive the time limit: accepted submission accepted/wrong.py got WA on test secret.1"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn unsupported_problem_types_exit_2() {
    for (dir, line) in [
        (corpus("interactive"), "problem.yaml:2:1"),
        (corpus("legacyinteractive"), "problem.yaml:2:1"),
    ] {
        let (out, _) = test_all(&dir, &dir.join("submissions/accepted/guess.py"), &[]);
        assert_eq!(out.status, 2, "{}", out.stderr);
        assert!(
            out.stderr
                .contains("interactive problems are not supported")
                && out.stderr.contains(line)
                && out.stderr.contains("problemtools"),
            "{}",
            out.stderr
        );
        assert!(out.stdout.is_empty());
    }
    for (yaml, kind) in [
        (
            "problem_format_version: 2025-09\nname: M\ntype: multi-pass\n",
            "multi-pass",
        ),
        (
            "problem_format_version: 2023-07-draft\nname: S\ntype: submit-answer\n",
            "submit-answer",
        ),
    ] {
        let package = Package::new(yaml).case("secret/1", "x\n", "x\n");
        let (out, _) = test_all(&package.dir, &write_solution(&package, ECHO), &[]);
        assert_eq!(out.status, 2, "{}", out.stderr);
        assert!(
            out.stderr
                .contains(&format!("{kind} problems are not supported")),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn problem_yaml_errors_are_located() {
    let cases = [
        ("name: [unclosed\n", "problem.yaml:"),
        (
            "name: x\nlimits:\n  memory: lots\n",
            "problem.yaml:3:3: `limits.memory` must be a positive number",
        ),
        (
            "problem_format_version: 2099-01\nname: x\n",
            "problem.yaml:1:1: unknown problem_format_version `2099-01`",
        ),
    ];
    for (yaml, want) in cases {
        let package = Package::new(yaml)
            .file(".timelimit", "1\n")
            .case("secret/1", "x\n", "x\n");
        let (out, _) = test_all(&package.dir, &write_solution(&package, ECHO), &[]);
        assert_eq!(out.status, 2, "{yaml}: {}", out.stderr);
        assert!(out.stderr.contains(want), "{yaml}: {}", out.stderr);
    }
    let missing = Package::new("name: x\n")
        .file(".timelimit", "1\n")
        .file("data/secret/1.in", "x\n");
    let (out, _) = test_all(&missing.dir, &write_solution(&missing, ECHO), &[]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr.contains("test `secret/1` has no .ans file"),
        "{}",
        out.stderr
    );
}

#[test]
fn lint_accepts_the_corpus() {
    let mut command = Command::new(BIN);
    command.env("LIVEJUDGE_HOME", support::scratch_home());
    command
        .arg("lint")
        .arg(corpus("hello"))
        .arg(corpus("pairs"));
    let out = run(command);
    assert_eq!(out.status, 0, "{}{}", out.stdout, out.stderr);
}

#[test]
fn compiled_validator_goes_through_the_compile_step() {
    // A toy compiled language: "compiling" copies the script to {exe}.
    let package = Package::new("problem_format_version: 2025-09\nname: C\nlimits:\n  time_limit: 2\n")
        .file(
            "output_validator/check.shc",
            "read word\nif [ \"$word\" = yes ]; then exit 42; fi\necho \"said $word\" > \"$3/judgemessage.txt\"\nexit 43\n",
        )
        .case("secret/1", "yes\n", "\n")
        .case("secret/2", "no\n", "\n");
    let harness = package.dir.parent().unwrap().join("harness.toml");
    std::fs::write(
        &harness,
        "[sh]\nextensions = [\"sh\"]\nrun = [\"sh\", \"{file}\"]\n\n[shc]\nextensions = [\"shc\"]\ncompile = [\"cp\", \"{file}\", \"{exe}\"]\nrun = [\"sh\", \"{exe}\"]\n",
    )
    .unwrap();
    let solution = package.dir.parent().unwrap().join("echo.sh");
    std::fs::write(&solution, "cat\n").unwrap();
    let (out, result) = test_all(
        &package.dir,
        &solution,
        &["--harness", harness.to_str().unwrap()],
    );
    let result = result.unwrap_or_else(|| panic!("exit {}: {}", out.status, out.stderr));
    assert_eq!(result.verdicts(), ["AC", "WA"], "{}", result.json);
    assert_eq!(result.test(1)["message"], "said no");
}

fn verify(packages: &[PathBuf]) -> Output {
    let mut command = Command::new(BIN);
    command.env("LIVEJUDGE_HOME", support::scratch_home());
    command
        .arg("verify")
        .args(packages)
        .args(["--color", "never"]);
    run(command)
}

#[test]
fn the_corpus_passes_verify() {
    let valid: Vec<PathBuf> = [
        "hello",
        "floats",
        "casesensitive",
        "spacing",
        "legacyvalidator",
        "pairs",
    ]
    .iter()
    .map(|name| corpus(name))
    .collect();
    let out = verify(&valid);
    assert_eq!(out.status, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("6 verified, 0 with mismatches"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_mislabelled_submission_fails_verify_with_a_clear_message() {
    let out = verify(&[corpus("mislabelled")]);
    assert_eq!(out.status, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("MISMATCH"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("submissions/wrong_answer/also_double.py (expected WA)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("every test passed; it must get WA"),
        "{}",
        out.stdout
    );
}

/// `livejudge verify PACKAGE… [extra]`.
fn verify_with(packages: &[&Path], extra: &[&str]) -> Output {
    let tmp = tempfile::tempdir().unwrap();
    let mut command = Command::new(BIN);
    command.env("LIVEJUDGE_HOME", support::scratch_home());
    command
        .arg("verify")
        .args(packages)
        .args(["--color", "never"])
        .args(extra)
        .env("TMPDIR", tmp.path());
    run(command)
}

/// The built-in harness without `[NAME]`, written next to `package` (outside it).
fn harness_without(package: &Path, name: &str) -> PathBuf {
    let builtin = livejudge::harness::BUILTIN;
    let start = builtin
        .find(&format!("\n[{name}]\n"))
        .unwrap_or_else(|| panic!("no [{name}] in the built-in harness"));
    let end = builtin[start + 1..]
        .find("\n[")
        .map_or(builtin.len(), |i| start + 1 + i);
    let path = package
        .parent()
        .unwrap()
        .join(format!("harness-without-{name}.toml"));
    std::fs::write(&path, format!("{}{}", &builtin[..start], &builtin[end..])).unwrap();
    path
}

/// Why `language` of the built-in harness cannot run here, as the judge says it; `None` when
/// it can.
fn unavailable(language: &str) -> Option<String> {
    let harness = livejudge::harness::Harness::builtin();
    let missing = harness.get(language).unwrap().missing_programs();
    (!missing.is_empty()).then(|| format!("no toolchain for {language} here (`{}`", missing[0]))
}

/// Each accepted submission of the polyglot package is told its language by problemtools'
/// rules (`.py3`, `#!…python2` on a `.py`, a folder of `.pl` files is Prolog) and gets AC, or,
/// where its toolchain is missing, is refused with a note naming it.
#[test]
fn polyglot_languages_follow_the_kattis_rules() {
    let dir = corpus("polyglot");
    let cases = [
        ("Sum.java", "java"),
        ("prolog", "prolog"),
        ("sum.hs", "haskell"),
        ("sum.kt", "kotlin"),
        ("sum.php", "php"),
        ("sum.py3", "python"),
        ("sum_py2.py", "python2"),
    ];
    let mut problems = Vec::new();
    for (file, language) in cases {
        let (out, judged) = test_all(&dir, &dir.join("submissions/accepted").join(file), &[]);
        match unavailable(language) {
            Some(note) => {
                if out.status != 2 || !out.stderr.contains(&note) {
                    problems.push(format!(
                        "{file}: expected exit 2 with `{note}`: exit {}: {}",
                        out.status, out.stderr
                    ));
                } else {
                    eprintln!("skipped {file}: {note}");
                }
            }
            None => match judged {
                Some(r) if r.status == 0 && r.json["submission"]["language"] == language => {}
                _ => problems.push(format!(
                    "{file}: expected AC in {language}: exit {}: {}{}",
                    out.status, out.stdout, out.stderr
                )),
            },
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// verify skips what cannot run here (a language the harness lacks, a missing toolchain) with a
/// note, prints the time limit it used, and counts a memory-limit failure in run_time_error/.
#[test]
fn verify_skips_languages_that_cannot_run_and_says_which() {
    let temp = tempfile::tempdir().unwrap();
    let harness = harness_without(&temp.path().join("x"), "kotlin");
    let dir = corpus("polyglot");
    let out = verify_with(&[&dir], &["--harness", harness.to_str().unwrap()]);
    assert_eq!(out.status, 0, "{}{}", out.stdout, out.stderr);
    for want in [
        "time limit 2s (.timelimit); judged under 4s (× time_safety_margin 2)",
        "skip      submissions/accepted/sum.kt",
        "skipped: submissions/accepted/sum.kt: kotlin is not in the harness",
        "1 verified, 0 with mismatches",
    ] {
        assert!(out.stdout.contains(want), "{want}: {}", out.stdout);
    }
    let rte = out
        .stdout
        .lines()
        .find(|l| l.contains("run_time_error/memory.cc"))
        .unwrap_or_default();
    assert!(
        rte.trim_start().starts_with("ok") && rte.contains("RTE"),
        "{rte}"
    );
    if unavailable("python2").is_some() {
        assert!(
            out.stdout.contains(
                "skipped: submissions/accepted/sum_py2.py: no toolchain for python2 here"
            ),
            "{}",
            out.stdout
        );
    }
}

#[test]
fn time_limit_derivation_skips_what_cannot_run() {
    let package = Package::new("name: T\n")
        .file("submissions/accepted/ok.py", ECHO)
        .file("submissions/accepted/hello.kt", "fun main() {}\n")
        .file(
            "submissions/accepted/old.py",
            "#!/usr/bin/env python2\nimport sys\nsys.stdout.write(sys.stdin.read())\n",
        )
        .case("secret/1", "x\n", "x\n");
    let harness = package.dir.parent().unwrap().join("python-only.toml");
    std::fs::write(
        &harness,
        "[python]\nextensions = [\"py\"]\nrun = [\"python3\", \"{file}\"]\n",
    )
    .unwrap();
    let h = ["--harness", harness.to_str().unwrap()];
    let (out, judged) = test_all(
        &package.dir,
        &package.path("submissions/accepted/ok.py"),
        &h,
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(judged.unwrap().verdicts(), ["AC"]);
    for want in [
        "note: skipped accepted/hello.kt: kotlin is not in the harness",
        "note: skipped accepted/old.py: python2 is not in the harness",
        "by accepted/ok.py × time_multiplier 5",
    ] {
        assert!(out.stderr.contains(want), "{want}: {}", out.stderr);
    }
    // Nothing left to derive from: a definition error naming each one, and what to do.
    std::fs::remove_file(package.path("submissions/accepted/ok.py")).unwrap();
    let solution = write_solution(&package, ECHO);
    let (out, _) = test_all(&package.dir, &solution, &h);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("no accepted submission can run here to derive it from: accepted/hello.kt (kotlin is not in the harness), accepted/old.py (python2 is not in the harness)")
            && out.stderr.contains("set limits.time_limit"),
        "{}",
        out.stderr
    );
    // A harness language whose toolchain is missing.
    std::fs::write(
        &harness,
        "[python]\nextensions = [\"py\"]\nrun = [\"python3\", \"{file}\"]\n\n[kotlin]\nextensions = [\"kt\"]\ncompile = [\"no-kotlinc-here\", \"{file}\"]\nrun = [\"java\", \"-jar\", \"{exe}.jar\"]\n",
    )
    .unwrap();
    let (out, _) = test_all(&package.dir, &solution, &h);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "accepted/hello.kt (no toolchain for kotlin here (`no-kotlinc-here` not found"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn memory_defaults_to_2048_mib_like_kattis() {
    let big = "block = bytearray(600 << 20)\nblock[-1] = 1\nimport sys\nsys.stdout.write(sys.stdin.read())\n";
    let package = Package::new("name: M\n")
        .file(".timelimit", "5\n")
        .case("secret/1", "x\n", "x\n");
    let (out, judged) = test_all(&package.dir, &write_solution(&package, big), &[]);
    assert_eq!(out.status, 0, "600 MiB fits under 2048 MiB: {}", out.stderr);
    assert_eq!(judged.unwrap().verdicts(), ["AC"]);
    let small = Package::new("name: M\nlimits:\n  memory: 256\n")
        .file(".timelimit", "5\n")
        .case("secret/1", "x\n", "x\n");
    let (_, judged) = test_all(&small.dir, &write_solution(&small, big), &[]);
    let verdicts = judged.unwrap().verdicts();
    assert!(
        verdicts == ["MLE"] || verdicts == ["RTE"],
        "600 MiB does not fit under limits.memory 256: {verdicts:?}"
    );
}

#[test]
fn problem_yaml_typos_are_errors_with_did_you_mean() {
    let cases = [
        (
            "name: x\nlimits:\n  time_limt: 2\n",
            "problem.yaml:3:3: unknown key `limits.time_limt` in problem.yaml: did you mean `time_limit`?",
        ),
        (
            "name: x\ntime_limit: 2\n",
            "problem.yaml:2:1: unknown key `time_limit` in problem.yaml: did you mean `limits.time_limit`?",
        ),
        (
            "problem_format_version: 2025-09\nname: x\nlimits:\n  time_multipliers:\n    ac_to_timelimit: 3\n",
            "did you mean `ac_to_time_limit`?",
        ),
        ("nmae: x\n", "did you mean `name`?"),
    ];
    for (yaml, want) in cases {
        let package = Package::new(yaml)
            .file(".timelimit", "1\n")
            .case("secret/1", "x\n", "x\n");
        let (out, _) = test_all(&package.dir, &write_solution(&package, ECHO), &[]);
        assert_eq!(out.status, 2, "{yaml}: {}", out.stderr);
        assert!(out.stderr.contains(want), "{yaml}: {}", out.stderr);
    }
    // Another tool's key is only a warning: lint shows it, and the package is valid.
    let package = Package::new("name: x\ncontest: nwerc\n")
        .file(".timelimit", "1\n")
        .case("secret/1", "x\n", "x\n");
    let mut command = Command::new(BIN);
    command.env("LIVEJUDGE_HOME", support::scratch_home());
    command
        .arg("lint")
        .arg(&package.dir)
        .args(["--color", "never"]);
    let out = run(command);
    assert_eq!(out.status, 0, "{}{}", out.stdout, out.stderr);
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(
        all.contains("unknown key `contest` in problem.yaml (ignored)"),
        "{all}"
    );
}

/// A Python program that burns `seconds` of CPU time, then echoes its input.
fn burn(seconds: f64) -> String {
    format!(
        "import sys, time\nt = time.process_time()\nwhile time.process_time() - t < {seconds}:\n    pass\nsys.stdout.write(sys.stdin.read())\n"
    )
}

/// problemtools' safety margin: verify judges under limit × margin, reads verdicts at the
/// limit and warns when an accepted run is above limit ÷ margin or a verdict changes between
/// the two; --time-limit replaces the limit.
#[test]
fn verify_reports_time_limit_sensitivity_and_takes_a_fixed_limit() {
    let package = Package::new("name: S\n")
        .file(".timelimit", "1\n")
        .file("submissions/accepted/fast.py", ECHO)
        .file("submissions/accepted/close.py", &burn(0.7))
        .file("submissions/time_limit_exceeded/edge.py", &burn(1.4))
        .case("secret/1", "x\n", "x\n");
    let out = verify_with(&[&package.dir], &[]);
    assert_eq!(out.status, 0, "{}{}", out.stdout, out.stderr);
    for want in [
        "time limit 1s (.timelimit); judged under 2s (× time_safety_margin 2)",
        "warning: submissions/accepted/close.py: sensitive to the time limit: its slowest run (",
        "is above the time limit ÷ time_safety_margin (1s ÷ 2 = 0.500s)",
        "warning: submissions/time_limit_exceeded/edge.py: sensitive to the time limit: TLE under the time limit 1s, AC under the time limit × time_safety_margin 2 = 2s",
    ] {
        assert!(out.stdout.contains(want), "{want}: {}", out.stdout);
    }
    assert!(!out.stdout.contains("fast.py: sensitive"), "{}", out.stdout);
    let out = verify_with(&[&package.dir], &["--time-limit", "3"]);
    assert_eq!(out.status, 1, "{}{}", out.stdout, out.stderr);
    for want in [
        "time limit 3s (--time-limit); judged under 6s",
        "mismatch: submissions/time_limit_exceeded/edge.py (expected TLE)",
    ] {
        assert!(out.stdout.contains(want), "{want}: {}", out.stdout);
    }
    let out = verify_with(&[&package.dir], &["--time-limit", "soon"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("`soon` is not a duration"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_derived_time_limit_is_cached_until_the_package_changes_or_rederive() {
    // Deriving runs every accepted submission on every test: a learner's `test` takes the limit
    // derived before, said so, for as long as nothing it depends on changed.
    let cache = tempfile::tempdir().unwrap();
    let package = Package::new("name: T\n")
        .file("submissions/accepted/ok.py", ECHO)
        .case("secret/1", "x\n", "x\n");
    let solution = write_solution(&package, ECHO);
    let derive = |extra: &[&str]| -> String {
        let tmp = tempfile::tempdir().unwrap();
        let mut command = Command::new(BIN);
        command
            .arg("test")
            .arg(&package.dir)
            .arg(&solution)
            .args(["--all", "--color", "never"])
            .args(extra)
            .env("LIVEJUDGE_HOME", support::scratch_home())
            .env("LIVEJUDGE_CACHE", cache.path())
            .env("TMPDIR", tmp.path());
        let out = run(command);
        assert_eq!(out.status, 0, "{}", out.stderr);
        out.stderr
    };
    let first = derive(&[]);
    assert!(first.contains("(derived: slowest accepted run"), "{first}");
    assert!(!first.contains("cached"), "{first}");
    let second = derive(&[]);
    assert!(
        second
            .contains("by accepted/ok.py × time_multiplier 5; cached, `--rederive` measures again"),
        "{second}"
    );
    let again = derive(&["--rederive"]);
    assert!(!again.contains("cached"), "{again}");
    // Any change to the package measures again.
    std::fs::write(package.path("data/secret/1.in"), "y\n").unwrap();
    std::fs::write(package.path("data/secret/1.ans"), "y\n").unwrap();
    let changed = derive(&[]);
    assert!(!changed.contains("cached"), "{changed}");
    // `--no-cache` neither reads nor writes it.
    let uncached = derive(&["--no-cache"]);
    assert!(!uncached.contains("cached"), "{uncached}");
}

/// A C program recursing a million levels deep (about 64 MB of stack): it crashes under the
/// usual 8 MiB stack, and passes where the stack may grow as far as memory.
const DEEP_RECURSION: &str = "#include <stdio.h>\n\
    long f(long n) { volatile char pad[48]; pad[0] = (char)n; if (n == 0) return 0; return f(n - 1) + pad[0]; }\n\
    int main(void) { long n; if (scanf(\"%ld\", &n) != 1) return 1; printf(\"%s\\n\", f(n) == 42 ? \"no\" : \"ok\"); return 0; }\n";

#[test]
fn a_kattis_package_runs_with_the_stack_as_large_as_memory() {
    let package = Package::new("name: T\nlimits:\n  memory: 512\n")
        .file(".timelimit", "5\n")
        .case("secret/1", "1000000\n", "ok\n");
    let solution = package.dir.parent().unwrap().join("deep.c");
    std::fs::write(&solution, DEEP_RECURSION).unwrap();
    let result = judged(&package.dir, &solution);
    assert_eq!(result.verdicts(), ["AC"], "{}", result.json);
    // The same program in a challenge of livejudge's own format keeps the system's stack.
    let case = support::Case::new(
        "id = \"demo\"\ntitle = \"Demo\"\ncategory = \"scripting\"\ndifficulty = \"easy\"\n\
         entry = \"deep\"\n[[test]]\nname = \"t\"\nstdin = \"1000000\\n\"\nstdout = \"ok\\n\"\n",
    )
    .solution("deep.c", DEEP_RECURSION);
    let own = case.judge();
    assert_eq!(own.verdicts(), ["RTE"], "{}", own.json);
}

#[test]
fn what_lies_beside_a_test_input_is_found() {
    // Beside NAME.in: NAME.ans (here also through a link inside the package), NAME.yaml (the
    // test's own settings: its arguments) and NAME.files/ (its fixture files); an .ans without
    // its .in is no test.
    let package = Package::new("name: x\n")
        .file(".timelimit", "1\n")
        .case("secret/1", "x\n", "hello\nx\n")
        .file("data/secret/1.yaml", "args: [hello]\n")
        .case("secret/2", "y\n", "y\nfrom-fixture\n")
        .file("data/secret/2.files/f.txt", "from-fixture\n")
        .file("data/secret/3.in", "z\n")
        .file("answers/3.txt", "z\n")
        .file("data/secret/orphan.ans", "nothing\n");
    std::os::unix::fs::symlink("../../answers/3.txt", package.path("data/secret/3.ans")).unwrap();
    let solution = write_solution(
        &package,
        "import os, sys\nargs = ' '.join(sys.argv[1:])\n\
         out = (args + '\\n' if args else '') + sys.stdin.read()\n\
         if os.path.exists('f.txt'):\n    out += open('f.txt').read()\n\
         sys.stdout.write(out)\n",
    );
    let judged = judged(&package.dir, &solution);
    let names = judged.test_names();
    assert_eq!(
        names,
        ["secret.1", "secret.2", "secret.3"],
        "{}",
        judged.json
    );
    assert_eq!(judged.json["score"], 3, "{}", judged.json);
}
