//! `livejudge run`: a solution in the sandbox on the learner's own input (LeetCode's "Run"):
//! arguments after `--`, stdin from a file or `-`, the challenge's limits; what it printed is
//! shown, nothing is judged or recorded.

use std::io::{Read, Write};

use crate::challenge::{ExitExpectation, Stdin, TestCase};
use crate::cli::RunArgs;
use crate::exit::{Exit, Failure};
use crate::judge::{self, Context};
use crate::settings::Settings;

pub fn run(settings: &Settings, args: &RunArgs) -> Result<Exit, Failure> {
    let (mut challenge, submission) = crate::attempt::open_with_solution(
        settings,
        &args.challenge,
        args.solution.as_deref(),
        args.lang.as_deref(),
    )?;
    let harness = settings.harness()?;
    let like = match &args.files_of {
        Some(name) => Some(
            challenge
                .named_tests(std::slice::from_ref(name))
                .map_err(Failure::usage)?[0]
                .clone(),
        ),
        None => None,
    };
    // Stdin from `-` is copied to a file first: a run reads a file.
    let mut _stdin_copy = None;
    let stdin = match &args.stdin {
        None => Stdin::Empty,
        Some(path) if path.as_os_str() == "-" => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::usage(format!("--stdin -: cannot read stdin: {e}")))?;
            let mut file = tempfile::NamedTempFile::new()
                .map_err(|e| Failure::judge(format!("cannot keep stdin: {e}")))?;
            file.write_all(&bytes)
                .map_err(|e| Failure::judge(format!("cannot keep stdin: {e}")))?;
            let path = file.path().to_path_buf();
            _stdin_copy = Some(file);
            Stdin::File(path)
        }
        Some(path) => {
            if !path.is_file() {
                return Err(Failure::usage(format!(
                    "--stdin {}: no such file (give a file, or `-` to pipe it in)",
                    path.display()
                )));
            }
            Stdin::File(std::path::absolute(path).unwrap_or(path.clone()))
        }
    };
    let test = TestCase {
        name: "run".into(),
        sample: true,
        args: args.args.clone(),
        stdin,
        env: like.as_ref().map(|t| t.env.clone()).unwrap_or_default(),
        fixtures: like
            .as_ref()
            .map(|t| t.fixtures.clone())
            .unwrap_or_default(),
        exit: ExitExpectation::Any,
        points: 0,
        limits: like.as_ref().map_or(challenge.limits, |t| t.limits),
        stdout: None,
        stderr: None,
        files: Vec::new(),
        unchanged: Vec::new(),
        check: None,
        validator: None,
        // With `--files-of TEST`, the test's signal too: the run sees what the test's run sees.
        signal: like.as_ref().and_then(|t| t.signal),
        generate: like.as_ref().and_then(|t| t.generate.clone()),
    };
    challenge.tests = vec![test.clone()];
    settings.expect_workers(1);
    let status = settings.sandbox()?;
    if let Some(note) = status.note() {
        eprintln!("note: {note}");
    }
    let executor = settings.executor()?;
    let context = Context {
        challenge: &challenge,
        harness,
        executor: &executor,
        sandbox: status,
        jobs: settings.jobs,
        fail_fast: false,
        no_cache: settings.no_cache,
    };
    let captured = match judge::capture(&context, &submission, &[&test])? {
        Ok(mut captures) => captures.remove(0),
        Err(compile_error) => {
            eprintln!("compile error:\n{compile_error}");
            return Ok(Exit::NotAccepted);
        }
    };
    let facts = &captured.facts;
    if let Some(error) = &facts.spawn_error {
        return Err(Failure::judge(format!("cannot run the solution: {error}")));
    }
    let own = format!(
        "{}/",
        std::path::absolute(&submission.root)
            .unwrap_or(submission.root.clone())
            .display()
    );
    let shown = |bytes: &[u8]| -> String {
        let text = crate::escape::shown_bytes(bytes).replace("/box/", &own);
        let mut out = String::new();
        for line in text.split_inclusive('\n') {
            let (body, newline) = match line.strip_suffix('\n') {
                Some(body) => (body, "\n"),
                None => (line, ""),
            };
            out.push_str(&crate::diff::escape_controls(body));
            out.push_str(newline);
        }
        out
    };
    let _ = crate::ui::print_out(&shown(&facts.stdout));
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(shown(&facts.stderr).as_bytes());
    let limit = crate::verdict::limit_reached(facts, &test.limits);
    let ending = match (&limit, facts.exit_code, facts.signal) {
        (Some((verdict, detail)), _, _) => format!("{} ({detail})", verdict.label()),
        (None, code, signal) => judge::describe_exit(code, signal),
    };
    let _ = writeln!(
        err,
        "── {ending} · {} ms · peak memory {} KiB{}",
        (facts.wall.as_secs_f64() * 1000.0).round() as u64,
        facts.max_rss_kib,
        if facts.stdout_over || facts.stderr_over {
            " · output cut at the limit"
        } else {
            ""
        }
    );
    Ok(match (limit, facts.exit_code) {
        (None, Some(0)) => Exit::Success,
        _ => Exit::NotAccepted,
    })
}
