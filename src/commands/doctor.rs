//! `livejudge doctor`: the sandbox layers available here and the harness's toolchains.

use std::fmt::Write as _;
use std::io::Write as _;

use crate::exit::{Exit, Failure};
use crate::judge;
use crate::sandbox;
use crate::settings::Settings;

pub fn run(settings: &Settings) -> Result<Exit, Failure> {
    let status = sandbox::SandboxStatus::detect(
        settings.sandbox_mode,
        &crate::settings::supervisor_path()?,
        settings.run_as,
    );
    let harness = settings.harness()?;
    let mut out = String::new();
    writeln!(out, "sandbox layers ({}):", status.info().level).ok();
    for layer in &status.layers {
        let state = match &layer.state {
            sandbox::LayerState::Active => {
                format!("active — {}", layer.layer.describe(status.landlock_abi))
            }
            sandbox::LayerState::Unavailable(why) => format!("unavailable — {why}"),
            sandbox::LayerState::Off => "off".to_string(),
        };
        writeln!(out, "  {:<10} {state}", layer.layer).ok();
    }
    if let Some((uid, gid)) = status.run_as {
        writeln!(
            out,
            "  solutions run as uid {uid}, gid {gid} (the judge is root)"
        )
        .ok();
    }
    writeln!(out, "  a run can reach: {}", status.reachable()).ok();
    writeln!(out, "languages ({}):", harness.source).ok();
    for language in &harness.languages {
        writeln!(out, "  {:<10} {}", language.name, language_state(language)).ok();
    }
    match crate::compile::cache_root() {
        Some(root) => writeln!(out, "compile cache: {}", root.display()).ok(),
        None => writeln!(out, "compile cache: none (set LIVEJUDGE_CACHE or HOME)").ok(),
    };
    let mut stdout = std::io::stdout();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::judge(format!("cannot write: {e}")))
        }
        _ => Ok(Exit::Success),
    }
}

/// `VERSION`, or `missing (...)` naming the programs not found on the sandbox's PATH.
fn language_state(language: &crate::harness::Language) -> String {
    let missing = language.missing_programs();
    if !missing.is_empty() {
        return format!(
            "missing (`{}` not found on {})",
            missing.join("`, `"),
            judge::BASE_PATH
        );
    }
    let version = language
        .version
        .as_deref()
        .and_then(crate::compile::version_output)
        .and_then(|text| {
            text.lines()
                .find(|l| !l.trim().is_empty())
                .map(|l| l.trim().to_string())
        });
    match (version, language.programs().first()) {
        (Some(version), _) => version,
        (None, Some(program)) => crate::harness::which(program)
            .map(|p| format!("installed ({}; no version output)", p.display()))
            .unwrap_or_default(),
        (None, None) => "installed".into(),
    }
}
