//! A learner's workspace for a challenge (`start`, `reset`, `interview`): the files of
//! `starter/` (those of one language when it holds several), or a minimal entry file when there
//! is none — written without ever overwriting a file unless `--force`, and then keeping a
//! `.bak` copy; and the solution judged when none is named.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::challenge::Challenge;
use crate::cli::StartArgs;
use crate::exit::Failure;
use crate::harness::{Harness, Language};
use crate::state;
use crate::ui::command_name;

/// Most files and bytes copied from a starter: a guard against a starter that is not one.
const MAX_FILES: usize = 500;
const MAX_BYTES: u64 = 64 << 20;

/// What happened to one file of the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Written, where nothing was.
    New(PathBuf),
    /// Replaced (`--force`); the old file was kept at the second path.
    Replaced(PathBuf, PathBuf),
    /// Already there with the same content.
    Unchanged(PathBuf),
    /// Already there with other content; left alone (no `--force`).
    Kept(PathBuf),
}

/// The outcome of preparing a workspace.
#[derive(Debug)]
pub struct Workspace {
    pub dir: PathBuf,
    pub language: Option<String>,
    /// Other languages the starter holds (a note tells how to take them).
    pub other_languages: Vec<String>,
    pub files: Vec<Written>,
    /// Things skipped with a reason (symlinks leaving the starter, special files).
    pub skipped: Vec<String>,
}

/// The human report: what was written, kept or replaced, and the next command; `name` is how
/// to name the challenge in a command (see [`crate::ui::command_name`]).
pub fn report(challenge: &Challenge, name: &str, ws: &Workspace, explicit_dir: bool) -> String {
    let mut out = String::new();
    let shown = |p: &Path| p.display().to_string();
    for written in &ws.files {
        out.push_str(&match written {
            Written::New(p) => format!("  wrote     {}\n", shown(p)),
            Written::Replaced(p, bak) => {
                format!("  replaced  {} (the old one is {})\n", shown(p), shown(bak))
            }
            Written::Unchanged(p) => format!("  unchanged {}\n", shown(p)),
            Written::Kept(p) => format!(
                "  kept      {} (it differs from the starter; --force replaces it, keeping a .bak)\n",
                shown(p)
            ),
        });
    }
    for skipped in &ws.skipped {
        out.push_str(&format!("  skipped   {skipped}\n"));
    }
    let header = format!(
        "Workspace for `{}`{}: {}\n",
        challenge.id,
        ws.language
            .as_ref()
            .map(|l| format!(" ({l})"))
            .unwrap_or_default(),
        ws.dir.display()
    );
    out.insert_str(0, &header);
    if !ws.other_languages.is_empty() {
        out.push_str(&format!(
            "The starter also exists in {}: `livejudge start {} --lang {}`\n",
            ws.other_languages.join(", "),
            name,
            ws.other_languages[0]
        ));
    }
    let solution = if explicit_dir {
        format!(" {}", crate::ui::shell_word(&ws.dir.display().to_string()))
    } else {
        String::new()
    };
    out.push_str(&format!(
        "Next: read it with `livejudge show {id}`, then run `livejudge test {id}{solution}` (or `livejudge watch {id}{solution}`)\n",
        id = name
    ));
    out
}

/// Writes the workspace of `challenge` (into `args.into`, else `./ID/`) and records it.
pub fn prepare(
    challenge: &Challenge,
    harness: &Harness,
    args: &StartArgs,
) -> Result<Workspace, Failure> {
    // Inside the challenge's own workspace, `start` means that workspace, not a second one in
    // it.
    let dir = args.into.clone().unwrap_or_else(|| {
        let recorded = state::Store::open()
            .load_progress()
            .challenge(&challenge.id)
            .and_then(|c| c.workspace.clone());
        let here = std::env::current_dir().ok();
        match (recorded, here) {
            (Some(recorded), Some(here))
                if std::fs::canonicalize(&recorded).ok() == std::fs::canonicalize(&here).ok() =>
            {
                PathBuf::from(".")
            }
            _ => state::default_workspace(&challenge.id),
        }
    });
    if let Some(lang) = &args.lang {
        harness.get(lang).ok_or_else(|| {
            Failure::usage(format!(
                "unknown language `{lang}`; the harness has: {}",
                harness.names().join(", ")
            ))
        })?;
        if let Some(allowed) = &challenge.languages
            && !allowed.contains(lang)
        {
            return Err(Failure::usage(format!(
                "challenge `{}` accepts only: {}",
                challenge.id,
                allowed.join(", ")
            )));
        }
    }
    if dir.exists() && !dir.is_dir() {
        return Err(Failure::usage(format!(
            "{} exists and is not a folder: pick another with --into DIR",
            dir.display()
        )));
    }
    let starter = challenge.root.join("starter");
    let mut skipped = Vec::new();
    let files = if starter.is_dir() {
        starter_files(&starter, &mut skipped)?
    } else {
        Vec::new()
    };
    let mut ws = Workspace {
        dir: dir.clone(),
        language: None,
        other_languages: Vec::new(),
        files: Vec::new(),
        skipped,
    };
    let planned: Vec<(PathBuf, Vec<u8>, u32)> = if files.is_empty() {
        let language = default_language(challenge, harness, args.lang.as_deref())?;
        ws.language = Some(language.name.clone());
        let (name, content, mode) = minimal_entry(
            challenge,
            &command_name(&args.challenge, challenge),
            language,
        );
        vec![(PathBuf::from(name), content.into_bytes(), mode)]
    } else {
        // Files by language; those without one (data, notes) go with every language.
        let tagged: Vec<(PathBuf, Option<String>)> = files
            .iter()
            .map(|(relative, source)| {
                (
                    relative.clone(),
                    harness.detect(source, None).ok().map(|l| l.name.clone()),
                )
            })
            .collect();
        let mut languages: Vec<String> = tagged.iter().filter_map(|(_, l)| l.clone()).collect();
        languages.sort_by_key(|name| preference(challenge, harness, name));
        languages.dedup();
        // A language the starter is not written in gets a minimal entry file in it (with the
        // starter's files of no language): any language of the challenge can be started.
        let (chosen, minimal) = match &args.lang {
            Some(lang) if languages.contains(lang) => (Some(lang.clone()), None),
            Some(lang) => (
                Some(lang.clone()),
                Some(default_language(challenge, harness, Some(lang))?),
            ),
            None => (languages.first().cloned(), None),
        };
        ws.language = chosen.clone();
        ws.other_languages = languages
            .iter()
            .filter(|l| Some(*l) != chosen.as_ref())
            .cloned()
            .collect();
        let mut planned = Vec::new();
        if let Some(language) = minimal {
            let (name, content, mode) = minimal_entry(
                challenge,
                &command_name(&args.challenge, challenge),
                language,
            );
            planned.push((PathBuf::from(name), content.into_bytes(), mode));
        }
        for ((relative, source), (_, language)) in files.iter().zip(&tagged) {
            if language.is_some() && language != &chosen {
                continue;
            }
            let bytes = std::fs::read(source)
                .map_err(|e| Failure::judge(format!("cannot read {}: {e}", source.display())))?;
            let mode = std::fs::metadata(source)
                .map(|m| std::os::unix::fs::PermissionsExt::mode(&m.permissions()) & 0o777)
                .unwrap_or(0o644);
            // A script is written executable, so it can be run as the hint says (`./x.sh`).
            let script = language
                .as_deref()
                .and_then(|name| harness.get(name))
                .is_some_and(|l| l.compile.is_none());
            let mode = if script { mode | 0o755 } else { mode | 0o600 };
            planned.push((relative.clone(), bytes, mode));
        }
        planned
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::usage(format!("cannot create {}: {e}", dir.display())))?;
    for (relative, bytes, mode) in planned {
        let target = dir.join(&relative);
        let failed =
            |e: std::io::Error| Failure::usage(format!("cannot write {}: {e}", target.display()));
        if let Some(blocker) = parents_inside(&dir, &relative).map_err(failed)? {
            ws.skipped.push(format!(
                "{} ({} is a symlink or a file, never written through: move it away)",
                target.display(),
                blocker.display()
            ));
            continue;
        }
        if std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
            ws.skipped.push(format!(
                "{} (a folder is in the way: move it away to get the starter's file)",
                target.display()
            ));
            continue;
        }
        ws.files
            .push(place(&target, &bytes, mode, args.force).map_err(failed)?);
    }
    let absolute = std::path::absolute(&dir).unwrap_or(dir);
    state::update_or_warn(|s| {
        s.progress
            .challenges
            .entry(challenge.id.clone())
            .or_default()
            .workspace = Some(absolute);
    });
    Ok(ws)
}

/// The solution `test`, `watch` and `interview` judge when none is given, or the usage error
/// telling to run `start`.
pub fn solution_or_workspace(
    solution: Option<&Path>,
    challenge: &Challenge,
    argument: &str,
) -> Result<PathBuf, Failure> {
    let challenge_id = challenge.id.as_str();
    let path = solution
        .map(Path::to_path_buf)
        .or_else(|| state::find_workspace(challenge_id))
        .unwrap_or_else(|| state::default_workspace(challenge_id));
    if !path.exists() {
        return Err(Failure::usage(format!(
            "no solution at {}: pass its path, or run `livejudge start {}` first",
            path.display(),
            command_name(argument, challenge)
        )));
    }
    Ok(path)
}

/// Sort key of a language: the challenge's `languages` order, else the harness's.
fn preference(challenge: &Challenge, harness: &Harness, name: &str) -> (usize, usize) {
    let allowed = challenge
        .languages
        .as_ref()
        .and_then(|a| a.iter().position(|l| l == name))
        .unwrap_or(usize::MAX);
    let order = harness
        .languages
        .iter()
        .position(|l| l.name == name)
        .unwrap_or(usize::MAX);
    (allowed, order)
}

/// The language of a minimal entry file: `--lang`, else the first the challenge allows, else
/// bash, else the harness's first.
fn default_language<'h>(
    challenge: &Challenge,
    harness: &'h Harness,
    lang: Option<&str>,
) -> Result<&'h Language, Failure> {
    let name = lang
        .map(str::to_string)
        .or_else(|| {
            challenge
                .languages
                .as_ref()
                .and_then(|a| a.first().cloned())
        })
        .unwrap_or_else(|| "bash".to_string());
    harness
        .get(&name)
        .or_else(|| harness.languages.first())
        .ok_or_else(|| Failure::usage("the harness has no language".to_string()))
}

/// The entry file for `language`: its name, content and mode (scripts are executable and start
/// with a `#!` line); `named` names the challenge in the commands of its comment.
pub fn minimal_entry(
    challenge: &Challenge,
    named: &str,
    language: &Language,
) -> (String, String, u32) {
    // A language without an extension of its own (sh) is told by the `#!` line alone.
    let extension = language.extension().unwrap_or("");
    let name = if extension.is_empty() {
        challenge.entry.clone()
    } else {
        format!("{}.{extension}", challenge.entry)
    };
    let slashes = matches!(
        extension,
        "c" | "cc" | "cpp" | "cxx" | "c++" | "rs" | "go" | "java" | "js" | "mjs" | "cjs"
    );
    let comment = |text: &str| {
        text.lines()
            .map(|line| {
                if slashes {
                    format!("// {line}\n")
                } else {
                    format!("# {line}\n")
                }
            })
            .collect::<String>()
    };
    let summary = statement_summary(challenge)
        .map(|s| format!("\n{s}\n"))
        .unwrap_or_default();
    let note = comment(&format!(
        "{title} ({id})\n{summary}\nRead the statement: livejudge show {named}\nJudge on the samples: livejudge test {named}   (every test: --all)\nRe-judge on every save: livejudge watch {named}",
        title = challenge.title,
        id = challenge.id
    ));
    let mut content = String::new();
    if language.compile.is_none()
        && let Some(interpreter) = language.shebang.first()
    {
        content.push_str(&format!("#!/usr/bin/env {interpreter}\n"));
    }
    content.push_str(&note);
    content.push('\n');
    // Java runs the public class named like the file.
    let java = format!(
        "public class {} {{\n    public static void main(String[] args) {{\n    }}\n}}\n",
        challenge.entry
    );
    content.push_str(match language.name.as_str() {
        "c" => "#include <stdio.h>\n\nint main(void) {\n    return 0;\n}\n",
        "cpp" => "#include <iostream>\n\nint main() {\n    return 0;\n}\n",
        "rust" => "fn main() {\n}\n",
        "go" => "package main\n\nfunc main() {\n}\n",
        "java" => &java,
        _ => "",
    });
    let mode = if language.compile.is_none() {
        0o755
    } else {
        0o644
    };
    (name, content, mode)
}

/// The statement's first paragraph (after its title), wrapped at 76 columns and at most 8
/// lines: the summary a minimal entry file opens with.
pub fn statement_summary(challenge: &Challenge) -> Option<String> {
    let text = crate::statement::markdown(challenge).ok()?;
    let paragraph: Vec<&str> = text
        .split("\n\n")
        .map(str::trim)
        .find(|p| {
            !p.is_empty() && !p.starts_with('#') && !p.starts_with("```") && !p.starts_with('|')
        })?
        .lines()
        .map(str::trim)
        .collect();
    // Plain text in a comment: emphasis markers go.
    let plain = paragraph.join(" ").replace("**", "").replace("__", "");
    let words: Vec<&str> = plain.split_whitespace().collect();
    let mut lines: Vec<String> = vec![String::new()];
    for word in words {
        let last = lines.last_mut()?;
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > 76 {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    if lines.len() > 8 {
        lines.truncate(8);
        lines.push("…".into());
    }
    let summary: String = lines
        .iter()
        .map(|l| crate::diff::escape_controls(l))
        .collect::<Vec<_>>()
        .join("\n");
    (!summary.trim().is_empty()).then_some(summary)
}

/// The regular files of the starter, relative, with their source; a symlink is followed only
/// when it stays inside the starter (and is then copied as a file); others are skipped.
fn starter_files(
    starter: &Path,
    skipped: &mut Vec<String>,
) -> Result<Vec<(PathBuf, PathBuf)>, Failure> {
    let root = starter
        .canonicalize()
        .map_err(|e| Failure::usage(format!("cannot read {}: {e}", starter.display())))?;
    let mut found = Vec::new();
    let mut total = 0u64;
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let entries = std::fs::read_dir(root.join(&relative)).map_err(|e| {
            Failure::usage(format!(
                "cannot list {}: {e}",
                root.join(&relative).display()
            ))
        })?;
        for entry in entries.flatten() {
            let child = relative.join(entry.file_name());
            let path = root.join(&child);
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let (is_dir, is_file) = if kind.is_symlink() {
                let why = match path.canonicalize() {
                    Ok(target) if target.starts_with(&root) && target.is_file() => "",
                    Ok(target) if target.starts_with(&root) => {
                        "a symlink to a folder; only files are copied"
                    }
                    Ok(_) => "a symlink leading out of the starter",
                    Err(_) => "a broken symlink",
                };
                if !why.is_empty() {
                    skipped.push(format!("starter/{} ({why})", child.display()));
                    continue;
                }
                (false, true)
            } else {
                (kind.is_dir(), kind.is_file())
            };
            if is_dir {
                pending.push(child);
            } else if is_file {
                total += std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                found.push((child, path));
            } else {
                skipped.push(format!("starter/{} (not a regular file)", child.display()));
            }
            if found.len() > MAX_FILES || total > MAX_BYTES {
                return Err(Failure::usage(format!(
                    "{} holds more than {MAX_FILES} files or {} MiB: not a starter",
                    starter.display(),
                    MAX_BYTES >> 20
                )));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Creates the folders leading to `relative` under `dir` one by one, never through a symlink:
/// returns the first of them that is a symlink or not a folder, where nothing may be written.
fn parents_inside(dir: &Path, relative: &Path) -> std::io::Result<Option<PathBuf>> {
    let mut current = dir.to_path_buf();
    for component in relative.parent().into_iter().flat_map(Path::components) {
        current.push(component);
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Ok(Some(current)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::create_dir(&current)?,
            Err(e) => return Err(e),
        }
    }
    Ok(None)
}

/// Writes one file of the workspace. An existing file (or symlink) is left alone unless
/// `force`, and is then renamed to the first free `.bak`, `.bak.1`, … first. New files are
/// created exclusively, never through a symlink.
fn place(target: &Path, bytes: &[u8], mode: u32, force: bool) -> std::io::Result<Written> {
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut backup = None;
    match std::fs::symlink_metadata(target) {
        Ok(meta) => {
            if meta.is_file() && std::fs::read(target).is_ok_and(|old| old == bytes) {
                return Ok(Written::Unchanged(target.to_path_buf()));
            }
            if !force {
                return Ok(Written::Kept(target.to_path_buf()));
            }
            if meta.is_dir() {
                return Err(std::io::Error::other(
                    "a folder is in the way (move it yourself)",
                ));
            }
            let bak = free_backup(target);
            std::fs::rename(target, &bak)?;
            backup = Some(bak);
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(target)?;
    file.write_all(bytes)?;
    Ok(match backup {
        Some(bak) => Written::Replaced(target.to_path_buf(), bak),
        None => Written::New(target.to_path_buf()),
    })
}

/// `FILE.bak`, else `FILE.bak.1`, `FILE.bak.2`, …: the first that does not exist.
fn free_backup(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut candidate = target.with_file_name(format!("{name}.bak"));
    let mut n = 1;
    while std::fs::symlink_metadata(&candidate).is_ok() {
        candidate = target.with_file_name(format!("{name}.bak.{n}"));
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backups_never_overwrite_backups() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.sh");
        assert_eq!(
            place(&file, b"one", 0o644, false).unwrap(),
            Written::New(file.clone())
        );
        assert_eq!(
            place(&file, b"one", 0o644, false).unwrap(),
            Written::Unchanged(file.clone())
        );
        assert_eq!(
            place(&file, b"two", 0o644, false).unwrap(),
            Written::Kept(file.clone())
        );
        let bak = dir.path().join("a.sh.bak");
        assert_eq!(
            place(&file, b"two", 0o644, true).unwrap(),
            Written::Replaced(file.clone(), bak.clone())
        );
        let bak1 = dir.path().join("a.sh.bak.1");
        assert_eq!(
            place(&file, b"three", 0o644, true).unwrap(),
            Written::Replaced(file.clone(), bak1.clone())
        );
        assert_eq!(std::fs::read(&bak).unwrap(), b"one");
        assert_eq!(std::fs::read(&bak1).unwrap(), b"two");
        assert_eq!(std::fs::read(&file).unwrap(), b"three");
    }

    #[test]
    fn a_symlink_in_the_way_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::write(&outside, "precious").unwrap();
        let file = dir.path().join("a.sh");
        std::os::unix::fs::symlink(&outside, &file).unwrap();
        assert_eq!(
            place(&file, b"new", 0o644, false).unwrap(),
            Written::Kept(file.clone())
        );
        place(&file, b"new", 0o644, true).unwrap();
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "precious");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
    }

    #[test]
    fn minimal_entries_per_language() {
        let harness = Harness::builtin();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("demo");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(
            root.join("challenge.toml"),
            "id = \"demo\"\ntitle = \"Demo\"\ncategory = \"scripting\"\ndifficulty = \"easy\"\nentry = \"solve\"\n[[test]]\nname = \"a\"\nstdout = \"x\"\n",
        )
        .unwrap();
        let challenge = crate::challenge::load::load(&root).unwrap();
        let (name, content, mode) = minimal_entry(&challenge, "demo", harness.get("bash").unwrap());
        assert_eq!(name, "solve.sh");
        assert!(
            content.starts_with("#!/usr/bin/env bash\n# Demo (demo)\n"),
            "{content}"
        );
        assert!(content.contains("livejudge test demo"), "{content}");
        assert_eq!(mode, 0o755);
        let (name, content, mode) = minimal_entry(&challenge, "demo", harness.get("c").unwrap());
        assert_eq!(name, "solve.c");
        assert!(content.starts_with("// Demo (demo)\n"), "{content}");
        assert!(content.contains("int main"), "{content}");
        assert_eq!(mode, 0o644);
        let (name, content, _) = minimal_entry(&challenge, "demo", harness.get("java").unwrap());
        assert_eq!(name, "solve.java");
        assert!(content.contains("public class solve {"), "{content}");
        let (name, content, mode) = minimal_entry(&challenge, "demo", harness.get("sh").unwrap());
        assert_eq!(name, "solve");
        assert!(content.starts_with("#!/usr/bin/env sh\n"), "{content}");
        assert_eq!(mode, 0o755);
        let (name, content, _) =
            minimal_entry(&challenge, "demo", harness.get("javascript").unwrap());
        assert_eq!(name, "solve.js");
        assert!(
            content.starts_with("#!/usr/bin/env node\n// Demo"),
            "{content}"
        );
        let (name, content, _) = minimal_entry(&challenge, "demo", harness.get("python").unwrap());
        assert_eq!(name, "solve.py");
        assert!(
            content.starts_with("#!/usr/bin/env python3\n# Demo"),
            "{content}"
        );
    }
}
