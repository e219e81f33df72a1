//! Reporters: turn outcomes into what people and machines read. One module per format; colour is
//! passed in, never global.

pub mod human;
pub mod json;

pub use human::{Detail, HumanReporter, render_diff};
