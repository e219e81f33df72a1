//! Everything OS-specific about containing a run: its temporary folder, the supervisor process
//! that applies limits and tears the process tree down, and the report of which layers are in
//! force. Unix only.

pub mod supervisor;
pub mod workdir;

use crate::outcome::SandboxInfo;

/// `--sandbox auto|strict|off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Mode {
    #[default]
    Auto,
    Strict,
    Off,
}

/// One protection layer and whether it is in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    pub name: &'static str,
    pub state: LayerState,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayerState {
    Active,
    Unavailable(String),
    Off,
}

/// The uid and gid a run drops to when the judge is root.
pub const NOBODY: (u32, u32) = (65534, 65534);

/// What the sandbox will do for runs in this process.
#[derive(Debug, Clone)]
pub struct Status {
    pub mode: Mode,
    pub layers: Vec<Layer>,
    /// The uid/gid runs drop to, when the judge is root.
    pub run_as: Option<(u32, u32)>,
}

impl Status {
    /// Detects the layers this platform offers under `mode`.
    pub fn detect(mode: Mode) -> Status {
        let root = rustix::process::geteuid().is_root();
        let run_as = root.then_some(NOBODY);
        let always = |name| Layer {
            name,
            state: LayerState::Active,
        };
        let mut layers = vec![
            always("tmpdir"),
            always("rlimits"),
            always("session"),
            always("teardown"),
        ];
        if root {
            layers.push(always("privdrop"));
        }
        for name in ["landlock", "userns", "pidns", "netns"] {
            layers.push(Layer {
                name,
                state: if mode == Mode::Off {
                    LayerState::Off
                } else {
                    LayerState::Unavailable("not built into this livejudge yet".into())
                },
            });
        }
        Status {
            mode,
            layers,
            run_as,
        }
    }

    pub fn missing(&self) -> Vec<&Layer> {
        self.layers
            .iter()
            .filter(|l| matches!(l.state, LayerState::Unavailable(_)))
            .collect()
    }

    /// `sandbox` of the JSON result.
    pub fn info(&self) -> SandboxInfo {
        let active: Vec<String> = self
            .layers
            .iter()
            .filter(|l| l.state == LayerState::Active)
            .map(|l| l.name.to_string())
            .collect();
        let level = if self.mode == Mode::Off {
            "none"
        } else if self.missing().is_empty() {
            "full"
        } else {
            "partial"
        };
        SandboxInfo {
            level: level.to_string(),
            layers: active,
        }
    }

    /// The one-line note shown when layers are missing or off, if any.
    pub fn note(&self) -> Option<String> {
        if self.mode == Mode::Off {
            return Some(
                "sandbox OFF: only the temporary folder, the limits and the process teardown protect this machine"
                    .into(),
            );
        }
        let missing: Vec<&str> = self.missing().iter().map(|l| l.name).collect();
        (!missing.is_empty()).then(|| format!("sandbox partial — missing: {}", missing.join(", ")))
    }
}
