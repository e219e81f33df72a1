//! What people read, shared by the commands: colour (one `Style` vocabulary, rendered by
//! `colored`), shell quoting of suggested commands, durations, and writing to stdout.
//!
//! Whether to colour is decided once per command (`--color`, the terminal) and passed down as a
//! `bool`; `colored` only renders. Its own environment checks (`NO_COLOR`, `CLICOLOR`) would
//! otherwise second-guess `--color always`, so they are overridden the first time anything is
//! painted: the decision is ours, made where the flags are resolved.

use colored::{Color, ColoredString, Colorize};
use std::sync::Once;

use crate::challenge::Challenge;
use crate::exit::Failure;

/// How a piece of text is shown on a colour terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    color: Option<Color>,
    bold: bool,
    dim: bool,
    reversed: bool,
    italic: bool,
    underlined: bool,
}

impl Style {
    const fn new(color: Option<Color>) -> Style {
        Style {
            color,
            bold: false,
            dim: false,
            reversed: false,
            italic: false,
            underlined: false,
        }
    }

    pub const PLAIN: Style = Style::new(None);
    pub const BOLD: Style = Style::PLAIN.bold();
    pub const DIM: Style = Style::PLAIN.dim();
    pub const RED: Style = Style::new(Some(Color::Red));
    pub const GREEN: Style = Style::new(Some(Color::Green));
    pub const YELLOW: Style = Style::new(Some(Color::Yellow));
    pub const MAGENTA: Style = Style::new(Some(Color::Magenta));
    pub const CYAN: Style = Style::new(Some(Color::Cyan));

    /// This style in bold.
    pub const fn bold(self) -> Style {
        Style { bold: true, ..self }
    }

    /// This style faint.
    pub const fn dim(self) -> Style {
        Style { dim: true, ..self }
    }

    /// This style in reverse video (so that a changed space shows too).
    pub const fn reversed(self) -> Style {
        Style {
            reversed: true,
            ..self
        }
    }

    /// This style in italics (emphasis in a statement).
    pub const fn italic(self) -> Style {
        Style {
            italic: true,
            ..self
        }
    }

    /// This style underlined (a statement's title).
    pub const fn underlined(self) -> Style {
        Style {
            underlined: true,
            ..self
        }
    }

    fn apply(self, text: &str) -> ColoredString {
        let mut painted = match self.color {
            Some(color) => text.color(color),
            None => text.normal(),
        };
        if self.bold {
            painted = painted.bold();
        }
        if self.dim {
            painted = painted.dimmed();
        }
        if self.reversed {
            painted = painted.reversed();
        }
        if self.italic {
            painted = painted.italic();
        }
        if self.underlined {
            painted = painted.underline();
        }
        painted
    }
}

/// `text` in `style` when `color` is on; `text` unchanged otherwise (and always when empty, so
/// no stray escape sequences surround nothing).
pub fn paint(text: &str, style: Style, color: bool) -> String {
    if !color || text.is_empty() || style == Style::PLAIN {
        return text.to_string();
    }
    static DECIDED_BY_LIVEJUDGE: Once = Once::new();
    DECIDED_BY_LIVEJUDGE.call_once(|| colored::control::set_override(true));
    style.apply(text).to_string()
}

/// Appends `text` in `style` to `out` (see [`paint`]).
pub fn paint_into(out: &mut String, text: &str, style: Style, color: bool) {
    out.push_str(&paint(text, style, color));
}

/// Writes `text` to stdout and flushes it. A reader that went away (`livejudge list | head`)
/// is not an error; any other write failure is a judge error. Never panics, unlike `print!`.
pub fn print_out(text: &str) -> Result<(), Failure> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::judge(format!("cannot write to stdout: {e}")))
        }
        _ => Ok(()),
    }
}

/// A word as a shell would need it quoted.
pub fn shell_word(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// How to name `challenge` in a suggested command: its id when that is what the learner typed,
/// else the path they typed (a challenge loaded from a path is not found by its id), quoted
/// for a shell.
pub fn command_name(argument: &str, challenge: &Challenge) -> String {
    if argument == challenge.id {
        challenge.id.clone()
    } else {
        shell_word(argument)
    }
}

/// A duration in seconds as `12m05s`.
pub fn minutes_seconds(seconds: u64) -> String {
    format!("{}m{:02}s", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_when_asked() {
        assert_eq!(paint("ok", Style::GREEN.bold(), false), "ok");
        assert_eq!(paint("", Style::RED, true), "");
        assert_eq!(paint("ok", Style::PLAIN, true), "ok");
    }

    #[test]
    fn styles_render_as_sgr_sequences() {
        assert_eq!(
            paint("ok", Style::GREEN.bold(), true),
            "\x1b[1;32mok\x1b[0m"
        );
        assert_eq!(paint("x", Style::DIM, true), "\x1b[2mx\x1b[0m");
        let emphasised = paint("x", Style::RED.bold().reversed(), true);
        assert!(emphasised.starts_with("\x1b[") && emphasised.ends_with("x\x1b[0m"));
        for parameter in ["1", "7", "31"] {
            assert!(
                emphasised[2..emphasised.find('m').unwrap()]
                    .split(';')
                    .any(|p| p == parameter),
                "{emphasised:?}"
            );
        }
    }
}
