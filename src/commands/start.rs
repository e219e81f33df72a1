//! `livejudge start` and `livejudge reset`: write a learner's workspace (see
//! `crate::workspace`) and say what was written and what to run next.

use crate::cli::{ResetArgs, StartArgs};
use crate::exit::{Exit, Failure};
use crate::settings::Settings;
use crate::state;
use crate::ui::{command_name, print_out};
use crate::workspace::{Written, prepare, report};

pub fn run(settings: &Settings, args: &StartArgs) -> Result<Exit, Failure> {
    let challenge = settings.load_challenge(&args.challenge)?;
    let harness = settings.harness()?;
    let workspace = prepare(&challenge, harness, args)?;
    let name = command_name(&args.challenge, &challenge);
    print_out(&report(&challenge, &name, &workspace, args.into.is_some()))?;
    Ok(Exit::Success)
}

/// `livejudge reset`: the starter written again over the workspace; every file of the learner's
/// that differs is kept as `FILE.bak` (`.bak.1`, … when that exists), never lost.
pub fn reset(settings: &Settings, args: &ResetArgs) -> Result<Exit, Failure> {
    let challenge = settings.load_challenge(&args.challenge)?;
    let harness = settings.harness()?;
    let dir = match &args.into {
        Some(dir) => dir.clone(),
        None => state::find_workspace(&challenge.id)
            .unwrap_or_else(|| state::default_workspace(&challenge.id)),
    };
    let name = command_name(&args.challenge, &challenge);
    if !dir.is_dir() {
        return Err(Failure::usage(format!(
            "no workspace at {}: nothing to reset (`livejudge start {name}` writes one)",
            dir.display()
        )));
    }
    // The language the learner took: that of the workspace's entry file, unless given.
    let lang = args.lang.clone().or_else(|| {
        crate::layout::entry_files(&dir, &challenge, harness)
            .into_iter()
            .find_map(|e| e.language.ok().map(|l| l.name))
    });
    let start_args = StartArgs {
        challenge: args.challenge.clone(),
        lang,
        into: Some(dir),
        force: true,
    };
    let workspace = prepare(&challenge, harness, &start_args)?;
    let mut out = report(&challenge, &name, &workspace, args.into.is_some());
    if !workspace
        .files
        .iter()
        .any(|w| matches!(w, Written::Replaced(..)))
    {
        out.push_str("Nothing to reset: the workspace already holds the starter.\n");
    }
    print_out(&out)?;
    Ok(Exit::Success)
}
