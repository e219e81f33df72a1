//! `livejudge lint`: check challenge definitions without running anything.

use std::path::PathBuf;

use crate::app::{Failure, exit};
use crate::challenge;
use crate::cli::{Cli, LintArgs};

pub fn run(cli: &Cli, args: &LintArgs) -> Result<i32, Failure> {
    let roots: Vec<PathBuf> = if args.paths.is_empty() {
        crate::locate::challenge_path(&cli.global.challenges)
            .into_iter()
            .filter(|p| p.is_dir())
            .collect()
    } else {
        args.paths.clone()
    };
    let mut errors = 0;
    let mut warnings = 0;
    let mut checked = 0;
    for root in &roots {
        if !root.exists() {
            return Err(Failure::usage(format!(
                "{}: no such file or folder",
                root.display()
            )));
        }
        for dir in crate::locate::challenges_under(root) {
            checked += 1;
            let (_, diagnostics) = challenge::load::load_with_warnings(&dir);
            for d in &diagnostics {
                eprintln!("{d}");
            }
            errors += diagnostics.iter().filter(|d| d.is_error()).count();
            warnings += diagnostics.iter().filter(|d| !d.is_error()).count();
        }
    }
    if checked == 0 {
        return Err(Failure::usage("no challenge found to lint"));
    }
    if !cli.global.quiet {
        println!("{checked} challenge(s) checked: {errors} error(s), {warnings} warning(s)");
    }
    Ok(if errors > 0 { exit::USAGE } else { exit::OK })
}
