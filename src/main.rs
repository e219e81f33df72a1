//! The `livejudge` binary: parse the command line, run it, exit with its code. The hidden
//! `__zygote` word turns this process into the fork server of run supervisors (see
//! `sandbox::zygote`), and
//! `__probe` into the sandbox prober (see `sandbox::Probe`).

fn main() {
    match std::env::args_os().nth(1) {
        Some(word) if word == "__zygote" => livejudge::sandbox::zygote::main(),
        Some(word) if word == "__probe" => livejudge::sandbox::probe_main(),
        _ => {}
    }
    let cli = livejudge::cli::Cli::parse_args();
    std::process::exit(livejudge::app::run(cli));
}
