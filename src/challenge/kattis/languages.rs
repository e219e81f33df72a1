//! Kattis languages: problemtools' detection rules (a file is evidence for a language by its
//! extension and, for some extensions, its `#!` line; the language with the most evidence wins,
//! ties by priority) and the Kattis codes. Mapping them onto the harness, and whether a
//! submission can run here at all, is `crate::prepare::kattis`.

use std::path::{Path, PathBuf};

/// One language of problemtools' `languages.yaml` (plus Perl and Bash, which livejudge runs and
/// Kattis does not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KattisLanguage {
    /// The Kattis code (`python3`, `cpp`), as `submissions.yaml` and `include/` name it.
    pub code: &'static str,
    /// Breaks ties between languages with as many files (higher wins).
    pub priority: u32,
    /// Extensions of its source files (case-sensitive: `.C` is C++).
    pub extensions: &'static [&'static str],
    /// Extensions whose files count as evidence only when their `#!` line names
    /// `shebang` (problemtools' `shebang_files`): a `.py` file is Python 2 only with
    /// `#!…python2`.
    pub shebang_extensions: &'static [&'static str],
    pub shebang: &'static str,
    /// Harness languages that run it, the first one present wins.
    pub harness: &'static [&'static str],
}

const fn lang(
    code: &'static str,
    priority: u32,
    extensions: &'static [&'static str],
    harness: &'static [&'static str],
) -> KattisLanguage {
    KattisLanguage {
        code,
        priority,
        extensions,
        shebang_extensions: &[],
        shebang: "",
        harness,
    }
}

/// problemtools' languages and priorities (`problemtools/config/languages.yaml`), and Perl and
/// Bash, which claim `.pl`/`.sh` files only with their `#!` line so that `.pl` stays Prolog.
pub const LANGUAGES: &[KattisLanguage] = &[
    lang("cpp", 1000, &["cc", "C", "cpp", "cxx", "c++"], &["cpp"]),
    lang("c", 950, &["c"], &["c"]),
    KattisLanguage {
        shebang_extensions: &["py"],
        shebang: "python2",
        ..lang("python2", 860, &["py", "py2"], &["python2"])
    },
    lang("python3", 850, &["py", "py3"], &["python"]),
    lang("java", 800, &["java"], &["java"]),
    lang("csharp", 700, &["cs"], &["csharp"]),
    lang("fsharp", 675, &["fs"], &["fsharp"]),
    lang("ruby", 650, &["rb"], &["ruby"]),
    lang("haskell", 600, &["hs"], &["haskell"]),
    lang("rust", 575, &["rs"], &["rust"]),
    lang("scala", 550, &["sc", "scala"], &["scala"]),
    lang("javascript", 500, &["js"], &["javascript"]),
    lang("php", 450, &["php"], &["php"]),
    lang("go", 400, &["go"], &["go"]),
    lang("ocaml", 375, &["ml"], &["ocaml"]),
    lang("pascal", 350, &["pas"], &["pascal"]),
    lang("objectivec", 300, &["m"], &["objectivec"]),
    lang("kotlin", 250, &["kt"], &["kotlin"]),
    lang("lisp", 200, &["lisp", "cl"], &["lisp"]),
    KattisLanguage {
        shebang_extensions: &["pl", "pm"],
        shebang: "perl",
        ..lang("perl", 150, &["pl", "pm"], &["perl"])
    },
    KattisLanguage {
        shebang_extensions: &["sh"],
        shebang: "bash",
        ..lang("bash", 120, &["sh", "bash"], &["bash"])
    },
    lang("prolog", 100, &["pl"], &["prolog"]),
    lang("cobol", 50, &["cob"], &["cobol"]),
];

/// The Kattis language with the code `code`.
pub fn by_code(code: &str) -> Option<&'static KattisLanguage> {
    LANGUAGES.iter().find(|l| l.code == code)
}

/// True when the first line of `file` is `#!…WORD` with WORD ending at a word boundary
/// (problemtools' `^#!.*WORD\b`).
fn shebang_names(file: &Path, word: &str) -> bool {
    use std::io::Read;
    let mut head = [0u8; 256];
    let Ok(n) = std::fs::File::open(file).and_then(|mut f| f.read(&mut head)) else {
        return false;
    };
    let line = &head[..n];
    let line = &line[..line.iter().position(|&b| b == b'\n').unwrap_or(line.len())];
    let Some(rest) = line.strip_prefix(b"#!") else {
        return false;
    };
    let rest = String::from_utf8_lossy(rest);
    rest.match_indices(word).any(|(i, _)| {
        rest[i + word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
    })
}

impl KattisLanguage {
    /// Whether `file` (under `root`) counts as evidence for this language.
    fn claims(&self, root: &Path, file: &Path) -> bool {
        let Some(ext) = file.extension().and_then(|e| e.to_str()) else {
            return false;
        };
        if !self.extensions.contains(&ext) {
            return false;
        }
        !self.shebang_extensions.contains(&ext) || shebang_names(&root.join(file), self.shebang)
    }
}

/// The language of a program made of `files` (relative to `root`) by problemtools' rules: the
/// language the most files are evidence for, ties broken by priority. `None` when no file has
/// the extension of a Kattis language.
pub fn detect(root: &Path, files: &[PathBuf]) -> Option<&'static KattisLanguage> {
    LANGUAGES
        .iter()
        .map(|l| (files.iter().filter(|f| l.claims(root, f)).count(), l))
        .filter(|(count, _)| *count > 0)
        .max_by_key(|(count, l)| (*count, l.priority))
        .map(|(_, l)| l)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A program made of `files` (name, text) in a temporary folder.
    pub(crate) fn program(files: &[(&str, &str)]) -> (tempfile::TempDir, Vec<PathBuf>) {
        let temp = tempfile::tempdir().unwrap();
        let mut listed = Vec::new();
        for (name, text) in files {
            std::fs::write(temp.path().join(name), text).unwrap();
            listed.push(PathBuf::from(name));
        }
        (temp, listed)
    }

    fn code(files: &[(&str, &str)]) -> Option<&'static str> {
        let (temp, listed) = program(files);
        detect(temp.path(), &listed).map(|l| l.code)
    }

    #[test]
    fn python_versions_by_extension_and_shebang() {
        assert_eq!(code(&[("a.py", "print(1)\n")]), Some("python3"));
        assert_eq!(code(&[("a.py3", "print(1)\n")]), Some("python3"));
        assert_eq!(code(&[("a.py2", "print 1\n")]), Some("python2"));
        assert_eq!(
            code(&[("a.py", "#!/usr/bin/env python2\nprint 1\n")]),
            Some("python2")
        );
        assert_eq!(
            code(&[("a.py", "#!/usr/bin/python2.7\nprint 1\n")]),
            Some("python2"),
            "problemtools' `python2\\b` matches python2.7"
        );
        assert_eq!(
            code(&[("a.py", "#!/usr/bin/python22\nprint 1\n")]),
            Some("python3")
        );
        assert_eq!(
            code(&[("a.py", "#!/usr/bin/env python3\nprint(1)\n")]),
            Some("python3")
        );
        // A python2 main file with a helper without #!: the helper is evidence for python3 only.
        assert_eq!(
            code(&[
                ("main.py", "#!/usr/bin/env python2\nimport h\n"),
                ("h.py", "x = 1\n")
            ]),
            Some("python3")
        );
    }

    #[test]
    fn prolog_unless_a_perl_line() {
        assert_eq!(code(&[("a.pl", "main :- halt.\n")]), Some("prolog"));
        assert_eq!(
            code(&[("a.pl", "#!/usr/bin/perl\nprint 1;\n")]),
            Some("perl")
        );
    }

    #[test]
    fn majority_of_files_then_priority() {
        assert_eq!(
            code(&[("a.c", ""), ("b.c", ""), ("c.cpp", "")]),
            Some("c"),
            "two C files outvote one C++ file"
        );
        assert_eq!(
            code(&[("a.c", ""), ("b.cpp", "")]),
            Some("cpp"),
            "a tie: C++ ranks higher"
        );
        assert_eq!(code(&[("Main.kt", ""), ("notes.txt", "")]), Some("kotlin"));
        assert_eq!(code(&[("run", "#!/bin/sh\n")]), None);
    }
}
