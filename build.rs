//! Rebuilds the crate when anything under `challenges/` changes: `include_dir!` (src/catalog.rs)
//! embeds that tree, but a proc macro cannot tell cargo which files it read, so new or removed
//! challenge files would otherwise leave a stale built-in catalog.

fn main() {
    // A folder here makes cargo watch every file below it.
    println!("cargo:rerun-if-changed=challenges");
    println!("cargo:rerun-if-changed=build.rs");
}
