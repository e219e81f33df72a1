//! A scripted fake `Executor`: it runs nothing and answers each run with the next `RunFacts` of
//! its script (exit codes, outputs, limits reached, signals), keeping the specs it was given, so
//! the grading pipeline is tested without processes.

use std::collections::VecDeque;
use std::io;
use std::sync::Mutex;
use std::time::Duration;

use super::{Executor, RunFacts, RunSpec};

/// Answers runs in order from a script; a run past its end is an error.
#[derive(Default)]
pub struct ScriptedExecutor {
    script: Mutex<VecDeque<RunFacts>>,
    asked: Mutex<Vec<Asked>>,
}

/// A run the executor was asked for.
#[derive(Debug, Clone)]
pub struct Asked {
    pub spec: RunSpec,
    /// What its stdin held.
    pub stdin: Vec<u8>,
}

impl ScriptedExecutor {
    /// Answers the runs, in order, with `facts`.
    pub fn new(facts: impl IntoIterator<Item = RunFacts>) -> ScriptedExecutor {
        ScriptedExecutor {
            script: Mutex::new(facts.into_iter().collect()),
            asked: Mutex::new(Vec::new()),
        }
    }

    /// The runs asked for so far, in order.
    pub fn asked(&self) -> Vec<Asked> {
        self.asked.lock().map(|a| a.clone()).unwrap_or_default()
    }
}

impl Executor for ScriptedExecutor {
    fn execute(&self, spec: &RunSpec) -> io::Result<RunFacts> {
        let stdin = spec.stdin.bytes()?.into_owned();
        if let Ok(mut asked) = self.asked.lock() {
            asked.push(Asked {
                spec: spec.clone(),
                stdin,
            });
        }
        self.script
            .lock()
            .map_err(|_| io::Error::other("script poisoned"))?
            .pop_front()
            .ok_or_else(|| io::Error::other(format!("no scripted run left for {:?}", spec.argv)))
    }
}

/// A run that exited with `code` after printing `stdout`.
pub fn exited(code: i32, stdout: &str) -> RunFacts {
    RunFacts {
        exit_code: Some(code),
        wall: Duration::from_millis(5),
        cpu: Duration::from_millis(3),
        stdout: stdout.as_bytes().to_vec(),
        ..RunFacts::default()
    }
}

/// A run killed by `signal` (its own crash, or the supervisor's kill) after printing `stdout`.
pub fn killed(signal: i32, stdout: &str) -> RunFacts {
    RunFacts {
        exit_code: None,
        signal: Some(signal),
        ..exited(0, stdout)
    }
}

/// A run stopped at its wall-clock limit `limit` after printing `stdout`.
pub fn timed_out(limit: Duration, stdout: &str) -> RunFacts {
    RunFacts {
        wall_limit: true,
        wall: limit,
        ..killed(libc::SIGKILL, stdout)
    }
}
