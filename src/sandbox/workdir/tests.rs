//! Tests of run folders: making, copying, reading back, walking and removing them.

use super::*;

#[test]
fn a_run_folder_sharing_a_prepared_folder_never_removes_it() {
    let shared = std::sync::Arc::new(RunDir::new().unwrap());
    fs::write(shared.prepared().join("solve.sh"), "echo").unwrap();
    let mut first = RunDir::sharing(shared.clone());
    assert_eq!(first.prepared(), shared.prepared());
    assert_eq!(first.work(), shared.prepared());
    first.remove().unwrap();
    let mut second = RunDir::sharing(shared.clone());
    second.remove().unwrap();
    assert!(shared.prepared().join("solve.sh").is_file());
    // The last of them to go removes it.
    let root = shared.root.clone();
    drop((first, second, shared));
    assert!(!root.exists());
}

#[test]
fn reads_regular_files_and_refuses_links() {
    let dir = RunDir::new().unwrap();
    let work = dir.work();
    // A folder beside the working folder, as the judge's own files would be.
    let judge = dir.root.join("judge");
    fs::create_dir(&judge).unwrap();
    fs::write(work.join("out.txt"), "hello").unwrap();
    fs::write(judge.join("secret"), "expected").unwrap();
    std::os::unix::fs::symlink(judge.join("secret"), work.join("link")).unwrap();
    fs::hard_link(judge.join("secret"), work.join("hard")).unwrap();
    fs::create_dir(work.join("sub")).unwrap();
    std::os::unix::fs::symlink(&judge, work.join("sub/up")).unwrap();

    assert!(
        matches!(read_beneath(&work, Path::new("out.txt"), 100).unwrap(), Found::File { ref bytes, .. } if bytes == b"hello")
    );
    assert!(matches!(
        read_beneath(&work, Path::new("link"), 100).unwrap(),
        Found::Refused(_)
    ));
    assert!(matches!(
        read_beneath(&work, Path::new("hard"), 100).unwrap(),
        Found::Refused(_)
    ));
    assert!(matches!(
        read_beneath(&work, Path::new("sub/up/secret"), 100).unwrap(),
        Found::Refused(_)
    ));
    assert!(matches!(
        read_beneath(&work, Path::new("../judge/secret"), 100).unwrap(),
        Found::Refused(_)
    ));
    assert_eq!(
        read_beneath(&work, Path::new("nope"), 100).unwrap(),
        Found::Missing
    );
    match read_beneath(&work, Path::new("out.txt"), 3).unwrap() {
        Found::File {
            bytes, truncated, ..
        } => assert_eq!((bytes.as_slice(), truncated), (&b"hel"[..], true)),
        other => panic!("{other:?}"),
    }
    assert!(exists_beneath(&work, Path::new("link")).unwrap());
    assert!(!exists_beneath(&work, Path::new("gone")).unwrap());
}

/// The sweep removes what dead judges left — an unlocked `livejudge-PID-*` folder, and a
/// `.livejudge-PID-*` one a minute old — and nothing else: not a folder being made right now
/// by a judge starting beside it, not a locked folder, not another program's.
#[test]
fn the_sweep_removes_only_what_dead_judges_left() {
    let base = tempfile::tempdir().unwrap();
    let made = |name: &str| {
        let path = base.path().join(name);
        fs::create_dir_all(path.join("work")).unwrap();
        path
    };
    let dead = made("livejudge-4000001-aaaaaa");
    let old_staging = made(".livejudge-4000002-bbbbbb");
    let hour_ago = rustix::fs::Timespec {
        tv_sec: (std::time::SystemTime::now() - std::time::Duration::from_secs(3600))
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64,
        tv_nsec: 0,
    };
    let hour_ago = rustix::fs::Timestamps {
        last_access: hour_ago,
        last_modification: hour_ago,
    };
    rustix::fs::utimensat(rustix::fs::CWD, &old_staging, &hour_ago, AtFlags::empty()).unwrap();
    let new_staging = made(".livejudge-4000003-cccccc");
    let alive = made("livejudge-4000004-dddddd");
    let held = open_root(&alive).unwrap();
    rustix::fs::flock(&held, rustix::fs::FlockOperation::LockExclusive).unwrap();
    let other = made("livejudge-probe-eeeeee");
    sweep_dead_judges(base.path());
    assert!(!dead.exists() && !old_staging.exists());
    assert!(new_staging.exists() && alive.exists() && other.exists());
}

#[test]
fn removal_survives_chmod_000_and_keeps_link_targets() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("keep.txt"), "precious").unwrap();
    let mut dir = RunDir::new().unwrap();
    let work = dir.work();
    fs::create_dir_all(work.join("a/b/c")).unwrap();
    fs::write(work.join("a/b/c/f"), "x").unwrap();
    std::os::unix::fs::symlink(outside.path(), work.join("a/escape")).unwrap();
    fs::set_permissions(work.join("a/b"), fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(work.join("a"), fs::Permissions::from_mode(0o000)).unwrap();
    let root = dir.root.clone();
    dir.remove().unwrap();
    assert!(!root.exists());
    assert_eq!(
        fs::read_to_string(outside.path().join("keep.txt")).unwrap(),
        "precious"
    );
}

#[test]
fn walks_and_removes_folders_deeper_than_path_max() {
    let mut dir = RunDir::new().unwrap();
    let mut current = open_root(&dir.work()).unwrap();
    // 2 bytes per level: 3000 levels make paths longer than PATH_MAX (4096).
    for _ in 0..3000 {
        rustix::fs::mkdirat(&current, "d", Mode::from_raw_mode(0o755)).unwrap();
        current = rustix::fs::openat(
            &current,
            "d",
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .unwrap();
    }
    let file = rustix::fs::openat(
        &current,
        "big",
        OFlags::WRONLY | OFlags::CREATE | OFlags::CLOEXEC,
        Mode::from_raw_mode(0o644),
    )
    .unwrap();
    rustix::fs::ftruncate(&file, 10).unwrap();
    drop((file, current));
    assert!(has_file_of_size(&dir.work(), 10).unwrap());
    assert!(!has_file_of_size(&dir.work(), 11).unwrap());
    let root = dir.root.clone();
    dir.remove().unwrap();
    assert!(!root.exists());
}

/// A run folder holding a working folder "come back from a view" (here a folder of its
/// own, opened) as a run could leave it: a file of `size` bytes deep in a folder it closed
/// with `chmod 000`, a sparse one, a link.
fn came_back(size: u64) -> (RunDir, tempfile::TempDir) {
    let left = tempfile::tempdir().unwrap();
    let deep = left.path().join("a/b");
    fs::create_dir_all(&deep).unwrap();
    fs::write(deep.join("out"), vec![b'x'; size as usize]).unwrap();
    fs::write(left.path().join("small"), "1").unwrap();
    std::os::unix::fs::symlink("/etc/passwd", left.path().join("link")).unwrap();
    fs::set_permissions(left.path().join("a"), fs::Permissions::from_mode(0o000)).unwrap();
    let mut dir = RunDir::new().unwrap();
    dir.adopt_work(std::sync::Arc::new(open_root(left.path()).unwrap()));
    (dir, left)
}

#[test]
fn a_folder_nobody_reads_is_emptied_in_the_walk_that_checks_file_sizes() {
    for (size, limit, reached) in [(10, 10, true), (10, 11, false)] {
        let (mut dir, left) = came_back(size);
        assert_eq!(dir.empty_noting_file_of_size(limit), Some(reached));
        assert_eq!(fs::read_dir(left.path()).unwrap().count(), 0);
        // Let go of: nothing more to empty, and the file-size check is not made again.
        assert_eq!(dir.empty_noting_file_of_size(limit), None);
        dir.remove().unwrap();
        assert!(fs::symlink_metadata("/etc/passwd").is_ok());
    }
    // A run folder with nothing come back has nothing to empty.
    let mut plain = RunDir::new().unwrap();
    assert_eq!(plain.empty_noting_file_of_size(1), None);
}
