//! The progress bar of `grade` on stderr (indicatif): submissions done of the total, how many
//! were rejected so far, and the time left. Only on a terminal, never in a CI log (`$CI` set)
//! nor with `-q` or when the human report streams to the same terminal.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::outcome::Verdict;
use crate::report::document::GradedResult;

pub struct GradeProgress {
    bar: Option<ProgressBar>,
    rejected: std::sync::atomic::AtomicUsize,
}

/// Whether a progress bar belongs on stderr here: a terminal, and not a CI job (which may give
/// jobs a pseudo-terminal, yet keeps a log).
pub fn wanted() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("CI").is_none_or(|v| v.is_empty())
}

impl GradeProgress {
    /// A bar of `total` submissions when `enabled` and `wanted()`, else nothing.
    pub fn new(enabled: bool, total: usize) -> GradeProgress {
        let bar = (enabled && total > 0 && wanted()).then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(
                "{bar:30} {pos}/{len} submissions, {msg} rejected, {eta} left",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.set_message("0");
            bar
        });
        GradeProgress {
            bar,
            rejected: Default::default(),
        }
    }

    /// One more submission judged.
    pub fn finished(&self, result: &GradedResult) {
        let Some(bar) = &self.bar else { return };
        if result.verdict != Verdict::AC {
            let rejected = self
                .rejected
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
                + 1;
            bar.set_message(rejected.to_string());
        }
        bar.inc(1);
    }

    /// Removes the bar, leaving the terminal as it was.
    pub fn clear(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    pub fn shown(&self) -> bool {
        self.bar.is_some()
    }
}
