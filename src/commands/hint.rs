//! `livejudge hint`: reveals the next hint of a challenge, shows every hint revealed so far and
//! records the count in the learner's progress.

use crate::challenge::Challenge;
use crate::cli::HintArgs;
use crate::exit::{Exit, Failure};
use crate::markdown;
use crate::settings::Settings;
use crate::state::Store;
use crate::ui::print_out;
use crate::ui::{Style, paint};

pub fn run(settings: &Settings, args: &HintArgs) -> Result<Exit, Failure> {
    let challenge = settings.load_challenge(&args.challenge)?;
    let total = challenge.hints.len();
    if total == 0 {
        print_out(&format!("`{}` has no hints.\n", challenge.id))?;
        return Ok(Exit::Success);
    }
    if args.again {
        let revealed = Store::open()
            .load_progress()
            .hints_revealed(&challenge.id)
            .min(total);
        let name = crate::ui::command_name(&args.challenge, &challenge);
        if revealed == 0 {
            print_out(&format!(
                "No hint of `{}` revealed yet: `livejudge hint {name}` reveals the first.\n",
                challenge.id
            ))?;
            return Ok(Exit::Success);
        }
        let mut text = render(
            &challenge,
            &name,
            revealed,
            true,
            markdown::terminal_width(),
            settings.color,
        );
        // Re-reading is not running out: drop the "no hints left" line unless it is so.
        if revealed < total {
            text = text
                .split_once("\n\n")
                .map(|(_, rest)| rest.to_string())
                .unwrap_or(text);
        }
        print_out(&text)?;
        return Ok(Exit::Success);
    }
    // Read and revealed under the lock, so two hints at once reveal two, each shown its own.
    let (before, now) = match Store::open().update(|s| {
        let before = s.hints_revealed(&challenge.id).min(total);
        (before, s.reveal_hint(&challenge.id, total))
    }) {
        Ok(counts) => counts,
        Err(message) => {
            let before = Store::open()
                .load_progress()
                .hints_revealed(&challenge.id)
                .min(total);
            if before < total {
                eprintln!("warning: the hint is shown but not recorded: {message}");
            }
            (before, (before + 1).min(total))
        }
    };
    print_out(&render(
        &challenge,
        &crate::ui::command_name(&args.challenge, &challenge),
        now,
        before == total,
        markdown::terminal_width(),
        settings.color,
    ))?;
    Ok(Exit::Success)
}

/// The revealed hints (the newest last and emphasised), and what is left.
pub fn render(
    challenge: &Challenge,
    name: &str,
    revealed: usize,
    none_left: bool,
    width: usize,
    color: bool,
) -> String {
    let total = challenge.hints.len();
    let mut out = String::new();
    if none_left {
        out.push_str(&format!(
            "No hints left: all {total} of `{}` are revealed.\n\n",
            challenge.id
        ));
    }
    for (n, hint) in challenge.hints.iter().take(revealed).enumerate() {
        let label = format!("hint {}/{total}", n + 1);
        let newest = n + 1 == revealed && !none_left;
        let label = paint(
            &label,
            if newest {
                Style::YELLOW.bold()
            } else {
                Style::BOLD
            },
            color,
        );
        let text = markdown::render(hint, width.saturating_sub(4).max(20), color);
        out.push_str(&format!("{label}\n"));
        for line in text.lines() {
            out.push_str(&format!("    {line}\n"));
        }
    }
    if revealed < total {
        let left = total - revealed;
        out.push_str(&format!(
            "\n{left} more hint{} left: `livejudge hint {}`\n",
            if left == 1 { "" } else { "s" },
            name
        ));
    }
    out
}
