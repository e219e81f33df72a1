//! Challenge folders the unprivileged run user can read. A root judge runs checkers and
//! validators as uid 65534 (or `--run-as`); when a challenge folder (or a Kattis validator's
//! folder) is out of that user's reach — the built-in catalog unpacked under root's 0700 home,
//! an instructor's folder there — the program gets a copy of the folder that it can read, made
//! once per judge process under the run folders' base and removed when the judge ends
//! (`remove_all`).

use std::collections::HashMap;
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Copies made so far: challenge folder → its readable copy.
static COPIES: Mutex<Option<HashMap<PathBuf, PathBuf>>> = Mutex::new(None);

/// True when `uid`/`gid` may reach (search every folder above) and read `path`.
pub fn reachable_by(path: &Path, uid: u32, gid: u32) -> bool {
    let allows = |meta: &std::fs::Metadata, bit: u32| {
        let mode = meta.permissions().mode();
        if meta.uid() == uid {
            mode & (bit << 6) != 0
        } else if meta.gid() == gid {
            mode & (bit << 3) != 0
        } else {
            mode & bit != 0
        }
    };
    let Ok(real) = std::fs::canonicalize(path) else {
        return false;
    };
    for folder in real.ancestors().skip(1) {
        match std::fs::metadata(folder) {
            Ok(meta) if allows(&meta, 0o1) => {}
            _ => return false,
        }
    }
    std::fs::metadata(&real).is_ok_and(|meta| {
        let needed = if meta.is_dir() { 0o5 } else { 0o4 };
        allows(&meta, needed)
    })
}

/// The folder to give a run as user `ids` in place of the challenge folder `root`: `root`
/// itself when that user can read it and `file` (the checker) in it, else a copy it can read.
pub fn challenge_root(root: &Path, file: &Path, ids: (u32, u32)) -> io::Result<PathBuf> {
    if reachable_by(root, ids.0, ids.1) && reachable_by(file, ids.0, ids.1) {
        return Ok(root.to_path_buf());
    }
    let mut copies = COPIES
        .lock()
        .map_err(|_| io::Error::other("readable copies poisoned"))?;
    let copies = copies.get_or_insert_with(HashMap::new);
    if let Some(copy) = copies.get(root) {
        return Ok(copy.clone());
    }
    let folder = tempfile::Builder::new()
        .prefix("livejudge-challenge-")
        .tempdir_in(crate::sandbox::workdir::judge_folder()?)?
        .keep();
    let copy = folder.join("challenge");
    std::fs::create_dir(&copy)?;
    let made = crate::sandbox::workdir::copy_tree(root, &copy).and_then(|()| open_up(&folder));
    if let Err(e) = made {
        let _ = std::fs::remove_dir_all(&folder);
        return Err(e);
    }
    copies.insert(root.to_path_buf(), copy.clone());
    Ok(copy)
}

/// `file` (inside `root`) as it is in `copy`, the readable copy of `root`.
pub fn relocate(file: &Path, root: &Path, copy: &Path) -> PathBuf {
    match file.strip_prefix(root) {
        Ok(relative) => copy.join(relative),
        Err(_) => file.to_path_buf(),
    }
}

/// Lets everyone read every file and search every folder below `folder` (itself included).
fn open_up(folder: &Path) -> io::Result<()> {
    let meta = std::fs::symlink_metadata(folder)?;
    if meta.file_type().is_symlink() {
        return Ok(());
    }
    let mode = meta.permissions().mode();
    if meta.is_dir() {
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(mode | 0o755))?;
        for entry in std::fs::read_dir(folder)? {
            open_up(&entry?.path())?;
        }
    } else {
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(mode | 0o444))?;
    }
    Ok(())
}

/// Removes every copy this process made (when the judge is done).
pub fn remove_all() {
    if let Ok(mut copies) = COPIES.lock()
        && let Some(copies) = copies.take()
    {
        for copy in copies.values() {
            if let Some(folder) = copy.parent() {
                let _ = std::fs::remove_dir_all(folder);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_behind_a_closed_one_is_copied_readable_and_removed() {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("closed/challenge");
        std::fs::create_dir_all(root.join("checks")).unwrap();
        std::fs::write(root.join("checks/check.py"), "print('ok')\n").unwrap();
        std::fs::set_permissions(
            root.join("checks/check.py"),
            std::fs::Permissions::from_mode(0o600),
        )
        .unwrap();
        std::fs::set_permissions(
            outer.path().join("closed"),
            std::fs::Permissions::from_mode(0o700),
        )
        .unwrap();
        let nobody = (65534, 65534);
        let checker = root.join("checks/check.py");
        assert!(!reachable_by(&checker, nobody.0, nobody.1));
        let copy = challenge_root(&root, &checker, nobody).unwrap();
        assert_ne!(copy, root);
        let moved = relocate(&checker, &root, &copy);
        assert_eq!(std::fs::read_to_string(&moved).unwrap(), "print('ok')\n");
        // Readable by anyone from the copy's own folder down (the judge's folder above it is
        // opened to runs only where they reach it on the machine: see `workdir::judge_folder`).
        let own = copy.parent().unwrap();
        for path in [own, copy.as_path(), &copy.join("checks"), &moved] {
            let mode = std::fs::metadata(path).unwrap().permissions().mode();
            assert_eq!(
                mode & 0o005,
                if path.is_dir() { 0o005 } else { 0o004 },
                "{path:?}"
            );
        }
        // The same folder is copied once.
        assert_eq!(challenge_root(&root, &checker, nobody).unwrap(), copy);
        remove_all();
        assert!(!copy.exists());
    }

    #[test]
    fn a_readable_folder_is_used_as_it_is() {
        let outer = tempfile::tempdir().unwrap();
        std::fs::set_permissions(outer.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let checker = outer.path().join("check.sh");
        std::fs::write(&checker, "exit 0\n").unwrap();
        std::fs::set_permissions(&checker, std::fs::Permissions::from_mode(0o644)).unwrap();
        let root = std::fs::canonicalize(outer.path()).unwrap();
        if reachable_by(&root, 65534, 65534) {
            assert_eq!(
                challenge_root(&root, &checker, (65534, 65534)).unwrap(),
                root
            );
        }
    }
}
