//! Rebuilds the crate when anything under `challenges/` changes: `include_dir!` (src/catalog.rs)
//! embeds that tree, but a proc macro cannot tell cargo which files it read, so new or removed
//! challenge files would otherwise leave a stale built-in catalog. Also lists the executable
//! files of that tree (`include_dir!` keeps contents, not modes) in `$OUT_DIR/catalog-executables`,
//! one path relative to `challenges/` per line, so the catalog writes them out executable.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn executables(root: &Path, folder: &Path, found: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            executables(root, &path, found);
        } else if meta.is_file()
            && meta.permissions().mode() & 0o111 != 0
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
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut text = found.join("\n");
    text.push('\n');
    std::fs::write(Path::new(&out).join("catalog-executables"), text)
        .expect("writing the catalog's executables list");
}
