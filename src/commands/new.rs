//! `livejudge new`: scaffold a complete challenge folder (definition, statement, starter,
//! reference solution in bash, one sample and one hidden test) that passes `lint` and `verify`
//! as created. Never overwrites anything: an existing folder is refused.

use std::path::{Path, PathBuf};

use crate::challenge::Category;
use crate::challenge::load::is_id;
use crate::cli::NewArgs;
use crate::exit::{Exit, Failure};
use crate::settings::Settings;

/// The entry stem for an id: `top-client-ips` → `top_client_ips`.
fn entry_for(id: &str) -> String {
    let stem = id.replace('-', "_");
    if stem.starts_with(|c: char| c.is_ascii_digit()) {
        format!("solve_{stem}")
    } else {
        stem
    }
}

/// A title for an id: `top-client-ips` → `Top client ips`.
fn title_for(id: &str) -> String {
    let words = id.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The files of a new challenge, relative to its folder.
pub fn scaffold(id: &str, category: Category) -> Vec<(PathBuf, String)> {
    let entry = entry_for(id);
    let title = title_for(id);
    let debugging = category == Category::Debugging;
    let mut files = Vec::new();
    let (input_note, example_note) = if debugging {
        (
            "The program reads the file `app.log` in its working folder (it must not change it).",
            "in `app.log`",
        )
    } else {
        (
            "The program reads the log on standard input.",
            "on standard input",
        )
    };
    let tests = if debugging {
        r#"[[test]]
name = "three-errors"
sample = true
fixtures = "tests/three-errors"
stdout = "3\n"
unchanged = ["app.log"]

[[test]]
name = "lowercase-and-blank-lines"
fixtures = "tests/lowercase-and-blank-lines"
stdout = "2\n"
unchanged = ["app.log"]
"#
    } else {
        r#"[[test]]
name = "three-errors"
sample = true
stdin = """
INFO start
ERROR disk full
ERROR disk full
WARN slow
ERROR timeout
"""
stdout = "3\n"

# The hidden test is discovered from tests/hidden/lowercase-and-blank-lines.in (stdin) and
# .out (expected stdout); `livejudge bless` rewrites .out files from the reference solution.
"#
    };
    let toml = format!(
        r#"# The definition of `{id}`; the format is described in docs/authoring.md.
id = "{id}"
title = "{title}"
category = "{category}"
difficulty = "easy"
minutes = 10
tags = ["logs"]
entry = "{entry}"          # solutions are {entry}.sh, {entry}.py, …
hints = [
  "Which lines count: is `error:` the same as `ERROR`?",
]

[limits]
time = "2s"

{tests}"#,
        category = category.name(),
    );
    files.push((PathBuf::from("challenge.toml"), toml));
    files.push((
        PathBuf::from("README.md"),
        format!(
            r#"# {title}

Count the lines of a log that report an error.

## Task

{input_note} Print the number of lines that contain the word `ERROR` (in capitals), followed by
a newline. Print `0` when there is none.

## Example

With this log {example_note}:

```
INFO start
ERROR disk full
ERROR disk full
WARN slow
ERROR timeout
```

the program prints

```
3
```

## Notes

- `error` in lowercase does not count.
- Blank lines are allowed anywhere.
"#,
        ),
    ));
    let read = if debugging { " app.log" } else { "" };
    files.push((
        PathBuf::from(format!("solution/{entry}.sh")),
        format!(
            "#!/usr/bin/env bash\n# Reference solution: counts the lines holding ERROR.\nset -euo pipefail\ngrep -c 'ERROR'{read} || true\n"
        ),
    ));
    let starter = if debugging {
        // The planted bug: case-insensitive matching also counts `error:` lines.
        format!(
            "#!/usr/bin/env bash\n# Counts the lines of app.log that report an error. It miscounts: why?\nset -euo pipefail\ngrep -ci 'error'{read} || true\n"
        )
    } else {
        "#!/usr/bin/env bash\n# Print the number of lines of stdin that contain ERROR.\nset -euo pipefail\n# TODO\n".to_string()
    };
    files.push((PathBuf::from(format!("starter/{entry}.sh")), starter));
    if !debugging {
        files.push((
            PathBuf::from("tests/hidden/lowercase-and-blank-lines.in"),
            "error: not this one\nINFO ERROR inside a line counts\n\nERROR last\n".into(),
        ));
        files.push((
            PathBuf::from("tests/hidden/lowercase-and-blank-lines.out"),
            "2\n".into(),
        ));
    }
    if debugging {
        files.push((
            PathBuf::from("tests/three-errors/app.log"),
            "INFO start\nERROR disk full\nERROR disk full\nWARN slow\nERROR timeout\n".into(),
        ));
        files.push((
            PathBuf::from("tests/lowercase-and-blank-lines/app.log"),
            "error: not this one\nINFO ERROR inside a line counts\n\nERROR last\n".into(),
        ));
    }
    files
}

pub fn run(settings: &Settings, args: &NewArgs) -> Result<Exit, Failure> {
    let id = args.id.as_str();
    if !is_id(id) || id.len() > 64 {
        return Err(Failure::usage(format!(
            "invalid challenge id `{id}`: use lowercase letters, digits and `-`, starting with a letter or digit, at most 64 characters"
        )));
    }
    let category = Category::parse(&args.category).ok_or_else(|| {
        let names: Vec<&str> = Category::ALL.iter().map(|c| c.name()).collect();
        let hint = crate::challenge::schema::closest(&args.category, &names)
            .map(|name| format!("did you mean `{name}`? "))
            .unwrap_or_default();
        Failure::usage(format!(
            "unknown category `{}`; {hint}use one of: {}",
            args.category,
            names.join(", ")
        ))
    })?;
    let into = match &args.into {
        Some(dir) => dir.clone(),
        None => match settings.challenges.first() {
            Some(dir) => dir.clone(),
            None if Path::new("challenges").is_dir() => PathBuf::from("challenges"),
            None => PathBuf::from("."),
        },
    };
    let folder = into.join(id);
    if folder.symlink_metadata().is_ok() {
        return Err(Failure::usage(format!(
            "{} already exists: `new` never overwrites; pick another id or --into folder",
            folder.display()
        )));
    }
    if into.exists() && !into.is_dir() {
        return Err(Failure::usage(format!(
            "--into {}: not a folder; give the folder to create the challenge in",
            into.display()
        )));
    }
    std::fs::create_dir_all(&into)
        .map_err(|e| Failure::usage(format!("cannot create {}: {e}", into.display())))?;
    // create_dir (not _all): fails if someone created the folder meanwhile.
    std::fs::create_dir(&folder)
        .map_err(|e| Failure::usage(format!("cannot create {}: {e}", folder.display())))?;
    for (relative, content) in scaffold(id, category) {
        let path = folder.join(&relative);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&path, content))
            .and_then(|()| {
                // Scripts of the starter and solution are executable, as `lint` asks.
                if relative.extension().is_some_and(|e| e == "sh") {
                    use std::os::unix::fs::PermissionsExt;
                    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
                } else {
                    Ok(())
                }
            });
        if let Err(e) = written {
            return Err(Failure::judge(format!(
                "cannot write {}: {e} (the folder {} is incomplete; remove it and try again)",
                path.display(),
                folder.display()
            )));
        }
    }
    if !settings.quiet {
        println!(
            "created {} ({} challenge)",
            folder.display(),
            category.name()
        );
        println!("  challenge.toml   the definition: tests, limits, hints");
        println!("  README.md        the statement learners read");
        println!("  starter/         what `livejudge start` gives learners");
        println!("  solution/        the reference solution (must pass every test)");
        println!(
            "next: edit them, then `livejudge verify {}`",
            folder.display()
        );
    }
    Ok(Exit::Success)
}
