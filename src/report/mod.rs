//! Reporters: turn outcomes into what people and machines read. One module per format; colour is
//! passed in, never global.

pub mod csv;
pub mod document;
pub mod github;
pub mod grade_human;
pub mod gradebook;
pub mod human;
pub mod json;
pub mod junit;
pub mod outputs;
pub mod progress;
pub mod schema;

pub use human::{HumanReporter, Verbosity, render_diff};
