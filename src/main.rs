//! The `livejudge` binary: parse the command line, run it, exit with its code. The hidden
//! `__supervise` word turns this process into a run's supervisor (see `sandbox::supervisor`).

use clap::Parser;

fn main() {
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == "__supervise")
    {
        livejudge::sandbox::supervisor::main();
    }
    let cli = livejudge::cli::Cli::parse();
    std::process::exit(livejudge::app::run(cli));
}
