//! The filesystem a run sees (layer `filesystem`): a root built from nothing, once per zygote,
//! in the zygote's own mount namespace, and entered by each run with `chroot` before it execs.
//! It holds read-only binds of the system folders, a minimal `/dev`, the PID namespace's
//! `/proc`, `/tmp` pointing into the working folder, and mount points for what a run brings:
//! its working folder at [`BOX`] (a fresh tmpfs of `limits.disk` bytes, filled from the folder
//! the judge prepared), and read-only binds such as a compiled program or, for a checker, the
//! challenge folder. Nothing else of the machine exists in it: no challenge folder, no `/tmp`,
//! `/run`, `/home` or `/dev/shm`, no Unix socket.
//!
//! Why `chroot` and not `pivot_root` per run: the runs of a zygote share its namespaces, and a
//! mount namespace per run would copy the machine's mount table every time. `chroot` is safe
//! here because a run never holds a capability (it execs as a non-root user of its own user
//! namespace, with `no_new_privs`), the kernel refuses a new user namespace to a chrooted process,
//! the zygote is not dumpable (its `/proc/1/root` is closed to the run), and no descriptor of
//! the outside reaches the run. Mounts outside the root do not show in its `/proc/self/mountinfo`.

use std::ffi::CString;
use std::io;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};

use super::namespaces::{ProbeError, attempt_in_child};

/// The working folder of every run, as the run sees it.
pub const BOX: &str = "/box";
/// The run's `/dev/shm`, relative to its working folder (made by `workdir::RunDir::new`).
pub const SHM: &str = ".tmp/.shm";
/// Where a compiled program's folder is bound, read-only.
pub const PROGRAM: &str = "/prog";
/// Where a checker or validator finds the challenge folder, read-only.
pub const CHALLENGE: &str = "/challenge";

/// Folders of the machine bound read-only into every view: the system folders Landlock lets
/// every run read (one list), but `/proc`, which the view has its own of. A top-level link is
/// copied as a link (`/bin` → `usr/bin` on a merged-/usr system); a deeper folder (such as GHC's
/// package database under `/var/lib`) gets its parents made in the view.
fn system_folders() -> impl Iterator<Item = &'static str> {
    super::landlock::SYSTEM_READ
        .into_iter()
        .filter(|path| *path != "/proc")
}
/// Devices bound into the view's `/dev`.
const DEVICES: [&str; 5] = ["null", "zero", "full", "random", "urandom"];
/// Links of the view's `/dev`.
const DEV_LINKS: [(&str, &str); 4] = [
    ("fd", "/proc/self/fd"),
    ("stdin", "/proc/self/fd/0"),
    ("stdout", "/proc/self/fd/1"),
    ("stderr", "/proc/self/fd/2"),
];

/// Files of a working folder at most, whatever its size: tmpfs inodes cost memory that its
/// `size` does not count.
pub const MAX_INODES: u64 = 65_536;

use super::mounts::{Access, check, cstring, set_read_only};

fn mount(
    source: &Path,
    target: &Path,
    kind: Option<&str>,
    flags: libc::c_ulong,
    data: Option<&str>,
) -> io::Result<()> {
    let source_c = cstring(source)?;
    let target_c = cstring(target)?;
    let kind_c = kind
        .map(CString::new)
        .transpose()
        .map_err(io::Error::other)?;
    let data_c = data
        .map(CString::new)
        .transpose()
        .map_err(io::Error::other)?;
    // SAFETY: mount(2) with NUL-terminated strings that outlive the call.
    let result = unsafe {
        libc::mount(
            source_c.as_ptr(),
            target_c.as_ptr(),
            kind_c.as_ref().map_or(std::ptr::null(), |k| k.as_ptr()),
            flags,
            data_c
                .as_ref()
                .map_or(std::ptr::null(), |d| d.as_ptr().cast()),
        )
    };
    check(
        result,
        &format!("mounting {} on {}", source.display(), target.display()),
    )
}

/// Detaches the mount at `target` (and everything below it); what is still open stays usable.
fn unmount(target: &Path) -> io::Result<()> {
    let target_c = cstring(target)?;
    // SAFETY: umount2 on a NUL-terminated path.
    let result = unsafe { libc::umount2(target_c.as_ptr(), libc::MNT_DETACH) };
    check(result, &format!("unmounting {}", target.display()))
}

/// A bind of `source` (a folder of the machine) at `target` inside the view, read-only.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Bind {
    pub source: String,
    pub target: String,
}

/// The view of a zygote: its root folder in the zygote's mount namespace.
#[derive(Debug)]
pub struct View {
    root: PathBuf,
    /// The root, opened: a run enters it with `fchdir` + `chroot(".")`, since the run's user
    /// may not search the folders above it.
    root_fd: Option<OwnedFd>,
    /// Where the mounts of ended runs wait to be unmounted (outside the root: no run reaches
    /// it), and how many wait there.
    parking: PathBuf,
    parked: std::sync::Mutex<usize>,
    /// The shared prepared folder last written into a working folder, kept in memory.
    prepared: std::sync::Mutex<Option<super::prepared::SharedFolder>>,
}

/// Mounts of ended runs left in the parking before they are unmounted, all in one unmount:
/// each unmount waits for an RCU grace period (about 0.35 ms here, and it interrupts every CPU,
/// the other runs' too).
const PARKED_AT_MOST: usize = 16;

/// What one run added to the view, removed by [`View::release`].
#[derive(Debug, Default)]
pub struct Attached {
    binds: Vec<PathBuf>,
    work: Option<PathBuf>,
}

impl View {
    /// Builds the view on `mount_point` (an empty folder), in the calling process's mount
    /// namespace, which must be its own and private (`mounts::isolate`), with `/proc` already
    /// the PID namespace's.
    pub fn build(mount_point: &Path) -> io::Result<View> {
        let root = mount_point.to_path_buf();
        mount(
            Path::new("tmpfs"),
            &root,
            Some("tmpfs"),
            libc::MS_NOSUID | libc::MS_NODEV,
            Some("size=1m,nr_inodes=256,mode=0755"),
        )?;
        // Beside the mount point, in the same folder of the judge's (removed with it).
        let parking = root.with_extension("parked");
        std::fs::create_dir_all(&parking)?;
        mount_parking(&parking)?;
        let mut view = View {
            root,
            root_fd: None,
            parking,
            parked: std::sync::Mutex::new(0),
            prepared: std::sync::Mutex::new(None),
        };
        let mut read_only_binds = Vec::new();
        for path in system_folders() {
            let host = Path::new(path);
            let inside = view.inside(path);
            let top_level = host.parent() == Some(Path::new("/"));
            match std::fs::symlink_metadata(host) {
                Ok(meta) if meta.file_type().is_symlink() && top_level => {
                    std::os::unix::fs::symlink(std::fs::read_link(host)?, &inside)?;
                }
                Ok(_) if host.is_dir() => {
                    std::fs::create_dir_all(&inside)?;
                    mount(host, &inside, None, libc::MS_BIND | libc::MS_REC, None)?;
                    read_only_binds.push(inside);
                }
                _ => {}
            }
        }
        let dev = view.root.join("dev");
        std::fs::create_dir(&dev)?;
        for name in DEVICES {
            let host = Path::new("/dev").join(name);
            if host.exists() {
                std::fs::write(dev.join(name), b"")?;
                mount(&host, &dev.join(name), None, libc::MS_BIND, None)?;
            }
        }
        for (name, target) in DEV_LINKS {
            std::os::unix::fs::symlink(target, dev.join(name))?;
        }
        // POSIX shared memory and semaphores (`shm_open`, `sem_open`: Python's multiprocessing)
        // live in /dev/shm: here the run's own, inside its working folder (apart from /tmp).
        std::os::unix::fs::symlink(format!("{BOX}/{SHM}"), dev.join("shm"))?;
        let proc = view.root.join("proc");
        std::fs::create_dir(&proc)?;
        mount(
            Path::new("/proc"),
            &proc,
            None,
            libc::MS_BIND | libc::MS_REC,
            None,
        )?;
        std::os::unix::fs::symlink(format!("{BOX}/.tmp"), view.root.join("tmp"))?;
        for point in [BOX, PROGRAM, CHALLENGE] {
            std::fs::create_dir(view.inside(point))?;
        }
        for bind in &read_only_binds {
            set_read_only(bind, Access::Locked, true)?;
        }
        set_read_only(&view.root, Access::Locked, false)?;
        let opened = rustix::fs::open(
            &view.root,
            rustix::fs::OFlags::PATH | rustix::fs::OFlags::DIRECTORY | rustix::fs::OFlags::CLOEXEC,
            rustix::fs::Mode::empty(),
        )?;
        // Above the descriptors a zygote receives for a run and moves to 0–2.
        view.root_fd = Some(rustix::io::fcntl_dupfd_cloexec(&opened, 64)?);
        Ok(view)
    }

    /// The descriptor of the root, for the run's `fchdir` before its `chroot(".")`.
    pub fn root_fd(&self) -> Option<std::os::fd::RawFd> {
        use std::os::fd::AsRawFd;
        self.root_fd.as_ref().map(|fd| fd.as_raw_fd())
    }

    /// The view's root, in the zygote's mount namespace (what a run `chroot`s into).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A path of the view (absolute, as a run sees it) in the zygote's mount namespace.
    pub fn inside(&self, path: &str) -> PathBuf {
        self.root.join(path.trim_start_matches('/'))
    }

    /// Prepares the view for one run: a fresh tmpfs of `wanted.disk` bytes at [`BOX`] holding
    /// a copy of `wanted.work` (the folder the judge prepared), handed to `owner` when set, and
    /// `wanted.binds`. Whatever was attached is in the result even when a later step failed.
    pub fn attach(
        &self,
        wanted: &super::supervisor::ViewRequest,
        owner: Option<(u32, u32)>,
        attached: &mut Attached,
    ) -> io::Result<()> {
        let (work, disk) = (Path::new(&wanted.work), wanted.disk);
        let target = self.inside(BOX);
        // A page more than asked: tmpfs rounds the size down to whole pages.
        let size = disk.saturating_add(4095);
        mount(
            Path::new("tmpfs"),
            &target,
            Some("tmpfs"),
            libc::MS_NOSUID | libc::MS_NODEV,
            Some(&format!(
                "size={size},nr_inodes={MAX_INODES},mode=0755{}",
                owner.map_or(String::new(), |(uid, gid)| format!(",uid={uid},gid={gid}"))
            )),
        )?;
        attached.work = Some(target.clone());
        self.fill(work, wanted.shared, &target, owner)
            .map_err(|e| {
                if e.raw_os_error() == Some(libc::ENOSPC) {
                    io::Error::other(format!(
                        "the test's fixtures and the solution do not fit in its working folder \
                         (limits.disk = {disk} bytes): raise limits.disk"
                    ))
                } else {
                    e
                }
            })?;
        for bind in &wanted.binds {
            let inside = self.inside(&bind.target);
            if !inside.exists() {
                // A mount point the view was built without (a toolchain's folder): made once,
                // while the view's root is writable for a moment.
                set_read_only(&self.root, Access::Writable, false)?;
                let made = std::fs::create_dir_all(&inside);
                set_read_only(&self.root, Access::Locked, false)?;
                made?;
            }
            mount(
                Path::new(&bind.source),
                &inside,
                None,
                libc::MS_BIND | libc::MS_REC,
                None,
            )?;
            attached.binds.push(inside.clone());
            set_read_only(&inside, Access::Locked, true)?;
        }
        Ok(())
    }

    /// Copies the judge's prepared folder `work` into the fresh working folder `target`. A
    /// `shared` one (the same for every test of a submission, never changed) is read once and
    /// then written from memory (`sandbox::prepared`) while it stays the same folder.
    fn fill(
        &self,
        work: &Path,
        shared: bool,
        target: &Path,
        owner: Option<(u32, u32)>,
    ) -> io::Result<()> {
        if shared {
            let mut kept = self.prepared.lock().unwrap_or_else(|e| e.into_inner());
            if !kept.as_ref().is_some_and(|kept| kept.is_of(work)) {
                *kept = super::prepared::SharedFolder::read(work);
            }
            if let Some(prepared) = kept.as_ref().filter(|kept| kept.is_kept()) {
                return prepared.write_into(target, owner);
            }
        }
        super::workdir::copy_tree_owned(work, target, owner)
    }

    /// Opens the run's working folder, for the judge to read what the run left there.
    pub fn open_work(&self) -> io::Result<OwnedFd> {
        Ok(rustix::fs::open(
            self.inside(BOX),
            rustix::fs::OFlags::RDONLY
                | rustix::fs::OFlags::DIRECTORY
                | rustix::fs::OFlags::NOFOLLOW
                | rustix::fs::OFlags::CLOEXEC,
            rustix::fs::Mode::empty(),
        )?)
    }

    /// Takes what `attach` added out of the view (every process of the run has ended): the
    /// mounts are moved to the parking outside the root, which is cheap, and every
    /// [`PARKED_AT_MOST`] of them are unmounted together. A parked working folder holds no
    /// memory for long: the judge empties it when it is done with it (`RunDir::remove`), and
    /// its tmpfs lives on, detached, while the judge holds it open.
    pub fn release(&self, attached: Attached) {
        let mut parked = self.parked.lock().unwrap_or_else(|e| e.into_inner());
        let mounts = attached.binds.iter().rev().chain(attached.work.as_ref());
        // Every mount goes over the one parked before it, on the parking's one spot (no folder
        // made per run): all of them are below the parking's mount.
        let spot = self.parking.join(PARKING_SPOT);
        for mount_point in mounts {
            match mount(mount_point, &spot, None, libc::MS_MOVE, None) {
                Ok(()) => *parked += 1,
                // A mount that cannot move is unmounted now.
                Err(_) => {
                    let _ = unmount(mount_point);
                }
            }
        }
        if *parked >= PARKED_AT_MOST {
            // Unmounting the parking takes every mount in it along (they are mounted on its
            // spot, not over its root); a fresh one replaces it.
            if unmount(&self.parking).is_ok() && mount_parking(&self.parking).is_ok() {
                *parked = 0;
            }
        }
    }
}

/// The folder of the parking that ended runs' mounts are moved onto, each over the last.
const PARKING_SPOT: &str = "spot";

/// A small tmpfs at `parking`, where ended runs' mounts wait to be unmounted together.
fn mount_parking(parking: &Path) -> io::Result<()> {
    mount(
        Path::new("tmpfs"),
        parking,
        Some("tmpfs"),
        libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC,
        Some("size=64k,nr_inodes=1024,mode=0700"),
    )?;
    std::fs::create_dir(parking.join(PARKING_SPOT))
}

/// Why runs cannot have a view here (`probe`).
#[derive(Debug, thiserror::Error)]
pub enum ViewProbeError {
    #[error("making a folder in {}: {error}", folder.display())]
    Folder { folder: PathBuf, error: io::Error },
    #[error("{0}")]
    Child(#[from] ProbeError),
}

/// Tries to build a view in a throwaway child (in fresh namespaces, as PID 1 of the new PID
/// namespace, like a zygote); the error says why runs cannot have one here.
pub fn probe(unprivileged: bool) -> Result<(), ViewProbeError> {
    let base = super::workdir::base_folder();
    // The view's mount point and its parking (`View::build`) inside one folder of the probe's,
    // removed as a whole.
    let folder = tempfile::Builder::new()
        .prefix("livejudge-probe-")
        .tempdir_in(&base)
        .map_err(|error| ViewProbeError::Folder {
            folder: base.clone(),
            error,
        })?;
    let point_path = folder.path().join("view");
    std::fs::create_dir(&point_path).map_err(|error| ViewProbeError::Folder {
        folder: folder.path().to_path_buf(),
        error,
    })?;
    let result = attempt_in_child(|| {
        super::namespaces::enter(unprivileged)?;
        attempt_in_child(|| {
            super::mounts::isolate(&[&base], true)?;
            let view = View::build(&point_path)?;
            let work = tempfile::tempdir_in(&base)?;
            std::fs::create_dir(work.path().join(".tmp"))?;
            let mut attached = Attached::default();
            let wanted = super::supervisor::ViewRequest {
                work: work.path().to_string_lossy().into_owned(),
                disk: 1 << 20,
                binds: Vec::new(),
                shared: false,
            };
            let made = view.attach(&wanted, None, &mut attached);
            view.release(attached);
            made
        })
        .map_err(io::Error::other)
    });
    drop(folder);
    Ok(result?)
}
