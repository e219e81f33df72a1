//! The compile step: turning a submission into the files every test's working folder gets —
//! compiled sandboxed like a run (through the `Executor`, with its own limits), cached across
//! invocations by the sources, the compile command and the compiler version, safely when several
//! judges share the cache.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::challenge::Limits;
use crate::harness::{self, Language};
use crate::run_env::{self, JudgeError, RunEnv};
use crate::runner::MemoryStrategy;
use crate::sandbox::workdir::{self, RunDir};
use crate::submission::Submission;

/// The limits of a compile run (documented in docs/languages.md).
pub const LIMITS: Limits = Limits {
    time: Duration::from_secs(60),
    cpu: Duration::from_secs(120),
    memory: 2 << 30,
    output: 1 << 20,
    processes: 128,
    file_size: 256 << 20,
    disk: 512 << 20,
    stack: None,
};
/// How much of the compiler's message a CE shows.
const MESSAGE_CAP: usize = 16 << 10;
/// Bumped when the layout of a cache entry changes.
const CACHE_VERSION: &str = "livejudge-compile-1";

/// A compile error (CE): why the submission did not compile, as the candidate is shown it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CompileError {
    pub message: String,
}

/// A submission ready to run: the folder whose files go into every test's working folder, and
/// the run command's words before placeholders.
pub struct Prepared {
    pub files_from: PathBuf,
    pub files: Vec<PathBuf>,
    pub run: Vec<String>,
    pub entry: PathBuf,
    pub stem: String,
    pub memory: MemoryStrategy,
    /// For a compiled language, what `{exe}` is in every test: the executable in a folder
    /// owned by the judge, written once before any test starts (see `install`).
    pub exe: Option<PathBuf>,
    /// The compiled output came from the cache.
    pub cached: bool,
    _installed: Option<RunDir>,
}

/// The compile cache folder: `$LIVEJUDGE_CACHE`, else `$XDG_CACHE_HOME/livejudge`, else
/// `~/.cache/livejudge`.
pub fn cache_root() -> Option<PathBuf> {
    let non_empty = |key: &str| std::env::var_os(key).filter(|v| !v.is_empty());
    if let Some(dir) = non_empty("LIVEJUDGE_CACHE") {
        return Some(PathBuf::from(dir));
    }
    if let Some(dir) = non_empty("XDG_CACHE_HOME") {
        return Some(PathBuf::from(dir).join("livejudge"));
    }
    non_empty("HOME").map(|home| PathBuf::from(home).join(".cache").join("livejudge"))
}

/// Compiles the submission when its language needs it (or takes the cached output). The inner
/// error is the compiler's message (a CE); the outer one a failure of the judge.
pub fn prepare(
    runs: &RunEnv<'_>,
    no_cache: bool,
    submission: &Submission,
) -> Result<Result<Prepared, CompileError>, JudgeError> {
    let language = &submission.language;
    let Some(compile) = &language.compile else {
        return Ok(Ok(Prepared {
            files_from: submission.root.clone(),
            files: submission.files.clone(),
            run: language.run.clone(),
            entry: submission.entry.clone(),
            stem: submission.stem(),
            memory: language.memory,
            exe: None,
            cached: false,
            _installed: None,
        }));
    };
    // Where each file goes in the build folder (the Java entry renamed after its class).
    let mut layout: Vec<(PathBuf, PathBuf)> = submission
        .files
        .iter()
        .map(|f| (f.clone(), f.clone()))
        .collect();
    let mut entry = submission.entry.clone();
    // (the name in the build folder, the name the user knows), for the compiler's messages.
    let mut renamed_from: Option<(String, String)> = None;
    if language.public_class
        && let Some(class) = std::fs::read(submission.root.join(&entry))
            .ok()
            .and_then(|bytes| java_class_name(&String::from_utf8_lossy(&bytes)))
        && entry.file_stem().is_some_and(|s| *s != *class)
    {
        let renamed = entry.with_file_name(match entry.extension() {
            Some(ext) => format!("{class}.{}", ext.to_string_lossy()),
            None => class.clone(),
        });
        if submission.files.contains(&renamed) {
            return Ok(Err(CompileError {
                message: format!(
                    "{} declares class `{class}`, but {} exists too: rename one of them",
                    entry.display(),
                    renamed.display()
                ),
            }));
        }
        for (_, to) in layout.iter_mut().filter(|(from, _)| *from == entry) {
            *to = renamed.clone();
        }
        renamed_from = Some((renamed.display().to_string(), entry.display().to_string()));
        entry = renamed;
    }
    let stem = entry
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ready = |from: &Path, files: Vec<PathBuf>, cached| -> io::Result<Prepared> {
        let installed = install(from, &files)?;
        let work = installed.work();
        Ok(Prepared {
            exe: Some(work.join(&stem)),
            files_from: work,
            files,
            run: language.run.clone(),
            entry: entry.clone(),
            stem: stem.clone(),
            memory: language.memory,
            cached,
            _installed: Some(installed),
        })
    };

    let cache = if no_cache {
        None
    } else {
        cache_root().and_then(|root| Cache::open(root, submission, language, compile, &layout))
    };
    if let Some(cache) = &cache
        && let Some(files) = cache.lookup()
    {
        return Ok(Ok(ready(&cache.entry, files, true)?));
    }

    let mut build = runs.new_run_dir()?;
    let prepared = build.prepared();
    for (from, to) in &layout {
        if let Some(parent) = prepared.join(to).parent() {
            std::fs::create_dir_all(parent)?;
        }
        workdir::copy_file(&submission.root.join(from), &prepared.join(to))?;
    }
    // The compiler sees the sources where the run sees its working folder.
    let seen = build.run_work();
    let values = run_env::placeholders(&seen, &entry, &stem);
    let sources: Vec<String> = layout
        .iter()
        .filter(|(_, to)| language.has_extension(to) || *to == entry)
        .map(|(_, to)| seen.join(to).to_string_lossy().into_owned())
        .collect();
    runs.hand_over(&build)?;
    let mut env: BTreeMap<String, String> = BTreeMap::new();
    env.insert(
        "XDG_CACHE_HOME".into(),
        build.tmp().join("cache").to_string_lossy().into_owned(),
    );
    for (key, value) in &language.compile_env {
        let value = Language::expand(std::slice::from_ref(value), &values).join("");
        env.insert(key.clone(), value);
    }
    // Not in a cgroup: the build's files outlive the compile; they must not count against a
    // run's memory.
    let spec = runs
        .spec(
            &build,
            Language::expand_with_sources(compile, &values, &sources),
            LIMITS,
            MemoryStrategy::Data,
        )
        .env(env)
        .build();
    let facts = runs.execute(&mut build, &spec)?;
    let work = build.work();
    if facts.interrupted {
        return Err(JudgeError::Interrupted);
    }
    // A compiler that is not there is the judge's environment failing, never the candidate's
    // fault (results.md): a judge error, like a run whose interpreter is missing, not CE.
    if let Some(error) = facts.spawn_error {
        return Err(JudgeError::Io(std::io::Error::other(format!(
            "the compiler could not be started: {error} (see `livejudge doctor`)"
        ))));
    }
    if facts.exit_code != Some(0) {
        let mut message = String::from_utf8_lossy(&facts.stderr).into_owned();
        message.push_str(&String::from_utf8_lossy(&facts.stdout));
        let status = if facts.wall_limit {
            format!("the compiler ran out of time ({} s)", LIMITS.time.as_secs())
        } else if facts.stdout_over || facts.stderr_over {
            "the compiler printed more than 1 MiB and was stopped".to_string()
        } else {
            format!(
                "compilation failed ({})",
                run_env::describe_exit(facts.exit_code, facts.signal)
            )
        };
        let mut message = compiler_message(&message, &seen);
        if let Some((build_name, user_name)) = &renamed_from {
            message = message.replace(build_name.as_str(), user_name);
        }
        return Ok(Err(CompileError {
            message: format!("{status}\n{message}"),
        }));
    }
    let files = outputs(&work)?;
    if let Some(cache) = &cache
        && let Some(files) = cache.store(&work, &files)
    {
        return Ok(Ok(ready(&cache.entry, files, false)?));
    }
    Ok(Ok(ready(&work, files, false)?))
}

/// Copies the compiled files into a fresh folder owned by the judge, readable (not writable)
/// by the run user, before any test starts. Tests execute `{exe}` from here: an executable
/// copied into each test's folder while other threads start runs could be held open for
/// writing by a forked child that has not exec'd yet, and exec'ing it would fail with
/// ETXTBSY ("Text file busy"). The copy in the test's folder is left for the solution to see.
fn install(from: &Path, files: &[PathBuf]) -> io::Result<RunDir> {
    use std::os::unix::fs::PermissionsExt;
    let installed = RunDir::new()?;
    let work = installed.work();
    for file in files {
        let to = work.join(file);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        workdir::copy_file(&from.join(file), &to)?;
        let mode = std::fs::metadata(&to)?.permissions().mode();
        let readable = (mode & 0o755) | 0o444 | if mode & 0o111 != 0 { 0o111 } else { 0 };
        std::fs::set_permissions(&to, std::fs::Permissions::from_mode(readable))?;
    }
    let mut folders = vec![work.clone()];
    while let Some(folder) = folders.pop() {
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755))?;
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                folders.push(entry.path());
            }
        }
    }
    if let Some(root) = work.parent() {
        std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o711))?;
    }
    Ok(installed)
}

/// The compiler's message for a CE: paths of the build folder made relative to the submission,
/// capped.
fn compiler_message(message: &str, work: &Path) -> String {
    let work = work.to_string_lossy();
    let mut message = message
        .replace(&format!("{work}/"), "")
        .replace(work.as_ref(), ".");
    let message_len = message.len();
    if message_len > MESSAGE_CAP {
        let mut cut = MESSAGE_CAP;
        while !message.is_char_boundary(cut) {
            cut -= 1;
        }
        message.truncate(cut);
        message.push_str(&format!("\n… ({} more bytes)", message_len - cut));
    }
    message.trim_end().to_string()
}

/// The files a compile left in `work`, relative, sorted; hidden files and folders (TMPDIR,
/// build caches) stay behind.
pub(crate) fn outputs(work: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        for entry in std::fs::read_dir(work.join(&relative))? {
            let entry = entry?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let child = relative.join(entry.file_name());
            let kind = entry.file_type()?;
            if kind.is_dir() {
                pending.push(child);
            } else if kind.is_file() {
                found.push(child);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// One entry of the compile cache: `ROOT/compile/KEY/` holds the compiled folder.
struct Cache {
    root: PathBuf,
    entry: PathBuf,
}

impl Cache {
    /// The cache entry of this compile, or `None` when the cache cannot be used (no cache
    /// folder, or the compiler cannot be found).
    fn open(
        root: PathBuf,
        submission: &Submission,
        language: &Language,
        compile: &[String],
        layout: &[(PathBuf, PathBuf)],
    ) -> Option<Cache> {
        let fingerprint = compiler_fingerprint(&root, language, compile)?;
        let mut hasher = Sha256::new();
        let mut field = |bytes: &[u8]| {
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        field(CACHE_VERSION.as_bytes());
        field(fingerprint.as_bytes());
        for word in compile {
            field(word.as_bytes());
        }
        for (key, value) in &language.compile_env {
            field(key.as_bytes());
            field(value.as_bytes());
        }
        field(&[u8::from(language.public_class)]);
        for (from, to) in layout {
            field(to.to_string_lossy().as_bytes());
            field(&std::fs::read(submission.root.join(from)).ok()?);
        }
        let key = hex(&hasher.finalize());
        let root = root.join("compile");
        Some(Cache {
            entry: root.join(key),
            root,
        })
    }

    /// The cached files, when this compile is in the cache.
    fn lookup(&self) -> Option<Vec<PathBuf>> {
        if !self.entry.is_dir() {
            return None;
        }
        outputs(&self.entry).ok().filter(|files| !files.is_empty())
    }

    /// Copies a finished build into the cache: built in a temporary folder beside the entry,
    /// then renamed into place in one step. When another judge won the race, its entry is
    /// used. `None` when the cache cannot be written (the build folder is used instead).
    fn store(&self, work: &Path, files: &[PathBuf]) -> Option<Vec<PathBuf>> {
        std::fs::create_dir_all(&self.root).ok()?;
        let staging = tempfile::Builder::new()
            .prefix(".building-")
            .tempdir_in(&self.root)
            .ok()?;
        for file in files {
            let to = staging.path().join(file);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).ok()?;
            }
            workdir::copy_file(&work.join(file), &to).ok()?;
        }
        let staged = staging.keep();
        if std::fs::rename(&staged, &self.entry).is_err() {
            // Lost the race (the entry exists now) or the rename failed: drop ours.
            let _ = workdir::remove_tree(&staged);
        }
        self.lookup()
    }
}

/// What identifies the compiler: its resolved path, size, modification time and inode, and
/// its version output. The version command runs once per compiler binary; its output is kept
/// in `ROOT/versions/`, so a cache hit runs nothing at all.
fn compiler_fingerprint(root: &Path, language: &Language, compile: &[String]) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let program = harness::which(compile.first()?)?;
    let real = program.canonicalize().ok()?;
    let meta = std::fs::metadata(&real).ok()?;
    let identity = format!(
        "{}\n{}\n{}\n{}\n{}\n{:?}",
        real.display(),
        meta.len(),
        meta.mtime(),
        meta.mtime_nsec(),
        meta.ino(),
        language.version
    );
    let versions = root.join("versions");
    let memo = versions.join(hex(&Sha256::digest(identity.as_bytes())));
    let version = match std::fs::read_to_string(&memo) {
        Ok(text) => text,
        Err(_) => {
            let text = language
                .version
                .as_ref()
                .and_then(|words| version_output(words))
                .unwrap_or_default();
            if std::fs::create_dir_all(&versions).is_ok()
                && let Ok(staging) = tempfile::NamedTempFile::new_in(&versions)
                && std::fs::write(staging.path(), &text).is_ok()
            {
                let _ = staging.persist(&memo);
            }
            text
        }
    };
    Some(format!("{identity}\n{version}"))
}

/// The full output of a version command (stdout, else stderr: `java -version` prints there),
/// run with the sandbox's PATH.
pub fn version_output(words: &[String]) -> Option<String> {
    let (program, args) = words.split_first()?;
    let output = std::process::Command::new(program)
        .args(args)
        .env_clear()
        .env("PATH", run_env::BASE_PATH)
        .env("LANG", "C.UTF-8")
        .stdin(std::process::Stdio::null())
        .output()
        .ok()?;
    let text = if output.stdout.iter().any(|b| !b.is_ascii_whitespace()) {
        output.stdout
    } else {
        output.stderr
    };
    Some(String::from_utf8_lossy(&text).into_owned())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The class a Java file must be named after: its public top-level type, else the top-level
/// class declaring `main`. Comments, strings and nested types are skipped.
pub fn java_class_name(source: &str) -> Option<String> {
    let code = strip_java_comments_and_strings(source);
    let declaration = regex::Regex::new(
        r"\b((?:(?:public|final|abstract|strictfp|sealed|non-sealed)\s+)*)(?:class|interface|enum|record)\s+([A-Za-z_$][A-Za-z0-9_$]*)",
    )
    .ok()?;
    let main = regex::Regex::new(r"\bstatic\s+(?:final\s+)?void\s+main\s*\(").ok()?;
    // Top-level declarations: those met at brace depth 0, with their body's span.
    let mut tops: Vec<(bool, String, usize, usize)> = Vec::new();
    let bytes = code.as_bytes();
    let mut depth = 0usize;
    let mut position = 0usize;
    while position < bytes.len() {
        if depth == 0
            && let Some(found) = declaration.captures_at(&code, position)
            && let Some(whole) = found.get(0)
            && !code[position..whole.start()].contains(['{', '}'])
        {
            let public = found.get(1).is_some_and(|m| m.as_str().contains("public"));
            let name = found.get(2).map(|m| m.as_str().to_string())?;
            let open = code[whole.end()..].find('{').map(|i| i + whole.end())?;
            let mut level = 0usize;
            let mut close = code.len();
            for (i, b) in bytes.iter().enumerate().skip(open) {
                match b {
                    b'{' => level += 1,
                    b'}' => {
                        level -= 1;
                        if level == 0 {
                            close = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            tops.push((public, name, open, close));
            position = close + 1;
            continue;
        }
        match bytes[position] {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        position += 1;
    }
    if let Some((_, name, _, _)) = tops.iter().find(|(public, ..)| *public) {
        return Some(name.clone());
    }
    tops.iter()
        .find(|(_, _, open, close)| main.is_match(&code[*open..*close]))
        .map(|(_, name, _, _)| name.clone())
}

/// Java source with comments, string and character literals blanked (same length, so offsets
/// stay), so braces and keywords inside them are not seen.
fn strip_java_comments_and_strings(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            out.push_str("  ");
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                out.push(if chars[i] == '\n' { '\n' } else { ' ' });
                i += 1;
            }
            out.push_str("  ");
            i += 2;
        } else if c == '"' || c == '\'' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != c && chars[i] != '\n' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                out.push(' ');
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else {
            out.push(if c.is_ascii() { c } else { ' ' });
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_class_is_the_public_top_level_type() {
        let source = "// class Fake {}\nimport java.util.*;\n\nclass Helper { static class Inner {} }\npublic final class Solution {\n  public static class Node {}\n  String s = \"public class Nope {\";\n  public static void main(String[] a) {}\n}\n";
        assert_eq!(java_class_name(source).as_deref(), Some("Solution"));
    }

    #[test]
    fn java_class_without_public_is_the_one_with_main() {
        let source = "class A { void f() {} }\n/* public class B {} */\nclass Prog {\n  public static void main(String... args) { }\n}\n";
        assert_eq!(java_class_name(source).as_deref(), Some("Prog"));
        assert_eq!(java_class_name("int x;"), None);
        assert_eq!(java_class_name("class {"), None);
    }

    #[test]
    fn compiler_messages_are_relative_and_capped() {
        let work = Path::new("/tmp/livejudge-x/work");
        let message = compiler_message("/tmp/livejudge-x/work/a.c:1:1: error: x\n", work);
        assert_eq!(message, "a.c:1:1: error: x");
        let long = "e".repeat(MESSAGE_CAP + 10);
        let message = compiler_message(&long, work);
        assert!(message.ends_with("(10 more bytes)"), "{message}");
    }
}
