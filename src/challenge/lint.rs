//! The warnings `lint` gives about a challenge.toml that loads but is likely wrong: a missing
//! statement, a thin challenge (no samples, no hidden tests, no hints), a limit no run could
//! live within, a comparator option that does nothing, a stray file among the case files.
//! Loading records the facts (`Notes`) and never words them; judging never sees them.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::Challenge;
use super::load;
use crate::compare::CompareKind;
use crate::diagnostic::Diagnostic;

/// What a walk over challenge.toml saw that `lint` may warn about.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    /// Paths written (or defaulted) that do not exist but are accepted: the statement.
    pub missing: Vec<MissingPath>,
    /// Every `time`, `cpu` and `memory` limit that parsed, with the span of its value.
    pub limits: Vec<(Range<usize>, String, WrittenLimit)>,
    /// Every comparator option written in an expectation that loaded.
    pub options: Vec<WrittenOption>,
    /// Files among the case files that are no case file.
    pub ignored: Vec<IgnoredCaseFile>,
    /// Set when the challenge has tests.
    pub tests: Option<TestsNote>,
    pub no_hints: bool,
    pub debugging_without_state_checks: bool,
}

#[derive(Debug)]
pub(crate) struct MissingPath {
    /// The key, like `statement`.
    pub key: String,
    /// The path as written.
    pub raw: String,
    /// `file` or `folder`.
    pub what: &'static str,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum WrittenLimit {
    Time(Duration),
    Memory(u64),
}

#[derive(Debug)]
pub(crate) struct WrittenOption {
    /// The span of the option's key.
    pub span: Range<usize>,
    /// `stdout`, `stderr` or `files`.
    pub key: String,
    pub option: &'static str,
    /// The comparator it was written for.
    pub kind: CompareKind,
}

#[derive(Debug)]
pub(crate) struct IgnoredCaseFile {
    pub path: PathBuf,
    pub file_name: String,
    /// `tests/sample` or `tests/hidden`.
    pub folder: String,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct TestsNote {
    pub any_sample: bool,
    pub any_hidden: bool,
}

/// Loads the challenge at `path` (a folder, its definition file, a Kattis package) with every
/// diagnostic: the loader's errors and the warnings of this module. Errors first, then
/// warnings; the challenge only when nothing is an error.
pub fn check(path: &Path) -> (Option<Challenge>, Vec<Diagnostic>) {
    let read = load::read(path, load::Reading::Judge);
    let warnings = read
        .notes()
        .map(|(manifest, source, notes)| warnings(manifest, source, notes))
        .unwrap_or_default();
    read.finish(warnings)
}

/// The warnings `notes` call for, about `manifest` (whose text is `source`).
fn warnings(manifest: &Path, source: &str, notes: &Notes) -> Vec<Diagnostic> {
    let warning =
        |message: String, help: &str| Diagnostic::warning(manifest, message).with_help(help);
    let mut out = Vec::new();
    for missing in &notes.missing {
        let message = format!(
            "`{}` names `{}`, which does not exist",
            missing.key, missing.raw
        );
        out.push(warning(
            message,
            &format!("create the {} `{}`", missing.what, missing.raw),
        ));
    }
    if let Some(tests) = notes.tests {
        if !tests.any_sample {
            out.push(warning(
                "no sample tests: plain `test` will run every test".into(),
                "mark a [[test]] with `sample = true`, or add tests/sample/NAME.out",
            ));
        }
        if !tests.any_hidden {
            out.push(warning(
                "no hidden tests: every test is shown to learners".into(),
                "add tests that are not samples, or case files under tests/hidden/",
            ));
        }
    }
    if notes.no_hints {
        out.push(warning(
            "no hints".into(),
            "add `hints = [\"...\"]`; `livejudge hint` reveals them one at a time",
        ));
    }
    if notes.debugging_without_state_checks {
        out.push(warning(
            "a debugging challenge without any `files` or `unchanged` check".into(),
            "check the state the fixed program leaves behind with `files` or `unchanged`",
        ));
    }
    for (span, what, limit) in &notes.limits {
        if let Some(why) = implausible(*limit) {
            let message = format!("`{what}` is so small that every run will fail at it: {why}");
            out.push(
                warning(message, "check the unit (ms vs s, KiB vs MiB)").at(source, span.start),
            );
        }
    }
    for written in &notes.options {
        if let Some(help) = useless(written) {
            let message = format!(
                "`{}.{}` has no effect with compare = \"{}\"",
                written.key,
                written.option,
                written.kind.name()
            );
            out.push(warning(message, help).at(source, written.span.start));
        }
    }
    for ignored in &notes.ignored {
        out.push(
            Diagnostic::warning(
                &ignored.path,
                format!("ignored `{}` in `{}`", ignored.file_name, ignored.folder),
            )
            .with_help("case files are NAME.out, NAME.in, NAME.err, NAME.args and NAME.files/"),
        );
    }
    out
}

/// Why no solution could live within `limit` (a typo like "1B" or "5ms"): valid, but every
/// run would fail at it.
fn implausible(limit: WrittenLimit) -> Option<&'static str> {
    const SMALLEST_TIME: Duration = Duration::from_millis(50);
    const SMALLEST_MEMORY: u64 = 4 << 20;
    match limit {
        WrittenLimit::Time(time) if time < SMALLEST_TIME => {
            Some("a process barely starts in less than 50ms")
        }
        WrittenLimit::Memory(memory) if memory < SMALLEST_MEMORY => {
            Some("no interpreter starts in less than 4MiB")
        }
        _ => None,
    }
}

/// The help when a comparator option does nothing with the comparator it was written for.
fn useless(written: &WrittenOption) -> Option<&'static str> {
    if written.option == "case_sensitive" {
        let applies = matches!(written.kind, CompareKind::Tokens | CompareKind::Float);
        return (!applies)
            .then_some("remove it, or use a comparator it applies to (`tokens`, `float`)");
    }
    let applies = matches!(
        written.kind,
        CompareKind::Tokens | CompareKind::Float | CompareKind::Json
    );
    (!applies).then_some("remove it, or use a comparator it applies to (`tokens`, `float`, `json`)")
}

#[cfg(test)]
mod tests {
    use crate::challenge::lint::check;
    use crate::challenge::load::testing::*;
    use crate::diagnostic::Severity;

    #[test]
    fn empty_hints_are_errors_without_a_no_hints_warning() {
        let f = Fixture::new(&format!("{HEAD}hints = [\"\", \" \"]\n"));
        let errors = f.errors();
        let empty: Vec<(usize, usize)> = errors
            .iter()
            .filter(|d| d.message == "a hint is empty")
            .map(|d| (d.line, d.column))
            .collect();
        assert_eq!(empty, [(6, 10), (6, 14)], "{errors:?}");
        assert!(
            !errors.iter().any(|d| d.message == "no hints"),
            "{errors:?}"
        );
    }

    #[test]
    fn debugging_without_state_checks_warns() {
        let f = Fixture::new(&format!(
            "{}hints = [\"h\"]\n[[test]]\nname = \"a\"\nsample = true\n[[test]]\nname = \"b\"\n",
            HEAD.replace("scripting", "debugging")
        ));
        f.write("README.md", "x");
        let (c, diags) = check(&f.root);
        assert!(c.is_some());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(
            diags[0]
                .message
                .contains("debugging challenge without any `files` or `unchanged`")
        );
    }

    #[test]
    fn implausibly_small_limits_warn() {
        let f = Fixture::new(&format!(
            "{HEAD}hints = [\"h\"]\n[limits]\ntime = \"5ms\"\nmemory = \"1KiB\"\ncpu = \"1s\"\n[[test]]\nname = \"a\"\nsample = true\n"
        ));
        f.write("README.md", "x");
        let (c, diags) = check(&f.root);
        assert!(c.is_some(), "{diags:?}");
        let messages: Vec<&str> = diags
            .iter()
            .map(|d| d.message.as_str())
            .filter(|m| m.contains("so small"))
            .collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`limits.time` is so small"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`limits.memory` is so small"))
        );
    }

    #[test]
    fn useless_options_and_empty_hints_warn() {
        let f = Fixture::new(&format!(
            "{HEAD}hints = []\n[[test]]\nname = \"a\"\nstdout = {{ text = \"x\", abs_tol = 0.1 }}\n"
        ));
        let (c, diags) = check(&f.root);
        assert!(c.is_some(), "{diags:?}");
        let d = diags
            .iter()
            .find(|d| {
                d.message
                    .contains("`stdout.abs_tol` has no effect with compare = \"lines\"")
            })
            .unwrap_or_else(|| panic!("{diags:?}"));
        assert_eq!((d.severity, d.line, d.column), (Severity::Warning, 9, 24));
        assert!(diags.iter().any(|d| d.message == "no hints"));
    }
}
