//! The run's temporary folder: created fresh per test, filled with the solution and the fixtures,
//! read back afterwards without ever following a link the solution made, and removed even when
//! the solution made parts of it unreadable. Reading and removal resolve every path beneath the
//! folder (`openat2` with `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS`), so a symlink or a hard link
//! planted by the solution can never make the judge read, write or delete anything outside.

use std::fs;
use std::io::{self, Read};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use rustix::fs::{AtFlags, Mode, OFlags, ResolveFlags};

/// A per-test folder: `work/` is the solution's working folder. Removed on drop.
///
/// When the run has a view (`sandbox::view`), `work/` is only what the judge prepared: the run
/// works in a copy of it at `view::BOX`, which comes back as a descriptor (`adopt_work`); from
/// then on `work()` is that folder, reached through the descriptor. Runs in a view may then
/// share one prepared folder (`sharing`): no run ever sees it, only copies of it.
#[derive(Debug)]
pub struct RunDir {
    /// Empty for a run folder `sharing` another's prepared folder: it has no folder of its own.
    root: PathBuf,
    /// The run folder whose prepared folder this one uses; it is not removed with this one.
    shared: Option<std::sync::Arc<RunDir>>,
    removed: bool,
    /// The run's own working folder, once it came back from a view.
    returned: Option<std::sync::Arc<OwnedFd>>,
    /// Where the run sees its working folder, when that is not `root/work`.
    seen_at: Option<PathBuf>,
}

impl RunDir {
    pub fn new() -> io::Result<RunDir> {
        let root = tempfile::Builder::new()
            .prefix("run-")
            .tempdir_in(judge_folder()?)?
            .keep();
        fs::create_dir(root.join("work"))?;
        fs::create_dir(root.join("work").join(".tmp"))?;
        fs::create_dir(root.join("work").join(super::view::SHM))?;
        Ok(RunDir {
            root,
            shared: None,
            removed: false,
            returned: None,
            seen_at: None,
        })
    }

    /// A run folder for a run inside a view whose prepared folder is `shared`'s: nothing is made
    /// for it.
    pub fn sharing(shared: std::sync::Arc<RunDir>) -> RunDir {
        RunDir {
            root: PathBuf::new(),
            shared: Some(shared),
            removed: false,
            returned: None,
            seen_at: None,
        }
    }

    /// A run folder whose run sees its working folder at `path` (inside a view).
    pub fn seen_at(mut self, path: &str) -> RunDir {
        self.seen_at = Some(PathBuf::from(path));
        self
    }

    /// Whether the prepared folder is another's, shared (`RunDir::sharing`): it never changes
    /// while this run folder exists.
    pub fn is_sharing(&self) -> bool {
        self.shared.is_some()
    }

    /// The solution's working folder, for the judge: what it prepares before the run, and what
    /// the run left after it.
    pub fn work(&self) -> PathBuf {
        match &self.returned {
            Some(fd) => through(fd),
            None => self.prepared(),
        }
    }

    /// The folder the judge prepared for the run (never seen by a run inside a view).
    pub fn prepared(&self) -> PathBuf {
        match &self.shared {
            Some(shared) => shared.prepared(),
            None => self.root.join("work"),
        }
    }

    /// The working folder as the run sees it.
    pub fn run_work(&self) -> PathBuf {
        self.seen_at.clone().unwrap_or_else(|| self.prepared())
    }

    /// `TMPDIR` for the run, as the run sees it: a folder inside the working folder.
    pub fn tmp(&self) -> PathBuf {
        self.run_work().join(".tmp")
    }

    /// Takes the run's working folder that came back from a view.
    pub fn adopt_work(&mut self, work: std::sync::Arc<OwnedFd>) {
        self.returned = Some(work);
    }

    /// Hands the working folder to `uid:gid` (when the judge runs as root).
    pub fn hand_over(&self, uid: u32, gid: u32) -> io::Result<()> {
        chown_tree(&self.work(), uid, gid)
    }

    /// For a working folder that came back from a view and that nobody reads any more: whether a
    /// regular file in it reached `size` bytes (as [`has_file_of_size`]), the folder emptied in
    /// the same walk (as [`RunDir::remove`] would). `None` when no folder came back, or the walk
    /// failed: the caller then checks and removes it the usual way.
    pub fn empty_noting_file_of_size(&mut self, size: u64) -> Option<bool> {
        let returned = self.returned.as_ref()?;
        // Its mode through the descriptor first, as `remove` does.
        rustix::fs::fchmod(&**returned, Mode::from_raw_mode(0o700)).ok()?;
        let mut found = false;
        walk_beneath(
            &through(returned),
            true,
            |dir, name, kind| {
                found = found || reaches(dir, name, kind, size)?;
                Ok(rustix::fs::unlinkat(dir, name, AtFlags::empty())?)
            },
            |parent, name| Ok(rustix::fs::unlinkat(parent, name, AtFlags::REMOVEDIR)?),
        )
        .ok()?;
        // Emptied: letting go of it frees the rest.
        self.returned = None;
        Some(found)
    }

    /// Removes the whole folder. Safe to call more than once.
    pub fn remove(&mut self) -> io::Result<()> {
        if self.removed {
            return Ok(());
        }
        // A working folder from a view is a tmpfs of its own, left mounted in the zygote for a
        // few more runs (`View::release`): emptied now, so that what the run wrote is not
        // counted in a later run's cgroup; letting go of it frees the rest.
        // Best effort: a folder that could not be emptied is freed all the same, only up to
        // sixteen runs later, and the run's verdict does not depend on it. Its mode is set
        // through the descriptor first: a run that made its folder `chmod 000` would otherwise
        // close the path below to a judge that is not root.
        if let Some(returned) = self.returned.take()
            && rustix::fs::fchmod(&*returned, Mode::from_raw_mode(0o700)).is_ok()
        {
            let _ = empty_tree(&through(&returned));
        }
        if self.shared.is_none() {
            remove_tree(&self.root)?;
        }
        self.removed = true;
        Ok(())
    }
}

impl Drop for RunDir {
    fn drop(&mut self) {
        let _ = self.remove();
    }
}

/// This judge's own folder under `base_folder()`, made on first use: `livejudge-PID-XXXXXX`,
/// holding every run folder, view mount point and challenge copy of this process, private to the
/// judge's user (0700; 0711 when runs of a root judge must reach their folders in it, without a
/// view). Removed by `remove_judge_folder` when the judge ends; folders of judges that died
/// (SIGKILL) are swept by the next judge.
pub fn judge_folder() -> io::Result<&'static Path> {
    static MAKING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    if let Some(folder) = JUDGE_FOLDER.get() {
        return Ok(folder);
    }
    let _making = MAKING
        .lock()
        .map_err(|_| io::Error::other("judge folder lock poisoned"))?;
    if let Some(folder) = JUDGE_FOLDER.get() {
        return Ok(folder);
    }
    let base = base_folder();
    sweep_dead_judges(&base);
    // Made under a name the sweep ignores (a leading dot), locked, then renamed: a judge
    // starting beside this one never sees the folder unlocked, which it would take for a dead
    // judge's and remove.
    let staging = tempfile::Builder::new()
        .prefix(&format!(".livejudge-{}-", std::process::id()))
        .tempdir_in(&base)?
        .keep();
    let locked = fs::set_permissions(&staging, fs::Permissions::from_mode(judge_folder_mode()))
        .and_then(|()| open_root(&staging))
        .and_then(|lock| {
            // Held until this process ends: a judge that finds the lock free knows the owner
            // is gone.
            rustix::fs::flock(&lock, rustix::fs::FlockOperation::LockExclusive)?;
            Ok(lock)
        });
    let folder = staging.with_file_name(
        staging
            .file_name()
            .map(|name| name.to_string_lossy().trim_start_matches('.').to_string())
            .unwrap_or_default(),
    );
    let lock = match locked.and_then(|lock| fs::rename(&staging, &folder).map(|()| lock)) {
        Ok(lock) => lock,
        Err(e) => {
            let _ = fs::remove_dir(&staging);
            return Err(e);
        }
    };
    let _ = HELD.set(lock);
    Ok(JUDGE_FOLDER.get_or_init(|| folder))
}

/// This judge's folder, once made (see `judge_folder`).
static JUDGE_FOLDER: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// The descriptor holding this judge's folder locked.
static HELD: std::sync::OnceLock<OwnedFd> = std::sync::OnceLock::new();

/// Set when runs (as another user, without a view) must traverse the judge's folder.
static RUNS_TRAVERSE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Says whether runs reach their folders through the machine's filesystem as another user (a
/// root judge without a view). A judge's folder made already (for a zygote started ahead of the
/// probe) gets the mode that goes with it.
pub fn runs_traverse_judge_folder(traverse: bool) -> io::Result<()> {
    RUNS_TRAVERSE.store(traverse, std::sync::atomic::Ordering::SeqCst);
    match JUDGE_FOLDER.get() {
        Some(folder) => {
            fs::set_permissions(folder, fs::Permissions::from_mode(judge_folder_mode()))
        }
        None => Ok(()),
    }
}

/// 0700; 0711 when runs must traverse the folder (see `runs_traverse_judge_folder`).
fn judge_folder_mode() -> u32 {
    if RUNS_TRAVERSE.load(std::sync::atomic::Ordering::SeqCst) {
        0o711
    } else {
        0o700
    }
}

/// Removes this judge's folder (when the judge is done and its zygotes have exited).
pub fn remove_judge_folder() {
    let base = base_folder();
    let prefix = format!("livejudge-{}-", std::process::id());
    for entry in fs::read_dir(&base).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = remove_tree(&entry.path());
        }
    }
}

/// Removes the folders that judges which are no longer running left in `base` (killed before
/// they could clean up): `livejudge-PID-*` folders of this user that no process holds locked
/// (a lock, not the PID, so judges in other PID namespaces are told apart), and the
/// `.livejudge-PID-*` folders of judges killed while making theirs, once a minute old.
fn sweep_dead_judges(base: &Path) {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    let minute_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for entry in fs::read_dir(base).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let (staging, rest) = match name.strip_prefix('.') {
            Some(rest) => (true, rest),
            None => (false, name.as_str()),
        };
        let is_judge_folder = rest
            .strip_prefix("livejudge-")
            .and_then(|rest| rest.split('-').next())
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        // Only a judge's folder is looked at: the base folder (`/dev/shm`) may hold thousands
        // of other programs' entries, and this runs at every judge's start.
        if !is_judge_folder
            || !entry.metadata().is_ok_and(|meta| {
                meta.is_dir()
                    && meta.uid() == me
                    && (!staging || meta.modified().is_ok_and(|made| made < minute_ago))
            })
        {
            continue;
        }
        let Ok(folder) = open_root(&entry.path()) else {
            continue;
        };
        if rustix::fs::flock(
            &folder,
            rustix::fs::FlockOperation::NonBlockingLockExclusive,
        )
        .is_ok()
        {
            drop(folder);
            let _ = remove_tree(&entry.path());
        }
    }
}

/// Where run folders are made: `$LIVEJUDGE_TMPDIR`, else `$TMPDIR`, else `/dev/shm` when it is
/// a writable folder (memory-backed: creating and removing a run folder there costs tens of
/// microseconds, against milliseconds on a disk mounted with `discard`), else the system's
/// temporary folder.
pub fn base_folder() -> PathBuf {
    for variable in ["LIVEJUDGE_TMPDIR", "TMPDIR"] {
        if let Some(value) = std::env::var_os(variable).filter(|v| !v.is_empty()) {
            return PathBuf::from(value);
        }
    }
    static SHM_USABLE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let shm = Path::new("/dev/shm");
    if *SHM_USABLE.get_or_init(|| {
        shm.is_dir() && rustix::fs::access(shm, rustix::fs::Access::WRITE_OK).is_ok()
    }) {
        return shm.to_path_buf();
    }
    std::env::temp_dir()
}

/// Copies a folder's contents into `dest` (merging; files of `src` win), keeping permission
/// bits. Symlinks are copied as symlinks. Used for trusted inputs only (fixtures, solutions).
pub fn copy_tree(src: &Path, dest: &Path) -> io::Result<()> {
    copy_tree_owned(src, dest, None)
}

/// `copy_tree`, each copy handed to `owner` (uid, gid) as it is made: for a folder only the
/// caller can reach until the copy is done (a run's fresh working folder), in one walk.
pub fn copy_tree_owned(src: &Path, dest: &Path, owner: Option<(u32, u32)>) -> io::Result<()> {
    let hand_over = |path: &Path| match owner {
        Some((uid, gid)) => {
            let ids = (
                Some(rustix::process::Uid::from_raw(uid)),
                Some(rustix::process::Gid::from_raw(gid)),
            );
            let (cwd, flags) = (rustix::fs::CWD, AtFlags::SYMLINK_NOFOLLOW);
            Ok(rustix::fs::chownat(cwd, path, ids.0, ids.1, flags)?)
        }
        None => Ok::<(), io::Error>(()),
    };
    for entry in fs::read_dir(src)? {
        let entry = entry?;
        let from = entry.path();
        let to = dest.join(entry.file_name());
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if !to.is_dir() {
                fs::create_dir(&to)?;
                hand_over(&to)?;
            }
            copy_tree_owned(&from, &to, owner)?;
        } else if kind.is_symlink() {
            let _ = fs::remove_file(&to);
            std::os::unix::fs::symlink(fs::read_link(&from)?, &to)?;
            hand_over(&to)?;
        } else {
            copy_file_owned(&from, &to, owner)?;
        }
    }
    Ok(())
}

/// Copies one file, keeping its permission bits, replacing what is at `dest`.
pub fn copy_file(from: &Path, dest: &Path) -> io::Result<()> {
    copy_file_owned(from, dest, None)
}

/// `copy_file`, the copy handed to `owner` (uid, gid) when given.
fn copy_file_owned(from: &Path, dest: &Path, owner: Option<(u32, u32)>) -> io::Result<()> {
    let source = rustix::fs::open(from, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty())?;
    let stat = rustix::fs::fstat(&source)?;
    let mode = Mode::from_raw_mode(stat.st_mode & 0o7777);
    let create = || {
        rustix::fs::open(
            dest,
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            mode,
        )
    };
    let target = match create() {
        Ok(target) => target,
        Err(rustix::io::Errno::EXIST) => {
            fs::remove_file(dest)?;
            create()?
        }
        Err(e) => return Err(e.into()),
    };
    // The umask may have removed bits at creation.
    rustix::fs::fchmod(&target, mode)?;
    if let Some((uid, gid)) = owner {
        rustix::fs::fchown(
            &target,
            Some(rustix::process::Uid::from_raw(uid)),
            Some(rustix::process::Gid::from_raw(gid)),
        )?;
    }
    // Plain reads and writes: the files are small, and sendfile sets up a pipe for each call.
    let mut buffer = vec![0u8; (stat.st_size as usize).clamp(1, 1 << 16)];
    loop {
        let n = match rustix::io::read(&source, &mut buffer) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => return Err(e.into()),
        };
        let mut rest = &buffer[..n];
        while !rest.is_empty() {
            match rustix::io::write(&target, rest) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(written) => rest = &rest[written..],
                Err(rustix::io::Errno::INTR) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
}

/// Hands `path` and everything below it to `uid:gid`, never following symlinks. Only for the
/// judge's own fresh copies, before the run starts.
pub(crate) fn chown_tree(path: &Path, uid: u32, gid: u32) -> io::Result<()> {
    let (uid, gid) = (
        Some(rustix::process::Uid::from_raw(uid)),
        Some(rustix::process::Gid::from_raw(gid)),
    );
    let top = open_root(path)?;
    rustix::fs::fchown(&top, uid, gid)?;
    let mut pending = vec![top];
    while let Some(dir) = pending.pop() {
        for (name, kind) in entries(&dir)? {
            rustix::fs::chownat(&dir, &name, uid, gid, AtFlags::SYMLINK_NOFOLLOW)?;
            if kind == rustix::fs::FileType::Directory {
                pending.push(rustix::fs::openat(
                    &dir,
                    &name,
                    OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
                    Mode::empty(),
                )?);
            }
        }
    }
    Ok(())
}

/// The entries of a folder opened afresh (its offset at the start), but `.` and `..`, with
/// their types (from the folder itself, or `statat` when the filesystem does not say).
fn entries(dir: &OwnedFd) -> io::Result<Vec<(std::ffi::OsString, rustix::fs::FileType)>> {
    let mut names = Vec::new();
    let mut buffer = [std::mem::MaybeUninit::<u8>::uninit(); 4096];
    let mut reader = rustix::fs::RawDir::new(dir, &mut buffer);
    while let Some(entry) = reader.next() {
        let entry = entry?;
        let name = entry.file_name().to_bytes();
        if name == b"." || name == b".." {
            continue;
        }
        names.push((
            std::ffi::OsStr::from_bytes(name).to_os_string(),
            entry.file_type(),
        ));
    }
    for (name, kind) in &mut names {
        if *kind == rustix::fs::FileType::Unknown {
            let stat = rustix::fs::statat(dir, name.as_os_str(), AtFlags::SYMLINK_NOFOLLOW)?;
            *kind = rustix::fs::FileType::from_raw_mode(stat.st_mode);
        }
    }
    Ok(names)
}

/// What reading a file the run left behind found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A regular file: its first bytes (up to the cap), whether it was longer, its mode bits.
    File {
        bytes: Vec<u8>,
        truncated: bool,
        mode: u32,
    },
    Missing,
    /// Something the judge refuses to read: a symlink, a hard link to another file, a folder,
    /// a device or a FIFO. The text says which.
    Refused(String),
}

fn beneath() -> ResolveFlags {
    ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS | ResolveFlags::NO_MAGICLINKS
}

fn open_root(root: &Path) -> io::Result<OwnedFd> {
    Ok(rustix::fs::open(
        root,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::empty(),
    )?)
}

/// Reads `relative` inside `root` without following any symlink and refusing hard links.
pub fn read_beneath(root: &Path, relative: &Path, cap: u64) -> io::Result<Found> {
    let dir = match open_root(root) {
        Ok(dir) => dir,
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            return Ok(Found::Refused("not readable".into()));
        }
        Err(e) => return Err(e),
    };
    let fd = match rustix::fs::openat2(
        &dir,
        relative,
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY,
        Mode::empty(),
        beneath(),
    ) {
        Ok(fd) => fd,
        Err(rustix::io::Errno::NOENT) | Err(rustix::io::Errno::NOTDIR) => {
            return Ok(Found::Missing);
        }
        Err(rustix::io::Errno::LOOP) | Err(rustix::io::Errno::XDEV) => {
            return Ok(Found::Refused(
                "a symbolic link (the judge never follows links)".into(),
            ));
        }
        Err(rustix::io::Errno::ACCESS) => {
            return Ok(Found::Refused("not readable".into()));
        }
        Err(e) => return Err(e.into()),
    };
    let stat = rustix::fs::fstat(&fd)?;
    let file_type = rustix::fs::FileType::from_raw_mode(stat.st_mode);
    if file_type != rustix::fs::FileType::RegularFile {
        return Ok(Found::Refused(format!(
            "not a regular file ({file_type:?})"
        )));
    }
    if stat.st_nlink > 1 {
        return Ok(Found::Refused(
            "a hard link to another file (the judge never reads through links)".into(),
        ));
    }
    let mut bytes = Vec::new();
    let mut file = fs::File::from(fd);
    (&mut file)
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)?;
    let truncated = bytes.len() as u64 > cap;
    bytes.truncate(cap as usize);
    Ok(Found::File {
        bytes,
        truncated,
        mode: stat.st_mode & 0o7777,
    })
}

/// True when something (of any kind, a dangling symlink included) is at `relative` in `root`.
/// A folder the run made unreadable counts as holding something: the judge cannot tell.
pub fn exists_beneath(root: &Path, relative: &Path) -> io::Result<bool> {
    let dir = match open_root(root) {
        Ok(dir) => dir,
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => return Ok(true),
        Err(e) => return Err(e),
    };
    match rustix::fs::openat2(
        &dir,
        relative,
        OFlags::PATH | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::empty(),
        ResolveFlags::BENEATH | ResolveFlags::NO_MAGICLINKS,
    ) {
        Ok(_) => Ok(true),
        Err(rustix::io::Errno::NOENT) | Err(rustix::io::Errno::NOTDIR) => Ok(false),
        // A symlink in a parent component that points outside: treat as present but refused.
        // An unreadable folder on the way: the judge cannot tell, so something may be there.
        Err(rustix::io::Errno::XDEV)
        | Err(rustix::io::Errno::LOOP)
        | Err(rustix::io::Errno::ACCESS) => Ok(true),
        Err(e) => Err(e.into()),
    }
}

/// Ancestors deeper than this are not kept open while a walk is below them: it climbs back
/// through `..` instead (checking it lands where it came from), so a tree of any depth is walked
/// with a bounded number of descriptors and without ever building a path longer than one name.
const HELD_LEVELS: usize = 64;

/// A folder on the way down: its descriptor (while held), identity (taken when the descriptor
/// is let go), name in its parent, and the subfolders still to visit.
struct Level {
    dir: Option<OwnedFd>,
    id: (u64, u64),
    name: std::ffi::OsString,
    pending: Vec<std::ffi::OsString>,
}

fn identity(fd: &OwnedFd) -> io::Result<(u64, u64)> {
    let stat = rustix::fs::fstat(fd)?;
    Ok((stat.st_dev, stat.st_ino))
}

/// Visits everything below `root` without following symlinks, depth first, one name at a time
/// (no whole path is ever built, so depth is not limited by `PATH_MAX`): `visit(folder, name,
/// type)` is called for each entry except subfolders, which are descended into (made
/// traversable first when `force` is set, skipped when unreadable otherwise), and
/// `leave(parent, name)` after a subfolder's content was visited. Relies on every process of the
/// run being gone, so nothing moves while it walks.
fn walk_beneath(
    root: &Path,
    force: bool,
    mut visit: impl FnMut(&OwnedFd, &std::ffi::OsStr, rustix::fs::FileType) -> io::Result<()>,
    mut leave: impl FnMut(&OwnedFd, &std::ffi::OsStr) -> io::Result<()>,
) -> io::Result<()> {
    let mut scan = |dir: &OwnedFd| -> io::Result<Vec<std::ffi::OsString>> {
        let mut folders = Vec::new();
        for (name, kind) in entries(dir)? {
            if kind == rustix::fs::FileType::Directory {
                if force {
                    // Not a symlink (its type was read without following), and every process of
                    // the run is gone, so changing its mode by name cannot be redirected.
                    rustix::fs::chmodat(dir, &name, Mode::from_raw_mode(0o700), AtFlags::empty())?;
                }
                folders.push(name);
            } else {
                visit(dir, &name, kind)?;
            }
        }
        Ok(folders)
    };
    let top = match open_root(root) {
        Ok(top) => top,
        // The run made its own folder unreadable: without `force` there is nothing to see.
        Err(e) if !force && e.kind() == io::ErrorKind::PermissionDenied => return Ok(()),
        Err(e) => return Err(e),
    };
    let mut current = Level {
        id: (0, 0),
        pending: scan(&top)?,
        dir: Some(top),
        name: std::ffi::OsString::new(),
    };
    let mut above: Vec<Level> = Vec::new();
    loop {
        let here = current
            .dir
            .as_ref()
            .ok_or_else(|| io::Error::other("walk lost its folder"))?;
        if let Some(name) = current.pending.pop() {
            let child = match rustix::fs::openat(
                here,
                &name,
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
                Mode::empty(),
            ) {
                Ok(child) => child,
                Err(rustix::io::Errno::ACCESS) if !force => continue,
                Err(e) => return Err(e.into()),
            };
            let pending = match scan(&child) {
                Ok(pending) => pending,
                Err(e) if !force && e.kind() == io::ErrorKind::PermissionDenied => continue,
                Err(e) => return Err(e),
            };
            let mut parent = std::mem::replace(
                &mut current,
                Level {
                    id: (0, 0),
                    dir: Some(child),
                    name,
                    pending,
                },
            );
            if above.len() >= HELD_LEVELS
                && let Some(dir) = parent.dir.take()
            {
                parent.id = identity(&dir)?;
            }
            above.push(parent);
            continue;
        }
        let Some(mut parent) = above.pop() else {
            return Ok(());
        };
        if parent.dir.is_none() {
            let up = rustix::fs::openat(
                here,
                "..",
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
                Mode::empty(),
            )?;
            if identity(&up)? != parent.id {
                return Err(io::Error::other(
                    "a folder of the run moved while the judge walked it",
                ));
            }
            parent.dir = Some(up);
        }
        let finished = std::mem::replace(&mut current, parent);
        drop(finished.dir);
        let here = current
            .dir
            .as_ref()
            .ok_or_else(|| io::Error::other("walk lost its folder"))?;
        leave(here, &finished.name)?;
    }
}

/// Folders deeper than this below a snapshot's root are left out of it.
const SNAPSHOT_DEPTH: usize = 64;

/// Copies what a run left in `from` into `to` (an empty folder of the judge's) for a checker:
/// folders and regular files only (permission bits without set-id), never following or copying
/// a link of any kind (symbolic, or hard links to another file), a FIFO, socket or device; what
/// the judge cannot read, and folders deeper than `SNAPSHOT_DEPTH`, are left out, and so are
/// files past `budget` bytes in all (the run's disk limit: sparse files could otherwise claim
/// far more than the run ever wrote). Returns the bytes copied. Relies on every process of the
/// run being gone.
pub fn snapshot(from: &Path, to: &Path, budget: u64) -> io::Result<u64> {
    let top = match open_root(from) {
        Ok(top) => top,
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut left = budget;
    snapshot_folder(&top, to, 0, &mut left)?;
    Ok(budget - left)
}

/// Copies `dir` into `to`; `left` is what the budget still allows.
fn snapshot_folder(dir: &OwnedFd, to: &Path, depth: usize, left: &mut u64) -> io::Result<()> {
    let Ok(names) = entries(dir) else {
        return Ok(());
    };
    for (name, kind) in names {
        let target = to.join(&name);
        match kind {
            rustix::fs::FileType::Directory if depth < SNAPSHOT_DEPTH => {
                let Ok(child) = rustix::fs::openat(
                    dir,
                    &name,
                    OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
                    Mode::empty(),
                ) else {
                    continue;
                };
                fs::create_dir(&target)?;
                snapshot_folder(&child, &target, depth + 1, left)?;
            }
            rustix::fs::FileType::RegularFile => {
                let Ok(source) = rustix::fs::openat(
                    dir,
                    &name,
                    OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
                    Mode::empty(),
                ) else {
                    continue;
                };
                let stat = rustix::fs::fstat(&source)?;
                if rustix::fs::FileType::from_raw_mode(stat.st_mode)
                    != rustix::fs::FileType::RegularFile
                    || stat.st_nlink > 1
                    || stat.st_size as u64 > *left
                {
                    continue;
                }
                let mut content = Vec::new();
                fs::File::from(source)
                    .take(*left)
                    .read_to_end(&mut content)?;
                *left -= content.len() as u64;
                fs::write(&target, &content)?;
                fs::set_permissions(
                    &target,
                    fs::Permissions::from_mode((stat.st_mode & 0o777) | 0o600),
                )?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// True when a regular file below `root` has reached `size` bytes (the run hit `file_size`).
pub fn has_file_of_size(root: &Path, size: u64) -> io::Result<bool> {
    let mut found = false;
    walk_beneath(
        root,
        false,
        |dir, name, kind| {
            found = found || reaches(dir, name, kind, size)?;
            Ok(())
        },
        |_, _| Ok(()),
    )?;
    Ok(found)
}

/// Whether the entry `name` of `dir`, of type `kind`, is a regular file of `size` bytes or more.
fn reaches(
    dir: &OwnedFd,
    name: &std::ffi::OsStr,
    kind: rustix::fs::FileType,
    size: u64,
) -> io::Result<bool> {
    if kind != rustix::fs::FileType::RegularFile {
        return Ok(false);
    }
    let stat = rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)?;
    Ok(stat.st_size as u64 >= size)
}

/// The folder open at `fd`, as a path. The final `.` keeps "no symlink at the end" checks
/// (`O_NOFOLLOW`) working on the descriptor's magic link.
fn through(fd: &OwnedFd) -> PathBuf {
    PathBuf::from(format!("/proc/self/fd/{}/.", fd.as_raw_fd()))
}

/// Removes `root` and everything below it, never following symlinks, making folders
/// writable first so a `chmod 000` by the solution cannot keep anything behind.
pub fn remove_tree(root: &Path) -> io::Result<()> {
    let meta = match root.symlink_metadata() {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    if !meta.is_dir() {
        return fs::remove_file(root);
    }
    empty_tree(root)?;
    fs::remove_dir(root)
}

/// Removes everything below the folder `root` (not `root` itself), as `remove_tree` does.
fn empty_tree(root: &Path) -> io::Result<()> {
    fs::set_permissions(root, fs::Permissions::from_mode(0o700))?;
    // Files are unlinked as they are met; each folder once its content is gone.
    walk_beneath(
        root,
        true,
        |dir, name, _| Ok(rustix::fs::unlinkat(dir, name, AtFlags::empty())?),
        |parent, name| Ok(rustix::fs::unlinkat(parent, name, AtFlags::REMOVEDIR)?),
    )
}

#[cfg(test)]
mod tests;
