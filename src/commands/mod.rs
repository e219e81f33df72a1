//! One module per command: each resolves its arguments, calls the pipeline and reports.

pub mod doctor;
pub mod lint;
pub mod test;
