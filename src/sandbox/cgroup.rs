//! cgroup v2 detection: whether a writable, delegated cgroup v2 subtree with the memory and pids
//! controllers exists for this process. Pure over the text of /proc/self/cgroup and
//! /proc/self/mountinfo plus the folder it points to, so it can be tested on a fake tree.

use std::path::{Path, PathBuf};

/// The cgroup v2 folder of this process when it can host per-run child cgroups.
pub fn detect() -> Result<PathBuf, String> {
    let cgroup = std::fs::read_to_string("/proc/self/cgroup")
        .map_err(|e| format!("/proc/self/cgroup: {e}"))?;
    let mountinfo = std::fs::read_to_string("/proc/self/mountinfo")
        .map_err(|e| format!("/proc/self/mountinfo: {e}"))?;
    let folder = v2_folder(&cgroup, &mountinfo)?;
    check_delegated(&folder)?;
    Ok(folder)
}

/// Where this process's cgroup v2 lives, from /proc/self/cgroup and /proc/self/mountinfo.
pub fn v2_folder(cgroup: &str, mountinfo: &str) -> Result<PathBuf, String> {
    let relative = cgroup
        .lines()
        .find_map(|line| line.strip_prefix("0::"))
        .ok_or("no cgroup v2 hierarchy (this machine uses cgroup v1 only)")?;
    let mount = mountinfo
        .lines()
        .find_map(|line| {
            let (left, right) = line.split_once(" - ")?;
            let fstype = right.split_whitespace().next()?;
            (fstype == "cgroup2").then(|| left.split_whitespace().nth(4).map(str::to_string))?
        })
        .ok_or("cgroup v2 is not mounted")?;
    Ok(Path::new(&mount).join(relative.trim_start_matches('/')))
}

/// Checks that `folder` has the memory and pids controllers and that we may create children.
pub fn check_delegated(folder: &Path) -> Result<(), String> {
    let controllers = std::fs::read_to_string(folder.join("cgroup.controllers"))
        .map_err(|e| format!("{}: {e}", folder.join("cgroup.controllers").display()))?;
    let present: Vec<&str> = controllers.split_whitespace().collect();
    let missing: Vec<&str> = ["memory", "pids"]
        .into_iter()
        .filter(|c| !present.contains(c))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "the cgroup v2 folder {} lacks the {} controller(s) (a hybrid or v1 machine, or not delegated)",
            folder.display(),
            missing.join(" and ")
        ));
    }
    let writable = rustix::fs::access(folder, rustix::fs::Access::WRITE_OK).is_ok()
        && rustix::fs::access(folder.join("cgroup.procs"), rustix::fs::Access::WRITE_OK).is_ok();
    if !writable {
        return Err(format!(
            "the cgroup v2 folder {} is not writable (not delegated to this user)",
            folder.display()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HYBRID_MOUNTS: &str = "35 24 0:30 / /sys/fs/cgroup/unified rw,relatime shared:9 - cgroup2 cgroup2 rw\n36 24 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";

    #[test]
    fn v1_only_machine_is_reported() {
        let err = v2_folder(
            "4:memory:/user\n2:pids:/user\n",
            "36 24 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw\n",
        )
        .unwrap_err();
        assert!(err.contains("v1 only"), "{err}");
    }

    #[test]
    fn hybrid_machine_finds_the_unified_folder_but_no_controllers() {
        let folder = v2_folder("0::/user.slice\n4:memory:/\n", HYBRID_MOUNTS).unwrap();
        assert_eq!(folder, Path::new("/sys/fs/cgroup/unified/user.slice"));
        let fake = tempfile::tempdir().unwrap();
        std::fs::write(fake.path().join("cgroup.controllers"), "\n").unwrap();
        let err = check_delegated(fake.path()).unwrap_err();
        assert!(err.contains("memory and pids"), "{err}");
    }

    #[test]
    fn delegated_folder_is_accepted() {
        let fake = tempfile::tempdir().unwrap();
        std::fs::write(fake.path().join("cgroup.controllers"), "cpu memory pids\n").unwrap();
        std::fs::write(fake.path().join("cgroup.procs"), "").unwrap();
        assert_eq!(check_delegated(fake.path()), Ok(()));
    }
}
