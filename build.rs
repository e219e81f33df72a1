//! Rebuilds the crate when anything under `challenges/` changes: `include_dir!` (src/catalog.rs)
//! embeds that tree, but a proc macro cannot tell cargo which files it read, so new or removed
//! challenge files would otherwise leave a stale built-in catalog. Also lists the executable
//! files of that tree (`include_dir!` keeps no permission bits) in `OUT_DIR/catalog_executables`,
//! one path relative to `challenges/` a line, so the catalog writes them out executable.

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
}
