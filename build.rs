//! Rebuilds the crate when anything under `challenges/` changes: `include_dir!` (src/catalog.rs)
//! embeds that tree, but a proc macro cannot tell cargo which files it read, so new or removed
//! challenge files would otherwise leave a stale built-in catalog. Also lists the executable
//! files of that tree (`include_dir!` keeps no permission bits) in `OUT_DIR/catalog_executables`,
//! one path relative to `challenges/` a line, so the catalog writes them out executable, and
//! hashes the tree into `OUT_DIR/catalog_hash`, the name of the catalog's cache folder.

use std::path::Path;

fn executables(root: &Path, dir: &Path, found: &mut Vec<String>) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            executables(root, &path, found);
        } else if meta.permissions().mode() & 0o111 != 0
            && let Ok(relative) = path.strip_prefix(root)
        {
            found.push(relative.to_string_lossy().into_owned());
        }
    }
}

fn main() {
    // A folder here makes cargo watch every file below it.
    println!("cargo:rerun-if-changed=challenges");
    println!("cargo:rerun-if-changed=build.rs");
    let root = Path::new("challenges");
    let mut found = Vec::new();
    executables(root, root, &mut found);
    found.sort();
    let mut text = found.join("\n");
    text.push('\n');
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("catalog_executables"), text).expect("OUT_DIR is writable");
    let hash = catalog_hash(root, &found);
    std::fs::write(Path::new(&out).join("catalog_hash"), hash).expect("OUT_DIR is writable");
}

/// Every file under `dir`, as a path relative to `root`.
fn files(root: &Path, dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(root, &path, found);
        } else if let Ok(relative) = path.strip_prefix(root) {
            found.push(relative.to_path_buf());
        }
    }
}

/// A short hash of every path, content and executable bit of the catalog, which names its
/// cache folder (src/catalog.rs, where a test checks it against the embedded files).
fn catalog_hash(root: &Path, executables: &[String]) -> String {
    use sha2::{Digest, Sha256};
    let mut all = Vec::new();
    files(root, root, &mut all);
    all.sort();
    let mut hasher = Sha256::new();
    for relative in all {
        let contents = std::fs::read(root.join(&relative)).expect("catalog file is readable");
        let shown = relative.to_string_lossy();
        hasher.update(shown.as_bytes());
        hasher.update([0]);
        hasher.update((contents.len() as u64).to_le_bytes());
        hasher.update(&contents);
        hasher.update([u8::from(executables.iter().any(|e| *e == shown))]);
    }
    hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
