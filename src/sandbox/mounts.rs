//! The mount namespace of a zygote's runs: the whole filesystem read-only except the folder run
//! folders are made in (and `/proc`, whose files check their own permissions), and a `/proc` of
//! the zygote's PID namespace only. Made once per zygote, by its PID-1 process, after the other
//! namespaces; the judge's own view of the filesystem is untouched.
//!
//! What it adds to Landlock: Landlock does not restrict `chmod`, `chown`, `utime` or extended
//! attributes, so without it a run of an unprivileged judge (same uid) could change the metadata
//! of the judge's user's files; and the machine's `/proc` would show every process's command line.

use std::ffi::CString;
use std::io;
use std::path::Path;

/// `struct mount_attr` of `mount_setattr(2)`.
#[repr(C)]
#[derive(Default)]
struct MountAttr {
    attr_set: u64,
    attr_clr: u64,
    propagation: u64,
    userns_fd: u64,
}

const MOUNT_ATTR_RDONLY: u64 = 0x1;
const MOUNT_ATTR_NOSUID: u64 = 0x2;
const MOUNT_ATTR_NODEV: u64 = 0x4;
const AT_RECURSIVE: u32 = 0x8000;

pub(crate) fn cstring(path: &Path) -> io::Result<CString> {
    CString::new(path.as_os_str().as_encoded_bytes())
        .map_err(|_| io::Error::other(format!("NUL byte in {}", path.display())))
}

pub(crate) fn check(result: libc::c_int, what: &str) -> io::Result<()> {
    if result == 0 {
        Ok(())
    } else {
        let e = io::Error::last_os_error();
        Err(io::Error::new(e.kind(), format!("{what}: {e}")))
    }
}

/// How `set_read_only` changes a mount.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// Read-only.
    ReadOnly,
    /// Read-only, and no set-id programs or device files through it.
    Locked,
    /// Writable again.
    Writable,
}

/// Changes the mount at `path` (and every mount below it when `recursive`) to `access`.
pub(crate) fn set_read_only(path: &Path, access: Access, recursive: bool) -> io::Result<()> {
    let target = cstring(path)?;
    let mut attr = MountAttr::default();
    match access {
        Access::ReadOnly => attr.attr_set = MOUNT_ATTR_RDONLY,
        Access::Locked => attr.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV,
        Access::Writable => attr.attr_clr = MOUNT_ATTR_RDONLY,
    }
    // SAFETY: mount_setattr on a NUL-terminated path with a properly sized attribute struct.
    let result = unsafe {
        libc::syscall(
            libc::SYS_mount_setattr,
            libc::AT_FDCWD,
            target.as_ptr(),
            if recursive { AT_RECURSIVE } else { 0 },
            &attr as *const MountAttr,
            std::mem::size_of::<MountAttr>(),
        )
    };
    check(
        result as libc::c_int,
        &format!(
            "making {} {}",
            path.display(),
            if access == Access::Writable {
                "writable"
            } else {
                "read-only"
            }
        ),
    )
}

/// Enters a mount namespace of this process's own (a process already in fresh user/PID
/// namespaces, or root) and makes the filesystem read-only but for the `writable` folders (the
/// run folders' root, and the zygote's cgroup folders, which it writes before and after each
/// run); mounts a `/proc` of the current PID namespace when `own_proc` (the caller must then be
/// in that namespace, e.g. its PID 1). Nothing done here is seen outside the new namespace.
pub fn isolate(writable: &[&Path], own_proc: bool) -> io::Result<()> {
    // SAFETY: unshare changes only this (single-threaded) process's mount namespace.
    check(
        unsafe { libc::unshare(libc::CLONE_NEWNS) },
        "unshare(CLONE_NEWNS)",
    )?;
    let root = c"/";
    // First of all: nothing below may propagate back to the machine's mounts.
    // SAFETY: mount(2) with static, NUL-terminated strings and no data.
    check(
        unsafe {
            libc::mount(
                std::ptr::null(),
                root.as_ptr(),
                std::ptr::null(),
                libc::MS_REC | libc::MS_PRIVATE,
                std::ptr::null(),
            )
        },
        "making mounts private",
    )?;
    if own_proc {
        // SAFETY: as above.
        check(
            unsafe {
                libc::mount(
                    c"proc".as_ptr(),
                    c"/proc".as_ptr(),
                    c"proc".as_ptr(),
                    libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC,
                    std::ptr::null(),
                )
            },
            "mounting /proc",
        )?;
    }
    // Each writable folder becomes a mount of its own, so it can stay writable.
    for path in writable {
        let folder = cstring(path)?;
        // SAFETY: a bind mount of an existing folder onto itself.
        check(
            unsafe {
                libc::mount(
                    folder.as_ptr(),
                    folder.as_ptr(),
                    std::ptr::null(),
                    libc::MS_BIND | libc::MS_REC,
                    std::ptr::null(),
                )
            },
            &format!("bind-mounting {}", path.display()),
        )?;
    }
    set_read_only(Path::new("/"), Access::ReadOnly, true)?;
    for path in writable {
        set_read_only(path, Access::Writable, true)?;
    }
    // /proc/self/oom_score_adj and the like: proc checks its own permissions.
    set_read_only(Path::new("/proc"), Access::Writable, true)?;
    Ok(())
}

/// Tries `isolate` in a throwaway child (in fresh namespaces made by `enter`, as PID 1 of the
/// new PID namespace, like a zygote), so the answer says whether a zygote could do it here; the
/// error says why not.
pub fn probe(unprivileged: bool) -> Result<(), super::namespaces::ProbeError> {
    let writable = super::workdir::base_folder();
    super::namespaces::attempt_in_child(|| {
        super::namespaces::enter(unprivileged)?;
        // The next child is PID 1 of the new PID namespace: it mounts that namespace's /proc.
        super::namespaces::attempt_in_child(|| isolate(&[&writable], true))
            .map_err(io::Error::other)
    })
}
