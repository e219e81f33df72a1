//! What the loader's unit tests share: a temporary challenge folder and located assertions.

use std::fs;
use std::path::PathBuf;

use super::{MANIFEST, load};
use crate::diagnostic::{Diagnostic, Diagnostics};

pub const HEAD: &str = "id = \"demo\"\ntitle = \"Demo\"\ncategory = \"scripting\"\ndifficulty = \"easy\"\nentry = \"solve\"\n";

/// A temporary challenge folder named `demo` holding `toml` as challenge.toml.
pub struct Fixture {
    _tmp: tempfile::TempDir,
    pub root: PathBuf,
}

impl Fixture {
    pub fn new(toml: &str) -> Fixture {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().join("demo");
        fs::create_dir(&root).expect("mkdir");
        let root = fs::canonicalize(&root).expect("canonicalize");
        fs::write(root.join(MANIFEST), toml).expect("write");
        Fixture { _tmp: tmp, root }
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("mkdir");
        }
        fs::write(path, text).expect("write");
        self
    }

    pub fn mkdir(&self, rel: &str) -> &Self {
        fs::create_dir_all(self.root.join(rel)).expect("mkdir");
        self
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn errors(&self) -> Vec<Diagnostic> {
        match load(&self.root) {
            Ok(_) => panic!("expected errors"),
            Err(Diagnostics(all)) => all,
        }
    }
}

/// Asserts that an error containing `needle` sits at `line:column`, with a help line.
#[track_caller]
pub fn assert_error(errors: &[Diagnostic], line: usize, column: usize, needle: &str) -> Diagnostic {
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let found = errors.iter().find(|d| {
        d.message.contains(needle) || d.help.as_deref().is_some_and(|h| h.contains(needle))
    });
    let Some(d) = found else {
        panic!("no error mentions {needle:?}; got:\n{}", shown.join("\n"));
    };
    assert_eq!((d.line, d.column), (line, column), "{d}");
    assert!(d.help.is_some(), "no help: {d}");
    d.clone()
}

pub fn with_test(body: &str) -> String {
    format!("{HEAD}\n[[test]]\nname = \"t\"\n{body}")
}
