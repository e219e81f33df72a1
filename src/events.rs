//! The events of a judging session, in the order reporters receive them. Reporters consume these
//! and nothing else, so every format sees the same facts.

use crate::outcome::{ChallengeRef, SandboxInfo, SubmissionRef, SubmissionResult, TestOutcome};

#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    /// Judging of one submission begins; `tests` tests will follow, in test order.
    SubmissionStarted {
        challenge: &'a ChallengeRef,
        submission: &'a SubmissionRef,
        sandbox: &'a SandboxInfo,
        tests: usize,
        /// The longest test name among them, in characters (for aligned columns).
        longest_name: usize,
    },
    /// One test finished. Delivered in test order even when tests run in parallel.
    TestFinished { outcome: &'a TestOutcome },
    /// Every selected test of the submission finished (or was skipped by `--fail-fast`).
    SubmissionFinished { result: &'a SubmissionResult },
    /// Something the user should know that is not a test result (a missing sandbox layer).
    Notice { message: &'a str },
}

/// A consumer of events: one per output format.
pub trait Reporter {
    fn event(&mut self, event: &Event<'_>) -> std::io::Result<()>;
}
