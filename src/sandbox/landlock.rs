//! Landlock: the filesystem, network and scope rules a run is confined by. The ruleset is built
//! in the zygote before it forks; the child only calls `restrict_self` before exec.
//! Reads and execution: system folders (and, for checkers, the challenge folder); reads and
//! writes: the working folder and a few devices; TCP bind and connect: denied (ABI 4+);
//! signals and abstract Unix sockets outside the run: denied (ABI 6+).

use std::collections::HashMap;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::OnceLock;

use landlock::{
    ABI, Access, AccessFs, AccessNet, BitFlags, CompatLevel, Compatible, PathBeneath, RulesetAttr,
    RulesetCreated, RulesetCreatedAttr, Scope,
};
use serde::{Deserialize, Serialize};

/// Folders every run may read and execute. `/var/lib/ghc`: Debian's GHC keeps its package
/// database there (`/usr/lib/ghc/package.conf.d` links to it); without it nothing compiles.
pub const SYSTEM_READ: [&str; 11] = [
    "/usr",
    "/bin",
    "/sbin",
    "/lib",
    "/lib32",
    "/lib64",
    "/libx32",
    "/etc",
    "/opt",
    "/proc",
    "/var/lib/ghc",
];
/// Devices every run may read and write.
pub const DEVICES: [&str; 4] = ["/dev/null", "/dev/zero", "/dev/urandom", "/dev/random"];

/// The paths of one run's policy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Read and execute.
    pub read: Vec<String>,
    /// Read, write, execute, create, remove.
    pub write: Vec<String>,
}

impl Policy {
    /// The policy of a run whose working folder is `work`, plus extra readable folders.
    pub fn for_run(work: &str, extra_read: &[String]) -> Policy {
        let mut read: Vec<String> = SYSTEM_READ.iter().map(|s| s.to_string()).collect();
        read.extend(extra_read.iter().cloned());
        let mut write = vec![work.to_string()];
        write.extend(DEVICES.iter().map(|s| s.to_string()));
        Policy { read, write }
    }

    /// Lets the run read `folder` too (nothing to add when it may read everything).
    pub fn allow_read(&mut self, folder: String) {
        if !self.read.iter().any(|path| path == "/") {
            self.read.push(folder);
        }
    }

    /// The policy of a run inside a view (`sandbox::view`) whose working folder is `work`:
    /// everything may be read, the working folder and the devices written.
    pub fn in_view(work: &str) -> Policy {
        let mut write = vec![work.to_string()];
        write.extend(DEVICES.iter().map(|s| s.to_string()));
        Policy {
            read: vec!["/".to_string()],
            write,
        }
    }
}

/// The Landlock ABI of the running kernel (0 when Landlock is unavailable), asked once.
pub fn abi_version() -> i32 {
    static VERSION: OnceLock<i32> = OnceLock::new();
    *VERSION.get_or_init(|| {
        // SAFETY: LANDLOCK_CREATE_RULESET_VERSION only queries the ABI version.
        let version = unsafe {
            libc::syscall(
                libc::SYS_landlock_create_ruleset,
                std::ptr::null::<u8>(),
                0usize,
                1u32, // LANDLOCK_CREATE_RULESET_VERSION
            )
        };
        version.max(0) as i32
    })
}

/// `O_PATH` descriptors of the system folders and devices every rule set names, opened once per
/// process (the zygote opens them at start) and kept. A run's own folder is opened for its rule
/// set only: the zygote lives for many runs. (Opening a dozen paths per run cost a noticeable
/// part of a run's overhead.)
static OPENED: OnceLock<HashMap<&'static str, Opened>> = OnceLock::new();

/// A kept `O_PATH` descriptor and whether it is a folder.
type Opened = (OwnedFd, bool);

fn open_path(path: &str, keep: bool) -> Option<Opened> {
    let low = rustix::fs::open(
        path,
        rustix::fs::OFlags::PATH | rustix::fs::OFlags::CLOEXEC,
        rustix::fs::Mode::empty(),
    )
    .ok()?;
    // Kept ones above the descriptors a zygote receives for a run.
    let fd = if keep {
        rustix::io::fcntl_dupfd_cloexec(&low, 64).ok()?
    } else {
        low
    };
    let is_dir = rustix::fs::fstat(&fd)
        .map(|st| rustix::fs::FileType::from_raw_mode(st.st_mode).is_dir())
        .unwrap_or(false);
    Some((fd, is_dir))
}

/// Opens the system folders and devices now (in the zygote, before any run).
pub fn warm_up() {
    kept();
}

fn kept() -> &'static HashMap<&'static str, Opened> {
    OPENED.get_or_init(|| {
        SYSTEM_READ
            .iter()
            .chain(DEVICES.iter())
            .filter_map(|path| Some((*path, open_path(path, true)?)))
            .collect()
    })
}

/// The root of the view a zygote's runs enter (`policy.read`'s `/` in a view), opened once: it is
/// the same folder for every run of the zygote.
fn view_root_opened(root: &std::path::Path) -> Option<&'static Opened> {
    static VIEW_ROOT: OnceLock<Option<(std::path::PathBuf, Opened)>> = OnceLock::new();
    let (kept_root, opened) = VIEW_ROOT
        .get_or_init(|| {
            Some((
                root.to_path_buf(),
                open_path(&root.to_string_lossy(), true)?,
            ))
        })
        .as_ref()?;
    (kept_root == root).then_some(opened)
}

/// The descriptor kept open for `path`: a system folder or device, or (`root`, in a view) the
/// view's root.
fn kept_open(path: &str, root: Option<&'static Opened>) -> Option<&'static Opened> {
    kept().get(path).or(root.filter(|_| path == "/"))
}

/// Rules granting `access` beneath each existing path (file-only rights for non-folders);
/// paths that are not kept open are opened into `fresh`, which must outlive the rules.
fn rules<'a>(
    paths: &[String],
    access: BitFlags<AccessFs>,
    abi: ABI,
    root: Option<&'static Opened>,
    fresh: &'a [(String, Opened)],
) -> Vec<PathBeneath<BorrowedFd<'a>>> {
    paths
        .iter()
        .filter_map(|path| {
            kept_open(path, root).or_else(|| fresh.iter().find(|(p, _)| p == path).map(|(_, o)| o))
        })
        .map(|(fd, is_dir)| {
            let access = if *is_dir {
                access
            } else {
                access & AccessFs::from_file(abi)
            };
            PathBeneath::new(fd.as_fd(), access)
        })
        .collect()
}

/// Builds the ruleset for `policy` against the kernel's ABI. Paths that do not exist are
/// skipped (not every system has /lib32). With `view_root`, the policy's paths are those a run
/// sees inside the view built there (`sandbox::view`): the system folders are binds of the
/// machine's (the same files, so the rules opened on the machine's hold), the others are opened
/// inside the view.
pub fn build(
    policy: &Policy,
    view_root: Option<&std::path::Path>,
) -> Result<RulesetCreated, landlock::RulesetError> {
    let abi = ABI::from(abi_version());
    let root = view_root.and_then(view_root_opened);
    let fresh: Vec<(String, Opened)> = policy
        .read
        .iter()
        .chain(policy.write.iter())
        .filter(|path| kept_open(path, root).is_none())
        .filter_map(|path| {
            let opened = match view_root {
                Some(root) => open_path(
                    &root.join(path.trim_start_matches('/')).to_string_lossy(),
                    false,
                ),
                None => open_path(path, false),
            };
            Some((path.clone(), opened?))
        })
        .collect();
    let mut ruleset = landlock::Ruleset::default()
        .set_compatibility(CompatLevel::BestEffort)
        .handle_access(AccessFs::from_all(abi))?;
    if abi >= ABI::V4 {
        ruleset = ruleset.handle_access(AccessNet::from_all(abi))?;
    }
    if abi >= ABI::V6 {
        ruleset = ruleset.scope(Scope::from_all(abi))?;
    }
    let read = rules(&policy.read, AccessFs::from_read(abi), abi, root, &fresh);
    let write = rules(&policy.write, AccessFs::from_all(abi), abi, root, &fresh);
    ruleset.create()?.add_rules(
        read.into_iter()
            .chain(write)
            .map(Ok::<_, landlock::RulesetError>),
    )
}

/// Names of what Landlock enforces on this kernel, for `doctor`.
pub fn enforced_features(abi: i32) -> Vec<&'static str> {
    let mut features = Vec::new();
    if abi >= 1 {
        features.push("filesystem");
    }
    if abi >= 4 {
        features.push("tcp bind/connect");
    }
    if abi >= 6 {
        features.push("signal and abstract-socket scoping");
    }
    features
}
