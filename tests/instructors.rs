//! End-to-end tests of the instructor commands through the real binary: `verify` (reference
//! solutions, starters, every `submissions/` folder rule met and broken), `bless` (writes
//! changed file expectations with a diff, leaves inline ones alone, refuses crashing or
//! non-deterministic references) and `new` (a scaffold that lints and verifies; no overwrite).

mod support;

use std::path::Path;
use std::process::Command;

use support::{BIN, Case, Output, run};

/// A challenge with a sample and a hidden test: the program greets the name on stdin.
const GREET: &str = r#"
id = "demo"
title = "Demo"
category = "scripting"
difficulty = "easy"
entry = "solve"
hints = ["read stdin"]

[limits]
time = "1s"

[[test]]
name = "ada"
sample = true
stdin = "ada\n"
stdout = "hello ada\n"

[[test]]
name = "bob"
stdin = "bob\n"
stdout = "hello bob\n"
"#;

const GOOD: &str = "read -r name\necho \"hello $name\"\n";

fn livejudge(args: &[&str], dir: &Path) -> Output {
    let mut command = Command::new(BIN);
    command.env("LIVEJUDGE_HOME", support::scratch_home());
    command
        .args(args)
        .arg(dir)
        .args(["--color", "never"])
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    run(command)
}

fn verify(dir: &Path) -> Output {
    livejudge(&["verify"], dir)
}

fn show(out: &Output) -> String {
    format!(
        "exit {}\nstdout:\n{}\nstderr:\n{}",
        out.status, out.stdout, out.stderr
    )
}

/// The table row of `what`.
fn row<'a>(out: &'a Output, what: &str) -> &'a str {
    out.stdout
        .lines()
        .find(|l| l.split_whitespace().nth(1) == Some(what))
        .unwrap_or_else(|| panic!("no row for {what}\n{}", show(out)))
}

#[test]
fn verify_passes_a_challenge_whose_claims_hold() {
    let case = Case::new(GREET)
        .file("solution/solve.sh", GOOD)
        .file("solution/solve.py", "print('hello ' + input().strip())\n")
        .file("starter/solve.sh", "# TODO\n")
        .file(
            "submissions/accepted/also-right.sh",
            "read -r n; printf 'hello %s\\n' \"$n\"\n",
        )
        .file("submissions/wrong_answer/hardcoded.sh", "echo hello ada\n")
        .file(
            "submissions/time_limit_exceeded/sleepy.sh",
            "read -r n; [ \"$n\" = ada ] && echo hello ada && exit 0; sleep 10\n",
        )
        .file(
            "submissions/run_time_error/crashes.sh",
            "read -r n; [ \"$n\" = ada ] && echo hello ada && exit 0; exit 3\n",
        )
        .file("submissions/brute_force/slow.sh", GOOD);
    let out = verify(case.dir());
    assert_eq!(out.status, 0, "{}", show(&out));
    for what in [
        "solution/solve.sh",
        "solution/solve.py",
        "starter/solve.sh",
        "submissions/accepted/also-right.sh",
        "submissions/wrong_answer/hardcoded.sh",
        "submissions/time_limit_exceeded/sleepy.sh",
        "submissions/run_time_error/crashes.sh",
    ] {
        assert!(
            row(&out, what).trim_start().starts_with("ok"),
            "{}",
            show(&out)
        );
    }
    let other = row(&out, "submissions/brute_force/slow.sh");
    assert!(other.contains("not judged"), "{}", show(&out));
    assert!(row(&out, "submissions/time_limit_exceeded/sleepy.sh").contains("TLE (1 AC, 1 TLE)"));
    assert!(
        out.stdout
            .contains("1 challenge(s): 1 verified, 0 with mismatches"),
        "{}",
        show(&out)
    );
}

#[test]
fn verify_explains_every_broken_folder_rule() {
    let case = Case::new(GREET)
        .file("solution/solve.sh", GOOD)
        .file("submissions/accepted/wrong.sh", "echo hello ada\n")
        .file("submissions/wrong_answer/actually-right.sh", GOOD)
        .file(
            "submissions/wrong_answer/crashes.sh",
            "read -r n; [ \"$n\" = ada ] && echo hello ada && exit 0; kill -SEGV $$\n",
        )
        .file(
            "submissions/time_limit_exceeded/wrong-not-slow.sh",
            "echo hello ada\n",
        )
        .file("submissions/run_time_error/fine.sh", GOOD);
    let out = verify(case.dir());
    assert_eq!(out.status, 1, "{}", show(&out));
    for what in [
        "submissions/accepted/wrong.sh",
        "submissions/wrong_answer/actually-right.sh",
        "submissions/wrong_answer/crashes.sh",
        "submissions/time_limit_exceeded/wrong-not-slow.sh",
        "submissions/run_time_error/fine.sh",
    ] {
        assert!(
            row(&out, what).contains("MISMATCH"),
            "{what}\n{}",
            show(&out)
        );
    }
    assert!(
        row(&out, "solution/solve.sh")
            .trim_start()
            .starts_with("ok")
    );
    let text = &out.stdout;
    // accepted: which test, which verdict, the message.
    assert!(
        text.contains("mismatch: submissions/accepted/wrong.sh (expected AC)")
            && text.contains("test `bob`: WA (stdout) — wrong answer: ")
            && text.contains("; expected AC"),
        "{text}"
    );
    assert!(
        text.contains("every test passed; it must get WA (wrong answer) on at least one test"),
        "{text}"
    );
    assert!(
        text.contains("test `bob`: RTE (SIGSEGV) — runtime error")
            && text.contains("only AC or WA are allowed here"),
        "{text}"
    );
    assert!(
        text.contains(
            "no test got TLE (time limit exceeded); it must get TLE (time limit exceeded) on at least one test"
        ) && text.contains("test `bob`: WA (stdout) — wrong answer")
            && text.contains("only AC or TLE are allowed here"),
        "{text}"
    );
    assert!(
        text.contains("every test passed; it must get RTE (runtime error)"),
        "{text}"
    );
}

#[test]
fn verify_catches_a_starter_that_passes_and_a_failing_reference() {
    let case = Case::new(GREET)
        .file("solution/solve.sh", "echo hello ada\n")
        .file("starter/solve.sh", GOOD);
    let out = verify(case.dir());
    assert_eq!(out.status, 1, "{}", show(&out));
    assert!(row(&out, "starter/solve.sh").contains("MISMATCH"));
    assert!(
        out.stdout
            .contains("passes all 2 tests, but a starter must fail at least one")
            && out.stdout.contains("starter_passes = true"),
        "{}",
        show(&out)
    );
    assert!(row(&out, "solution/solve.sh").contains("MISMATCH"));
    assert!(
        out.stdout.contains("test `bob`: WA (stdout)"),
        "{}",
        show(&out)
    );
}

#[test]
fn verify_accepts_a_starter_meant_to_pass() {
    let toml = GREET.replace("hints =", "starter_passes = true\nhints =");
    let case = Case::new(&toml)
        .file("solution/solve.sh", GOOD)
        .file("starter/solve.sh", GOOD);
    let out = verify(case.dir());
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(
        row(&out, "starter/solve.sh").contains(" AC "),
        "{}",
        show(&out)
    );
}

#[test]
fn verify_reports_a_broken_checker_as_a_judge_error() {
    // The checker exits 2: a judge error (exit 4), for the reference and the starter alike,
    // never a mere mismatch, and never "the starter failed a test".
    let toml = GREET.replace(
        "stdout = \"hello bob\\n\"",
        "stdout = \"hello bob\\n\"\ncheck = \"checks/broken.sh\"",
    );
    assert!(toml.contains("check = "), "{toml}");
    let case = Case::new(&toml)
        .file("solution/solve.sh", GOOD)
        .file("starter/solve.sh", "echo nope\n")
        .file("checks/broken.sh", "echo oops\nexit 2\n");
    let out = verify(case.dir());
    assert_eq!(out.status, 4, "{}", show(&out));
    assert!(row(&out, "solution/solve.sh").contains("MISMATCH"));
    assert!(row(&out, "starter/solve.sh").contains("MISMATCH"));
    assert!(
        out.stdout
            .contains("a judge error is not a failure of the starter")
            && out.stdout.contains("1 with judge errors"),
        "{}",
        show(&out)
    );
}

#[test]
fn verify_refuses_a_broken_definition_with_exit_2() {
    let case = Case::new(&GREET.replace("[limits]", "timeout = 3\n[limits]"))
        .file("solution/solve.sh", GOOD);
    let out = verify(case.dir());
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(
        out.stderr.contains("unknown key `timeout`"),
        "{}",
        show(&out)
    );
    assert!(out.stdout.contains("not judged"), "{}", show(&out));
}

#[test]
fn verify_a_folder_of_challenges_in_parallel() {
    let root = tempfile::tempdir().unwrap();
    for id in ["alpha", "beta", "gamma"] {
        let dir = root.path().join(id);
        std::fs::create_dir_all(dir.join("solution")).unwrap();
        std::fs::write(
            dir.join("challenge.toml"),
            GREET.replace("\"demo\"", &format!("\"{id}\"")),
        )
        .unwrap();
        std::fs::write(dir.join("README.md"), "# x\n").unwrap();
        let solution = if id == "beta" { "echo nope\n" } else { GOOD };
        std::fs::write(dir.join("solution/solve.sh"), solution).unwrap();
    }
    let out = livejudge(&["verify", "-j", "3"], root.path());
    assert_eq!(out.status, 1, "{}", show(&out));
    let alpha = out.stdout.find("alpha — ").unwrap();
    let beta = out.stdout.find("beta — ").unwrap();
    let gamma = out.stdout.find("gamma — ").unwrap();
    assert!(alpha < beta && beta < gamma, "in order\n{}", show(&out));
    assert!(
        out.stdout
            .contains("3 challenge(s): 2 verified, 1 with mismatches"),
        "{}",
        show(&out)
    );
}

/// A challenge whose expectations live in files: stdout of `two`, a `files` entry, and a
/// discovered hidden case; test `one` has an inline expectation bless must leave alone.
const BLESSED: &str = r#"
id = "demo"
title = "Demo"
category = "scripting"
difficulty = "easy"
entry = "solve"
hints = ["read stdin"]

[[test]]
name = "one"
sample = true
stdin = "one\n"
stdout = "inline stays\n"

[[test]]
name = "two"
stdin = "two\n"
stdout = { file = "tests/two.out" }
files = [{ path = "report.txt", file = "tests/expected/report.txt" }]
"#;

const REPORTER: &str =
    "read -r name\necho \"hello $name\"\necho \"report for $name\" > report.txt\n";

fn blessed_case(solution: &str) -> Case {
    Case::new(BLESSED)
        .file("solution/solve.sh", solution)
        .file("tests/two.out", "old\n")
        .file("tests/expected/report.txt", "old report\n")
        .file("tests/hidden/three.in", "three\n")
        .file("tests/hidden/three.out", "hello three\n")
}

fn read(case: &Case, relative: &str) -> String {
    std::fs::read_to_string(case.dir().join(relative)).unwrap()
}

#[test]
fn bless_writes_changed_expectations_and_shows_the_diff() {
    let case = blessed_case(REPORTER);
    let out = livejudge(&["bless"], case.dir());
    assert_eq!(out.status, 0, "{}", show(&out));
    assert_eq!(read(&case, "tests/two.out"), "hello two\n");
    assert_eq!(read(&case, "tests/expected/report.txt"), "report for two\n");
    assert_eq!(read(&case, "tests/hidden/three.out"), "hello three\n");
    // Inline expectations are never touched.
    assert_eq!(read(&case, "challenge.toml"), BLESSED);
    let text = &out.stdout;
    assert!(
        text.contains("--- old tests/two.out")
            && text.contains("+++ new tests/two.out")
            && text.contains("-old")
            && text.contains("+hello two"),
        "{}",
        show(&out)
    );
    assert!(text.contains("-old report") && text.contains("+report for two"));
    assert!(
        !text.contains("three.out"),
        "unchanged files show no diff\n{text}"
    );
    assert!(
        text.contains("2 file(s) updated, 1 already up to date"),
        "{}",
        show(&out)
    );
    // No temporary files are left next to the expectations.
    let leftovers: Vec<_> = std::fs::read_dir(case.dir().join("tests"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty());
    // Blessed, the challenge verifies.
    let out = verify(case.dir());
    assert!(
        row(&out, "solution/solve.sh").contains("MISMATCH"),
        "test one is inline and still wrong"
    );
}

#[test]
fn bless_creates_expected_files_that_do_not_exist_yet() {
    // A new test names its expected files before they exist: lint and test refuse it, bless
    // writes them (into a folder it makes when needed).
    let case = Case::new(BLESSED).file("solution/solve.sh", REPORTER);
    let extra = "\n[[test]]\nname = \"four\"\nstdin = \"four\\n\"\nstdout = { file = \"tests/new/four.out\" }\n";
    let toml = case.dir().join("challenge.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str(extra);
    std::fs::write(&toml, &text).unwrap();
    let out = livejudge(&["lint"], case.dir());
    assert_eq!(out.status, 2, "{}", show(&out));
    let out = livejudge(&["bless"], case.dir());
    assert_eq!(out.status, 0, "{}", show(&out));
    assert_eq!(read(&case, "tests/two.out"), "hello two\n");
    assert_eq!(read(&case, "tests/expected/report.txt"), "report for two\n");
    assert_eq!(read(&case, "tests/new/four.out"), "hello four\n");
    assert!(
        out.stdout.contains("+++ new tests/new/four.out"),
        "{}",
        show(&out)
    );
    // The challenge is whole again.
    assert_eq!(livejudge(&["lint"], case.dir()).status, 0);
}

#[test]
fn bless_fills_an_empty_json_expectation_that_lint_refuses() {
    // An empty placeholder is not JSON: lint says so (with the file), bless rewrites it.
    let json = "read -r name\necho \"{\\\"name\\\": \\\"$name\\\"}\"\n";
    let case = Case::new(BLESSED)
        .file("solution/solve.sh", json)
        .file("tests/new/four.json", "");
    let extra = "\n[[test]]\nname = \"four\"\nstdin = \"four\\n\"\nstdout = { file = \"tests/new/four.json\", compare = \"json\" }\n";
    let toml = case.dir().join("challenge.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str(extra);
    std::fs::write(&toml, &text).unwrap();
    let out = livejudge(&["lint"], case.dir());
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(
        out.stderr
            .contains("the expected JSON of `stdout` in `tests/new/four.json` does not parse"),
        "{}",
        show(&out)
    );
    let out = livejudge(&["bless", "--test", "four"], case.dir());
    assert_eq!(out.status, 0, "{}", show(&out));
    assert_eq!(read(&case, "tests/new/four.json"), "{\"name\": \"four\"}\n");
}

#[test]
fn a_refused_bless_creates_nothing() {
    let case = Case::new(BLESSED).file("solution/solve.sh", "exit 3\n");
    let toml = case.dir().join("challenge.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str("\n[[test]]\nname = \"four\"\nstdout = { file = \"tests/four.out\" }\n");
    std::fs::write(&toml, &text).unwrap();
    let out = livejudge(&["bless"], case.dir());
    assert_ne!(out.status, 0, "{}", show(&out));
    assert!(!case.dir().join("tests/four.out").exists());
}

#[test]
fn bless_only_the_chosen_test() {
    let case = blessed_case(REPORTER).file("tests/hidden/three.out", "stale\n");
    let out = livejudge(&["bless", "--test", "three"], case.dir());
    assert_eq!(out.status, 0, "{}", show(&out));
    assert_eq!(read(&case, "tests/hidden/three.out"), "hello three\n");
    assert_eq!(read(&case, "tests/two.out"), "old\n");
    let out = livejudge(&["bless", "--test", "nope"], case.dir());
    assert_eq!(out.status, 2, "{}", show(&out));
}

#[test]
fn bless_refuses_a_crashing_reference() {
    let case = blessed_case("read -r name\necho \"hello $name\"\nkill -SEGV $$\n");
    let out = livejudge(&["bless"], case.dir());
    assert_eq!(out.status, 1, "{}", show(&out));
    assert!(
        out.stderr.contains("refusing, nothing was written")
            && out
                .stderr
                .contains("RTE — runtime error (killed by SIGSEGV)"),
        "{}",
        show(&out)
    );
    assert_eq!(read(&case, "tests/two.out"), "old\n");
    assert_eq!(read(&case, "tests/expected/report.txt"), "old report\n");
}

#[test]
fn bless_refuses_a_reference_that_runs_out_of_time() {
    // A top-level table may follow the [[test]] tables.
    let toml = format!("{BLESSED}\n[limits]\ntime = \"300ms\"\n");
    let case = Case::new(&toml)
        .file("solution/solve.sh", "sleep 5\n")
        .file("tests/two.out", "old\n")
        .file("tests/expected/report.txt", "old report\n");
    let out = livejudge(&["bless"], case.dir());
    assert_eq!(out.status, 1, "{}", show(&out));
    assert!(out.stderr.contains("TLE"), "{}", show(&out));
    assert_eq!(read(&case, "tests/two.out"), "old\n");
}

#[test]
fn bless_refuses_a_non_deterministic_reference() {
    let case = blessed_case(
        "read -r name\necho \"hello $name $(od -An -N8 -tx8 /dev/urandom)\"\necho r > report.txt\n",
    );
    let out = livejudge(&["bless"], case.dir());
    assert_eq!(out.status, 1, "{}", show(&out));
    assert!(
        out.stderr.contains("differs between two runs (run 1 and run 2 of 5, compared with `lines`: line 1: expected \"hello")
            && out.stderr.contains("it is not deterministic")
            && out.stderr.contains("--- run 1")
            && out.stderr.contains("+++ run 2"),
        "{}",
        show(&out)
    );
    assert_eq!(read(&case, "tests/two.out"), "old\n");
    assert_eq!(read(&case, "tests/hidden/three.out"), "hello three\n");
}

/// Output whose line order varies is deterministic enough for an `unordered` test: bless runs
/// the reference five times, compares the runs with the test's comparator, writes the first,
/// and a later bless in another order leaves the file alone.
#[test]
fn bless_accepts_an_unordered_reference_in_any_order() {
    let toml = r#"
id = "demo"
title = "Demo"
category = "scripting"
difficulty = "easy"
entry = "solve"
hints = ["h"]

[[test]]
name = "hosts"
sample = true
stdout = { file = "tests/hosts.out", compare = "unordered" }
"#;
    let shuffled =
        "if (( RANDOM % 2 )); then printf 'a\\nb\\nc\\n'; else printf 'c\\na\\nb\\n'; fi\n";
    let case = Case::new(toml)
        .file("solution/solve.sh", shuffled)
        .file("tests/hosts.out", "");
    let out = livejudge(&["bless"], case.dir());
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(
        out.stdout
            .contains("1 file(s) updated, 0 already up to date (1 test(s) run 5 times)"),
        "{}",
        show(&out)
    );
    let mut lines: Vec<String> = read(&case, "tests/hosts.out")
        .lines()
        .map(String::from)
        .collect();
    lines.sort();
    assert_eq!(lines, ["a", "b", "c"]);
    for _ in 0..3 {
        let out = livejudge(&["bless"], case.dir());
        assert_eq!(out.status, 0, "{}", show(&out));
        assert!(
            out.stdout
                .contains("0 file(s) updated, 1 already up to date"),
            "{}",
            show(&out)
        );
    }
}

#[test]
fn new_scaffolds_challenges_that_lint_and_verify() {
    let root = tempfile::tempdir().unwrap();
    for (id, category) in [
        ("count-errors", "scripting"),
        ("fix-the-count", "debugging"),
    ] {
        let out = run({
            let mut c = Command::new(BIN);
            c.env("LIVEJUDGE_HOME", support::scratch_home());
            c.args(["new", id, "--category", category, "--into"])
                .arg(root.path());
            c
        });
        assert_eq!(out.status, 0, "{}", show(&out));
        let dir = root.path().join(id);
        for file in ["challenge.toml", "README.md"] {
            assert!(dir.join(file).is_file(), "{file}");
        }
        let lint = livejudge(&["lint"], &dir);
        assert_eq!(lint.status, 0, "{}", show(&lint));
        assert!(
            lint.stdout.contains("0 error(s), 0 warning(s)"),
            "{}",
            show(&lint)
        );
    }
    let out = verify(root.path());
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(
        out.stdout.contains("2 challenge(s): 2 verified"),
        "{}",
        show(&out)
    );
    assert!(
        row(&out, "starter/fix_the_count.sh")
            .trim_start()
            .starts_with("ok")
    );
    assert!(
        row(&out, "starter/count_errors.sh")
            .trim_start()
            .starts_with("ok")
    );
}

#[test]
fn new_refuses_to_overwrite_and_bad_ids() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("taken");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine\n").unwrap();
    let new = |id: &str| {
        let mut c = Command::new(BIN);
        c.env("LIVEJUDGE_HOME", support::scratch_home());
        c.args(["new", id, "--into"]).arg(root.path());
        run(c)
    };
    let out = new("taken");
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(out.stderr.contains("already exists"), "{}", show(&out));
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "mine\n"
    );
    assert!(!dir.join("challenge.toml").exists());
    for bad in ["Upper", "dot.name", "has_underscore", &"a".repeat(65)] {
        let out = new(bad);
        assert_eq!(out.status, 2, "{bad}: {}", show(&out));
        assert!(
            out.stderr.contains("invalid challenge id"),
            "{}",
            show(&out)
        );
    }
}

#[test]
fn new_suggests_a_category_and_refuses_a_file_as_into() {
    let root = tempfile::tempdir().unwrap();
    let new = |args: &[&str]| {
        let mut c = Command::new(BIN);
        c.env("LIVEJUDGE_HOME", support::scratch_home());
        c.arg("new").args(args).current_dir(root.path());
        run(c)
    };
    let out = new(&["x", "--category", "debuging"]);
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(
        out.stderr.contains("did you mean `debugging`?"),
        "{}",
        show(&out)
    );
    assert!(!root.path().join("x").exists());
    std::fs::write(root.path().join("plain"), "mine\n").unwrap();
    let out = new(&["x", "--into", "plain"]);
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(
        out.stderr.contains("--into plain: not a folder"),
        "{}",
        show(&out)
    );
    assert_eq!(
        std::fs::read_to_string(root.path().join("plain")).unwrap(),
        "mine\n"
    );
}

#[test]
fn lint_names_case_files_from_the_folder_as_given() {
    // challenge.toml and the case files are both named from the path on the command line.
    let case = Case::new(GREET)
        .file("solution/solve.sh", GOOD)
        .file("tests/hidden/orphan.in", "x\n");
    let mut c = Command::new(BIN);
    c.env("LIVEJUDGE_HOME", support::scratch_home())
        .args(["lint", ".", "--color", "never"])
        .current_dir(case.dir());
    let out = run(c);
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(
        out.stderr.contains(
            "error: ./tests/hidden/orphan.in: case `orphan` in `tests/hidden` has no `orphan.out`"
        ),
        "{}",
        show(&out)
    );
}

#[test]
fn checkers_work_in_a_private_challenge_folder() {
    // `mktemp -d` and many home folders are 0700: the sandbox user cannot read them, so the
    // checker (and the helper module next to it) must run from a copy.
    use std::os::unix::fs::PermissionsExt;
    let toml = GREET.replace(
        "stdout = \"hello bob\\n\"",
        "stdout = \"hello bob\\n\"\ncheck = \"checks/greeting.py\"",
    );
    let case = Case::new(&toml)
        .file("solution/solve.sh", GOOD)
        .file("starter/solve.sh", "echo nope\n")
        .file(
            "checks/greeting.py",
            "import helper\nhelper.check()\n",
        )
        .file(
            "checks/helper.py",
            "import os, sys\ndef check():\n    out = open(os.environ['LIVEJUDGE_STDOUT']).read()\n    sys.exit(0 if out.startswith('hello') else 1)\n",
        );
    std::fs::set_permissions(case.root(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let out = verify(case.dir());
    std::fs::set_permissions(case.root(), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status, 0, "{}", show(&out));
}
