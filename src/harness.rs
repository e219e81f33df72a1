//! Languages: the harness table (built in, or `--harness FILE`), picking the language of a
//! solution (`--lang`, else the extension, else the `#!` line), and expanding its commands.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::runner::MemoryStrategy;

/// The built-in harness table.
pub const BUILTIN: &str = include_str!("../harness/languages.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageWire {
    #[serde(default)]
    extensions: Vec<String>,
    #[serde(default)]
    shebang: Vec<String>,
    compile: Option<WrittenCommand>,
    run: WrittenCommand,
    version: Option<WrittenCommand>,
    memory: Option<String>,
    #[serde(default)]
    compile_env: BTreeMap<String, String>,
    #[serde(default)]
    public_class: bool,
}

/// A command as written: an array of words, or one string split on whitespace.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum WrittenCommand {
    Words(Vec<String>),
    Line(String),
}

impl WrittenCommand {
    fn words(self) -> Vec<String> {
        match self {
            WrittenCommand::Words(words) => words,
            WrittenCommand::Line(line) => line.split_whitespace().map(str::to_string).collect(),
        }
    }
}

/// One language of the harness.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    pub name: String,
    pub extensions: Vec<String>,
    pub shebang: Vec<String>,
    pub compile: Option<Vec<String>>,
    pub run: Vec<String>,
    pub version: Option<Vec<String>>,
    pub memory: MemoryStrategy,
    /// Variables set for the compile step only (placeholders expanded).
    pub compile_env: BTreeMap<String, String>,
    /// The entry file must be named after the class it declares (Java).
    pub public_class: bool,
}

/// The compile-command word replaced by every source file of the submission.
pub const SOURCES: &str = "{sources}";

/// The run-command placeholder replaced by the memory limit in MiB (Java's `-Xmx`, PHP's
/// `memory_limit`, GHC's `-M`): see [`Language::with_memory`].
pub const MEMORY_MIB: &str = "{memory_mib}";

/// What `{memory_mib}` becomes in a command whose language was not given a limit: a checker or
/// an output validator, which run with 2 GiB.
pub const DEFAULT_MEMORY_MIB: u64 = 2048;

/// Values for a command's placeholders.
#[derive(Debug, Clone, Default)]
pub struct Placeholders {
    pub file: String,
    pub dir: String,
    pub exe: String,
    pub stem: String,
}

impl Placeholders {
    /// The placeholders of a script run where it lies (a checker, a validator): `{file}` and
    /// `{dir}` only.
    pub fn for_script(file: &Path) -> Placeholders {
        Placeholders {
            file: file.to_string_lossy().into_owned(),
            dir: file
                .parent()
                .unwrap_or(Path::new("/"))
                .to_string_lossy()
                .into_owned(),
            exe: String::new(),
            stem: String::new(),
        }
    }
}

impl Language {
    /// The main extension (`sh` for bash), used when a file has to be named.
    pub fn extension(&self) -> Option<&str> {
        self.extensions.first().map(String::as_str)
    }

    pub fn expand(words: &[String], values: &Placeholders) -> Vec<String> {
        words
            .iter()
            .map(|w| {
                w.replace("{file}", &values.file)
                    .replace("{dir}", &values.dir)
                    .replace("{exe}", &values.exe)
                    .replace("{stem}", &values.stem)
                    .replace(MEMORY_MIB, &DEFAULT_MEMORY_MIB.to_string())
            })
            .collect()
    }

    /// This language with `{memory_mib}` in its run command replaced by `bytes` in MiB (at
    /// least 1), so a runtime with its own heap cap gets the solution's memory limit.
    pub fn with_memory(&self, bytes: u64) -> Language {
        let mib = (bytes >> 20).max(1).to_string();
        let mut language = self.clone();
        for word in &mut language.run {
            *word = word.replace(MEMORY_MIB, &mib);
        }
        language
    }

    /// The programs of [`Language::programs`] not found where runs look for them.
    pub fn missing_programs(&self) -> Vec<&str> {
        self.programs()
            .into_iter()
            .filter(|p| which(p).is_none())
            .collect()
    }

    /// `expand`, with a word that is exactly `{sources}` replaced by `sources` (zero or more
    /// words).
    pub fn expand_with_sources(
        words: &[String],
        values: &Placeholders,
        sources: &[String],
    ) -> Vec<String> {
        let mut out = Vec::with_capacity(words.len() + sources.len());
        for word in words {
            if word == SOURCES {
                out.extend(sources.iter().cloned());
            } else {
                out.extend(Language::expand(std::slice::from_ref(word), values));
            }
        }
        out
    }

    /// Whether `path` has one of this language's extensions.
    pub fn has_extension(&self, path: &Path) -> bool {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| self.extensions.iter().any(|x| x == e))
    }

    /// The programs the language needs: the compiler (when any) and the runner, unless the
    /// runner is the compiled output.
    pub fn programs(&self) -> Vec<&str> {
        let mut programs = Vec::new();
        if let Some(first) = self.compile.as_ref().and_then(|c| c.first()) {
            programs.push(first.as_str());
        }
        if let Some(first) = self.run.first()
            && !first.contains('{')
            && !programs.contains(&first.as_str())
        {
            programs.push(first.as_str());
        }
        programs
    }
}

/// The language table.
#[derive(Debug, Clone)]
pub struct Harness {
    pub languages: Vec<Language>,
    /// Where the table came from (`built-in` or a path).
    pub source: String,
}

impl Harness {
    pub fn builtin() -> Harness {
        Harness::parse(BUILTIN, Path::new("harness/languages.toml"))
            .unwrap_or_else(|e| panic!("the built-in harness is invalid: {e}"))
    }

    pub fn load(path: &Path) -> Result<Harness, Diagnostics> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostics(vec![Diagnostic::error(
                path,
                format!("cannot read the harness: {e}"),
            )])
        })?;
        Harness::parse(&text, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Harness, Diagnostics> {
        let table: BTreeMap<String, toml::Spanned<LanguageWire>> =
            toml::from_str(text).map_err(|e| {
                let d = Diagnostic::error(path, e.message().to_string());
                let d = match e.span() {
                    Some(span) => d.at(text, span.start),
                    None => d,
                };
                Diagnostics(vec![d])
            })?;
        let mut languages = Vec::new();
        let mut problems = Vec::new();
        for (name, wire) in table {
            let span = wire.span();
            let wire = wire.into_inner();
            let memory = match wire.memory.as_deref() {
                None | Some("address-space") => MemoryStrategy::AddressSpace,
                Some("data") => MemoryStrategy::Data,
                Some(other) => {
                    problems.push(
                        Diagnostic::error(
                            path,
                            format!("language `{name}`: unknown memory strategy `{other}`"),
                        )
                        .at(text, span.start)
                        .with_help("use \"address-space\" or \"data\""),
                    );
                    continue;
                }
            };
            let run = wire.run.words();
            if run.is_empty() {
                problems.push(
                    Diagnostic::error(
                        path,
                        format!("language `{name}` has an empty `run` command"),
                    )
                    .at(text, span.start),
                );
                continue;
            }
            languages.push(Language {
                name,
                extensions: wire.extensions,
                shebang: wire.shebang,
                compile: wire.compile.map(WrittenCommand::words),
                run,
                version: wire.version.map(WrittenCommand::words),
                memory,
                compile_env: wire.compile_env,
                public_class: wire.public_class,
            });
        }
        if problems.is_empty() {
            Ok(Harness {
                languages,
                source: path.display().to_string(),
            })
        } else {
            Err(Diagnostics(problems))
        }
    }

    pub fn get(&self, name: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.name == name)
    }

    pub fn by_extension(&self, extension: &str) -> Option<&Language> {
        self.languages
            .iter()
            .find(|l| l.extensions.iter().any(|e| e == extension))
    }

    /// The language of `file`: `--lang`, else its extension, else its `#!` line.
    pub fn detect(&self, file: &Path, lang: Option<&str>) -> Result<&Language, LanguageError> {
        if let Some(name) = lang {
            return self.get(name).ok_or_else(|| LanguageError::Unknown {
                name: name.to_string(),
                known: self.names(),
            });
        }
        if let Some(language) = file
            .extension()
            .and_then(|e| e.to_str())
            .and_then(|e| self.by_extension(e))
        {
            return Ok(language);
        }
        if let Some(interpreter) = shebang_interpreter(file)
            && let Some(language) = self
                .languages
                .iter()
                .find(|l| l.shebang.contains(&interpreter))
        {
            return Ok(language);
        }
        Err(LanguageError::Undetected {
            file: file.to_path_buf(),
            known: self.names(),
        })
    }

    pub fn names(&self) -> Vec<String> {
        self.languages.iter().map(|l| l.name.clone()).collect()
    }
}

/// Why the language of a file could not be told (`Harness::detect`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LanguageError {
    #[error("unknown language `{name}`; the harness has: {}", known.join(", "))]
    Unknown { name: String, known: Vec<String> },
    #[error(
        "cannot tell the language of {}: no known extension and no known #! line; pass --lang (one of: {})",
        file.display(),
        known.join(", ")
    )]
    Undetected { file: PathBuf, known: Vec<String> },
}

/// For the layers whose errors are still text (submission resolution).
impl From<LanguageError> for String {
    fn from(error: LanguageError) -> String {
        error.to_string()
    }
}

/// The interpreter named by a `#!` line: `#!/bin/bash` → `bash`, `#!/usr/bin/env python3` →
/// `python3`.
pub fn shebang_interpreter(file: &Path) -> Option<String> {
    use std::io::Read;
    let mut head = [0u8; 256];
    let n = std::fs::File::open(file).ok()?.read(&mut head).ok()?;
    let head = &head[..n];
    let line = head.strip_prefix(b"#!")?;
    let line = &line[..line.iter().position(|&b| b == b'\n').unwrap_or(line.len())];
    let line = String::from_utf8_lossy(line);
    let mut words = line.split_whitespace();
    let program = words.next()?;
    let name = Path::new(program)
        .file_name()?
        .to_string_lossy()
        .into_owned();
    if name == "env" {
        words.find(|w| !w.starts_with('-')).map(str::to_string)
    } else {
        Some(name)
    }
}

/// Where `program` is found the way a run finds it: an absolute or relative path as is, a bare
/// name on the sandbox's PATH (`/usr/local/bin:/usr/bin:/bin`).
pub fn which(program: &str) -> Option<PathBuf> {
    if program.contains('/') {
        let path = PathBuf::from(program);
        return path.is_file().then_some(path);
    }
    std::env::split_paths("/usr/local/bin:/usr/bin:/bin")
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_parses() {
        let h = Harness::builtin();
        assert!(h.get("bash").is_some());
        assert!(h.get("python").is_some());
        assert_eq!(
            h.by_extension("py").map(|l| l.name.as_str()),
            Some("python")
        );
    }

    #[test]
    fn builtin_table_has_every_language_and_strategy() {
        let h = Harness::builtin();
        let mut names = h.names();
        names.sort();
        assert_eq!(
            names,
            [
                "bash",
                "c",
                "cpp",
                "csharp",
                "go",
                "haskell",
                "java",
                "javascript",
                "kotlin",
                "perl",
                "php",
                "prolog",
                "pypy",
                "python",
                "python2",
                "ruby",
                "rust",
                "scala",
                "sh"
            ]
        );
        for name in ["java", "go", "javascript", "kotlin", "scala", "csharp"] {
            assert_eq!(h.get(name).unwrap().memory, MemoryStrategy::Data, "{name}");
        }
        assert_eq!(h.get("c").unwrap().memory, MemoryStrategy::AddressSpace);
        assert!(h.get("java").unwrap().public_class);
        assert_eq!(h.get("java").unwrap().programs(), ["javac", "java"]);
        assert_eq!(h.get("c").unwrap().programs(), ["gcc"]);
        assert!(h.get("go").unwrap().compile_env.contains_key("GOCACHE"));
        for language in &h.languages {
            assert!(
                language.version.is_some(),
                "{} has no version",
                language.name
            );
        }
    }

    #[test]
    fn extensions_keep_their_first_language() {
        let h = Harness::builtin();
        let of = |ext: &str| h.by_extension(ext).map(|l| l.name.clone());
        // `.pl` stays Perl outside Kattis packages (Prolog is told apart there); `.py3` is Python.
        assert_eq!(of("pl").as_deref(), Some("perl"));
        assert_eq!(of("py3").as_deref(), Some("python"));
        assert_eq!(of("py2").as_deref(), Some("python2"));
        assert_eq!(of("kt").as_deref(), Some("kotlin"));
        assert_eq!(of("hs").as_deref(), Some("haskell"));
        assert_eq!(of("cs").as_deref(), Some("csharp"));
    }

    #[test]
    fn memory_placeholder_gets_the_limit_or_the_default() {
        let h = Harness::builtin();
        let java = h.get("java").unwrap();
        assert!(java.run.iter().any(|w| w == "-Xmx{memory_mib}m"));
        let limited = java.with_memory(2048 << 20);
        assert!(
            limited.run.iter().any(|w| w == "-Xmx2048m"),
            "{:?}",
            limited.run
        );
        assert!(java.with_memory(300).run.iter().any(|w| w == "-Xmx1m"));
        let expanded = Language::expand(&java.run, &Placeholders::default());
        assert!(expanded.iter().any(|w| w == "-Xmx2048m"), "{expanded:?}");
        let php = h.get("php").unwrap().with_memory(256 << 20);
        assert!(php.run.iter().any(|w| w == "memory_limit=256M"));
    }

    #[test]
    fn missing_programs_are_named() {
        let h = Harness::parse(
            "[x]\nextensions = [\"x\"]\ncompile = [\"no-such-compiler-here\", \"{file}\"]\nrun = [\"sh\", \"{exe}\"]\n",
            Path::new("h.toml"),
        )
        .unwrap();
        assert_eq!(
            h.get("x").unwrap().missing_programs(),
            ["no-such-compiler-here"]
        );
        assert!(
            Harness::builtin()
                .get("sh")
                .unwrap()
                .missing_programs()
                .is_empty()
        );
    }

    #[test]
    fn sources_expand_to_several_words() {
        let words: Vec<String> = ["cc", "-o", "{exe}", "{sources}", "-lm"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        let values = Placeholders {
            exe: "/w/solve".into(),
            ..Placeholders::default()
        };
        let sources = ["/w/a.c".to_string(), "/w/b.c".to_string()];
        assert_eq!(
            Language::expand_with_sources(&words, &values, &sources),
            ["cc", "-o", "/w/solve", "/w/a.c", "/w/b.c", "-lm"]
        );
    }

    #[test]
    fn which_takes_absolute_paths_and_the_sandbox_path() {
        assert!(which("sh").is_some());
        assert!(which("/bin/sh").is_some());
        assert!(which("/no/such/program").is_none());
    }

    #[test]
    fn detects_by_lang_extension_and_shebang() {
        let h = Harness::builtin();
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("solve");
        std::fs::write(&script, "#!/usr/bin/env python3\nprint(1)\n").unwrap();
        assert_eq!(h.detect(&script, None).unwrap().name, "python");
        assert_eq!(h.detect(&script, Some("bash")).unwrap().name, "bash");
        assert_eq!(h.detect(Path::new("x.sh"), None).unwrap().name, "bash");
        assert!(
            h.detect(Path::new("x.unknown"), None)
                .unwrap_err()
                .to_string()
                .contains("--lang")
        );
        assert!(
            h.detect(&script, Some("cobol"))
                .unwrap_err()
                .to_string()
                .contains("unknown language")
        );
    }

    #[test]
    fn bad_table_is_located() {
        let err = Harness::parse("[x]\nrun = []\n", Path::new("h.toml")).unwrap_err();
        assert!(err.to_string().contains("empty `run`"), "{err}");
        let err =
            Harness::parse("[x]\nrun = [\"a\"]\nmemroy = 1\n", Path::new("h.toml")).unwrap_err();
        assert!(err.to_string().contains("h.toml:"), "{err}");
    }
}
