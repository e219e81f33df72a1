//! How a command ends and the exit code that says so (cli.md): the one place the numbers live.
//!
//! A command returns `Result<Exit, Failure>`: `Exit` when it did its work and reported (the
//! verdict decides the code), `Failure` when it stopped early with a message. `Exit::code` and
//! `Failure::exit` are the whole mapping; nothing else writes an exit code.

use crate::judge::JudgeError;
use crate::outcome::Verdict;

/// How a command ended; `code` gives its exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Every judged test passed, or what was asked was done.
    Success,
    /// A verdict other than accepted, or a `verify` mismatch.
    NotAccepted,
    /// A usage error or an invalid challenge definition; nothing was run.
    Usage,
    /// `--sandbox strict` and a layer is unavailable; nothing was run.
    Sandbox,
    /// The judge itself, a checker or a validator failed.
    JudgeError,
    /// Ctrl-C (or SIGTERM): every running solution was stopped.
    Interrupted,
}

impl Exit {
    /// The process exit code of cli.md.
    pub const fn code(self) -> i32 {
        match self {
            Exit::Success => 0,
            Exit::NotAccepted => 1,
            Exit::Usage => 2,
            Exit::Sandbox => 3,
            Exit::JudgeError => 4,
            Exit::Interrupted => 130,
        }
    }
}

impl From<Verdict> for Exit {
    /// A judged submission's verdict: accepted succeeds, a judge error is the judge's, any
    /// other verdict is not accepted.
    fn from(verdict: Verdict) -> Exit {
        match verdict {
            Verdict::AC => Exit::Success,
            Verdict::JE => Exit::JudgeError,
            _ => Exit::NotAccepted,
        }
    }
}

/// Why a command stopped before finishing its work; the message is printed to stderr.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// A usage error or an invalid challenge definition.
    #[error("{0}")]
    Usage(String),
    /// What was asked cannot get the verdict it needs (e.g. `bless` with a failing reference).
    #[error("{0}")]
    NotAccepted(String),
    /// `--sandbox strict` refused to judge.
    #[error("{0}")]
    Sandbox(String),
    /// The judge itself failed.
    #[error("{0}")]
    Judge(String),
    /// Ctrl-C (or SIGTERM) stopped the judging.
    #[error("interrupted: every running solution was stopped and its files removed")]
    Interrupted,
}

impl Failure {
    /// A usage error saying `message` (a text, or an error of a lower layer).
    pub fn usage(message: impl std::fmt::Display) -> Failure {
        Failure::Usage(message.to_string())
    }

    /// A judge error saying `message` (a text, or an error of a lower layer).
    pub fn judge(message: impl std::fmt::Display) -> Failure {
        Failure::Judge(message.to_string())
    }

    /// How a command that failed this way ends.
    pub const fn exit(&self) -> Exit {
        match self {
            Failure::Usage(_) => Exit::Usage,
            Failure::NotAccepted(_) => Exit::NotAccepted,
            Failure::Sandbox(_) => Exit::Sandbox,
            Failure::Judge(_) => Exit::JudgeError,
            Failure::Interrupted => Exit::Interrupted,
        }
    }

    /// Whether this failure ends a session (`watch`, `interview`) instead of being shown and
    /// judged again on the next save.
    pub const fn ends_session(&self) -> bool {
        matches!(self, Failure::Interrupted | Failure::Sandbox(_))
    }
}

impl From<JudgeError> for Failure {
    fn from(error: JudgeError) -> Failure {
        match error {
            JudgeError::Interrupted => Failure::Interrupted,
            JudgeError::Io(e) => Failure::judge(format!("judge error: {e}")),
        }
    }
}

impl From<crate::prepare::PrepareError> for Failure {
    fn from(error: crate::prepare::PrepareError) -> Failure {
        use crate::prepare::PrepareError;
        match error {
            PrepareError::NoTimeLimit(e) => Failure::usage(e.to_string()),
            PrepareError::Judge(error) => error.into(),
            other => Failure::judge(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_codes_are_those_of_the_contract() {
        let codes: Vec<i32> = [
            Exit::Success,
            Exit::NotAccepted,
            Exit::Usage,
            Exit::Sandbox,
            Exit::JudgeError,
            Exit::Interrupted,
        ]
        .iter()
        .map(|e| e.code())
        .collect();
        assert_eq!(codes, [0, 1, 2, 3, 4, 130]);
        assert_eq!(Failure::usage("x").exit(), Exit::Usage);
        assert_eq!(Failure::Interrupted.exit(), Exit::Interrupted);
        assert_eq!(Exit::from(Verdict::WA), Exit::NotAccepted);
        assert_eq!(Exit::from(Verdict::JE), Exit::JudgeError);
    }
}
