//! `livejudge test`: judge one solution on a challenge's samples, chosen tests, or all tests
//! (the judging is `crate::attempt`'s), and record the attempt.

use crate::cli::TestArgs;
use crate::exit::{Exit, Failure};
use crate::settings::Settings;
use crate::state;

pub fn run(settings: &Settings, args: &TestArgs) -> Result<Exit, Failure> {
    crate::attempt::judge_solution(settings, args, Some(state::Mode::Test)).map(|(exit, _)| exit)
}
