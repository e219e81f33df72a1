//! livejudge: a command-line judge for live-coding challenges. The pipeline is
//! challenge.toml → `Challenge` → plan → run → outcome → reporters; each step is a module.

pub mod app;
pub mod catalog;
pub mod challenge;
pub mod class;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod compile;
pub mod diagnostic;
pub mod diff;
pub mod escape;
pub mod events;
pub mod grade;
pub mod harness;
pub mod interrupt;
pub mod judge;
pub mod locate;
pub mod markdown;
pub mod outcome;
pub mod partition;
pub mod provenance;
pub mod readable;
pub mod report;
pub mod run_env;
pub mod runner;
pub mod sandbox;
pub mod state;
pub mod submission;
pub mod ui;
