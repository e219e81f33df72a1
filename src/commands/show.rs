//! `livejudge show`: the page of a challenge (see `crate::page`) with the hints revealed so far
//! counted.

use crate::cli::ShowArgs;
use crate::exit::{Exit, Failure};
use crate::markdown;
use crate::page::render;
use crate::settings::Settings;
use crate::state::Store;
use crate::ui::print_out;

pub fn run(settings: &Settings, args: &ShowArgs) -> Result<Exit, Failure> {
    let challenge = settings.load_challenge(&args.challenge)?;
    let harness = settings.harness()?;
    let revealed = Store::open().load_progress().hints_revealed(&challenge.id);
    let text = render(
        &challenge,
        &crate::ui::command_name(&args.challenge, &challenge),
        harness,
        revealed,
        markdown::terminal_width(),
        settings.color,
    );
    print_out(&text)?;
    Ok(Exit::Success)
}
