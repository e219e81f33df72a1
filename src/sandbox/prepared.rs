//! A working folder the judge prepared once and shares between the runs of a submission (no
//! fixtures: only the submission's files), as a zygote keeps it: read once into memory, then
//! written into each run's fresh tmpfs with a few calls relative to that tmpfs, instead of
//! listing, `stat`ing and reading the judge's folder again for every test.

use std::ffi::{CString, OsStr};
use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use rustix::fs::{AtFlags, Mode, OFlags};

use super::mounts::cstring;

/// Bytes of file content a zygote keeps at most: its memory counts in its runs' cgroup v1 (it
/// shares it with them), so a larger folder is copied from the judge's every time instead.
const MAX_BYTES: usize = 256 * 1024;
/// Entries (files, folders, links) kept at most.
const MAX_ENTRIES: usize = 256;

/// One entry of the folder, by its path relative to the folder; a folder comes before what it
/// holds.
#[derive(Debug, PartialEq)]
enum Entry {
    Folder(CString),
    File {
        path: CString,
        mode: u32,
        content: Vec<u8>,
    },
    Link {
        path: CString,
        target: CString,
    },
}

/// What identifies the folder read: its path, and its inode and change time (a folder removed
/// and another made at the same path is not the same folder).
#[derive(Debug, PartialEq, Eq, Clone)]
struct Identity {
    path: std::path::PathBuf,
    device: u64,
    inode: u64,
    changed: (i64, i64),
}

impl Identity {
    fn of(folder: &Path) -> io::Result<Identity> {
        let stat = rustix::fs::stat(folder)?;
        Ok(Identity {
            path: folder.to_path_buf(),
            device: stat.st_dev,
            inode: stat.st_ino,
            changed: (stat.st_ctime, stat.st_ctime_nsec as i64),
        })
    }
}

/// A shared prepared folder, read (or known not to be kept: too large, or unreadable).
#[derive(Debug)]
pub struct SharedFolder {
    identity: Identity,
    /// `None` when the folder is not kept: it is then copied from the judge's each time, as
    /// any other folder (which says what went wrong, when something does).
    entries: Option<Vec<Entry>>,
}

impl SharedFolder {
    /// Reads `folder` whole, unless it holds more than a zygote keeps; `None` when it is gone.
    pub fn read(folder: &Path) -> Option<SharedFolder> {
        let identity = Identity::of(folder).ok()?;
        let mut entries = Vec::new();
        let mut bytes = 0;
        let read = open_folder(rustix::fs::CWD, folder)
            .and_then(|root| read_into(&root, Path::new(""), &mut entries, &mut bytes));
        Some(SharedFolder {
            identity,
            entries: read.is_ok().then_some(entries),
        })
    }

    /// Whether this is what `folder` holds now (the same folder, unchanged since it was read).
    pub fn is_of(&self, folder: &Path) -> bool {
        Identity::of(folder).is_ok_and(|now| now == self.identity)
    }

    /// Whether the folder is kept in memory (else `write_into` writes nothing).
    pub fn is_kept(&self) -> bool {
        self.entries.is_some()
    }

    /// Writes the folder's content into the empty folder `target`, every entry handed to
    /// `owner` (uid, gid) when given, with the modes `workdir::copy_tree_owned` gives.
    pub fn write_into(&self, target: &Path, owner: Option<(u32, u32)>) -> io::Result<()> {
        let Some(entries) = &self.entries else {
            return Err(io::Error::other(
                "the prepared folder is not kept in memory",
            ));
        };
        let into = open_folder(rustix::fs::CWD, target)?;
        let ids = owner.map(|(uid, gid)| {
            (
                rustix::process::Uid::from_raw(uid),
                rustix::process::Gid::from_raw(gid),
            )
        });
        let hand_over = |path: &CString| match ids {
            Some((uid, gid)) => {
                rustix::fs::chownat(&into, path, Some(uid), Some(gid), AtFlags::SYMLINK_NOFOLLOW)
            }
            None => Ok(()),
        };
        for entry in entries {
            match entry {
                Entry::Folder(path) => {
                    rustix::fs::mkdirat(&into, path, Mode::from_raw_mode(0o777))?;
                    hand_over(path)?;
                }
                Entry::Link { path, target } => {
                    rustix::fs::symlinkat(target, &into, path)?;
                    hand_over(path)?;
                }
                Entry::File {
                    path,
                    mode,
                    content,
                } => {
                    let mode = Mode::from_raw_mode(*mode);
                    let file = rustix::fs::openat(
                        &into,
                        path,
                        OFlags::WRONLY
                            | OFlags::CREATE
                            | OFlags::EXCL
                            | OFlags::NOFOLLOW
                            | OFlags::CLOEXEC,
                        mode,
                    )?;
                    // The umask may have removed bits at creation.
                    rustix::fs::fchmod(&file, mode)?;
                    if let Some((uid, gid)) = ids {
                        rustix::fs::fchown(&file, Some(uid), Some(gid))?;
                    }
                    std::io::Write::write_all(&mut std::fs::File::from(file), content)?;
                }
            }
        }
        Ok(())
    }
}

fn open_folder<Fd: AsFd>(at: Fd, path: &Path) -> io::Result<OwnedFd> {
    Ok(rustix::fs::openat(
        at,
        path,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::empty(),
    )?)
}

/// Reads the folder open at `folder` (at `relative` in the whole) into `entries`; fails when it
/// holds more than a zygote keeps.
fn read_into(
    folder: &OwnedFd,
    relative: &Path,
    entries: &mut Vec<Entry>,
    bytes: &mut usize,
) -> io::Result<()> {
    let too_large = || io::Error::other("larger than a zygote keeps");
    let mut listing = rustix::fs::Dir::read_from(folder)?;
    let mut names = Vec::new();
    while let Some(entry) = listing.read() {
        let entry = entry?;
        let name = entry.file_name().to_bytes();
        if name != b"." && name != b".." {
            names.push(entry.file_name().to_owned());
        }
    }
    for name in names {
        if entries.len() >= MAX_ENTRIES {
            return Err(too_large());
        }
        let path = cstring(&relative.join(OsStr::from_bytes(name.to_bytes())))?;
        let stat = rustix::fs::statat(folder, &name, AtFlags::SYMLINK_NOFOLLOW)?;
        match rustix::fs::FileType::from_raw_mode(stat.st_mode) {
            rustix::fs::FileType::Directory => {
                entries.push(Entry::Folder(path));
                let inner = open_folder(folder, Path::new(OsStr::from_bytes(name.to_bytes())))?;
                let inner_relative = relative.join(OsStr::from_bytes(name.to_bytes()));
                read_into(&inner, &inner_relative, entries, bytes)?;
            }
            rustix::fs::FileType::Symlink => {
                let target = rustix::fs::readlinkat(folder, &name, Vec::new())?;
                entries.push(Entry::Link { path, target });
            }
            _ => {
                *bytes += stat.st_size as usize;
                if *bytes > MAX_BYTES {
                    return Err(too_large());
                }
                let file = rustix::fs::openat(
                    folder,
                    &name,
                    OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
                    Mode::empty(),
                )?;
                let content = read_all(file, stat.st_size as usize)?;
                entries.push(Entry::File {
                    path,
                    mode: stat.st_mode & 0o7777,
                    content,
                });
            }
        }
    }
    Ok(())
}

/// The content of `file` (`size` bytes by its `stat`), at most what a zygote keeps.
fn read_all(file: OwnedFd, size: usize) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut content = Vec::with_capacity(size);
    std::fs::File::from(file)
        .take(MAX_BYTES as u64 + 1)
        .read_to_end(&mut content)?;
    if content.len() > MAX_BYTES {
        return Err(io::Error::other("larger than a zygote keeps"));
    }
    Ok(content)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    /// Everything below `root`: relative path, kind, mode, content or link target.
    fn listing(root: &Path) -> Vec<(String, String, u32, Vec<u8>)> {
        let mut found = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(folder) = stack.pop() {
            for entry in std::fs::read_dir(&folder).unwrap().flatten() {
                let path = entry.path();
                let meta = std::fs::symlink_metadata(&path).unwrap();
                let name = path.strip_prefix(root).unwrap().display().to_string();
                let mode = meta.permissions().mode() & 0o7777;
                if meta.is_dir() {
                    stack.push(path.clone());
                    found.push((name, "folder".into(), mode, Vec::new()));
                } else if meta.file_type().is_symlink() {
                    let target = std::fs::read_link(&path).unwrap();
                    found.push((
                        name,
                        "link".into(),
                        0,
                        target.as_os_str().as_bytes().to_vec(),
                    ));
                } else {
                    found.push((name, "file".into(), mode, std::fs::read(&path).unwrap()));
                }
            }
        }
        found.sort();
        found
    }

    fn sample(root: &Path) {
        std::fs::write(root.join("solve.sh"), "exec cat\n").unwrap();
        std::fs::set_permissions(
            root.join("solve.sh"),
            std::fs::Permissions::from_mode(0o755),
        )
        .unwrap();
        std::fs::create_dir_all(root.join(".tmp/.shm")).unwrap();
        std::fs::create_dir(root.join("lib")).unwrap();
        std::fs::write(root.join("lib/data.bin"), [0u8, 1, 2, 255]).unwrap();
        std::fs::write(root.join("lib/empty"), "").unwrap();
        std::os::unix::fs::symlink("data.bin", root.join("lib/link")).unwrap();
    }

    #[test]
    fn a_folder_written_from_memory_is_the_folder_copied() {
        let source = tempfile::tempdir().unwrap();
        sample(source.path());
        let prepared = SharedFolder::read(source.path()).unwrap();
        let (copied, written) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        crate::sandbox::workdir::copy_tree_owned(source.path(), copied.path(), None).unwrap();
        prepared.write_into(written.path(), None).unwrap();
        assert_eq!(listing(written.path()), listing(copied.path()));
        assert_eq!(listing(written.path()), listing(source.path()));
        // Again, into another empty folder: the same.
        let again = tempfile::tempdir().unwrap();
        prepared.write_into(again.path(), None).unwrap();
        assert_eq!(listing(again.path()), listing(copied.path()));
    }

    #[test]
    fn a_folder_read_is_known_only_while_it_is_the_same() {
        let source = tempfile::tempdir().unwrap();
        sample(source.path());
        let prepared = SharedFolder::read(source.path()).unwrap();
        assert!(prepared.is_of(source.path()));
        // An entry added changes the folder's change time.
        std::thread::sleep(std::time::Duration::from_millis(5));
        std::fs::write(source.path().join("later"), "x").unwrap();
        assert!(!prepared.is_of(source.path()));
        // Another folder at the same path is not it either.
        let other = tempfile::tempdir().unwrap();
        let path = other.path().join("work");
        std::fs::create_dir(&path).unwrap();
        let first = SharedFolder::read(&path).unwrap();
        let inode = std::fs::metadata(&path).unwrap().ino();
        std::fs::rename(&path, other.path().join("gone")).unwrap();
        std::fs::create_dir(&path).unwrap();
        assert_ne!(std::fs::metadata(&path).unwrap().ino(), inode);
        assert!(!first.is_of(&path));
    }

    #[test]
    fn a_folder_larger_than_a_zygote_keeps_is_known_but_not_kept() {
        let source = tempfile::tempdir().unwrap();
        std::fs::write(source.path().join("big"), vec![7u8; MAX_BYTES + 1]).unwrap();
        let big = SharedFolder::read(source.path()).unwrap();
        assert!(big.is_of(source.path()) && !big.is_kept());
        assert!(
            big.write_into(tempfile::tempdir().unwrap().path(), None)
                .is_err()
        );
        let many = tempfile::tempdir().unwrap();
        for n in 0..=MAX_ENTRIES {
            std::fs::write(many.path().join(n.to_string()), "").unwrap();
        }
        assert!(!SharedFolder::read(many.path()).unwrap().is_kept());
        assert!(SharedFolder::read(&many.path().join("gone")).is_none());
    }
}
