//! The protection layers of the sandbox, by name: the one place a layer's name is written and
//! read back (`doctor`, the JSON result's `sandbox.layers`, `LIVEJUDGE_SKIP_LAYERS`).

use std::fmt;

use super::{cgroup, landlock, view};

/// One protection layer of the sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Tmpdir,
    Rlimits,
    Session,
    Teardown,
    Privdrop,
    Landlock,
    Userns,
    Pidns,
    Netns,
    Ipcns,
    Utsns,
    Mountns,
    Filesystem,
    Cgroup,
}

impl Layer {
    pub const ALL: [Layer; 14] = [
        Layer::Tmpdir,
        Layer::Rlimits,
        Layer::Session,
        Layer::Teardown,
        Layer::Privdrop,
        Layer::Landlock,
        Layer::Userns,
        Layer::Pidns,
        Layer::Netns,
        Layer::Ipcns,
        Layer::Utsns,
        Layer::Mountns,
        Layer::Filesystem,
        Layer::Cgroup,
    ];

    /// The layer's name, as `doctor` and the JSON result's `sandbox.layers` write it.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Tmpdir => "tmpdir",
            Layer::Rlimits => "rlimits",
            Layer::Session => "session",
            Layer::Teardown => "teardown",
            Layer::Privdrop => "privdrop",
            Layer::Landlock => "landlock",
            Layer::Userns => "userns",
            Layer::Pidns => "pidns",
            Layer::Netns => "netns",
            Layer::Ipcns => "ipcns",
            Layer::Utsns => "utsns",
            Layer::Mountns => "mountns",
            Layer::Filesystem => "filesystem",
            Layer::Cgroup => "cgroup",
        }
    }

    /// The layer of that name, if any.
    pub fn parse(name: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|layer| layer.name() == name)
    }

    /// A namespace of the run's own (what `LIVEJUDGE_SKIP_LAYERS=namespaces` turns off).
    pub fn is_namespace(self) -> bool {
        matches!(
            self,
            Layer::Userns
                | Layer::Pidns
                | Layer::Netns
                | Layer::Ipcns
                | Layer::Utsns
                | Layer::Mountns
        )
    }

    /// What the layer does, for `doctor`.
    pub fn describe(self, probe_abi: i32) -> String {
        match self {
            Layer::Tmpdir => "a fresh folder per test, removed afterwards".into(),
            Layer::Rlimits => {
                "CPU, file size, open files, no core dumps (+ memory, processes without cgroup)"
                    .into()
            }
            Layer::Session => "its own session and process group".into(),
            Layer::Teardown => "every process of the run killed when it ends".into(),
            Layer::Privdrop => "runs as an unprivileged user, no_new_privs".into(),
            Layer::Landlock => format!(
                "ABI {probe_abi}: {}",
                landlock::enforced_features(probe_abi).join(", ")
            ),
            Layer::Userns => "user namespace (the judge's uid mapped to itself)".into(),
            Layer::Pidns => "own PID space under an init; its death ends the run".into(),
            Layer::Netns => "no network: loopback only, nothing listening".into(),
            Layer::Ipcns => "own System V IPC and POSIX message queues".into(),
            Layer::Utsns => "own hostname".into(),
            Layer::Mountns => {
                "filesystem read-only but the run folders; /proc of its own PID namespace".into()
            }
            Layer::Filesystem => format!(
                "a root built for each run: system folders read-only, the working folder at {} \
                 (a tmpfs of limits.disk), minimal /dev, own /proc; nothing else of the machine",
                view::BOX
            ),
            Layer::Cgroup => match cgroup::v2::base() {
                Some(base) => {
                    let enabled = std::fs::read_to_string(base.join("cgroup.subtree_control"))
                        .unwrap_or_default();
                    let has = |c: &str| enabled.split_whitespace().any(|e| e == c);
                    let limits = match (has("memory"), has("pids")) {
                        (true, true) => "memory and processes",
                        (true, false) => "memory (processes: rlimit)",
                        (false, true) => "processes (memory: rlimit)",
                        (false, false) => "neither memory nor processes (rlimits instead)",
                    };
                    format!(
                        "cgroup v2 under {}: {limits} of the run as a whole, exact CPU, cgroup.kill",
                        base.display()
                    )
                }
                None => "cgroup v1: pids, memory and CPU of the run as a whole".into(),
            },
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layer_parses_back_from_its_name() {
        for layer in Layer::ALL {
            assert_eq!(Layer::parse(layer.name()), Some(layer));
            assert_eq!(layer.is_namespace(), layer.name().ends_with("ns"));
        }
        assert_eq!(Layer::parse("namespaces"), None);
        assert_eq!(format!("{:<10}|", Layer::Pidns), "pidns     |");
    }
}
