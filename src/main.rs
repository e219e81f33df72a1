//! The `livejudge` binary: parse the command line, run it, exit with its code. The hidden
//! `__supervise` word turns this process into a run's supervisor (see `sandbox::supervisor`), and
//! `__probe` into the sandbox prober (see `sandbox::Probe`).

use clap::Parser;

fn main() {
    match std::env::args_os().nth(1) {
        Some(word) if word == "__supervise" => livejudge::sandbox::supervisor::main(),
        Some(word) if word == "__probe" => livejudge::sandbox::probe_main(),
        _ => {}
    }
    let cli = livejudge::cli::Cli::parse();
    std::process::exit(livejudge::app::run(cli));
}
