//! `livejudge lint`: check challenge definitions without running anything. The loader reports
//! every definition error; [`crate::layout`] adds the checks that need the harness or the folder
//! layout (reference solutions, starters, languages, checkers, submissions). Never runs a program.

use crate::cli::LintArgs;
use crate::exit::{Exit, Failure};
use crate::layout::lint;
use crate::settings::Settings;

pub fn run(settings: &Settings, args: &LintArgs) -> Result<Exit, Failure> {
    let harness = settings.harness()?;
    let dirs = settings.challenge_dirs(&args.paths)?;
    let mut errors = 0;
    let mut warnings = 0;
    for dir in &dirs {
        let (_, diagnostics) = lint(dir, harness);
        for d in &diagnostics {
            eprintln!("{d}");
        }
        errors += diagnostics.iter().filter(|d| d.is_error()).count();
        warnings += diagnostics.iter().filter(|d| !d.is_error()).count();
    }
    if !settings.quiet || errors > 0 {
        println!(
            "lint: {} challenge(s) checked: {errors} error(s), {warnings} warning(s)",
            dirs.len()
        );
    }
    Ok(if errors > 0 {
        Exit::Usage
    } else {
        Exit::Success
    })
}

#[cfg(test)]
mod tests {
    //! Snapshots of what `lint` says about broken definitions (temp paths normalised).

    use std::path::Path;

    use super::*;
    use crate::harness::Harness;

    /// A fixed harness, so the snapshots do not change when the built-in one gains languages.
    fn harness() -> Harness {
        let table = "[bash]\nextensions = [\"sh\", \"bash\"]\nshebang = [\"bash\"]\nrun = [\"bash\", \"{file}\"]\n\n[python]\nextensions = [\"py\"]\nshebang = [\"python3\"]\nrun = [\"python3\", \"{file}\"]\n";
        Harness::parse(table, Path::new("test-harness.toml")).expect("test harness")
    }

    const VALID: &str = r#"id = "demo"
title = "Demo"
category = "scripting"
difficulty = "easy"
entry = "solve"
hints = ["look closer"]

[[test]]
name = "one"
sample = true
stdout = "x\n"

[[test]]
name = "two"
stdout = "y\n"
"#;

    /// Lints a challenge `demo` made of `toml` plus `files` (a reference solution is added
    /// unless `files` names one), and renders every diagnostic.
    fn lint_case(toml: &str, files: &[(&str, &str)]) -> String {
        lint_built(toml, files, true)
    }

    fn lint_built(toml: &str, files: &[(&str, &str)], add_solution: bool) -> String {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path().join("demo");
        std::fs::create_dir(&dir).expect("challenge folder");
        std::fs::write(dir.join("challenge.toml"), toml).expect("challenge.toml");
        std::fs::write(dir.join("README.md"), "# Demo\n").expect("README.md");
        let mut files = files.to_vec();
        if add_solution && !files.iter().any(|(p, _)| p.starts_with("solution/")) {
            files.push(("solution/solve.sh", "echo x\n"));
        }
        for (relative, content) in files {
            let path = dir.join(relative);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
            std::fs::write(path, content).expect("file");
        }
        let (_, diagnostics) = lint(&dir, &harness());
        let shown: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        let canonical = std::fs::canonicalize(root.path()).expect("canonical");
        shown
            .join("\n")
            .replace(&canonical.display().to_string(), "[TMP]")
            .replace(&root.path().display().to_string(), "[TMP]")
    }

    fn with(extra_top: &str, extra_end: &str) -> String {
        let (head, tests) = VALID.split_once("\n[[test]]").expect("tests");
        format!("{head}{extra_top}\n[[test]]{tests}{extra_end}")
    }

    #[test]
    fn valid_challenge_is_clean() {
        assert_eq!(lint_case(VALID, &[]), "");
    }

    #[test]
    fn toml_syntax_error() {
        insta::assert_snapshot!(lint_case("id = \"demo\"\ntitle = \n", &[]));
    }

    #[test]
    fn toml_syntax_error_does_not_cascade() {
        // One missing `}`: one error, on the line that lacks it, and nothing after it.
        let toml = VALID.replace(
            "stdout = \"x\\n\"",
            "stdout = { text = \"x\\n\", compare = \"lines\"\nstdin = \"abc\"",
        ) + "files = [ { path = \"a\", text = \"b\" } ]\n";
        insta::assert_snapshot!(lint_case(&toml, &[]));
    }

    #[test]
    fn unknown_key_with_suggestion() {
        insta::assert_snapshot!(lint_case(&with("timeout = \"3s\"\n", ""), &[]));
    }

    #[test]
    fn misspelt_test_key() {
        insta::assert_snapshot!(lint_case(&with("", "stdot = \"z\"\n"), &[]));
    }

    #[test]
    fn missing_required_keys() {
        insta::assert_snapshot!(lint_case("id = \"demo\"\n", &[]));
    }

    #[test]
    fn invalid_id_and_folder_mismatch() {
        insta::assert_snapshot!(lint_case(&VALID.replace("\"demo\"", "\"Demo_1\""), &[]));
        insta::assert_snapshot!(
            "id_not_folder",
            lint_case(&VALID.replace("\"demo\"", "\"other\""), &[])
        );
    }

    #[test]
    fn bad_category_and_difficulty() {
        let toml = VALID
            .replace("\"scripting\"", "\"scripts\"")
            .replace("\"easy\"", "\"trivial\"");
        insta::assert_snapshot!(lint_case(&toml, &[]));
    }

    #[test]
    fn wrong_type() {
        insta::assert_snapshot!(lint_case(&with("minutes = \"ten\"\n", ""), &[]));
    }

    #[test]
    fn bad_limits() {
        let toml = with(
            "\n[limits]\ntime = \"5 seconds\"\nmemory = \"0MiB\"\nprocesses = 0\n",
            "",
        );
        insta::assert_snapshot!(lint_case(&toml, &[]));
    }

    #[test]
    fn duplicate_test_names() {
        insta::assert_snapshot!(lint_case(
            &with("", "\n[[test]]\nname = \"one\"\nstdout = \"z\"\n"),
            &[]
        ));
    }

    #[test]
    fn bad_test_name() {
        insta::assert_snapshot!(lint_case(&VALID.replace("\"two\"", "\"two words\""), &[]));
    }

    #[test]
    fn declared_and_discovered_clash() {
        insta::assert_snapshot!(lint_case(VALID, &[("tests/hidden/two.out", "y\n")]));
    }

    #[test]
    fn path_leaving_the_folder_and_absolute() {
        let toml = with(
            "",
            "stdin = { file = \"../secret.txt\" }\nfixtures = \"/etc\"\n",
        );
        insta::assert_snapshot!(lint_case(&toml, &[]));
    }

    #[test]
    fn missing_expected_file() {
        insta::assert_snapshot!(lint_case(
            &VALID.replace("stdout = \"y\\n\"", "stdout = { file = \"tests/two.out\" }"),
            &[]
        ));
    }

    #[test]
    fn bad_regex() {
        let toml = with(
            "",
            "stderr = { text = \"usage: (\", compare = \"regex\" }\n",
        );
        insta::assert_snapshot!(lint_case(&toml, &[]));
    }

    #[test]
    fn unknown_comparator() {
        let toml = VALID.replace(
            "stdout = \"y\\n\"",
            "stdout = { text = \"y\", compare = \"fuzzy\" }",
        );
        insta::assert_snapshot!(lint_case(&toml, &[]));
    }

    #[test]
    fn text_and_file_together() {
        let toml = VALID.replace(
            "stdout = \"y\\n\"",
            "stdout = { text = \"y\", file = \"tests/two.out\" }",
        );
        insta::assert_snapshot!(lint_case(&toml, &[("tests/two.out", "y\n")]));
    }

    #[test]
    fn bad_exit_value() {
        insta::assert_snapshot!(lint_case(&with("", "exit = \"sometimes\"\n"), &[]));
    }

    #[test]
    fn absent_file_with_text_and_bad_mode() {
        let toml = with(
            "",
            "files = [\n  { path = \"gone.txt\", absent = true, text = \"x\" },\n  { path = \"run.sh\", text = \"x\", mode = \"rwx\" },\n]\n",
        );
        insta::assert_snapshot!(lint_case(&toml, &[]));
    }

    #[test]
    fn languages_unknown_to_the_harness() {
        insta::assert_snapshot!(lint_case(
            &with("languages = [\"bash\", \"pyhton\", \"cobol\"]\n", ""),
            &[]
        ));
    }

    #[test]
    fn solution_in_a_language_not_allowed() {
        insta::assert_snapshot!(lint_case(
            &with("languages = [\"python\"]\n", ""),
            &[
                ("solution/solve.py", "print('x')\n"),
                ("solution/solve.sh", "echo x\n")
            ]
        ));
    }

    #[test]
    fn solution_folder_without_entry_file() {
        insta::assert_snapshot!(lint_case(VALID, &[("solution/main.sh", "echo x\n")]));
    }

    #[test]
    fn no_solution_folder() {
        insta::assert_snapshot!(lint_built(VALID, &[], false));
    }

    #[test]
    fn debugging_without_starter_or_state_checks() {
        insta::assert_snapshot!(lint_case(&VALID.replace("scripting", "debugging"), &[]));
    }

    #[test]
    fn a_script_starter_must_be_executable() {
        let shown = lint_case(VALID, &[("starter/solve.sh", "#!/bin/bash\necho x\n")]);
        assert!(
            shown.contains("a script starter that is not executable"),
            "{shown}"
        );
        assert!(shown.contains("chmod +x starter/solve.sh"), "{shown}");
    }

    #[test]
    fn checker_in_an_unknown_language() {
        insta::assert_snapshot!(lint_case(
            &with("", "check = \"checks/state.rb\"\n"),
            &[("checks/state.rb", "exit 0\n")]
        ));
    }

    #[test]
    fn a_generator_run_as_the_command_needs_a_language() {
        let shown = lint_case(
            &with("", "generate = [\"gen/big.xyz\", \"--lines\", \"9\"]\n"),
            &[("gen/big.xyz", "puts 1\n")],
        );
        assert!(
            shown.contains("the harness has no language for the generator `gen/big.xyz`"),
            "{shown}"
        );
        // Run by a program named first, the script needs no language of the harness.
        let shown = lint_case(
            &with("", "generate = [\"sh\", \"gen/big.xyz\"]\n"),
            &[("gen/big.xyz", "puts 1\n")],
        );
        assert!(!shown.contains("generator"), "{shown}");
    }

    #[test]
    fn thin_challenge_warnings() {
        let toml = "id = \"demo\"\ntitle = \"Demo\"\ncategory = \"scripting\"\ndifficulty = \"easy\"\nentry = \"solve\"\nstatement = \"STATEMENT.md\"\n";
        insta::assert_snapshot!(lint_case(toml, &[]));
    }

    #[test]
    fn unchanged_that_is_not_a_fixture_file() {
        let toml = with(
            "",
            "fixtures = \"tests/two\"\nunchanged = [\"backups/MANIFEST\", \"../etc/passwd\"]\nfiles = [{ path = \"/tmp/out\", text = \"x\" }]\n",
        );
        insta::assert_snapshot!(lint_case(&toml, &[("tests/two/backups/MANIFES", "x\n")]));
    }

    #[test]
    fn no_tests_is_an_error() {
        // An empty `test = []` is where the error points; case files that are broken are
        // reported themselves, without a "no tests" on top.
        let head = VALID.split("\n[[test]]").next().expect("head");
        insta::assert_snapshot!(lint_case(&format!("{head}\ntest = []\n"), &[]));
        insta::assert_snapshot!(
            "no_tests_but_a_broken_case_file",
            lint_case(head, &[("tests/hidden/one.in", "x\n")])
        );
    }

    #[test]
    fn submission_in_an_unknown_language() {
        insta::assert_snapshot!(lint_case(
            VALID,
            &[("submissions/wrong_answer/off-by-one.rb", "puts 1\n")]
        ));
    }

    #[test]
    fn many_errors_reported_together() {
        let toml = "id = \"demo\"\ntitle = \"\"\ncategory = \"scripting\"\ndifficulty = \"easy\"\nentry = \"a/b\"\ntimeout = 3\n\n[[test]]\nname = \"one\"\nexit = -1\npoints = -2\n";
        insta::assert_snapshot!(lint_case(toml, &[]));
    }
}
