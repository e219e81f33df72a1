//! Reproducing a test by hand: what a test gives the solution (arguments, environment, stdin,
//! fixture files), shown under a failing test, and `test --keep DIR`, which lays the test's
//! working folder out with a `run.sh` that runs the solution as the judge does.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::challenge::{Challenge, Stdin, TestCase};
use crate::exit::Failure;
use crate::harness::Language;
use crate::submission::Submission;
use crate::ui::shell_word;

/// Lines and bytes of a test's stdin shown under a failing test.
const STDIN_LINES: usize = 8;
const STDIN_BYTES: usize = 1024;

/// The head of a test's stdin (at most `bytes` + 1 bytes, so a caller can tell it was cut).
pub fn stdin_head(stdin: &Stdin, bytes: usize) -> Option<Vec<u8>> {
    match stdin {
        Stdin::Empty => None,
        Stdin::Text(text) => Some(text.as_bytes().iter().take(bytes + 1).copied().collect()),
        Stdin::File(path) => {
            let mut head = Vec::new();
            match std::fs::File::open(path) {
                Ok(file) => {
                    let _ = file.take(bytes as u64 + 1).read_to_end(&mut head);
                    Some(head)
                }
                Err(e) => Some(format!("(cannot read {}: {e})", path.display()).into_bytes()),
            }
        }
    }
}

/// The files a test's fixture folders put in the working folder, relative, sorted (folders
/// end with `/`), at most `limit` of them (then `…`).
pub fn fixture_files(test: &TestCase, limit: usize) -> Vec<String> {
    let mut names = Vec::new();
    for fixture in &test.fixtures {
        let mut pending = vec![PathBuf::new()];
        while let Some(relative) = pending.pop() {
            let Ok(entries) = std::fs::read_dir(fixture.join(&relative)) else {
                continue;
            };
            for entry in entries.flatten() {
                let child = relative.join(entry.file_name());
                if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    names.push(format!("{}/", child.display()));
                    pending.push(child);
                } else {
                    names.push(child.display().to_string());
                }
            }
        }
    }
    names.sort();
    names.dedup();
    if names.len() > limit {
        let more = names.len() - limit;
        names.truncate(limit);
        names.push(format!("… and {more} more"));
    }
    names
}

/// What `test` gives the solution, one line each: arguments, environment, fixture files and the
/// head of stdin. Empty when the test gives nothing.
pub fn input_lines(test: &TestCase) -> Vec<String> {
    let mut lines = Vec::new();
    if !test.args.is_empty() {
        let words: Vec<String> = test.args.iter().map(|a| shell_word(a)).collect();
        lines.push(format!("arguments: {}", words.join(" ")));
    }
    if !test.env.is_empty() {
        let vars: Vec<String> = test
            .env
            .iter()
            .map(|(k, v)| format!("{k}={}", shell_word(v)))
            .collect();
        lines.push(format!("environment: {}", vars.join(" ")));
    }
    let files = fixture_files(test, 12);
    if !files.is_empty() {
        lines.push(format!("files in the working folder: {}", files.join(", ")));
    }
    match stdin_head(&test.stdin, STDIN_BYTES) {
        None => lines.push("stdin: (empty)".to_string()),
        Some(bytes) => {
            let cut_bytes = bytes.len() > STDIN_BYTES;
            let text = String::from_utf8_lossy(&bytes[..bytes.len().min(STDIN_BYTES)]).into_owned();
            let all: Vec<&str> = text.lines().collect();
            if all.is_empty() {
                lines.push("stdin: (empty)".to_string());
            } else {
                lines.push("stdin:".to_string());
                for line in all.iter().take(STDIN_LINES) {
                    lines.push(format!("  {line}"));
                }
                if all.len() > STDIN_LINES || cut_bytes {
                    lines.push("  … (cut: `--keep DIR` writes all of it)".to_string());
                }
            }
        }
    }
    lines
}

/// The input lines of a test of `challenge`, by name, made when asked for (for a failing test:
/// reading every test's stdin up front cost a command on a package of 200 tests 200 reads); a
/// hidden test of a challenge with `hidden_inputs = false` gets a line saying its input is
/// private.
pub fn inputs(challenge: &Challenge) -> crate::report::human::InputLines {
    let shown = challenge.hidden_inputs();
    let tests = challenge.tests.clone();
    Box::new(move |name| {
        let test = tests.iter().find(|test| test.name == name)?;
        Some(if test.sample || shown {
            input_lines(test)
        } else {
            vec!["(a hidden test: this challenge keeps its hidden inputs private)".to_string()]
        })
    })
}

/// Lays out `test`'s working folder for `submission` in `dir` (which must not exist or be an
/// empty folder: nothing is ever overwritten): `dir/work/` holds the fixtures and the solution
/// as the run sees them, `dir/stdin` the test's stdin, `dir/run.sh` runs it as the judge does
/// (compiling first for a compiled language). Returns what to tell the learner.
pub fn keep(
    dir: &Path,
    challenge: &Challenge,
    test: &TestCase,
    submission: &Submission,
) -> Result<String, Failure> {
    if !test.sample && !challenge.hidden_inputs() {
        return Err(Failure::usage(format!(
            "--keep: test `{}` is hidden and challenge `{}` keeps its hidden inputs private (hidden_inputs = false); keep a sample instead",
            test.name, challenge.id
        )));
    }
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Failure::usage(format!(
                    "--keep {}: the folder is not empty; nothing is overwritten: give a new folder",
                    dir.display()
                )));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(Failure::usage(format!(
                "--keep {}: {e}: give a new folder",
                dir.display()
            )));
        }
    }
    let failed = |what: &Path, e: std::io::Error| {
        Failure::usage(format!(
            "--keep: cannot write {}: {e} (pick a writable folder)",
            what.display()
        ))
    };
    let work = dir.join("work");
    std::fs::create_dir_all(&work).map_err(|e| failed(&work, e))?;
    for fixture in &test.fixtures {
        crate::sandbox::workdir::copy_tree(fixture, &work).map_err(|e| failed(fixture, e))?;
    }
    for file in &submission.files {
        let to = work.join(file);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| failed(parent, e))?;
        }
        crate::sandbox::workdir::copy_file(&submission.root.join(file), &to)
            .map_err(|e| failed(&to, e))?;
    }
    let stdin = dir.join("stdin");
    let bytes = match &test.stdin {
        Stdin::Empty => Vec::new(),
        Stdin::Text(text) => text.as_bytes().to_vec(),
        Stdin::File(path) => std::fs::read(path).map_err(|e| failed(path, e))?,
    };
    std::fs::write(&stdin, bytes).map_err(|e| failed(&stdin, e))?;
    let script = run_script(test, submission);
    let run = dir.join("run.sh");
    std::fs::write(&run, &script).map_err(|e| failed(&run, e))?;
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| failed(&run, e))?;
    Ok(format!(
        "kept test `{}` in {}: work/ is its working folder, stdin its input; run it as the judge does with `{}`\n",
        test.name,
        dir.display(),
        shell_word(&run.display().to_string())
    ))
}

/// `run.sh`: from `work/`, with the test's environment, the harness's compile (when any) and
/// run commands, the test's arguments and `stdin`.
fn run_script(test: &TestCase, submission: &Submission) -> String {
    let language = &submission.language;
    let stem = submission.stem();
    let entry = submission.entry.display().to_string();
    let values = crate::harness::Placeholders {
        file: entry.clone(),
        dir: ".".into(),
        exe: format!("./{stem}"),
        stem: stem.clone(),
    };
    let quote = |words: Vec<String>| -> String {
        words
            .iter()
            .map(|w| shell_word(w))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out = String::from("#!/bin/sh\n");
    out.push_str(&format!(
        "# test `{}`, laid out by livejudge: runs the solution as the judge does.\n",
        test.name
    ));
    out.push_str("# (The judge also applies the limits and the sandbox; this does not.)\n");
    out.push_str("cd \"$(dirname \"$0\")/work\" || exit 2\n");
    for (key, value) in &test.env {
        out.push_str(&format!("export {key}={}\n", shell_word(value)));
    }
    if let Some(compile) = &language.compile {
        let sources: Vec<String> = submission
            .files
            .iter()
            .filter(|f| language.has_extension(f))
            .map(|f| f.display().to_string())
            .collect();
        out.push_str(&quote(Language::expand_with_sources(
            compile, &values, &sources,
        )));
        out.push_str(" || exit $?\n");
    }
    let mut argv = Language::expand(&language.run, &values);
    argv.extend(test.args.iter().cloned());
    out.push_str(&format!("exec {} < ../stdin\n", quote(argv)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn input_lines_show_what_the_test_gives() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("fx/logs")).unwrap();
        std::fs::write(dir.path().join("fx/logs/a.log"), "x").unwrap();
        let text: String = (1..=20).map(|i| format!("line {i}\n")).collect();
        let test = TestCase {
            name: "t".into(),
            sample: false,
            args: vec!["--top".into(), "two words".into()],
            stdin: Stdin::Text(text),
            env: BTreeMap::from([("LANG".to_string(), "C".to_string())]),
            fixtures: vec![dir.path().join("fx")],
            exit: crate::challenge::ExitExpectation::Code(0),
            points: 1,
            limits: crate::challenge::Limits::default(),
            stdout: None,
            stderr: None,
            files: Vec::new(),
            unchanged: Vec::new(),
            check: None,
            validator: None,
            signal: None,
            generate: None,
        };
        let lines = input_lines(&test);
        assert_eq!(lines[0], "arguments: --top 'two words'");
        assert_eq!(lines[1], "environment: LANG=C");
        assert_eq!(lines[2], "files in the working folder: logs/, logs/a.log");
        assert_eq!(lines[3], "stdin:");
        assert_eq!(lines[4], "  line 1");
        assert_eq!(lines.len(), 4 + STDIN_LINES + 1, "{lines:?}");
        assert!(lines.last().unwrap().contains("--keep DIR"));
    }
}
