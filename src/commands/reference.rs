//! `livejudge solution`: reveals the reference solutions of a challenge after a solve (or with
//! `--force`, recorded).

use std::path::PathBuf;

use crate::cli::SolutionArgs;
use crate::exit::{Exit, Failure};
use crate::settings::Settings;
use crate::state::Store;
use crate::ui::print_out;

pub fn run(settings: &Settings, args: &SolutionArgs) -> Result<Exit, Failure> {
    let challenge = settings.load_challenge(&args.challenge)?;
    let harness = settings.harness()?;
    let name = crate::ui::command_name(&args.challenge, &challenge);
    let solved =
        Store::open().load_progress().status(&challenge.id) == crate::state::Status::Solved;
    if !solved && !args.force {
        return Err(Failure::NotAccepted(format!(
            "`{}` is not solved yet: solve it first (`livejudge test {name} --all`), or see the reference anyway with `livejudge solution {name} --force` (recorded)",
            challenge.id
        )));
    }
    let dir = challenge.root.join("solution");
    let files: Vec<PathBuf> = crate::submission::list_files(&dir).unwrap_or_default();
    if files.is_empty() {
        return Err(Failure::usage(format!(
            "`{}` has no reference solution (nothing in {})",
            challenge.id,
            dir.display()
        )));
    }
    if !solved {
        crate::state::update_or_warn(|s| {
            s.progress
                .challenges
                .entry(challenge.id.clone())
                .or_default()
                .solution_revealed = Some(crate::state::now());
        });
    }
    let _ = &harness;
    let mut out = format!(
        "Reference solution of `{}` ({}):\n",
        challenge.id,
        dir.display()
    );
    for file in &files {
        let path = dir.join(file);
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => format!("(cannot read: {e})\n"),
        };
        out.push_str(&format!("\n── {} ──\n", file.display()));
        for line in text.lines() {
            out.push_str(&crate::diff::escape_controls(line));
            out.push('\n');
        }
    }
    if !solved {
        out.push_str("\n(revealed before solving: recorded in your progress)\n");
    }
    print_out(&out)?;
    Ok(Exit::Success)
}
