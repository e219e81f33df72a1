//! Everything OS-specific about containing a run: its temporary folder, the supervisor process
//! that applies limits and tears the process tree down, and the report of which layers are in
//! force. Unix only.

pub mod cgroup;
pub mod landlock;
pub mod layer;
pub mod mounts;
pub mod namespaces;
pub mod prepared;
pub mod spawn;
pub mod supervisor;
pub mod view;
pub mod workdir;
pub mod zygote;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::outcome::{SandboxInfo, SandboxLevel};

pub use layer::Layer;

/// `--sandbox auto|strict|off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SandboxMode {
    #[default]
    Auto,
    Strict,
    Off,
}

/// One protection layer and whether it is in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerStatus {
    pub layer: Layer,
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

/// What `livejudge __probe` finds out about this machine, in a fresh single-threaded process.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Probe {
    pub landlock_abi: i32,
    pub namespaces: Result<(), String>,
    /// This process's cgroup v2 folder, when it is delegated (see `cgroup::v2::detect`).
    pub cgroup: Result<String, String>,
    /// A mount namespace for runs (`sandbox::mounts`), tried in fresh namespaces.
    #[serde(default = "not_probed")]
    pub mounts: Result<(), String>,
    /// cgroup v1 with the pids, memory and cpuacct controllers, usable as root.
    #[serde(default = "not_probed")]
    pub cgroup_v1: Result<(), String>,
    /// A filesystem built for each run (`sandbox::view`), tried like a zygote would.
    #[serde(default = "not_probed")]
    pub view: Result<(), String>,
    pub root: bool,
}

fn not_probed() -> Result<(), String> {
    Err("not probed".into())
}

impl Probe {
    /// Probes this machine (run in the `__probe` process). `$LIVEJUDGE_CGROUP` picks the kind
    /// of cgroup: `v1`, or `v2` — then even a cgroup v2 folder without the memory or pids
    /// controller is used (to exercise cgroup v2 on hybrid machines); by default cgroup v2 when
    /// delegated, else cgroup v1 as root.
    pub fn here() -> Probe {
        let root = rustix::process::geteuid().is_root();
        let choice = std::env::var(CGROUP_CHOICE).unwrap_or_default();
        let not_chosen = || format!("not chosen ({CGROUP_CHOICE}={choice})");
        let view = view::probe(!root).map_err(|e| e.to_string());
        // A view is built inside the namespaces and the mount namespace the other two probes
        // try, made the same way: when it was built, they hold, and their own forks (a couple
        // of milliseconds each, on every command) are spared. When it was not, they say which
        // layer is missing.
        let (namespaces, mounts) = match &view {
            Ok(()) => (Ok(()), Ok(())),
            Err(_) => (
                namespaces::probe(!root).map_err(String::from),
                mounts::probe(!root).map_err(String::from),
            ),
        };
        Probe {
            landlock_abi: landlock::abi_version(),
            namespaces,
            mounts,
            view,
            cgroup: match choice.as_str() {
                "v1" => Err(not_chosen()),
                force => cgroup::v2::detect(force == "v2")
                    .map(|p| p.display().to_string())
                    .map_err(|e| e.to_string()),
            },
            cgroup_v1: match choice.as_str() {
                "v2" => Err(not_chosen()),
                _ => cgroup::v1::detect().map(|_| ()).map_err(|e| e.to_string()),
            },
            root,
        }
    }
}

/// The environment variable that picks the kind of cgroup (see `Probe::here`).
pub const CGROUP_CHOICE: &str = "LIVEJUDGE_CGROUP";

/// The layers `LIVEJUDGE_SKIP_LAYERS` turns off, as named there.
fn skipped_layers() -> Vec<String> {
    std::env::var("LIVEJUDGE_SKIP_LAYERS")
        .map(|skip| {
            skip.split(',')
                .map(|name| name.trim().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// For a command about to judge in `mode`: when its runs may use cgroups v1, starts the grace
/// period their zygotes' joins wait for now (`cgroup::v1::warm_up_migration`), while the command
/// loads and probes.
pub fn warm_up_cgroup_v1(mode: SandboxMode) {
    let v2_chosen = std::env::var(CGROUP_CHOICE).is_ok_and(|choice| choice == "v2");
    let skipped = skipped_layers()
        .iter()
        .any(|layer| layer == Layer::Cgroup.name());
    if mode != SandboxMode::Off && !v2_chosen && !skipped {
        let _ = cgroup::v1::warm_up_migration();
    }
}

/// Entry point of `livejudge __probe`: prints the probe as JSON. Never returns.
pub fn probe_main() -> ! {
    let probe = Probe::here();
    let code = match serde_json::to_string(&probe) {
        Ok(text) => {
            println!("{text}");
            0
        }
        Err(_) => 70,
    };
    std::process::exit(code)
}

/// What the sandbox will do for runs in this process.
#[derive(Debug, Clone)]
pub struct SandboxStatus {
    pub mode: SandboxMode,
    /// The kernel's Landlock ABI (0 without Landlock).
    pub landlock_abi: i32,
    pub layers: Vec<LayerStatus>,
    /// The uid/gid runs drop to, when the judge is root.
    pub run_as: Option<(u32, u32)>,
    /// Apply Landlock to runs.
    pub landlock: bool,
    /// Run in fresh namespaces.
    pub namespaces: bool,
    /// With namespaces: in the zygote's mount namespace (read-only but the run folders).
    pub mounts: bool,
    /// With the mount namespace: in a filesystem built for each run (`sandbox::view`).
    pub view: bool,
    /// Put runs in cgroups (v2 under `cgroup::v2::base()` when set, else v1 as root).
    pub cgroup: bool,
}

impl SandboxStatus {
    /// Detects the layers this machine offers, by running `supervisor __probe`.
    /// `run_as` replaces the default unprivileged user when the judge is root.
    pub fn detect(
        mode: SandboxMode,
        supervisor: &Path,
        run_as: Option<(u32, u32)>,
    ) -> SandboxStatus {
        let probe = std::process::Command::new(supervisor)
            .arg("__probe")
            .env_clear()
            .envs(std::env::var_os(CGROUP_CHOICE).map(|v| (CGROUP_CHOICE, v)))
            // The view is tried where runs' folders will be, not always on /dev/shm.
            .env("LIVEJUDGE_TMPDIR", workdir::base_folder())
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
            .and_then(|out| serde_json::from_slice::<Probe>(&out.stdout).ok())
            .unwrap_or_else(|| Probe {
                landlock_abi: 0,
                namespaces: Err("the sandbox probe could not run".into()),
                mounts: Err("the sandbox probe could not run".into()),
                cgroup: Err("the sandbox probe could not run".into()),
                cgroup_v1: Err("the sandbox probe could not run".into()),
                view: Err("the sandbox probe could not run".into()),
                root: rustix::process::geteuid().is_root(),
            });
        let mut status = SandboxStatus::from_probe(mode, &probe);
        if let (Some(ids), Some(_)) = (run_as, status.run_as) {
            status.run_as = Some(ids);
        }
        let skipped = skipped_layers();
        if !skipped.is_empty() {
            status.skip(&skipped.iter().map(String::as_str).collect::<Vec<_>>());
        }
        if status.cgroup
            && let Ok(folder) = &probe.cgroup
        {
            status.use_cgroup_v2(Path::new(folder), probe.cgroup_v1.is_ok());
        }
        status
    }

    /// Prepares the cgroup v2 base folder runs will use (once per process; it may move the
    /// judge into a leaf of its cgroup). When that fails, runs use cgroup v1 if `v1` is usable,
    /// else no cgroup.
    fn use_cgroup_v2(&mut self, folder: &Path, v1: bool) {
        if cgroup::v2::base().is_some() {
            return;
        }
        match cgroup::v2::prepare_base(folder, std::process::id()) {
            Ok(base) => cgroup::v2::set_base(base),
            Err(_) if v1 => {}
            Err(why) => {
                self.cgroup = false;
                for layer in &mut self.layers {
                    if layer.layer == Layer::Cgroup {
                        layer.state = LayerState::Unavailable(why.to_string());
                    }
                }
            }
        }
    }

    /// Turns layers off by name (`landlock`, `namespaces`, `cgroup`), for measuring what each
    /// costs (`LIVEJUDGE_SKIP_LAYERS=landlock,cgroup`). A run with a layer skipped is `partial`.
    pub fn skip(&mut self, names: &[&str]) {
        for layer in &mut self.layers {
            let named = names.iter().any(|name| {
                Layer::parse(name) == Some(layer.layer)
                    || (*name == "namespaces" && layer.layer.is_namespace())
            });
            if named && layer.state == LayerState::Active {
                layer.state = LayerState::Off;
            }
        }
        let active = |layer| is_active(&self.layers, layer);
        self.landlock = active(Layer::Landlock);
        self.namespaces = active(Layer::Pidns);
        self.mounts = self.namespaces && active(Layer::Mountns);
        self.view = self.mounts && active(Layer::Filesystem);
        self.cgroup = active(Layer::Cgroup);
    }

    /// The layers in force under `mode` on a machine that probed as `probe`.
    pub fn from_probe(mode: SandboxMode, probe: &Probe) -> SandboxStatus {
        let active = |layer| LayerStatus {
            layer,
            state: LayerState::Active,
        };
        let optional = |layer, available: Result<(), String>| LayerStatus {
            layer,
            state: match (mode, available) {
                (SandboxMode::Off, _) => LayerState::Off,
                (_, Ok(())) => LayerState::Active,
                (_, Err(why)) => LayerState::Unavailable(why),
            },
        };
        let landlock = if probe.landlock_abi > 0 {
            Ok(())
        } else {
            Err(
                "the kernel has no Landlock (needs Linux 5.13+ with landlock in the LSM list)"
                    .into(),
            )
        };
        let mut layers = vec![
            active(Layer::Tmpdir),
            active(Layer::Rlimits),
            active(Layer::Session),
            active(Layer::Teardown),
        ];
        if probe.root {
            layers.push(active(Layer::Privdrop));
        }
        layers.push(optional(Layer::Landlock, landlock));
        let namespaces: &[Layer] = if probe.root {
            &[Layer::Pidns, Layer::Netns, Layer::Ipcns, Layer::Utsns]
        } else {
            &[
                Layer::Userns,
                Layer::Pidns,
                Layer::Netns,
                Layer::Ipcns,
                Layer::Utsns,
            ]
        };
        for &layer in namespaces {
            layers.push(optional(layer, probe.namespaces.clone()));
        }
        // The runs' mount namespace lives in the others (its /proc is the PID namespace's).
        layers.push(optional(
            Layer::Mountns,
            probe.namespaces.clone().and(probe.mounts.clone()),
        ));
        layers.push(optional(
            Layer::Filesystem,
            probe
                .namespaces
                .clone()
                .and(probe.mounts.clone())
                .and(probe.view.clone()),
        ));
        layers.push(LayerStatus {
            layer: Layer::Cgroup,
            state: match (mode, &probe.cgroup, &probe.cgroup_v1) {
                (SandboxMode::Off, _, _) => LayerState::Off,
                (_, Ok(_), _) | (_, _, Ok(())) => LayerState::Active,
                (_, Err(v2), Err(v1)) => LayerState::Unavailable(format!("{v2}; {v1}")),
            },
        });
        let active = |layer| is_active(&layers, layer);
        let landlock = active(Layer::Landlock);
        let namespaces = active(Layer::Pidns);
        let cgroup = active(Layer::Cgroup);
        let mounts = namespaces && active(Layer::Mountns);
        SandboxStatus {
            view: mounts && active(Layer::Filesystem),
            mounts,
            cgroup,
            landlock_abi: probe.landlock_abi,
            mode,
            run_as: probe.root.then_some(NOBODY),
            landlock,
            namespaces,
            layers,
        }
    }

    /// Layers that this platform could have but does not. The cgroup counts only where the
    /// machine offers it; the mount namespace and the filesystem built for each run only where
    /// the namespaces work, the filesystem as the main containment (sandbox.md): they need
    /// Linux 5.12 and a /proc that may be mounted again, which a container may forbid, and
    /// `doctor` says why they are unavailable.
    pub fn missing(&self) -> Vec<&LayerStatus> {
        let namespaces_work = self
            .layers
            .iter()
            .any(|l| l.layer == Layer::Pidns && !matches!(l.state, LayerState::Unavailable(_)));
        self.layers
            .iter()
            .filter(|l| matches!(l.state, LayerState::Unavailable(_)))
            .filter(|l| l.layer != Layer::Cgroup && l.layer != Layer::Mountns)
            .filter(|l| l.layer != Layer::Filesystem || namespaces_work)
            .collect()
    }

    /// What a run can reach of the machine's filesystem under these layers, for `doctor`.
    pub fn reachable(&self) -> &'static str {
        if self.view {
            "only the system folders (read-only), its working folder and a minimal /dev"
        } else if self.landlock {
            "reads and executes the system folders, writes its working folder; it can still see \
             names, sizes and times of other files (stat) and reach Unix sockets by path"
        } else {
            "everything its user may read on this machine: the sandbox is partial"
        }
    }

    /// `sandbox` of the JSON result.
    pub fn info(&self) -> SandboxInfo {
        let active: Vec<String> = self
            .layers
            .iter()
            .filter(|l| l.state == LayerState::Active)
            .map(|l| l.layer.name().to_string())
            .collect();
        let level = if self.mode == SandboxMode::Off {
            SandboxLevel::None
        } else if self.missing().is_empty()
            && !self.layers.iter().any(|l| l.state == LayerState::Off)
        {
            SandboxLevel::Full
        } else {
            SandboxLevel::Partial
        };
        SandboxInfo {
            level,
            layers: active,
        }
    }

    /// The one-line note shown when layers are missing or off, if any.
    pub fn note(&self) -> Option<String> {
        if self.mode == SandboxMode::Off {
            return Some(
                "sandbox OFF: only the temporary folder, the limits and the process teardown protect this machine"
                    .into(),
            );
        }
        let missing: Vec<&str> = self
            .missing_or_off()
            .iter()
            .map(|l| l.layer.name())
            .collect();
        (!missing.is_empty()).then(|| format!("sandbox partial — missing: {}", missing.join(", ")))
    }

    /// The layers `missing` names, and those turned off (`LIVEJUDGE_SKIP_LAYERS`), in order.
    pub fn missing_or_off(&self) -> Vec<&LayerStatus> {
        let missing = self.missing();
        self.layers
            .iter()
            .filter(|l| l.state == LayerState::Off || missing.iter().any(|m| m.layer == l.layer))
            .collect()
    }
}

/// `layer` is among `layers` and active.
fn is_active(layers: &[LayerStatus], layer: Layer) -> bool {
    layers
        .iter()
        .any(|l| l.layer == layer && l.state == LayerState::Active)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(abi: i32, namespaces: Result<(), String>, root: bool) -> Probe {
        Probe {
            landlock_abi: abi,
            mounts: namespaces.clone(),
            view: namespaces.clone(),
            namespaces,
            cgroup: Err("v1 only".into()),
            cgroup_v1: Err("needs root".into()),
            root,
        }
    }

    #[test]
    fn full_when_landlock_and_namespaces_work() {
        let status = SandboxStatus::from_probe(SandboxMode::Auto, &probe(7, Ok(()), true));
        assert_eq!(status.info().level, SandboxLevel::Full);
        assert!(status.landlock && status.namespaces && status.view);
        assert!(status.info().layers.contains(&"privdrop".to_string()));
        assert!(status.info().layers.contains(&"filesystem".to_string()));
        assert_eq!(status.note(), None);
    }

    #[test]
    fn a_mount_namespace_that_cannot_be_made_is_reported_not_missing() {
        let mut probe = probe(7, Ok(()), false);
        probe.mounts = Err("mounting /proc: Operation not permitted".into());
        let status = SandboxStatus::from_probe(SandboxMode::Auto, &probe);
        assert!(status.namespaces && !status.mounts && !status.view);
        // The filesystem built for each run is the main containment: without it, partial.
        assert_eq!(status.info().level, SandboxLevel::Partial);
        assert!(status.note().unwrap().contains("filesystem"));
        let mountns = status
            .layers
            .iter()
            .find(|l| l.layer == Layer::Mountns)
            .unwrap();
        assert!(matches!(&mountns.state, LayerState::Unavailable(why) if why.contains("/proc")));
        // With it, runs use it.
        let status =
            SandboxStatus::from_probe(SandboxMode::Auto, &super::tests::probe(7, Ok(()), false));
        assert!(status.mounts);
    }

    #[test]
    fn a_view_that_cannot_be_built_is_missing_where_namespaces_work() {
        let mut probe = probe(7, Ok(()), true);
        probe.view = Err("fsopen: Operation not permitted".into());
        let status = SandboxStatus::from_probe(SandboxMode::Auto, &probe);
        assert!(status.mounts && !status.view);
        assert_eq!(status.info().level, SandboxLevel::Partial);
        assert_eq!(
            status.missing().iter().map(|l| l.layer).collect::<Vec<_>>(),
            [Layer::Filesystem]
        );
        assert!(status.reachable().contains("stat"));
        // Without namespaces it is not counted again: userns and the others are.
        let status = SandboxStatus::from_probe(
            SandboxMode::Auto,
            &super::tests::probe(7, Err("off".into()), false),
        );
        assert!(
            !status
                .missing()
                .iter()
                .any(|l| l.layer == Layer::Filesystem)
        );
    }

    #[test]
    fn partial_without_user_namespaces() {
        let status =
            SandboxStatus::from_probe(SandboxMode::Auto, &probe(7, Err("disabled".into()), false));
        assert_eq!(status.info().level, SandboxLevel::Partial);
        assert!(!status.namespaces);
        assert!(status.note().unwrap().contains("userns"));
    }

    #[test]
    fn skipping_a_layer_makes_the_sandbox_partial() {
        let mut status = SandboxStatus::from_probe(SandboxMode::Auto, &probe(7, Ok(()), true));
        status.skip(&["landlock", "namespaces"]);
        assert!(!status.landlock && !status.namespaces);
        assert_eq!(status.info().level, SandboxLevel::Partial);
        assert!(status.note().unwrap().contains("landlock"));
    }

    #[test]
    fn off_keeps_only_the_basics() {
        let status = SandboxStatus::from_probe(SandboxMode::Off, &probe(7, Ok(()), false));
        assert_eq!(status.info().level, SandboxLevel::None);
        assert!(!status.landlock && !status.namespaces);
        assert!(status.note().unwrap().contains("OFF"));
    }
}
