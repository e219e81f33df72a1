//! End-to-end CI grading: `livejudge grade` over a folder of submissions (accepted, wrong, compile
//! error, unknown language, hostile output) in every format, `--partition` slices and `merge`.

mod support;

use std::path::Path;

use support::{Case, Output, run};

const CHALLENGE: &str = r#"
id = "demo"
title = "Demo"
category = "scripting"
difficulty = "easy"
entry = "solve"

[[test]]
name = "first"
sample = true
stdout = "hi\n"

[[test]]
name = "hidden"
sample = false
points = 2
stdout = "hi\n"
"#;

/// Prints a workflow command, ANSI colours, an OSC title sequence, the older `##[` command
/// form and a CR, on stdout and stderr; graded WA, so all of it is in the diff and the stderr
/// tail.
const HOSTILE: &str = r#"printf '::error::pwned\n\033[31mred\033[0m\n\033]0;title\007##[warning]old\r::notice::cr\n'
printf '::add-mask::secret\n\033[2J' >&2
"#;

/// A case whose root holds `demo/` and `subs/` with the given files.
fn case(files: &[(&str, &str)]) -> Case {
    let case = Case::new(CHALLENGE);
    for (path, content) in files {
        let path = case.root().join("subs").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    case
}

fn mixed() -> Case {
    case(&[
        ("ac.sh", "echo hi\n"),
        ("wa.sh", "echo ho\n"),
        ("hostile.sh", HOSTILE),
        ("unknown.xyz", "hi\n"),
        ("ce.c", "int main( {\n"),
        ("folder/solve.sh", "echo hi\n"),
    ])
}

fn grade(case: &Case, args: &[&str]) -> Output {
    let mut all = vec!["grade", "demo", "subs", "--color", "never"];
    all.extend_from_slice(args);
    run(case.livejudge(&all))
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}); exit {}\nstdout:\n{}\nstderr:\n{}",
            out.status, out.stdout, out.stderr
        )
    })
}

fn paths(doc: &serde_json::Value) -> Vec<String> {
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["submission"]["path"].as_str().unwrap().to_string())
        .collect()
}

fn verdict_of<'a>(doc: &'a serde_json::Value, path: &str) -> &'a serde_json::Value {
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["submission"]["path"] == path)
        .unwrap_or_else(|| panic!("no result for {path} in {doc}"))
}

/// Asserts `text` carries nothing a terminal or a GitHub runner would act on: no ESC or CR, no
/// line starting with `::` (other than the github format's own commands), no `##[`.
fn assert_neutral(what: &str, text: &str, own_commands: bool) {
    assert!(
        !text.contains('\x1b'),
        "{what}: an ESC got through:\n{text}"
    );
    assert!(
        !text.contains('\r') || what == "csv",
        "{what}: a CR:\n{text}"
    );
    assert!(!text.contains("##["), "{what}: `##[` got through:\n{text}");
    for line in text.lines() {
        let line = line.trim_start();
        if own_commands {
            assert!(
                line.starts_with("::error title=") || line.starts_with("::notice title="),
                "{what}: a line that is not one of ours: {line:?}"
            );
            let message = line.splitn(3, "::").nth(2).unwrap_or("");
            assert!(!message.contains('\n'), "{what}: {line:?}");
        } else {
            assert!(
                !line.starts_with("::"),
                "{what}: a workflow command: {line:?}"
            );
        }
    }
}

#[test]
fn every_format_of_a_mixed_folder() {
    let case = mixed();
    let summary = case.root().join("summary.md");
    let mut command = case.livejudge(&[
        "grade",
        "demo",
        "subs",
        "--format",
        "json",
        "--format",
        "junit=out.xml",
        "--format",
        "csv=out.csv",
        "--format",
        "github=gh.txt",
        "--format",
        "human=human.txt",
    ]);
    command.env("GITHUB_STEP_SUMMARY", &summary);
    let out = run(command);
    assert_eq!(out.status, 1, "{}", out.stderr);
    let read = |name: &str| std::fs::read_to_string(case.root().join(name)).unwrap();

    // JSON: the grade document, results in path order, each a livejudge.result.v1.
    let doc = json(&out);
    assert_eq!(doc["schema"], "livejudge.grade.v1");
    assert_eq!(doc["challenge"]["id"], "demo");
    assert!(doc["partition"].is_null());
    assert_eq!(
        paths(&doc),
        [
            "subs/ac.sh",
            "subs/ce.c",
            "subs/folder",
            "subs/hostile.sh",
            "subs/unknown.xyz",
            "subs/wa.sh"
        ]
    );
    for r in doc["results"].as_array().unwrap() {
        assert_eq!(r["schema"], "livejudge.result.v1");
        for field in [
            "challenge",
            "submission",
            "verdict",
            "score",
            "max_score",
            "sandbox",
        ] {
            assert!(!r[field].is_null(), "{field} in {r}");
        }
        assert_eq!(r["max_score"], 3);
        let names: Vec<&str> = r["tests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["first", "hidden"], "hidden tests are graded too");
    }
    assert_eq!(verdict_of(&doc, "subs/ac.sh")["verdict"], "AC");
    assert_eq!(verdict_of(&doc, "subs/ac.sh")["score"], 3);
    assert_eq!(verdict_of(&doc, "subs/folder")["verdict"], "AC");
    assert_eq!(verdict_of(&doc, "subs/wa.sh")["verdict"], "WA");
    assert_eq!(verdict_of(&doc, "subs/hostile.sh")["verdict"], "WA");
    let unknown = verdict_of(&doc, "subs/unknown.xyz");
    assert_eq!(unknown["verdict"], "CE");
    assert_eq!(unknown["submission"]["language"], "unknown");
    assert!(
        unknown["tests"][0]["message"]
            .as_str()
            .unwrap()
            .contains("cannot tell the language"),
        "{unknown}"
    );
    assert_eq!(unknown["submission"]["sha256"].as_str().unwrap().len(), 64);
    let ce = verdict_of(&doc, "subs/ce.c");
    assert_eq!(
        (&ce["verdict"], &ce["submission"]["language"]),
        (&"CE".into(), &"c".into())
    );
    assert!(
        ce["tests"][1]["message"]
            .as_str()
            .unwrap()
            .contains("error"),
        "{ce}"
    );

    // JUnit: valid XML, a suite per submission, a case per test.
    let xml = read("out.xml");
    let parsed = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let suites: Vec<_> = parsed
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(parsed.root_element().tag_name().name(), "testsuites");
    assert_eq!(suites.len(), 6);
    let suite = |name: &str| {
        *suites
            .iter()
            .find(|s| s.attribute("name") == Some(name))
            .unwrap_or_else(|| panic!("no suite {name}"))
    };
    let cases = |name: &str| -> Vec<roxmltree::Node> {
        suite(name)
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect()
    };
    assert_eq!(cases("subs/ac.sh").len(), 2);
    assert!(cases("subs/ac.sh").iter().all(|c| !c.has_children()));
    let wa = cases("subs/wa.sh")[0]
        .children()
        .find(|n| n.is_element())
        .unwrap();
    assert_eq!(
        (wa.tag_name().name(), wa.attribute("type")),
        ("failure", Some("WA"))
    );
    assert!(
        wa.text().unwrap_or("").contains("+ho"),
        "the diff is in the text"
    );
    let ce = cases("subs/unknown.xyz")[1]
        .children()
        .find(|n| n.is_element())
        .unwrap();
    assert_eq!(
        (ce.tag_name().name(), ce.attribute("type")),
        ("error", Some("CE"))
    );
    assert_eq!(suite("subs/wa.sh").attribute("failures"), Some("2"));
    assert_eq!(suite("subs/unknown.xyz").attribute("errors"), Some("2"));
    assert_eq!(suite("subs/ce.c").attribute("errors"), Some("2"));
    let hostile = cases("subs/hostile.sh")[0]
        .children()
        .find(|n| n.is_element())
        .unwrap();
    assert_eq!(hostile.attribute("type"), Some("WA"));
    let hostile_text = hostile.text().unwrap_or("");
    assert!(
        hostile_text.contains("\\::add-mask::secret"),
        "{hostile_text}"
    );
    assert!(
        hostile_text.contains("+␛[31mred␛[0m\n+␛]0;title␇#\\#[warning]old␍"),
        "{hostile_text}"
    );

    // CSV: a header and a row per submission, each with as many columns.
    let csv = read("out.csv");
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "submission",
            "verdict",
            "score",
            "max_score",
            "first",
            "hidden"
        ]
    );
    assert_eq!(rows.len(), 7);
    assert!(rows.iter().all(|r| r.len() == 6), "{csv}");
    assert_eq!(rows[1], ["subs/ac.sh", "AC", "3", "3", "AC", "AC"]);
    assert_eq!(rows[2], ["subs/ce.c", "CE", "0", "3", "CE", "CE"]);
    assert_eq!(rows[6], ["subs/wa.sh", "WA", "0", "3", "WA", "WA"]);
    assert!(csv.ends_with("\r\n"), "RFC 4180 line ends");

    // GitHub: our commands only: the tally first, one annotation per rejected submission (its
    // worst verdict, failing tests and points), the Classroom points last; a Markdown summary.
    let gh = read("gh.txt");
    assert_neutral("github", &gh, true);
    let lines: Vec<&str> = gh.lines().collect();
    assert!(
        lines[0].starts_with("::notice title=livejudge grade demo::6 submissions"),
        "{gh}"
    );
    assert!(lines[0].contains("2 accepted, 4 rejected"), "{gh}");
    let wa: Vec<&&str> = lines.iter().filter(|l| l.contains("subs/wa.sh")).collect();
    assert_eq!(wa.len(), 1, "one annotation per submission: {gh}");
    assert!(
        wa[0].starts_with("::error title=subs/wa.sh%3A wrong answer (WA)%2C 0/3 points::2 of 2 tests failed: first (WA), hidden (WA)%0Afirst failure: test first (stdout): line 1"),
        "{gh}"
    );
    assert_eq!(
        gh.lines()
            .filter(|l| l.contains("subs/unknown.xyz"))
            .count(),
        1,
        "one annotation for a compile error"
    );
    assert_eq!(lines.iter().filter(|l| l.starts_with("::error")).count(), 4);
    assert_eq!(
        &lines[lines.len() - 2..],
        [
            "::notice title=Autograding complete::Points 6/18",
            "::notice title=Autograding report::{\"totalPoints\":6,\"maxPoints\":18}"
        ]
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("| subs/wa.sh | bash | ❌ WA | 0/3 |"), "{md}");

    // Nothing the hostile submission printed reaches any report raw.
    assert_neutral("json", &out.stdout, false);
    assert_neutral("junit", &xml, false);
    assert_neutral("csv", &csv, false);
    assert_neutral("human", &read("human.txt"), false);
    assert_neutral("summary", &md, false);
    let stderr_tail = verdict_of(&doc, "subs/hostile.sh")["tests"][0]["stderr_tail"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        stderr_tail.contains("\\::add-mask::secret"),
        "{stderr_tail}"
    );
    assert!(stderr_tail.contains("␛[2J"), "{stderr_tail}");
}

#[test]
fn stdout_carries_only_the_machine_document() {
    let case = case(&[("ac.sh", "echo hi\n"), ("wa.sh", "echo ho\n")]);
    let out = grade(&case, &["--format", "junit"]);
    assert_eq!(out.status, 1);
    roxmltree::Document::parse(&out.stdout).unwrap_or_else(|e| panic!("{e}\n{}", out.stdout));
    let out = grade(&case, &["--format", "csv", "-j", "1"]);
    assert_eq!(out.stdout.lines().count(), 3, "{}", out.stdout);
    let out = grade(&case, &["--format", "json", "--output", "g.json"]);
    assert_eq!(out.stdout, "", "--output takes the document");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(case.root().join("g.json")).unwrap())
            .unwrap();
    assert_eq!(doc["results"].as_array().unwrap().len(), 2);
}

#[test]
fn every_submission_accepted_exits_zero() {
    let case = case(&[("a.sh", "echo hi\n"), ("b/solve.sh", "echo hi\n")]);
    let out = grade(&case, &[]);
    assert_eq!(out.status, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("2 submissions: 2 AC"), "{}", out.stdout);
}

#[test]
fn what_a_submission_argument_names() {
    let case = case(&[("one/solve.sh", "echo hi\n"), ("one/helper.sh", "")]);
    // A folder holding the entry file is one submission.
    let out = run(case.livejudge(&["grade", "demo", "subs/one", "--format", "json"]));
    assert_eq!(paths(&json(&out)), ["subs/one"]);
    // Files and folders side by side, the same one twice, `./` spelled: each graded once.
    std::fs::write(case.root().join("subs/two.sh"), "echo hi\n").unwrap();
    let out = run(case.livejudge(&["grade", "demo", "./subs", "subs/two.sh", "--format", "json"]));
    assert_eq!(paths(&json(&out)), ["subs/one", "subs/two.sh"]);
    // Several entry files in one folder (a challenge's `solution/`): one submission each.
    std::fs::write(case.root().join("subs/one/solve.py"), "print('hi')\n").unwrap();
    let out = run(case.livejudge(&["grade", "demo", "subs/one", "--format", "json"]));
    assert_eq!(
        paths(&json(&out)),
        [
            "subs/one/helper.sh",
            "subs/one/solve.py",
            "subs/one/solve.sh"
        ]
    );
    std::fs::remove_file(case.root().join("subs/one/solve.py")).unwrap();
    // Nothing there, or an empty folder: a usage error, nothing run.
    let out = run(case.livejudge(&["grade", "demo", "missing"]));
    assert_eq!(out.status, 2);
    assert!(out.stderr.contains("missing"), "{}", out.stderr);
    std::fs::create_dir(case.root().join("empty")).unwrap();
    let out = run(case.livejudge(&["grade", "demo", "empty"]));
    assert_eq!(out.status, 2);
    assert!(out.stderr.contains("is empty"), "{}", out.stderr);
}

#[test]
fn partitions_cover_everything_once_and_merge_to_the_whole() {
    let case = mixed();
    let whole = json(&grade(&case, &["--format", "json", "--no-timings"]));
    let n = 3;
    let mut files = Vec::new();
    let mut seen = Vec::new();
    for k in 1..=n {
        let part = format!("{k}/{n}");
        let file = format!("part{k}.json");
        let out = grade(
            &case,
            &[
                "--partition",
                &part,
                "--format",
                &format!("json={file}"),
                "--no-timings",
            ],
        );
        assert!(
            out.stderr.contains(&format!("partition {part}")),
            "{}",
            out.stderr
        );
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(case.root().join(&file)).unwrap())
                .unwrap();
        assert_eq!(doc["partition"], part.as_str());
        seen.extend(paths(&doc));
        files.push(file);
    }
    seen.sort();
    assert_eq!(seen, paths(&whole), "every submission in exactly one slice");

    let mut args = vec!["merge"];
    args.extend(files.iter().rev().map(String::as_str));
    let merged = run(case.livejudge(&args));
    assert_eq!(merged.status, 1, "{}", merged.stderr);
    assert_eq!(json(&merged), whole);
    // Merge renders the other formats too.
    args.extend(["--format", "csv"]);
    let csv = run(case.livejudge(&args));
    assert_eq!(csv.stdout.lines().count(), 7, "{}", csv.stdout);
    // A slice missing is refused, naming it, unless --allow-partial.
    let partial = run(case.livejudge(&["merge", "part1.json", "part3.json"]));
    assert_eq!(partial.status, 2, "{}", partial.stderr);
    assert!(
        partial
            .stderr
            .contains("partition 2/3 of the grade run is missing"),
        "{}",
        partial.stderr
    );
    assert_eq!(partial.stdout, "");
    let partial = run(case.livejudge(&["merge", "part1.json", "part3.json", "--allow-partial"]));
    assert_eq!(partial.status, 1, "{}", partial.stderr);
    assert!(
        partial
            .stderr
            .contains("partition 2/3 of the grade run is missing"),
        "{}",
        partial.stderr
    );
    // The same partition twice (a copy) is refused as such.
    std::fs::copy(
        case.root().join("part1.json"),
        case.root().join("again.json"),
    )
    .unwrap();
    let twice = run(case.livejudge(&["merge", "part1.json", "again.json", "part2.json"]));
    assert_eq!(twice.status, 2, "{}", twice.stderr);
    assert!(
        twice
            .stderr
            .contains("partition 1/3 is given twice (also part1.json)"),
        "{}",
        twice.stderr
    );
}

#[test]
fn invalid_partitions_are_usage_errors() {
    let case = mixed();
    for bad in ["0/3", "4/3", "1/0", "x", "1-3"] {
        let out = grade(&case, &["--partition", bad]);
        assert_eq!(out.status, 2, "{bad}: {}", out.stderr);
        assert!(out.stderr.contains(bad), "{bad}: {}", out.stderr);
    }
}

fn write(root: &Path, name: &str, text: &str) {
    std::fs::write(root.join(name), text).unwrap();
}

#[test]
fn merge_refuses_what_it_cannot_merge() {
    let case = case(&[("ac.sh", "echo hi\n")]);
    let root = case.root();
    assert_eq!(
        grade(&case, &["--format", "json=a.json"]).status,
        0,
        "the grade itself"
    );
    let text = std::fs::read_to_string(root.join("a.json")).unwrap();
    write(root, "other.json", &text.replace("\"demo\"", "\"other\""));
    write(
        root,
        "broken.json",
        "{\n  \"schema\": \"livejudge.grade.v1\",\n  oops\n}\n",
    );
    write(
        root,
        "wrong.json",
        &text.replace("livejudge.grade.v1", "livejudge.grade.v9"),
    );
    write(
        root,
        "result.json",
        &text.replace("livejudge.grade.v1", "livejudge.result.v1"),
    );
    write(root, "copy.json", &text);
    let cases: [(&[&str], &str); 7] = [
        (&["a.json", "other.json"], "other.json: challenge `other`"),
        (&["a.json", "a.json"], "a.json is given twice"),
        (
            &["a.json", "./a.json"],
            "./a.json is given twice (also as a.json)",
        ),
        (&["a.json", "copy.json"], "graded twice (also in a.json)"),
        (&["broken.json"], "broken.json:3:3: not JSON"),
        (
            &["wrong.json"],
            "wrong.json: the schema is `livejudge.grade.v9`",
        ),
        (&["result.json"], "merge takes grade documents"),
    ];
    for (files, expected) in cases {
        let mut args = vec!["merge"];
        args.extend_from_slice(files);
        let out = run(case.livejudge(&args));
        assert_eq!(out.status, 2, "{files:?}: {}", out.stderr);
        assert!(out.stderr.contains(expected), "{files:?}: {}", out.stderr);
        assert_eq!(out.stdout, "", "{files:?}");
    }
}

/// Times and the sandbox level (which depends on the machine) replaced by placeholders.
fn redact(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut line = line.to_string();
        for key in ["time=\""] {
            while let Some(start) = line
                .find(key)
                .filter(|s| !line[*s..].starts_with("time=\"["))
            {
                let value = start + key.len();
                let end = line[value..].find('"').map_or(line.len(), |e| value + e);
                line.replace_range(value..end, "[time]");
            }
        }
        if line.contains("name=\"sandbox\"") {
            line = "      <property name=\"sandbox\" value=\"[level]\"/>".into();
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// No compile error: its message depends on the compiler's version (and the unknown-language
/// message on the harness's languages).
fn snapshot_case() -> Case {
    case(&[
        ("ac.sh", "echo hi\n"),
        ("wa.sh", "echo ho\n"),
        ("hostile.sh", HOSTILE),
    ])
}

#[test]
fn human_report_snapshot() {
    let case = snapshot_case();
    let out = grade(&case, &[]);
    assert_eq!(out.status, 1);
    insta::assert_snapshot!("grade_human", out.stdout);
}

#[test]
fn junit_report_snapshot() {
    let case = snapshot_case();
    let out = grade(&case, &["--format", "junit"]);
    insta::assert_snapshot!("grade_junit", redact(&out.stdout));
}

/// The shell of the steps of `job` in a GitHub workflow, with `${{ matrix.k }}` and
/// `${{ env.NAME }}` filled in.
fn github_steps(workflow: &serde_norway::Value, job: &str, k: usize) -> Vec<String> {
    let env = &workflow["env"];
    workflow["jobs"][job]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|step| step["run"].as_str())
        .map(|script| {
            let partitions = env["PARTITIONS"].as_u64().unwrap_or(0).to_string();
            let mut script = script
                .replace("${{ matrix.k }}", &k.to_string())
                .replace("${{ strategy.job-total }}", &partitions);
            while let Some(start) = script.find("${{ env.") {
                let end = script[start..].find("}}").unwrap() + start + 2;
                let name = script[start + 8..end - 2].trim();
                let value = match &env[name] {
                    serde_norway::Value::String(s) => s.clone(),
                    other => serde_norway::to_string(other).unwrap().trim().to_string(),
                };
                script.replace_range(start..end, &value);
            }
            script
        })
        .collect()
}

/// Runs `script` with bash in the case's root, where `bin/livejudge` is the binary under test,
/// with the case's environment plus `env`.
fn run_step(case: &Case, script: &str, env: &[(&str, String)]) -> Output {
    let mut shell = std::process::Command::new("bash");
    shell.args(["-e", "-c", script]).current_dir(case.root());
    for (key, value) in case.livejudge(&[]).get_envs() {
        match value {
            Some(value) => shell.env(key, value),
            None => shell.env_remove(key),
        };
    }
    for (key, value) in env {
        shell.env(key, value);
    }
    run(shell)
}

fn with_binary(case: &Case) {
    let bin = case.root().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(support::bin(), bin.join("livejudge")).unwrap();
}

#[test]
fn github_actions_template_grades_and_merges() {
    let text = std::fs::read_to_string("harness/ci/github-actions.yml").unwrap();
    let workflow: serde_norway::Value = serde_norway::from_str(&text).unwrap();
    let partitions = workflow["env"]["PARTITIONS"].as_u64().unwrap() as usize;
    assert_eq!(
        workflow["jobs"]["grade"]["strategy"]["matrix"]["k"],
        "${{ fromJSON(needs.build.outputs.partitions) }}",
        "the matrix is made from PARTITIONS"
    );
    // The build job's plan step makes the matrix [1, …, PARTITIONS].
    let plan = github_steps(&workflow, "build", 0)
        .into_iter()
        .find(|s| s.contains("GITHUB_OUTPUT"))
        .expect("a step writing the partitions");
    let scratch = tempfile::tempdir().unwrap();
    let output = scratch.path().join("output");
    let out = run({
        let mut c = std::process::Command::new("bash");
        c.args(["-e", "-c", &plan])
            .env("PARTITIONS", partitions.to_string())
            .env("GITHUB_OUTPUT", &output);
        c
    });
    assert_eq!(out.status, 0, "{}", out.stderr);
    let expected: Vec<String> = (1..=partitions).map(|k| k.to_string()).collect();
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        format!("partitions=[{}]\n", expected.join(","))
    );
    let case = mixed();
    with_binary(&case);
    let summary = case.root().join("summary.md");
    let env = [
        ("CHALLENGE", "demo".to_string()),
        ("SUBMISSIONS", "subs".to_string()),
        ("PARTITIONS", partitions.to_string()),
        ("FAIL_ON_REJECTED", "false".to_string()),
        ("GITHUB_STEP_SUMMARY", summary.display().to_string()),
    ];
    std::fs::create_dir(case.root().join("parts")).unwrap();
    for k in 1..=partitions {
        for script in github_steps(&workflow, "grade", k) {
            let out = run_step(&case, &script, &env);
            assert_eq!(out.status, 0, "{script}\n{}{}", out.stdout, out.stderr);
        }
        std::fs::rename(
            case.root().join(format!("grade-{k}.json")),
            case.root().join(format!("parts/grade-{k}.json")),
        )
        .unwrap();
    }
    for script in github_steps(&workflow, "merge", 0) {
        let out = run_step(&case, &script, &env);
        assert_eq!(out.status, 0, "{script}\n{}{}", out.stdout, out.stderr);
    }
    let merged: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(case.root().join("grade.json")).unwrap())
            .unwrap();
    assert_eq!(paths(&merged).len(), 6);
    for file in ["junit.xml", "grade.csv", "gradebook.csv"] {
        assert!(case.root().join(file).is_file(), "{file}");
    }
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("6 submissions"), "{md}");
}

#[test]
fn gitlab_template_grades_and_merges() {
    let text = std::fs::read_to_string("harness/ci/gitlab-ci.yml").unwrap();
    let pipeline: serde_norway::Value = serde_norway::from_str(&text).unwrap();
    let parallel = pipeline["grade"]["parallel"].as_u64().unwrap() as usize;
    let script = |job: &str| -> String {
        pipeline[job]["script"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|line| line.as_str().unwrap().trim().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let case = mixed();
    with_binary(&case);
    let base = [
        ("CHALLENGE", "demo".to_string()),
        ("SUBMISSIONS", "subs".to_string()),
        ("FAIL_ON_REJECTED", "false".to_string()),
    ];
    for k in 1..=parallel {
        let mut env = base.to_vec();
        env.push(("CI_NODE_INDEX", k.to_string()));
        env.push(("CI_NODE_TOTAL", parallel.to_string()));
        let out = run_step(&case, &script("grade"), &env);
        assert_eq!(out.status, 0, "{}{}", out.stdout, out.stderr);
    }
    let out = run_step(&case, &script("merge"), &base);
    assert_eq!(out.status, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("6 submissions"), "{}", out.stdout);
    let merged: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(case.root().join("grade.json")).unwrap())
            .unwrap();
    assert_eq!(paths(&merged).len(), 6);
    // Grading that fails (a challenge that is not there) fails the job.
    let mut env = base.to_vec();
    env[0].1 = "no-such-challenge".into();
    env.push(("CI_NODE_INDEX", "1".into()));
    env.push(("CI_NODE_TOTAL", "1".into()));
    assert_ne!(run_step(&case, &script("grade"), &env).status, 0);
}

#[test]
fn report_paths_that_are_links_fifos_folders_or_spelled_twice() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let case = case(&[("ac.sh", "echo hi\n")]);
    let root = case.root();
    // A link is written through: the link stays, its target gets the report and keeps its mode.
    write(root, "real.json", "old");
    std::fs::set_permissions(root.join("real.json"), PermissionsExt::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("real.json", root.join("link.json")).unwrap();
    // A FIFO (as `/dev/null` or `/dev/stdout` may be) is written in place, never replaced.
    let fifo = root.join("fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap());
    let out = grade(
        &case,
        &[
            "--format",
            "json=link.json",
            "--format",
            "csv=fifo",
            "--format",
            "junit=new.xml",
        ],
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(reader.join().unwrap().starts_with("submission,verdict"));
    assert!(root.join("fifo").metadata().unwrap().file_type().is_fifo());
    assert!(
        root.join("link.json")
            .symlink_metadata()
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let real = root.join("real.json");
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .contains("livejudge.grade.v1")
    );
    assert_eq!(real.metadata().unwrap().permissions().mode() & 0o777, 0o640);
    let new = root.join("new.xml").metadata().unwrap();
    assert_eq!(
        new.permissions().mode() & 0o777,
        0o644,
        "a new report is readable"
    );

    // `/dev/stdout` is the stream, not a file to replace.
    let out = grade(&case, &["--format", "csv=/dev/stdout"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("submission,verdict"),
        "{}",
        out.stdout
    );

    // A folder, or one file spelled two ways: usage errors before anything is judged.
    std::fs::create_dir(root.join("out")).unwrap();
    for args in [
        &["--format", "json=out"][..],
        &["--format", "json", "--output", "out"],
        &["--format", "json=a.json", "--format", "junit=./a.json"],
        &["--format", "json=a.json", "--format", "junit=out/../a.json"],
        &["--format", "json=nowhere/"],
    ] {
        let out = grade(&case, args);
        assert_eq!(out.status, 2, "{args:?}: {}", out.stderr);
        assert_eq!(out.stdout, "", "{args:?}");
        assert!(!root.join("a.json").exists(), "{args:?}");
    }
}

#[test]
fn hostile_file_names_and_hostile_documents_are_neutralised() {
    // A file name may hold ESC and newlines: its path stays on one line in every report.
    let evil_name = "e\x1b[31m\n::error::x.sh";
    let case = case(&[(evil_name, "echo ho\n"), ("ac.sh", "echo hi\n")]);
    let root = case.root();
    let out = grade(
        &case,
        &[
            "--format",
            "json=g.json",
            "--format",
            "human",
            "--format",
            "csv=g.csv",
            "--format",
            "github=gh.txt",
        ],
    );
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert_neutral("human", &out.stdout, false);
    assert_eq!(
        out.stdout
            .lines()
            .filter(|l| l.contains("::error::x.sh"))
            .count(),
        2,
        "the path is one line, in the submission's line and in the table:\n{}",
        out.stdout
    );
    let read = |name: &str| std::fs::read_to_string(root.join(name)).unwrap();
    assert_eq!(read("g.csv").lines().count(), 3, "{}", read("g.csv"));
    assert_neutral("github", &read("gh.txt"), true);
    let doc: serde_json::Value = serde_json::from_str(&read("g.json")).unwrap();
    assert_eq!(
        paths(&doc),
        ["subs/ac.sh", "subs/e␛[31m␊::error::x.sh"],
        "neutralised, in the byte order of what is shown"
    );

    // A document anyone could have written: every text field is neutralised by merge.
    let mut doc = doc;
    doc["challenge"]["title"] = "\x1b]0;title\x07Demo\n::error::title".into();
    doc["partition"] = "1/1\n::error::partition".into();
    let result = &mut doc["results"][0];
    result["submission"]["language"] = "bash\x1b[2J\n::error::lang".into();
    result["sandbox"]["level"] = "full\n::error::level".into();
    result["tests"][0]["name"] = "first\n::error::name".into();
    write(root, "evil.json", &doc.to_string());
    for format in ["human", "json", "junit", "csv", "github"] {
        let out = run(case.livejudge(&["merge", "evil.json", "--format", format]));
        assert_eq!(out.status, 1, "{format}: {}", out.stderr);
        if format == "junit" {
            roxmltree::Document::parse(&out.stdout).unwrap();
        }
        if format == "csv" {
            assert_eq!(out.stdout.lines().count(), 3, "{}", out.stdout);
        }
        assert_neutral(format, &out.stdout, format == "github");
        assert!(!out.stderr.contains('\x1b'), "{}", out.stderr);
    }
}

#[test]
fn a_kattis_submissions_folder_is_not_one_submission() {
    // `submissions/submissions.yaml` is not a source file named like its folder: the folder is a
    // folder of submissions. An empty last slice counts them without judging any.
    let package = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kattis/pairs");
    let case = case(&[]);
    let out = run(case.livejudge(&[
        "grade",
        package.to_str().unwrap(),
        package.join("submissions").to_str().unwrap(),
        "--partition",
        "99/99",
        "--format",
        "json",
    ]));
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("0 of 5 submission(s)"),
        "{}",
        out.stderr
    );
    assert_eq!(json(&out)["results"], serde_json::json!([]));
}

#[test]
fn a_dangling_link_in_a_folder_of_submissions_is_graded_not_dropped() {
    let case = case(&[("ok.sh", "echo hi\n")]);
    let subs = case.root().join("subs");
    std::os::unix::fs::symlink("nowhere.sh", subs.join("gone.sh")).unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(subs.join("pipe"))
            .status()
            .unwrap()
            .success()
    );
    let out = grade(&case, &["--format", "json"]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    let doc = json(&out);
    assert_eq!(paths(&doc), ["subs/gone.sh", "subs/ok.sh"]);
    let gone = verdict_of(&doc, "subs/gone.sh");
    assert_eq!(gone["verdict"], "CE");
    let message = gone["tests"][0]["message"].as_str().unwrap();
    assert!(message.contains("cannot read"), "{message}");
    assert!(
        out.stderr
            .contains("subs/pipe is neither a file nor a folder"),
        "{}",
        out.stderr
    );
    // `grade` has no --lang: its messages do not send anyone to it.
    write(&subs, "mystery", "hi\n");
    let out = grade(&case, &["--format", "json"]);
    let message = verdict_of(&json(&out), "subs/mystery")["tests"][0]["message"].to_string();
    assert!(!message.contains("--lang"), "{message}");
}

#[test]
fn the_step_summary_is_appended_once_and_an_unwritable_one_is_a_judge_error() {
    let case = case(&[("ac.sh", "echo hi\n")]);
    let root = case.root();
    let summary = root.join("summary.md");
    write(root, "summary.md", "earlier step\n");
    let mut command = case.livejudge(&[
        "grade",
        "demo",
        "subs",
        "--format",
        "github",
        "--format",
        "github=gh.txt",
    ]);
    command.env("GITHUB_STEP_SUMMARY", &summary);
    let out = run(command);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with("earlier step\n"), "appended:\n{text}");
    assert_eq!(text.matches("### livejudge grade").count(), 1, "{text}");
    // Unset: nothing but the annotations.
    let out = grade(&case, &["--format", "github"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("::notice title="), "{}", out.stdout);
    // Unwritable: the annotations still, and exit 4 naming it.
    let mut command = case.livejudge(&["grade", "demo", "subs", "--format", "github"]);
    command.env("GITHUB_STEP_SUMMARY", root.join("no/such/folder/s.md"));
    let out = run(command);
    assert_eq!(out.status, 4, "{}", out.stderr);
    assert!(out.stderr.contains("GITHUB_STEP_SUMMARY"), "{}", out.stderr);
    assert!(out.stdout.starts_with("::notice title="), "{}", out.stdout);
}

#[test]
fn quiet_leaves_out_accepted_lines_in_every_human_report() {
    let case = case(&[("ac.sh", "echo hi\n"), ("wa.sh", "echo ho\n")]);
    let out = grade(
        &case,
        &["-q", "--format", "json=g.json", "--format", "human"],
    );
    let streamed = out.stdout;
    let out = grade(&case, &["-q", "--format", "human=h.txt"]);
    assert_eq!(out.stdout, "");
    let file = std::fs::read_to_string(case.root().join("h.txt")).unwrap();
    let merged = run(case.livejudge(&["-q", "merge", "g.json", "--format", "human"])).stdout;
    for (what, text) in [("streamed", &streamed), ("file", &file), ("merge", &merged)] {
        assert!(!text.contains("AC       3/3"), "{what}:\n{text}");
        assert!(text.contains("WA       0/3  subs/wa.sh"), "{what}:\n{text}");
        assert!(
            text.contains("subs/ac.sh"),
            "{what}: the table has every one:\n{text}"
        );
    }
}

#[test]
fn a_missing_toolchain_is_a_judge_error_not_the_candidates() {
    let case = case(&[
        ("ok.sh", "echo hi\n"),
        ("a.interp", "x\n"),
        ("b.compiled", "x\n"),
    ]);
    write(
        case.root(),
        "harness.toml",
        r#"
[bash]
extensions = ["sh"]
shebang = ["bash"]
run = ["bash", "{file}"]
version = ["bash", "--version"]

[interp]
extensions = ["interp"]
shebang = []
run = ["no-such-interpreter-here", "{file}"]
version = ["no-such-interpreter-here", "--version"]

[compiled]
extensions = ["compiled"]
shebang = []
compile = ["no-such-compiler-here", "{file}"]
run = ["{exe}"]
version = ["no-such-compiler-here", "--version"]
"#,
    );
    let out = grade(&case, &["--harness", "harness.toml", "--format", "json"]);
    assert_eq!(out.status, 4, "{}", out.stderr);
    let doc = json(&out);
    assert_eq!(verdict_of(&doc, "subs/ok.sh")["verdict"], "AC");
    assert_eq!(verdict_of(&doc, "subs/a.interp")["verdict"], "JE");
    let compiled = verdict_of(&doc, "subs/b.compiled");
    assert_eq!(compiled["verdict"], "JE", "{compiled}");
    let message = compiled["tests"][0]["message"].as_str().unwrap();
    assert!(message.contains("no-such-compiler-here"), "{message}");
}

/// A challenge of three hidden tests with a short time limit, for slow submissions.
const QUICK: &str = r#"
id = "demo"
title = "Quick"
category = "scripting"
difficulty = "easy"
entry = "solve"

[limits]
time = "400ms"

[[test]]
name = "one"
sample = true
stdout = "hi\n"

[[test]]
name = "two"
stdout = "hi\n"

[[test]]
name = "three"
stdout = "hi\n"
"#;

/// A submission that loops until killed.
const LOOPS: &str = "while :; do :; done\n";

fn quick_case(files: &[(&str, &str)]) -> Case {
    let case = Case::new(QUICK);
    for (path, content) in files {
        let path = case.root().join("subs").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    case
}

fn grade_quick(case: &Case, args: &[&str]) -> Output {
    let mut all = vec!["grade", "demo", "subs", "--color", "never"];
    all.extend_from_slice(args);
    run(case.livejudge(&all))
}

#[test]
fn documents_are_reproducible_and_say_what_produced_them() {
    // Prints where it runs and its TMPDIR, and fails on a path there: no judge path may remain.
    let wheres = "pwd\necho \"$TMPDIR\" >&2\nls \"$PWD/nothing\" >&2\nexit 3\n";
    let case = case(&[
        ("ac.sh", "echo hi\n"),
        ("where.sh", wheres),
        ("hostile.sh", HOSTILE),
    ]);
    let args = ["--format", "json", "--no-timings"];
    let one = grade(&case, &args);
    let two = grade(&case, &args);
    assert_eq!(one.status, 1, "{}", one.stderr);
    assert_eq!(one.stdout, two.stdout, "byte-identical without timings");
    let doc = json(&one);
    let run_info = &doc["run"];
    assert_eq!(run_info["livejudge"], env!("CARGO_PKG_VERSION"));
    assert_eq!(run_info["harness_digest"].as_str().unwrap().len(), 64);
    assert!(run_info["started_at"].is_null() && run_info["machine"].is_null());
    assert_eq!(run_info["timings"], false);
    assert_eq!(doc["challenges"][0]["id"], "demo");
    assert_eq!(doc["challenges"][0]["digest"].as_str().unwrap().len(), 64);
    for r in doc["results"].as_array().unwrap() {
        for t in r["tests"].as_array().unwrap() {
            assert_eq!((&t["wall_ms"], &t["max_rss_kib"]), (&0.0.into(), &0.into()));
        }
    }
    // What the runs printed holds no path of the judge's (the challenge's path is an input).
    let tests = serde_json::to_string(&doc["results"]).unwrap();
    assert!(
        !tests.contains("livejudge-"),
        "a judge path leaked:\n{tests}"
    );
    let tmp = case.root().parent().unwrap().display().to_string();
    let printed: Vec<&serde_json::Value> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["tests"].as_array().unwrap())
        .collect();
    let printed = serde_json::to_string(&printed).unwrap();
    assert!(
        !printed.contains(&tmp),
        "a temporary path leaked:\n{printed}"
    );
    let tail = verdict_of(&doc, "subs/where.sh")["tests"][0]["stderr_tail"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(tail.contains("/box/.tmp"), "{tail}");

    // With timings: the start (RFC 3339 UTC) and the machine.
    let timed = json(&grade(&case, &["--format", "json"]));
    let started = timed["run"]["started_at"].as_str().unwrap();
    assert!(started.len() == 20 && started.ends_with('Z'), "{started}");
    assert!(timed["run"]["machine"]["cores"].as_u64().unwrap() >= 1);
    assert_eq!(timed["run"]["machine"]["os"], "linux");

    // A changed test changes the digest, and merge refuses to mix the two versions.
    let first = case.root().join("before.json");
    std::fs::write(&first, &one.stdout).unwrap();
    let definition = case.root().join("demo/challenge.toml");
    let text = std::fs::read_to_string(&definition).unwrap();
    std::fs::write(&definition, text.replace("points = 2", "points = 3")).unwrap();
    let after = grade(
        &case,
        &["--format", "json=after.json", "--partition", "1/1"],
    );
    assert_eq!(after.status, 1, "{}", after.stderr);
    let merged = run(case.livejudge(&["merge", "before.json", "after.json"]));
    assert_eq!(merged.status, 2, "{}", merged.stderr);
    assert!(
        merged
            .stderr
            .contains("graded against different versions of it"),
        "{}",
        merged.stderr
    );
}

#[test]
fn four_partitions_merge_to_the_full_run_byte_for_byte() {
    let case = quick_case(&[
        ("ac.sh", "echo hi\n"),
        ("wa.sh", "echo ho\n"),
        ("hostile.sh", HOSTILE),
        ("loops.sh", LOOPS),
        (
            "forks.sh",
            "for i in 1 2 3; do (sleep 0.01 &) ; done; echo hi\n",
        ),
        ("crash.sh", "kill -SEGV $$\n"),
        ("unknown.pas", "begin end.\n"),
    ]);
    let whole = grade_quick(&case, &["--format", "json", "--no-timings"]);
    let mut args = vec!["merge".to_string(), "--format".into(), "json".into()];
    for k in 1..=4 {
        let file = format!("p{k}.json");
        let out = grade_quick(
            &case,
            &[
                "--partition",
                &format!("{k}/4"),
                "--format",
                &format!("json={file}"),
                "--no-timings",
            ],
        );
        assert!(out.status <= 1, "{}", out.stderr);
        args.push(file);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let merged = run(case.livejudge(&args));
    assert_eq!(merged.status, 1, "{}", merged.stderr);
    assert_eq!(
        merged.stdout, whole.stdout,
        "merge = full run, byte for byte"
    );
    let doc = json(&whole);
    assert_eq!(verdict_of(&doc, "subs/loops.sh")["verdict"], "TLE");
    assert_eq!(verdict_of(&doc, "subs/crash.sh")["verdict"], "RTE");
}

#[test]
fn hidden_tests_stay_hidden_unless_revealed() {
    let case = case(&[("wa.sh", "echo ho; echo oops >&2\n")]);
    let hidden = json(&grade(&case, &["--format", "json"]));
    let tests = &verdict_of(&hidden, "subs/wa.sh")["tests"];
    assert!(
        tests[0]["diff"].as_str().unwrap().contains("+ho"),
        "a sample shows"
    );
    assert!(tests[1]["diff"].is_null() && tests[1]["stderr_tail"].is_null());
    assert!(
        tests[1]["message"].as_str().unwrap().contains("withheld"),
        "{tests}"
    );
    assert_eq!(tests[1]["verdict"], "WA");
    assert_eq!(tests[1]["detail"], "stdout");
    assert_eq!(hidden["run"]["reveal"], "none");
    // The sample's stderr tail only.
    let junit = grade(&case, &["--format", "junit"]).stdout;
    assert_eq!(junit.matches("oops").count(), 1, "{junit}");
    let revealed = grade(&case, &["--format", "junit", "--reveal", "hidden"]).stdout;
    assert_eq!(revealed.matches("oops").count(), 2, "{revealed}");
    let github = grade(&case, &["--format", "github"]).stdout;
    assert_eq!(
        github.matches("+ho").count(),
        1,
        "the sample's diff only: {github}"
    );

    let revealed = grade(&case, &["--format", "json=r.json", "--reveal", "hidden"]);
    assert_eq!(revealed.status, 1, "{}", revealed.stderr);
    let text = std::fs::read_to_string(case.root().join("r.json")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let tests = &verdict_of(&doc, "subs/wa.sh")["tests"];
    assert!(tests[1]["diff"].as_str().unwrap().contains("+ho"));
    assert!(tests[1]["stderr_tail"].as_str().unwrap().contains("oops"));
    // merge withholds again by default, and reveals what the documents hold when asked.
    let merged = json(&run(case.livejudge(&["merge", "r.json"])));
    assert!(verdict_of(&merged, "subs/wa.sh")["tests"][1]["diff"].is_null());
    let merged = json(&run(
        case.livejudge(&["merge", "r.json", "--reveal", "hidden"])
    ));
    assert!(!verdict_of(&merged, "subs/wa.sh")["tests"][1]["diff"].is_null());
}

#[test]
fn a_file_inside_a_submission_folder_and_an_unknown_entry_language() {
    let case = case(&[
        ("carol/solve.sh", "echo hi\n"),
        ("dave/solve.pas", "begin end.\n"),
    ]);
    let out = run(case.livejudge(&[
        "grade",
        "demo",
        "subs",
        "subs/carol",
        "subs/carol/solve.sh",
        "--format",
        "json",
    ]));
    let doc = json(&out);
    assert_eq!(paths(&doc), ["subs/carol", "subs/dave"], "{}", out.stderr);
    let message = verdict_of(&doc, "subs/dave")["tests"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("cannot tell the language"), "{message}");
    assert!(message.contains("solve.pas"), "{message}");
}

/// A class of three students on `demo` and `quick` (folders `class/<student>/<challenge>/`):
/// ann solves both, bob gets demo wrong and hands nothing in for quick, cy loops on quick.
fn class_case() -> Case {
    let case = Case::new(CHALLENGE);
    let quick = case.root().join("quick");
    std::fs::create_dir_all(&quick).unwrap();
    std::fs::write(
        quick.join("challenge.toml"),
        QUICK
            .replace("time = \"400ms\"", "time = \"300ms\"")
            .replace("id = \"demo\"", "id = \"quick\""),
    )
    .unwrap();
    for (path, text) in [
        ("ann/demo/solve.sh", "echo hi\n"),
        ("ann/quick/solve.sh", "echo hi\n"),
        ("bob/demo/solve.sh", "echo ho\n"),
        ("cy/demo/solve.sh", "echo hi\n"),
        ("cy/quick/solve.sh", LOOPS),
    ] {
        let path = case.root().join("class").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    case
}

#[test]
fn a_class_gradebook_across_challenges() {
    let case = class_case();
    let out = run(case.livejudge(&[
        "grade",
        "--class",
        "class",
        "demo",
        "quick",
        "--format",
        "json",
        "--format",
        "gradebook=book.csv",
        "--format",
        "gradebook-md=book.md",
        "--no-timings",
    ]));
    assert_eq!(out.status, 1, "{}", out.stderr);
    let doc = json(&out);
    assert_eq!(doc["challenge"]["id"], "class");
    let ids: Vec<&str> = doc["challenges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["demo", "quick"]);
    let keys: Vec<(String, String)> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["student"].as_str().unwrap().to_string(),
                r["challenge"]["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("ann", "demo"),
        ("ann", "quick"),
        ("bob", "demo"),
        ("bob", "quick"),
        ("cy", "demo"),
        ("cy", "quick"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(keys, expected, "keyed by student, then challenge");
    let missing = &doc["results"][3];
    assert_eq!(missing["missing"], true);
    assert_eq!(missing["score"], 0);
    assert_eq!(missing["max_score"], 3);
    let book = std::fs::read_to_string(case.root().join("book.csv")).unwrap();
    assert_eq!(
        book,
        "student,demo,quick,total,max,percentage\r\nann,3,3,6,6,100.0\r\nbob,0,0,0,6,0.0\r\ncy,3,0,3,6,50.0\r\n"
    );
    let md = std::fs::read_to_string(case.root().join("book.md")).unwrap();
    assert!(md.contains("| bob | 0 | — | 0/6 | 0.0 |"), "{md}");

    // Partitions of a class run merge to the whole run.
    let mut files = Vec::new();
    for k in 1..=2 {
        let file = format!("c{k}.json");
        let out = run(case.livejudge(&[
            "grade",
            "--class",
            "class",
            "demo",
            "quick",
            "--partition",
            &format!("{k}/2"),
            "--format",
            &format!("json={file}"),
            "--no-timings",
        ]));
        assert!(out.status <= 1, "{}", out.stderr);
        files.push(file);
    }
    let merged = run(case.livejudge(&["merge", &files[0], &files[1]]));
    assert_eq!(merged.stdout, out.stdout, "{}", merged.stderr);
    let book = run(case.livejudge(&["merge", &files[0], &files[1], "--format", "gradebook"]));
    assert!(book.stdout.contains("cy,3,0,3,6,50.0"), "{}", book.stdout);
}

#[test]
fn a_class_from_a_roster() {
    let case = class_case();
    let roster = "student,challenge,path\n# bob's quick is missing\nann,demo,class/ann/demo\nann,quick,class/ann/quick/solve.sh\nbob,demo,class/bob/demo\n";
    std::fs::write(case.root().join("roster.csv"), roster).unwrap();
    let out = run(case.livejudge(&["grade", "--roster", "roster.csv", "--format", "gradebook"]));
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "student,demo,quick,total,max,percentage\r\nann,3,3,6,6,100.0\r\nbob,0,0,0,6,0.0\r\n"
    );
    // Errors name the roster line; a missing path is a usage error before anything runs.
    std::fs::write(case.root().join("bad.csv"), "ann,demo\n").unwrap();
    let bad = run(case.livejudge(&["grade", "--roster", "bad.csv"]));
    assert_eq!(bad.status, 2);
    assert!(
        bad.stderr
            .contains("bad.csv:1: expected `student,challenge,path`"),
        "{}",
        bad.stderr
    );
    std::fs::write(case.root().join("gone.csv"), "ann,demo,class/nobody\n").unwrap();
    let gone = run(case.livejudge(&["grade", "--roster", "gone.csv"]));
    assert_eq!(gone.status, 2);
    assert!(gone.stderr.contains("class/nobody"), "{}", gone.stderr);
}

#[test]
fn budget_retry_and_balance_under_load() {
    let case = quick_case(&[
        ("loops.sh", LOOPS),
        ("ac.sh", "echo hi\n"),
        ("wa.sh", "echo ho\n"),
    ]);
    // The budget: the first test takes 400 ms, so the other two are not run.
    let out = grade_quick(
        &case,
        &[
            "-j",
            "1",
            "--submission-budget",
            "300ms",
            "--format",
            "json",
        ],
    );
    let doc = json(&out);
    let loops = verdict_of(&doc, "subs/loops.sh");
    let details: Vec<&str> = loops["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["detail"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(details, ["wall", "budget", "budget"], "{loops}");
    assert_eq!(loops["not_run"], serde_json::json!(["two", "three"]));
    assert!(
        loops["tests"][1]["message"]
            .as_str()
            .unwrap()
            .contains("--submission-budget"),
        "{loops}"
    );
    assert_eq!(
        verdict_of(&doc, "subs/ac.sh")["verdict"],
        "AC",
        "within budget"
    );
    assert_eq!(doc["run"]["submission_budget_ms"], 300);

    // A retry re-runs the TLE alone and records every verdict.
    let out = grade_quick(&case, &["--retry-tle", "1", "--format", "json=timed.json"]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(case.root().join("timed.json")).unwrap())
            .unwrap();
    let retries = &verdict_of(&doc, "subs/loops.sh")["retries"];
    assert_eq!(retries.as_array().unwrap().len(), 3, "{retries}");
    assert_eq!(retries[0]["verdicts"], serde_json::json!(["TLE", "TLE"]));
    assert!(verdict_of(&doc, "subs/ac.sh").get("retries").is_none());

    // Balanced by the times of that run: the slow submission has a slice of its own.
    let slices: Vec<Vec<String>> = (1..=2)
        .map(|k| {
            let out = grade_quick(
                &case,
                &[
                    "--partition",
                    &format!("{k}/2"),
                    "--balance",
                    "timed.json",
                    "--format",
                    "json",
                ],
            );
            paths(&json(&out))
        })
        .collect();
    assert_eq!(slices[0], ["subs/loops.sh"], "{slices:?}");
    assert_eq!(slices[1], ["subs/ac.sh", "subs/wa.sh"], "{slices:?}");
    let untimed = grade_quick(&case, &["--format", "json=untimed.json", "--no-timings"]);
    assert!(untimed.status <= 1);
    let refused = grade_quick(&case, &["--partition", "1/2", "--balance", "untimed.json"]);
    assert_eq!(refused.status, 2);
    assert!(
        refused.stderr.contains("--no-timings"),
        "{}",
        refused.stderr
    );
}

/// Every string of a YAML value, recursively.
fn yaml_strings(value: &serde_norway::Value, out: &mut Vec<String>) {
    match value {
        serde_norway::Value::String(s) => out.push(s.clone()),
        serde_norway::Value::Sequence(items) => items.iter().for_each(|v| yaml_strings(v, out)),
        serde_norway::Value::Mapping(map) => map.values().for_each(|v| yaml_strings(v, out)),
        serde_norway::Value::Tagged(tagged) => yaml_strings(&tagged.value, out),
        _ => {}
    }
}

/// The `livejudge COMMAND` invocations in a script, with the `--flags` each uses.
fn livejudge_invocations(script: &str) -> Vec<(String, Vec<String>)> {
    let joined = script.replace("\\\n", " ");
    let mut found = Vec::new();
    for line in joined.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        for (i, word) in words.iter().enumerate() {
            if !(word.ends_with("/livejudge") || *word == "livejudge") {
                continue;
            }
            let Some(command) = words.get(i + 1) else {
                continue;
            };
            if command.starts_with('-') || command.starts_with('(') {
                continue;
            }
            let flags = words[i + 2..]
                .iter()
                .take_while(|w| !["||", "&&", ";", "|"].contains(w))
                .filter(|w| w.starts_with("--"))
                .map(|w| w.split('=').next().unwrap().trim_matches('"').to_string())
                .collect();
            found.push((command.to_string(), flags));
        }
    }
    found
}

#[test]
fn every_template_parses_and_uses_flags_that_exist() {
    let templates = [
        "harness/ci/github-actions.yml",
        "harness/ci/gitlab-ci.yml",
        "harness/ci/kubernetes/grade-job.yaml",
        "harness/ci/kubernetes/merge-job.yaml",
    ];
    let mut checked = 0;
    for template in templates {
        let text = std::fs::read_to_string(template).unwrap();
        for document in serde_norway::Deserializer::from_str(&text) {
            let value = <serde_norway::Value as serde::Deserialize>::deserialize(document)
                .unwrap_or_else(|e| panic!("{template}: {e}"));
            let mut strings = Vec::new();
            yaml_strings(&value, &mut strings);
            for script in strings {
                for (command, flags) in livejudge_invocations(&script) {
                    let mut help = std::process::Command::new(support::bin());
                    help.args([command.as_str(), "--help"]);
                    let help = run(help);
                    assert_eq!(
                        help.status, 0,
                        "{template}: livejudge {command}: {}",
                        help.stderr
                    );
                    for flag in flags {
                        assert!(
                            help.stdout.contains(&format!("{flag} "))
                                || help.stdout.contains(&format!("{flag}\n"))
                                || help.stdout.contains(&format!("{flag}="))
                                || help.stdout.contains(&format!("{flag},")),
                            "{template}: livejudge {command} has no {flag}"
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} flags found in the templates");
}

#[test]
fn the_kubernetes_indexed_job_grades_each_index_and_merges() {
    let text = std::fs::read_to_string("harness/ci/kubernetes/grade-job.yaml").unwrap();
    let documents: Vec<serde_norway::Value> = serde_norway::Deserializer::from_str(&text)
        .map(|d| <serde_norway::Value as serde::Deserialize>::deserialize(d).unwrap())
        .collect();
    let job = documents
        .iter()
        .find(|d| d["kind"] == "Job")
        .expect("a Job");
    assert_eq!(job["spec"]["completionMode"], "Indexed");
    let completions = job["spec"]["completions"].as_u64().unwrap() as usize;
    let container = &job["spec"]["template"]["spec"]["containers"][0];
    let env_of = |container: &serde_norway::Value| -> Vec<(String, String)> {
        container["env"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["name"].as_str().unwrap().to_string(),
                    e["value"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let env = env_of(container);
    let value = |env: &[(String, String)], name: &str| {
        env.iter().find(|(n, _)| n == name).unwrap().1.clone()
    };
    assert_eq!(
        value(&env, "PARTITIONS"),
        completions.to_string(),
        "PARTITIONS = completions"
    );
    let script =
        |container: &serde_norway::Value| container["command"][2].as_str().unwrap().to_string();
    let case = mixed();
    with_binary(&case);
    let results = case.root().join("results");
    std::fs::create_dir(&results).unwrap();
    let path = format!(
        "{}:{}",
        case.root().join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let local = |env: &[(String, String)], extra: &[(&str, String)]| -> Vec<(String, String)> {
        let mut all: Vec<(String, String)> = env.to_vec();
        all.retain(|(n, _)| !["CHALLENGE", "SUBMISSIONS", "RESULTS"].contains(&n.as_str()));
        all.push(("CHALLENGE".into(), "demo".into()));
        all.push(("SUBMISSIONS".into(), "subs".into()));
        all.push(("RESULTS".into(), results.display().to_string()));
        all.push(("PATH".into(), path.clone()));
        all.extend(extra.iter().map(|(n, v)| (n.to_string(), v.clone())));
        all
    };
    for index in 0..completions {
        let env = local(&env, &[("JOB_COMPLETION_INDEX", index.to_string())]);
        let env: Vec<(&str, String)> = env.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
        let out = run_step(&case, &script(container), &env);
        assert_eq!(out.status, 0, "index {index}: {}{}", out.stdout, out.stderr);
        assert!(results.join(format!("grade-{}.json", index + 1)).is_file());
    }
    let text = std::fs::read_to_string("harness/ci/kubernetes/merge-job.yaml").unwrap();
    let merge: serde_norway::Value = serde_norway::from_str(&text).unwrap();
    let container = &merge["spec"]["template"]["spec"]["containers"][0];
    let env = local(&env_of(container), &[]);
    let env: Vec<(&str, String)> = env.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
    let out = run_step(&case, &script(container), &env);
    assert_eq!(out.status, 0, "{}{}", out.stdout, out.stderr);
    let merged: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(results.join("grade.json")).unwrap())
            .unwrap();
    assert_eq!(paths(&merged).len(), 6);
    for file in ["junit.xml", "grade.csv", "gradebook.csv"] {
        assert!(results.join(file).is_file(), "{file}");
    }
    // A partition that did not finish fails the merge Job.
    std::fs::remove_file(results.join("grade-2.json")).unwrap();
    let failed = run_step(&case, &script(container), &env);
    assert_ne!(failed.status, 0);
    assert!(failed.stdout.contains("exit code 2"), "{}", failed.stdout);
    assert!(failed.stderr.contains("grade-2.json"), "{}", failed.stderr);
}

/// `livejudge ARGS` with stdout and stderr on a pseudo-terminal (`script` from util-linux):
/// what a person at a terminal sees, as bytes.
fn on_a_terminal(case: &Case, args: &[&str], ci: bool) -> Option<String> {
    let mut line = support::bin().display().to_string();
    for arg in args {
        line.push(' ');
        line.push_str(arg);
    }
    let mut command = std::process::Command::new("script");
    command
        .args(["-qec", &line, "/dev/null"])
        .current_dir(case.root())
        .env("TMPDIR", case.tmp_path())
        .env("LIVEJUDGE_TMPDIR", case.tmp_path())
        .env("LIVEJUDGE_CACHE", case.cache_dir())
        .env("LIVEJUDGE_HOME", case.cache_dir().join("state"));
    if ci {
        command.env("CI", "true");
    } else {
        command.env_remove("CI");
    }
    match command.output() {
        Ok(out) => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Err(e) => {
            eprintln!("\n!!! SKIPPED: no `script` to make a pseudo-terminal: {e}\n");
            None
        }
    }
}

#[test]
fn a_progress_bar_on_a_terminal_and_none_in_ci_or_quiet() {
    let case = case(&[
        ("ac.sh", "echo hi\n"),
        ("wa.sh", "echo ho\n"),
        ("ac2.sh", "echo hi\n"),
    ]);
    let report = case.root().join("report.json");
    let report_arg = format!("json={}", report.display());
    let args = [
        "grade",
        "demo",
        "subs",
        "--format",
        &report_arg,
        "--color",
        "never",
    ];
    let Some(shown) = on_a_terminal(&case, &args, false) else {
        return;
    };
    assert!(
        shown.contains("submissions, 1 rejected"),
        "no progress bar on a terminal: {shown:?}"
    );
    assert!(report.is_file(), "the report was still written");
    let in_ci = on_a_terminal(&case, &args, true).unwrap();
    assert!(!in_ci.contains("submissions,"), "a bar in CI: {in_ci:?}");
    let mut quiet = args.to_vec();
    quiet.push("-q");
    let quiet = on_a_terminal(&case, &quiet, false).unwrap();
    assert!(!quiet.contains("submissions,"), "a bar with -q: {quiet:?}");
}

/// The case root and the sandbox block (which depends on the machine) of a JSON document
/// replaced by placeholders; everything else is kept byte for byte.
fn redact_json(text: &str, root: &str) -> String {
    let mut out = String::new();
    let mut skipping: Option<usize> = None;
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        if let Some(depth) = skipping {
            if indent == depth && line.trim_start().starts_with('}') {
                skipping = None;
                out.push_str(&" ".repeat(depth));
                out.push_str("\"sandbox\": \"[sandbox]\"");
                out.push_str(&line.trim_start()[1..]);
                out.push('\n');
            }
            continue;
        }
        if line.trim_start() == "\"sandbox\": {" {
            skipping = Some(indent);
            continue;
        }
        out.push_str(&line.replace(root, "[root]"));
        out.push('\n');
    }
    out
}

/// Every machine-readable output of `grade` (JSON, JUnit, CSV, GitHub) over each verdict's
/// submission, byte for byte: the refactors of the code must leave what CI systems parse unchanged.
#[test]
fn machine_outputs_are_byte_stable() {
    let case = case(&[
        ("ac.sh", "echo hi\n"),
        ("wa.sh", "echo ho\n"),
        ("rte.sh", "echo hi; exit 3\n"),
        ("hostile.sh", HOSTILE),
    ]);
    let root = case.root().to_string_lossy().into_owned();
    for format in ["json", "junit", "csv", "github"] {
        let out = grade(&case, &["--format", format, "--no-timings"]);
        assert_eq!(out.status, 1, "{format}: {}", out.stderr);
        let text = match format {
            "json" => redact_json(&out.stdout, &root),
            "junit" => redact(&out.stdout),
            _ => out.stdout.replace(&root, "[root]"),
        };
        insta::assert_snapshot!(format!("grade_wire_{format}"), text);
    }
}
