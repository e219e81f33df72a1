//! `livejudge watch`: judges a solution again each time one of its files changes, in the loop
//! of `crate::session`.

use std::io::Write;
use std::time::Duration;

use crate::cli::{TestArgs, TestFormat, WatchArgs};
use crate::exit::{Exit, Failure};
use crate::session::{Flow, LoopEvent, Session, run_loop, say};
use crate::settings::Settings;
use crate::state;

pub fn run(settings: &Settings, args: &WatchArgs) -> Result<Exit, Failure> {
    let challenge = settings.load_challenge(&args.challenge)?;
    let solution = crate::workspace::solution_or_workspace(
        args.solution.as_deref(),
        &challenge,
        &args.challenge,
    )?;
    let test_args = TestArgs {
        challenge: args.challenge.clone(),
        solution: Some(solution.clone()),
        all: args.all,
        tests: Vec::new(),
        fail_fast: false,
        lang: args.lang.clone(),
        keep: None,
        format: TestFormat::Human,
    };
    let session = Session::new(&solution)?;
    let quit_hint = match (session.screen, args.all) {
        (true, false) => "a runs every test, q or Ctrl-C quits",
        (true, true) => "q or Ctrl-C quits",
        (false, false) => "a line `a` runs every test, `q` or EOF quits",
        (false, true) => "a line `q` or EOF quits",
    };
    let mut runs = 0u32;
    let mut last = Exit::Success;
    // How many tests the last judging ran: the next one likely runs as many.
    let mut tests = 1;
    let mut handler = |event: LoopEvent| -> Result<Flow, Failure> {
        // `a`: every test, once (the samples again on the next save).
        let every = matches!(&event, LoopEvent::Input(key) if key.trim() == "a");
        match event {
            LoopEvent::Input(_) if !every => Ok(Flow::Continue),
            LoopEvent::Start | LoopEvent::Changed | LoopEvent::Input(_) => {
                runs += 1;
                session.clear(&format!(
                    "livejudge watch {}: run {runs} at {}",
                    challenge.id,
                    state::now().replace('T', " ")
                ));
                let mut run_args = test_args.clone();
                run_args.all |= every;
                last = match crate::attempt::judge_solution(
                    settings,
                    &run_args,
                    Some(state::Mode::Watch),
                ) {
                    Ok((exit, result)) => {
                        tests = result.tests.len();
                        exit
                    }
                    Err(failure) if failure.ends_session() => return Err(failure),
                    Err(failure) => {
                        say!("{failure}");
                        failure.exit()
                    }
                };
                settings.ready_for_another_judging(tests);
                say!(
                    "\nwatching {} for changes ({quit_hint})",
                    solution.display()
                );
                let _ = std::io::stdout().flush();
                Ok(Flow::Continue)
            }
            LoopEvent::Quit => Ok(Flow::Stop(last)),
            LoopEvent::Tick => Ok(Flow::Continue),
        }
    };
    run_loop(&session, Duration::from_millis(250), &mut handler)
}
