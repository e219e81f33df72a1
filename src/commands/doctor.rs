//! `livejudge doctor`: the sandbox layers available here and the harness's toolchains.

use std::fmt::Write as _;
use std::io::Write as _;

use crate::app::{Failure, exit, load_harness};
use crate::cli::Cli;
use crate::judge;
use crate::sandbox;

pub fn run(cli: &Cli) -> Result<i32, Failure> {
    let status = sandbox::Status::detect(cli.global.sandbox, &crate::app::supervisor_path()?);
    let harness = load_harness(cli)?;
    let mut out = String::new();
    writeln!(out, "sandbox layers ({}):", status.info().level).ok();
    for layer in &status.layers {
        let state = match &layer.state {
            sandbox::LayerState::Active => "active".to_string(),
            sandbox::LayerState::Unavailable(why) => format!("unavailable — {why}"),
            sandbox::LayerState::Off => "off".to_string(),
        };
        writeln!(out, "  {:<10} {state}", layer.name).ok();
    }
    if let Some((uid, gid)) = status.run_as {
        writeln!(
            out,
            "  solutions run as uid {uid}, gid {gid} (the judge is root)"
        )
        .ok();
    }
    writeln!(out, "languages ({}):", harness.source).ok();
    for language in &harness.languages {
        let program = language
            .compile
            .as_ref()
            .and_then(|c| c.first())
            .unwrap_or(&language.run[0]);
        let state = match crate::harness::which(program) {
            Some(path) => version_of(language).unwrap_or_else(|| path.display().to_string()),
            None => format!("missing (`{program}` not found on {})", judge::BASE_PATH),
        };
        writeln!(out, "  {:<10} {state}", language.name).ok();
    }
    let mut stdout = std::io::stdout();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::judge(format!("cannot write: {e}")))
        }
        _ => Ok(exit::OK),
    }
}

fn version_of(language: &crate::harness::Language) -> Option<String> {
    let words = language.version.as_ref()?;
    let output = std::process::Command::new(&words[0])
        .args(&words[1..])
        .env("PATH", judge::BASE_PATH)
        .stdin(std::process::Stdio::null())
        .output()
        .ok()?;
    let text = if output.stdout.is_empty() {
        output.stderr
    } else {
        output.stdout
    };
    String::from_utf8_lossy(&text)
        .lines()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_string())
}
