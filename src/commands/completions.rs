//! `livejudge completions SHELL`: shell completions generated from the command-line definition.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::exit::{Exit, Failure};

pub fn run(args: &CompletionsArgs) -> Result<Exit, Failure> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "livejudge", &mut out);
    let mut stdout = std::io::stdout();
    match std::io::Write::write_all(&mut stdout, &out) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::judge(format!("cannot write: {e}")))
        }
        _ => Ok(Exit::Success),
    }
}
