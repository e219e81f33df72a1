//! One module per command: each resolves its arguments, calls the pipeline and reports.

pub mod bless;
pub mod completions;
pub mod doctor;
pub mod grade;
pub mod hint;
pub mod history;
pub mod interview;
pub mod lint;
pub mod list;
pub mod merge;
pub mod new;
pub mod progress;
pub mod reference;
pub mod run;
pub mod show;
pub mod start;
pub mod test;
pub mod verify;
pub mod watch;
