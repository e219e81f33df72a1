//! The page of a challenge for the learner (`show`, `interview`): the statement rendered for the
//! terminal, the samples (capped), the limits, the languages and how many hints exist (and are
//! revealed).

use std::path::Path;

use crate::challenge::units::{show_duration, show_size};
use crate::challenge::{Challenge, Content, Stdin, TestCase};
use crate::compare::CompareKind;
use crate::diff::escape_controls;
use crate::harness::Harness;
use crate::markdown;
use crate::ui::{Style, paint, shell_word};

/// Lines and bytes of a sample's stdin or expected output shown.
const SAMPLE_LINES: usize = 200;
const SAMPLE_BYTES: usize = 16 << 10;
/// Samples shown in full; the others are only named.
const SAMPLES_SHOWN: usize = 20;

/// The whole page; `name` names the challenge in the commands it suggests.
pub fn render(
    challenge: &Challenge,
    name: &str,
    harness: &Harness,
    revealed: usize,
    width: usize,
    color: bool,
) -> String {
    let mut out = String::new();
    out.push_str(&paint(
        &escape_controls(&challenge.title),
        Style::BOLD,
        color,
    ));
    out.push_str(&format!("  ({})\n", challenge.id));
    let mut facts = vec![
        challenge.category.name().to_string(),
        challenge.difficulty.name().to_string(),
    ];
    if let Some(minutes) = challenge.minutes {
        facts.push(format!("~{minutes} min"));
    }
    if !challenge.tags.is_empty() {
        facts.push(format!(
            "tags: {}",
            escape_controls(&challenge.tags.join(", "))
        ));
    }
    out.push_str(&paint(&facts.join(" · "), Style::DIM, color));
    out.push_str("\n\n");
    match crate::statement::markdown(challenge) {
        Ok(statement) => out.push_str(&markdown::render(&statement, width, color)),
        Err(note) => out.push_str(&format!("({})\n", escape_controls(&note.to_string()))),
    }
    out.push('\n');
    section(&mut out, "Samples", color);
    let samples: Vec<&TestCase> = challenge.tests.iter().filter(|t| t.sample).collect();
    if samples.is_empty() {
        out.push_str("  (none: `livejudge test` runs every test)\n");
    }
    for test in samples.iter().take(SAMPLES_SHOWN) {
        sample(&mut out, test, color);
    }
    // Where every file named above really is.
    let shown_root = std::fs::canonicalize(&challenge.root).unwrap_or(challenge.root.clone());
    if samples.len() > SAMPLES_SHOWN {
        let rest: Vec<&str> = samples[SAMPLES_SHOWN..]
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        out.push_str(&format!(
            "  … and {} more: {}\n",
            rest.len(),
            escape_controls(&rest.join(", "))
        ));
    }
    let hidden = challenge.tests.len() - samples.len();
    if hidden > 0 && !samples.is_empty() {
        out.push_str(&format!(
            "  ({hidden} hidden test{} run with `livejudge test {} --all`)\n",
            plural(hidden),
            name
        ));
    }
    out.push_str(&format!(
        "  (the challenge folder, with every test's files: {})\n",
        escape_controls(&shown_root.display().to_string())
    ));
    out.push('\n');
    let limits = &challenge.limits;
    out.push_str(&format!(
        "{} time {}, cpu {}, memory {}, output {}, processes {}\n",
        paint("Limits:", Style::BOLD, color),
        show_duration(limits.time),
        show_duration(limits.cpu),
        show_size(limits.memory),
        show_size(limits.output),
        limits.processes
    ));
    let (languages, starter) = languages(challenge, harness);
    out.push_str(&format!(
        "{} {}\n",
        paint("Languages:", Style::BOLD, color),
        languages.join(", ")
    ));
    if !starter.is_empty() {
        out.push_str(&format!(
            "{} {}\n",
            paint("Starter:", Style::BOLD, color),
            starter.join(", ")
        ));
    }
    let hints = challenge.hints.len();
    let line = if hints == 0 {
        "no hints".to_string()
    } else {
        format!(
            "{hints} hint{} ({} revealed): `livejudge hint {}`",
            plural(hints),
            revealed.min(hints),
            name
        )
    };
    out.push_str(&format!("{} {line}\n", paint("Hints:", Style::BOLD, color)));
    out.push_str(&format!(
        "\nNext: `livejudge start {id}`, then `livejudge test {id}` (or `livejudge watch {id}`)\n",
        id = name
    ));
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn section(out: &mut String, title: &str, color: bool) {
    out.push_str(&paint(title, Style::BOLD, color));
    out.push('\n');
}

fn sample(out: &mut String, test: &TestCase, color: bool) {
    out.push_str(&format!(
        "  {}\n",
        paint(&escape_controls(&test.name), Style::BOLD, color)
    ));
    if !test.args.is_empty() {
        let args: Vec<String> = test.args.iter().map(|a| shell_word(a)).collect();
        out.push_str(&format!(
            "    arguments: {}\n",
            escape_controls(&args.join(" "))
        ));
    }
    if !test.env.is_empty() {
        let vars: Vec<String> = test
            .env
            .iter()
            .map(|(k, v)| format!("{k}={}", shell_word(v)))
            .collect();
        out.push_str(&format!(
            "    environment: {}\n",
            escape_controls(&vars.join(" "))
        ));
    }
    let fixtures = crate::reproduce::fixture_files(test, 40);
    if !fixtures.is_empty() {
        out.push_str(&format!(
            "    files in the working folder: {}\n",
            escape_controls(&fixtures.join(", "))
        ));
    }
    match &test.stdin {
        Stdin::Empty => {}
        Stdin::Text(text) => block(out, "stdin", text.as_bytes(), color),
        Stdin::File(path) => block(out, "stdin", &read_capped(path), color),
    }
    if let Some(expected) = &test.stdout {
        let label = match expected.compare.kind {
            CompareKind::Lines | CompareKind::Exact => "expected stdout".to_string(),
            CompareKind::Regex => "stdout must match the pattern".to_string(),
            CompareKind::Contains => "stdout must contain".to_string(),
            kind => format!("expected stdout (compared as {})", kind.name()),
        };
        let bytes = match &expected.content {
            Content::Text(text) => text.as_bytes().to_vec(),
            Content::File(path) => read_capped(path),
        };
        block(out, &label, &bytes, color);
    }
    if let Some(expected) = &test.stderr {
        let label = match expected.compare.kind {
            CompareKind::Lines | CompareKind::Exact => "expected stderr".to_string(),
            CompareKind::Regex => "stderr must match the pattern".to_string(),
            CompareKind::Contains => "stderr must contain".to_string(),
            kind => format!("expected stderr (compared as {})", kind.name()),
        };
        let bytes = match &expected.content {
            Content::Text(text) => text.as_bytes().to_vec(),
            Content::File(path) => read_capped(path),
        };
        block(out, &label, &bytes, color);
    }
    out.push_str(&format!("    exit status: {}\n", test.exit));
    for file in &test.files {
        let path = file.path.display().to_string();
        match &file.kind {
            crate::challenge::FileCheck::Absent => out.push_str(&format!(
                "    afterwards {} must not exist\n",
                escape_controls(&path)
            )),
            crate::challenge::FileCheck::Present { content, mode } => {
                let verb = match content.compare.kind {
                    CompareKind::Lines | CompareKind::Exact => "expected",
                    CompareKind::Regex => "must match the pattern:",
                    CompareKind::Contains => "must contain:",
                    _ => "expected (compared loosely)",
                };
                let mode = mode.map(|m| format!(", mode {m:04o}")).unwrap_or_default();
                let bytes = match &content.content {
                    Content::Text(text) => text.as_bytes().to_vec(),
                    Content::File(path) => read_capped(path),
                };
                block(
                    out,
                    &format!("afterwards, file {path}{mode} {verb}"),
                    &bytes,
                    color,
                );
            }
        }
    }
}

fn read_capped(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut bytes = Vec::new();
    if let Ok(file) = std::fs::File::open(path) {
        let _ = file.take(SAMPLE_BYTES as u64 + 1).read_to_end(&mut bytes);
    }
    bytes
}

/// An indented block of text, cut at `SAMPLE_LINES` lines or `SAMPLE_BYTES` bytes.
fn block(out: &mut String, label: &str, bytes: &[u8], color: bool) {
    out.push_str(&format!("    {label}:\n"));
    let cut_bytes = bytes.len() > SAMPLE_BYTES;
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(SAMPLE_BYTES)]).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    if lines.is_empty() {
        out.push_str(&format!("      {}\n", paint("(empty)", Style::DIM, color)));
    }
    for line in lines.iter().take(SAMPLE_LINES) {
        out.push_str(&format!(
            "      {}\n",
            paint(&escape_controls(line), Style::CYAN, color)
        ));
    }
    if lines.len() > SAMPLE_LINES || cut_bytes {
        out.push_str(&format!(
            "      {}\n",
            paint(
                "… (cut: the whole of it is in the challenge folder, below)",
                Style::DIM,
                color
            )
        ));
    }
}

/// The languages of the files directly in `dir` (by extension or `#!` line), in harness order.
pub fn languages_in(dir: &Path, harness: &Harness) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| harness.detect(&e.path(), None).ok().map(|l| l.name.clone()))
        .collect();
    found.sort_by_key(|name| harness.languages.iter().position(|l| &l.name == name));
    found.dedup();
    found
}

/// The languages a solution may be written in (the challenge's `languages`, else those of the
/// reference solutions and starter, else the harness's), and those of the starter.
pub fn languages(challenge: &Challenge, harness: &Harness) -> (Vec<String>, Vec<String>) {
    let starter = languages_in(&challenge.root.join("starter"), harness);
    if let Some(allowed) = &challenge.languages {
        return (allowed.clone(), starter);
    }
    let mut known = languages_in(&challenge.root.join("solution"), harness);
    known.extend(starter.iter().cloned());
    known.sort_by_key(|name| harness.languages.iter().position(|l| &l.name == name));
    known.dedup();
    if known.is_empty() {
        let any = format!("any of the harness ({})", harness.names().join(", "));
        return (vec![any], starter);
    }
    (known, starter)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOML: &str = r#"
id = "greet"
title = "Greet the user"
category = "scripting"
difficulty = "easy"
minutes = 10
tags = ["stdin"]
entry = "greet"
hints = ["one", "two"]

[limits]
time = "2s"

[[test]]
name = "ada"
sample = true
args = ["--loud", "two words"]
stdin = "ada\n"
stdout = "hello ada\n"

[[test]]
name = "pattern"
sample = true
stdout = { text = "hello .*", compare = "regex" }
exit = "nonzero"

[[test]]
name = "hidden"
stdout = "x\n"
"#;

    #[test]
    fn the_page() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("greet");
        std::fs::create_dir_all(root.join("solution")).unwrap();
        std::fs::create_dir_all(root.join("starter")).unwrap();
        std::fs::write(root.join("challenge.toml"), TOML).unwrap();
        std::fs::write(
            root.join("README.md"),
            "# Greet\n\nRead a **name** on stdin.\n\n- one\n- two\n",
        )
        .unwrap();
        std::fs::write(root.join("solution/greet.py"), "print()\n").unwrap();
        std::fs::write(root.join("starter/greet.sh"), "echo\n").unwrap();
        let challenge = crate::challenge::load::load(&root).unwrap();
        let page = render(&challenge, "greet", &Harness::builtin(), 1, 80, false);
        let canonical = std::fs::canonicalize(dir.path()).unwrap();
        let page = page.replace(&canonical.display().to_string(), "[TMP]");
        insta::assert_snapshot!(page);
    }
}
