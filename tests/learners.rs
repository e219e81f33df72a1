//! End-to-end tests of the learner commands through the real binary, each in a fresh working
//! folder with its own `LIVEJUDGE_HOME`: `test` recording attempts, `list`, `show`, `start`,
//! `hint`, `history`, `progress`, `watch` (driven through a pipe) and `interview`.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{Output, bin, run};

/// Greets the name on stdin; a sample and a hidden test; two hints.
const GREET: &str = r#"
id = "greet"
title = "Greet the user"
category = "scripting"
difficulty = "easy"
minutes = 10
entry = "greet"
hints = ["read stdin with `read -r`", "echo \"hello $name\""]

[limits]
time = "2s"

[[test]]
name = "ada"
sample = true
stdin = "ada\n"
stdout = "hello ada\n"

[[test]]
name = "bob"
stdin = "bob\n"
stdout = "hello bob\n"
"#;

const GREET_README: &str = "# Greet\n\nRead a **name** on stdin and print `hello NAME`.\n\n## Example\n\n```\n$ echo ada | greet\nhello ada\n```\n\n- one line in\n- one line out\n";

/// A debugging challenge with a starter in two languages and no hints.
const FIX: &str = r#"
id = "fix-count"
title = "Fix the counter"
category = "debugging"
difficulty = "medium"
entry = "count"
languages = ["bash", "python"]

[[test]]
name = "three"
sample = true
stdin = "a\nb\nc\n"
stdout = "3\n"
"#;

/// A hard challenge, no samples, no minutes, of a category and difficulty the built-in catalog
/// has none of (scripting, hard), so `interview` filters pick it alone.
const SYS: &str = r#"
id = "sys-hard"
title = "Systems thing"
category = "scripting"
difficulty = "hard"
entry = "main"

[[test]]
name = "one"
stdout = "1\n"
"#;

const GOOD: &str = "read -r name\necho \"hello $name\"\n";
const BAD: &str = "echo nope\n";

/// A working folder, a state folder and a challenge folder for one test.
struct Learner {
    root: tempfile::TempDir,
    home: PathBuf,
    cwd: PathBuf,
    challenges: PathBuf,
    tmp: tempfile::TempDir,
}

impl Learner {
    fn new() -> Learner {
        let root = tempfile::tempdir().unwrap();
        let home = root.path().join("home");
        let cwd = root.path().join("work");
        let challenges = root.path().join("challenges");
        std::fs::create_dir_all(&cwd).unwrap();
        for (id, toml) in [("greet", GREET), ("fix-count", FIX), ("sys-hard", SYS)] {
            let dir = challenges.join(id);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("challenge.toml"), toml).unwrap();
        }
        std::fs::write(challenges.join("greet/README.md"), GREET_README).unwrap();
        std::fs::create_dir_all(challenges.join("fix-count/starter")).unwrap();
        std::fs::write(
            challenges.join("fix-count/starter/count.sh"),
            "#!/bin/bash\nwc -l | tr -d ' '\necho extra\n",
        )
        .unwrap();
        std::fs::write(
            challenges.join("fix-count/starter/count.py"),
            "import sys\nprint(len(sys.stdin.readlines()) + 1)\n",
        )
        .unwrap();
        std::fs::write(challenges.join("fix-count/starter/data.txt"), "shared\n").unwrap();
        Learner {
            root,
            home,
            cwd,
            challenges,
            tmp: tempfile::tempdir().unwrap(),
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(bin());
        command
            .args(args)
            .arg("--challenges")
            .arg(&self.challenges)
            .args(["--color", "never"])
            .current_dir(&self.cwd)
            .env("LIVEJUDGE_HOME", &self.home)
            .env("TMPDIR", self.tmp.path())
            .env("LIVEJUDGE_TMPDIR", self.tmp.path())
            .env("LIVEJUDGE_CACHE", self.root.path().join("cache"))
            .env("COLUMNS", "80")
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("LIVEJUDGE_PATH");
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        run(self.command(args))
    }

    /// Writes a file relative to the working folder.
    fn write(&self, relative: &str, content: &str) -> PathBuf {
        let path = self.cwd.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, content).unwrap();
        path
    }

    fn history(&self) -> serde_json::Value {
        let text = std::fs::read_to_string(self.home.join("history.json")).unwrap_or_default();
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)
    }

    fn progress(&self) -> serde_json::Value {
        let text = std::fs::read_to_string(self.home.join("progress.json")).unwrap_or_default();
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)
    }
}

fn show(out: &Output) -> String {
    format!(
        "exit {}\nstdout:\n{}\nstderr:\n{}",
        out.status, out.stdout, out.stderr
    )
}

#[test]
fn test_records_attempts_samples_and_all() {
    let l = Learner::new();
    l.write("greet/greet.sh", GOOD);
    let out = l.run(&["test", "greet"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    let history = l.history();
    assert_eq!(history["schema"], 1);
    let first = &history["attempts"][0];
    assert_eq!(first["challenge"], "greet");
    assert_eq!(first["verdict"], "AC");
    assert_eq!(first["scope"], "samples");
    assert_eq!(first["mode"], "test");
    assert_eq!(first["tests_passed"], 1);
    assert_eq!(l.progress()["challenges"]["greet"]["solved"], false);

    let out = l.run(&["test", "greet", "--all"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    let second = &l.history()["attempts"][1];
    assert_eq!(second["scope"], "all");
    assert_eq!(second["max_score"], 2);
    assert_eq!(l.progress()["challenges"]["greet"]["solved"], true);

    l.write("other/greet.sh", BAD);
    let out = l.run(&["test", "greet", "other/greet.sh", "--all"]);
    assert_eq!(out.status, 1, "{}", show(&out));
    assert_eq!(l.history()["attempts"][2]["verdict"], "WA");
    // Solved stays solved.
    assert_eq!(l.progress()["challenges"]["greet"]["solved"], true);
}

#[test]
fn test_without_a_workspace_says_to_start() {
    let l = Learner::new();
    let out = l.run(&["test", "greet"]);
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(
        out.stderr.contains("livejudge start greet"),
        "{}",
        show(&out)
    );
    // Nothing judged, nothing recorded.
    assert!(!l.home.join("history.json").exists());
    // A usage error (unknown test) records nothing either.
    l.write("greet/greet.sh", GOOD);
    let out = l.run(&["test", "greet", "--test", "nope"]);
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(!l.home.join("history.json").exists());
}

#[test]
fn a_damaged_state_file_is_set_aside() {
    let l = Learner::new();
    std::fs::create_dir_all(&l.home).unwrap();
    std::fs::write(
        l.home.join("history.json"),
        "{\"schema\": 1, \"attempts\": [",
    )
    .unwrap();
    l.write("greet/greet.sh", GOOD);
    let out = l.run(&["test", "greet"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(out.stderr.contains("warning:"), "{}", show(&out));
    assert!(out.stderr.contains("history.json"), "{}", show(&out));
    assert_eq!(l.history()["attempts"].as_array().unwrap().len(), 1);
    let aside = std::fs::read_dir(&l.home).unwrap().flatten().any(|e| {
        e.file_name()
            .to_string_lossy()
            .starts_with("history.json.damaged-")
    });
    assert!(aside);
}

#[test]
fn list_shows_status_and_filters() {
    let l = Learner::new();
    l.write("greet/greet.sh", GOOD);
    assert_eq!(l.run(&["test", "greet", "--all"]).status, 0);
    l.write("fix-count/count.sh", BAD);
    assert_eq!(l.run(&["test", "fix-count"]).status, 1);

    let out = l.run(&["list", "--format", "json"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    let rows: serde_json::Value = serde_json::from_str(&out.stdout).expect("only JSON on stdout");
    let rows = rows.as_array().unwrap();
    let status = |id: &str| {
        rows.iter()
            .find(|r| r["id"] == id)
            .map(|r| r["status"].as_str().unwrap().to_string())
    };
    assert_eq!(status("greet").as_deref(), Some("solved"));
    assert_eq!(status("fix-count").as_deref(), Some("attempted"));
    assert_eq!(status("sys-hard").as_deref(), Some("new"));
    // The built-in catalog is listed too.
    assert_eq!(status("top-client-ips").as_deref(), Some("new"));
    let greet = rows.iter().find(|r| r["id"] == "greet").unwrap();
    assert_eq!(greet["category"], "scripting");
    assert_eq!(greet["difficulty"], "easy");
    assert_eq!(greet["minutes"], 10);
    assert_eq!(greet["title"], "Greet the user");

    let out = l.run(&["list", "--category", "debugging"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(out.stdout.starts_with("ID "), "{}", show(&out));
    assert!(out.stdout.contains("fix-count"), "{}", show(&out));
    assert!(!out.stdout.contains("greet"), "{}", show(&out));
    let line = out
        .stdout
        .lines()
        .find(|l| l.contains("fix-count"))
        .unwrap();
    assert!(line.contains("attempted"), "{line}");

    let out = l.run(&["list", "--difficulty", "hard", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .all(|r| r["difficulty"] == "hard")
    );
}

#[test]
fn list_rejects_unknown_filters() {
    let l = Learner::new();
    let out = l.run(&["list", "--category", "cooking"]);
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(out.stderr.contains("data-structures"), "{}", show(&out));
    assert!(out.stdout.is_empty());
    let out = l.run(&["list", "--difficulty", "insane"]);
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(out.stderr.contains("easy, medium, hard"), "{}", show(&out));
}

#[test]
fn show_renders_statement_samples_limits_and_hints() {
    let l = Learner::new();
    let out = l.run(&["show", "greet"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    let text = &out.stdout;
    assert!(text.starts_with("Greet the user  (greet)\n"), "{text}");
    assert!(text.contains("Read a name on stdin"), "{text}");
    assert!(text.contains("    $ echo ada | greet"), "{text}");
    assert!(text.contains("  • one line in"), "{text}");
    assert!(text.contains("expected stdout:\n      hello ada"), "{text}");
    assert!(text.contains("Limits: time 2s"), "{text}");
    assert!(text.contains("2 hints (0 revealed)"), "{text}");
    assert!(!text.contains('\x1b'), "no colour when not asked: {text}");
    let out = l.run(&["show", "fix-count"]);
    assert!(
        out.stdout.contains("Languages: bash, python"),
        "{}",
        show(&out)
    );
    assert!(out.stdout.contains("no hints"), "{}", show(&out));
    let out = l.run(&["show", "top-client-ips"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(out.stdout.contains("access.log"), "{}", show(&out));
    let out = l.run(&["show", "no-such-thing"]);
    assert_eq!(out.status, 2, "{}", show(&out));
}

#[test]
fn start_copies_the_starter_of_one_language() {
    let l = Learner::new();
    // A symlink leading out of the starter is never followed.
    std::fs::write(l.root.path().join("secret"), "secret\n").unwrap();
    std::os::unix::fs::symlink(
        l.root.path().join("secret"),
        l.challenges.join("fix-count/starter/leak.txt"),
    )
    .unwrap();
    let out = l.run(&["start", "fix-count"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    let ws = l.cwd.join("fix-count");
    assert!(ws.join("count.sh").is_file());
    assert!(!ws.join("count.py").exists(), "only one language");
    assert!(ws.join("data.txt").is_file(), "shared files travel along");
    assert!(!ws.join("leak.txt").exists());
    assert!(
        out.stdout.contains("livejudge test fix-count"),
        "{}",
        show(&out)
    );
    assert!(out.stdout.contains("--lang python"), "{}", show(&out));
    assert!(out.stdout.contains("leak.txt"), "{}", show(&out));

    // The workspace is what `test` judges by default.
    let out = l.run(&["test", "fix-count"]);
    assert_eq!(out.status, 1, "the starter is buggy: {}", show(&out));

    // Never overwritten without --force; with it, a .bak (then .bak.1) is kept.
    std::fs::write(ws.join("count.sh"), "mine\n").unwrap();
    let out = l.run(&["start", "fix-count"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert_eq!(
        std::fs::read_to_string(ws.join("count.sh")).unwrap(),
        "mine\n"
    );
    assert!(out.stdout.contains("kept"), "{}", show(&out));
    let out = l.run(&["start", "fix-count", "--force"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert_eq!(
        std::fs::read_to_string(ws.join("count.sh.bak")).unwrap(),
        "mine\n"
    );
    std::fs::write(ws.join("count.sh"), "mine again\n").unwrap();
    l.run(&["start", "fix-count", "--force"]);
    assert_eq!(
        std::fs::read_to_string(ws.join("count.sh.bak")).unwrap(),
        "mine\n"
    );
    assert_eq!(
        std::fs::read_to_string(ws.join("count.sh.bak.1")).unwrap(),
        "mine again\n"
    );

    // The other language, into another folder.
    let out = l.run(&["start", "fix-count", "--lang", "python", "--into", "py"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(l.cwd.join("py/count.py").is_file());
    assert!(!l.cwd.join("py/count.sh").exists());
    let out = l.run(&["start", "fix-count", "--lang", "ruby"]);
    assert_eq!(out.status, 2, "{}", show(&out));
}

#[test]
fn start_writes_a_minimal_entry_without_a_starter() {
    let l = Learner::new();
    let out = l.run(&["start", "greet", "--into", "elsewhere/g"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    let entry = l.cwd.join("elsewhere/g/greet.sh");
    let text = std::fs::read_to_string(&entry).unwrap();
    assert!(text.starts_with("#!/usr/bin/env bash\n"), "{text}");
    assert!(text.contains("livejudge show greet"), "{text}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&entry).unwrap().permissions().mode() & 0o111,
        0o111
    );
    assert!(
        out.stdout.contains("livejudge test greet elsewhere/g"),
        "{}",
        show(&out)
    );
    // `test` finds the workspace `start` recorded, even though it is not ./greet.
    std::fs::write(&entry, GOOD).unwrap();
    let out = l.run(&["test", "greet"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    let out = l.run(&["start", "greet", "--lang", "python"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(l.cwd.join("greet/greet.py").is_file());
}

#[test]
fn hints_are_revealed_one_at_a_time_and_recorded() {
    let l = Learner::new();
    let out = l.run(&["hint", "greet"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(out.stdout.contains("hint 1/2"), "{}", show(&out));
    assert!(!out.stdout.contains("hint 2/2"), "{}", show(&out));
    assert!(out.stdout.contains("1 more hint left"), "{}", show(&out));
    assert_eq!(l.progress()["challenges"]["greet"]["hints_revealed"], 1);
    let out = l.run(&["hint", "greet"]);
    assert!(out.stdout.contains("hint 1/2"), "{}", show(&out));
    assert!(out.stdout.contains("hint 2/2"), "{}", show(&out));
    let out = l.run(&["hint", "greet"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(out.stdout.contains("No hints left"), "{}", show(&out));
    assert_eq!(l.progress()["challenges"]["greet"]["hints_revealed"], 2);
    // Attempts record the hints used; show counts them.
    l.write("greet/greet.sh", GOOD);
    l.run(&["test", "greet"]);
    assert_eq!(l.history()["attempts"][0]["hints_used"], 2);
    assert!(
        l.run(&["show", "greet"])
            .stdout
            .contains("2 hints (2 revealed)")
    );

    let out = l.run(&["hint", "fix-count"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(out.stdout.contains("has no hints"), "{}", show(&out));
}

#[test]
fn history_and_progress() {
    let l = Learner::new();
    let out = l.run(&["history"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(out.stdout.contains("No attempts yet"), "{}", show(&out));
    l.write("greet/greet.sh", GOOD);
    l.run(&["test", "greet", "--all"]);
    l.write("fix-count/count.sh", BAD);
    l.run(&["test", "fix-count"]);
    let out = l.run(&["history"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", show(&out));
    assert!(lines[0].starts_with("TIME"), "{}", show(&out));
    assert!(
        lines[1].contains("greet") && lines[1].contains("AC"),
        "{}",
        show(&out)
    );
    assert!(
        lines[2].contains("fix-count") && lines[2].contains("WA"),
        "{}",
        show(&out)
    );
    let out = l.run(&["history", "fix-count", "--format", "json"]);
    let attempts: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON only");
    assert_eq!(attempts.as_array().unwrap().len(), 1);
    assert_eq!(attempts[0]["verdict"], "WA");

    let out = l.run(&["progress", "--format", "json"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON only");
    assert_eq!(report["solved"], 1);
    assert_eq!(report["attempted"], 2);
    // Debugging: one attempted, none solved — the weakest; its easiest unsolved is next.
    assert_eq!(report["weakest_category"], "debugging");
    // The easiest unsolved debugging challenge (the built-in catalog's count too): lowest
    // difficulty, then fewest minutes, then id.
    assert_eq!(report["next"]["category"], "debugging");
    let listed: serde_json::Value = serde_json::from_str(
        &l.run(&["list", "--category", "debugging", "--format", "json"])
            .stdout,
    )
    .expect("JSON only");
    let rank = |d: &serde_json::Value| match d.as_str() {
        Some("easy") => 0,
        Some("medium") => 1,
        _ => 2,
    };
    let easiest = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] != "solved")
        .min_by_key(|c| {
            (
                rank(&c["difficulty"]),
                c["minutes"].as_u64(),
                c["id"].as_str().unwrap().to_string(),
            )
        })
        .unwrap();
    assert_eq!(report["next"]["id"], easiest["id"], "{listed}");
    let scripting = report["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "scripting")
        .unwrap();
    assert_eq!(scripting["solved"], 1);
    let out = l.run(&["progress"]);
    assert!(
        out.stdout.contains("Weakest category: debugging"),
        "{}",
        show(&out)
    );
    let next = format!("Next: {}", easiest["id"].as_str().unwrap());
    assert!(out.stdout.contains(&next), "{}", show(&out));
}

/// A running livejudge with stdin and stdout piped; stdout (and stderr) gathered in the
/// background so the test can wait for text to appear.
struct Live {
    child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    out: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Live {
    fn spawn(mut command: Command) -> Live {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("livejudge starts");
        let out = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        for pipe in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let out = std::sync::Arc::clone(&out);
            std::thread::spawn(move || {
                let mut pipe = pipe;
                let mut buffer = [0u8; 4096];
                while let Ok(n) = pipe.read(&mut buffer) {
                    if n == 0 {
                        break;
                    }
                    out.lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buffer[..n]));
                }
            });
        }
        let stdin = child.stdin.take();
        Live { child, stdin, out }
    }

    fn text(&self) -> String {
        self.out.lock().unwrap().clone()
    }

    /// Waits (generously) until `needle` appears `count` times in the output.
    fn wait_for(&mut self, needle: &str, count: usize) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.text().matches(needle).count() < count {
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("`{needle}` x{count} never came; output:\n{}", self.text());
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                std::thread::sleep(Duration::from_millis(100));
                panic!(
                    "livejudge ended ({status}) before `{needle}` x{count}; output:\n{}",
                    self.text()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(line.as_bytes()).unwrap();
        stdin.write_all(b"\n").unwrap();
        stdin.flush().unwrap();
    }

    /// The zygotes the command's main thread started (`livejudge __zygote`), by pid.
    fn zygotes(&self) -> Vec<u32> {
        let pid = self.child.id();
        let children =
            std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
        children
            .split_whitespace()
            .filter(|child| {
                std::fs::read(format!("/proc/{child}/cmdline"))
                    .is_ok_and(|line| String::from_utf8_lossy(&line).contains("__zygote"))
            })
            .filter_map(|child| child.parse().ok())
            .collect()
    }

    /// Closes stdin and waits for the exit code.
    fn finish(mut self) -> (i32, String) {
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                std::thread::sleep(Duration::from_millis(100));
                return (status.code().unwrap_or(-1), self.text());
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("livejudge did not end after EOF; output:\n{}", self.text());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[test]
fn watch_rejudges_on_save_and_ends_at_eof() {
    let l = Learner::new();
    let entry = l.write("greet/greet.sh", BAD);
    let mut live = Live::spawn(l.command(&["watch", "greet"]));
    live.wait_for("watching", 1);
    assert!(live.text().contains("run 1"), "{}", live.text());
    assert!(live.text().contains("wrong answer"), "{}", live.text());
    // While the learner edits, the zygote the next run needs is started already.
    assert_eq!(live.zygotes().len(), 1, "{}", live.text());
    // An editor temporary does not trigger a run.
    l.write("greet/.greet.sh.swp", "junk");
    std::fs::write(&entry, GOOD).unwrap();
    live.wait_for("watching", 2);
    let text = live.text();
    assert!(text.contains("run 2"), "{text}");
    assert!(!text.contains("run 3"), "one save, one run: {text}");
    let zygote = live.zygotes();
    let (code, text) = live.finish();
    assert_eq!(code, 0, "exit code of the last run: {text}");
    assert!(
        zygote
            .iter()
            .all(|pid| !Path::new(&format!("/proc/{pid}")).exists()),
        "the zygote waiting for a next run outlived the session"
    );
    // Each run was recorded, as a watch attempt.
    let attempts = l.history()["attempts"].as_array().unwrap().clone();
    assert_eq!(attempts.len(), 2, "{attempts:?}");
    assert_eq!(attempts[0]["mode"], "watch");
    assert_eq!(attempts[1]["verdict"], "AC");
}

#[test]
fn watch_quits_on_q_and_needs_a_workspace() {
    let l = Learner::new();
    let out = l.run(&["watch", "greet"]);
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(
        out.stderr.contains("livejudge start greet"),
        "{}",
        show(&out)
    );
    l.write("mine/greet.sh", BAD);
    let mut live = Live::spawn(l.command(&["watch", "greet", "mine/greet.sh", "--all"]));
    live.wait_for("watching", 1);
    live.send("q");
    let deadline = Instant::now() + Duration::from_secs(60);
    while live.child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "q did not quit: {}", live.text());
        std::thread::sleep(Duration::from_millis(50));
    }
    let (code, _) = live.finish();
    assert_eq!(code, 1, "the last run failed");
    assert_eq!(l.history()["attempts"][0]["scope"], "all");
}

#[test]
fn interview_passes_with_confirmation_and_is_recorded() {
    let l = Learner::new();
    // Easiest unsolved easy scripting challenge: greet (easy, 10 minutes).
    let mut live = Live::spawn(l.command(&[
        "interview",
        "--category",
        "scripting",
        "--difficulty",
        "easy",
    ]));
    live.wait_for("every save re-judges", 1);
    let text = live.text();
    assert!(text.contains("Greet the user  (greet)"), "{text}");
    assert!(text.contains("10m00s"), "the challenge's minutes: {text}");
    let entry = l.cwd.join("greet/greet.sh");
    assert!(entry.is_file(), "the workspace was started: {text}");
    std::fs::write(&entry, BAD).unwrap();
    live.wait_for("save to judge again", 1);
    std::fs::write(&entry, GOOD).unwrap();
    live.wait_for("Judge on every test and finish?", 1);
    live.send("y");
    let (code, text) = live.finish();
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("Interview over"), "{text}");
    let attempts = l.history()["attempts"].as_array().unwrap().clone();
    assert_eq!(
        attempts.len(),
        1,
        "only the interview is recorded: {attempts:?}"
    );
    let attempt = &attempts[0];
    assert_eq!(attempt["mode"], "interview");
    assert_eq!(attempt["verdict"], "AC");
    assert_eq!(attempt["scope"], "all");
    assert_eq!(attempt["minutes_allowed"], 10);
    assert!(attempt["seconds_to_first_pass"].is_u64(), "{attempt}");
    assert_eq!(l.progress()["challenges"]["greet"]["solved"], true);
}

#[test]
fn interview_ends_when_time_is_up() {
    let l = Learner::new();
    // The only hard scripting challenge (the built-in catalog has none).
    let mut live = Live::spawn(l.command(&[
        "interview",
        "--category",
        "scripting",
        "--difficulty",
        "hard",
        "--minutes",
        "0.02",
    ]));
    // Keep stdin open: only the clock ends it.
    live.wait_for("Interview over", 1);
    let text = live.text();
    assert!(text.contains("Time is up"), "{text}");
    assert!(text.contains("(sys-hard)"), "{text}");
    let (code, _) = live.finish();
    assert_eq!(code, 1, "the minimal entry file does not pass");
    let attempt = &l.history()["attempts"][0];
    assert_eq!(attempt["mode"], "interview");
    assert_eq!(attempt["challenge"], "sys-hard");
    assert_eq!(attempt["verdict"], "WA");
    assert!(attempt["seconds_to_first_pass"].is_null());
}

#[test]
fn interview_gives_up_on_eof_and_needs_an_unsolved_challenge() {
    let l = Learner::new();
    let mut live = Live::spawn(l.command(&["interview", "--category", "debugging", "--seed", "7"]));
    live.wait_for("every save re-judges", 1);
    let (code, text) = live.finish();
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("Interview over"), "{text}");
    assert_eq!(l.history()["attempts"][0]["mode"], "interview");
    // The same seed picks the same challenge.
    let picked = l.history()["attempts"][0]["challenge"].clone();
    let l2 = Learner::new();
    let mut again =
        Live::spawn(l2.command(&["interview", "--category", "debugging", "--seed", "7"]));
    again.wait_for("every save re-judges", 1);
    again.finish();
    assert_eq!(l2.history()["attempts"][0]["challenge"], picked);

    // Nothing unsolved matches: usage error.
    l.write("sys/main.sh", "echo 1\n");
    assert_eq!(
        l.run(&["test", "sys-hard", "sys/main.sh", "--all"]).status,
        0
    );
    let out = l.run(&[
        "interview",
        "--category",
        "scripting",
        "--difficulty",
        "hard",
    ]);
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(
        out.stderr.contains("no unsolved challenge"),
        "{}",
        show(&out)
    );
    let out = l.run(&["interview", "--minutes", "0"]);
    assert_eq!(out.status, 2, "{}", show(&out));
}

/// Runs `args` with stdout a pipe whose reader is already gone (`livejudge list | head -0`).
fn run_with_closed_stdout(l: &Learner, args: &[&str]) -> (i32, String) {
    let mut child = l
        .command(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_stdout_is_not_a_crash() {
    let l = Learner::new();
    for args in [
        &["list", "--format", "json"][..],
        &["list"],
        &["show", "greet"],
        &["hint", "greet"],
        &["history"],
        &["progress", "--format", "json"],
        &["start", "greet"],
    ] {
        let (status, stderr) = run_with_closed_stdout(&l, args);
        assert_eq!(status, 0, "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    // watch and interview (stdin at EOF: one run, then quit) go on to their verdict.
    for args in [
        &["watch", "greet"][..],
        &["interview", "--category", "scripting", "--minutes", "5"],
    ] {
        let (status, stderr) = run_with_closed_stdout(&l, args);
        assert_eq!(status, 1, "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_statement_indented_with_unicode_spaces_renders() {
    let l = Learner::new();
    std::fs::write(
        l.challenges.join("greet/README.md"),
        "\u{a0}\u{a0}no-break spaces\n\n\u{3000}\u{3000}ideographic\n",
    )
    .unwrap();
    let mut command = l.command(&["show", "greet"]);
    command.stdin(Stdio::null());
    let out = support::run_bounded(command, Duration::from_secs(60));
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(out.stdout.contains("no-break spaces"), "{}", show(&out));
}

#[test]
fn commands_suggested_for_a_challenge_given_by_path_use_the_path() {
    let l = Learner::new();
    let path = l.challenges.join("greet");
    let path = path.to_str().unwrap();
    let out = l.run(&["show", path]);
    assert!(
        out.stdout.contains(&format!("`livejudge start {path}`")),
        "{}",
        show(&out)
    );
    assert!(
        out.stdout.contains(&format!("`livejudge hint {path}`")),
        "{}",
        show(&out)
    );
    let out = l.run(&["start", path]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(
        out.stdout.contains(&format!("`livejudge test {path}`")),
        "{}",
        show(&out)
    );
    let entry = std::fs::read_to_string(l.cwd.join("greet/greet.sh")).unwrap();
    assert!(entry.contains(&format!("livejudge test {path}")), "{entry}");
    let out = l.run(&["hint", path]);
    assert!(
        out.stdout.contains(&format!("`livejudge hint {path}`")),
        "{}",
        show(&out)
    );
    // A bundled id stays an id.
    let out = l.run(&["show", "top-client-ips"]);
    assert!(
        out.stdout.contains("`livejudge start top-client-ips`"),
        "{}",
        show(&out)
    );
}

#[test]
fn a_bundled_starter_keeps_its_executable_bit() {
    use std::os::unix::fs::PermissionsExt;
    let l = Learner::new();
    let out = l.run(&["start", "fix-backup-prune"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    let mode = std::fs::metadata(l.cwd.join("fix-backup-prune/prune.sh"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o111, 0o111, "{mode:o}");
}

#[test]
fn start_keeps_subfolders_and_modes_and_never_writes_through_a_symlinked_folder() {
    use std::os::unix::fs::PermissionsExt;
    let l = Learner::new();
    let starter = l.challenges.join("greet/starter");
    std::fs::create_dir_all(starter.join("lib")).unwrap();
    std::fs::write(starter.join("greet.sh"), "#!/bin/bash\necho\n").unwrap();
    std::fs::set_permissions(
        starter.join("greet.sh"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    std::fs::write(starter.join("lib/util.sh"), "util\n").unwrap();
    std::os::unix::fs::symlink("lib", starter.join("libdir")).unwrap();
    std::os::unix::fs::symlink("nowhere", starter.join("broken")).unwrap();

    // The learner's workspace has `lib` pointing somewhere else.
    let elsewhere = l.root.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::create_dir_all(l.cwd.join("greet")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, l.cwd.join("greet/lib")).unwrap();
    let out = l.run(&["start", "greet"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    let mode = std::fs::metadata(l.cwd.join("greet/greet.sh"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o111, 0o111, "{mode:o}");
    assert!(
        std::fs::read_dir(&elsewhere).unwrap().next().is_none(),
        "nothing written through the symlink: {}",
        show(&out)
    );
    assert!(
        out.stdout.contains("never written through"),
        "{}",
        show(&out)
    );
    assert!(out.stdout.contains("a broken symlink"), "{}", show(&out));
    assert!(
        out.stdout.contains("a symlink to a folder"),
        "{}",
        show(&out)
    );

    // A folder where the starter has a file is left alone, with or without --force.
    std::fs::remove_file(l.cwd.join("greet/greet.sh")).unwrap();
    std::fs::create_dir_all(l.cwd.join("greet/greet.sh")).unwrap();
    for force in [false, true] {
        let mut args = vec!["start", "greet"];
        if force {
            args.push("--force");
        }
        let out = l.run(&args);
        assert_eq!(out.status, 0, "{}", show(&out));
        assert!(
            out.stdout.contains("a folder is in the way"),
            "{}",
            show(&out)
        );
        assert!(l.cwd.join("greet/greet.sh").is_dir());
    }
    std::fs::remove_dir(l.cwd.join("greet/greet.sh")).unwrap();

    // Without the symlink, the sub-folder is written.
    std::fs::remove_file(l.cwd.join("greet/lib")).unwrap();
    let out = l.run(&["start", "greet"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert_eq!(
        std::fs::read_to_string(l.cwd.join("greet/lib/util.sh")).unwrap(),
        "util\n"
    );
}

#[test]
fn a_kattis_package_can_be_shown_started_and_hinted() {
    let l = Learner::new();
    let kattis = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kattis");
    let hello = kattis.join("hello");
    let hello = hello.to_str().unwrap();
    let out = l.run(&["show", hello]);
    assert_eq!(out.status, 0, "{}", show(&out));
    // The LaTeX statement is readable; no macro is left.
    assert!(
        out.stdout.contains("print `Hello, NAME!`"),
        "{}",
        show(&out)
    );
    assert!(!out.stdout.contains("\\problemname"), "{}", show(&out));
    assert!(
        out.stdout.contains("Hello, World!"),
        "a sample: {}",
        show(&out)
    );
    // Constants are substituted in a 2025-09 statement.
    let out = l.run(&["show", kattis.join("pairs").to_str().unwrap()]);
    assert!(out.stdout.contains("n <= 1000000"), "{}", show(&out));
    assert!(!out.stdout.contains("{{"), "{}", show(&out));

    let out = l.run(&["start", hello]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(l.cwd.join("hello/main.sh").is_file(), "{}", show(&out));
    let out = l.run(&["hint", hello]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(out.stdout.contains("no hints"), "{}", show(&out));
    // `test` finds the workspace and judges it (the empty script answers nothing).
    let out = l.run(&["test", hello]);
    assert_eq!(out.status, 1, "{}", show(&out));
    let out = l.run(&["history", hello]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(out.stdout.contains("hello"), "{}", show(&out));
    // An unsupported package is a usage error everywhere.
    let interactive = kattis.join("interactive");
    for command in ["show", "start", "hint"] {
        let out = l.run(&[command, interactive.to_str().unwrap()]);
        assert_eq!(out.status, 2, "{command}: {}", show(&out));
        assert!(out.stderr.contains("interactive"), "{}", show(&out));
    }
}

#[test]
fn history_of_an_unknown_challenge_is_a_usage_error_unless_recorded() {
    let l = Learner::new();
    let out = l.run(&["history", "no-such-thing"]);
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(out.stderr.contains("no-such-thing"), "{}", show(&out));
    // A challenge that left the challenge path keeps its history.
    std::fs::create_dir_all(&l.home).unwrap();
    std::fs::write(
        l.home.join("history.json"),
        r#"{"schema": 1, "attempts": [{"challenge": "gone", "time": "2026-01-01T00:00:00Z",
        "mode": "test", "scope": "all", "verdict": "AC", "score": 1, "max_score": 1,
        "tests_passed": 1, "tests_run": 1}]}"#,
    )
    .unwrap();
    let out = l.run(&["history", "gone", "--format", "json"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json[0]["challenge"], "gone");
}

#[test]
fn interview_minutes_must_be_positive() {
    let l = Learner::new();
    for minutes in ["0", "-1", "-0.5", "nan", "inf", "abc"] {
        let out = l.run(&["interview", "--minutes", minutes]);
        assert_eq!(out.status, 2, "--minutes {minutes}: {}", show(&out));
        assert!(out.stderr.contains("minutes"), "{}", show(&out));
        assert!(!l.home.join("history.json").exists());
    }
}

#[test]
fn challenge_lookup_by_folder_path_and_env() {
    let l = Learner::new();
    // --challenges naming one challenge folder: listed, and found by its id.
    let greet = l.challenges.join("greet");
    let mut command = Command::new(bin());
    command
        .args(["--challenges", greet.to_str().unwrap(), "show", "greet"])
        .current_dir(&l.cwd)
        .env("LIVEJUDGE_HOME", &l.home)
        .env("LIVEJUDGE_CACHE", l.root.path().join("cache"))
        .env_remove("LIVEJUDGE_PATH");
    let out = run(command);
    assert_eq!(out.status, 0, "{}", show(&out));
    // $LIVEJUDGE_PATH, with empty and missing entries.
    let mut command = Command::new(bin());
    command
        .args(["show", "sys-hard"])
        .current_dir(&l.cwd)
        .env("LIVEJUDGE_HOME", &l.home)
        .env("LIVEJUDGE_CACHE", l.root.path().join("cache"))
        .env(
            "LIVEJUDGE_PATH",
            format!("/nonexistent::{}", l.challenges.display()),
        );
    let out = run(command);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(out.stdout.contains("Systems thing"), "{}", show(&out));
    // An id that is only a workspace folder here: the message says what was searched.
    std::fs::create_dir_all(l.cwd.join("not-here")).unwrap();
    let out = l.run(&["show", "not-here"]);
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(
        out.stderr.contains("no challenge `not-here`"),
        "{}",
        show(&out)
    );
    assert!(out.stderr.contains("built-in catalog"), "{}", show(&out));
    // A solution given in place of the challenge is told apart from a definition.
    let script = l.write("greet.sh", GOOD);
    let out = l.run(&["test", script.to_str().unwrap()]);
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(
        out.stderr.contains("is a file, not a challenge"),
        "{}",
        show(&out)
    );
    let toml = l.challenges.join("greet/challenge.toml");
    let out = l.run(&["show", toml.to_str().unwrap()]);
    assert_eq!(out.status, 0, "{}", show(&out));
    let out = l.run(&["start", "./missing/folder"]);
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(
        out.stderr.contains("no such file or folder"),
        "{}",
        show(&out)
    );
}

#[test]
fn every_minimal_entry_is_judged_in_its_language() {
    let l = Learner::new();
    // Languages whose toolchain is missing here are left out (doctor says which).
    for lang in ["bash", "sh", "python", "java", "c"] {
        let folder = format!("ws-{lang}");
        let out = l.run(&["start", "greet", "--lang", lang, "--into", &folder]);
        assert_eq!(out.status, 0, "{lang}: {}", show(&out));
        let out = l.run(&["test", "greet", &folder, "--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&out.stdout)
            .unwrap_or_else(|e| panic!("{lang}: {e}: {}", show(&out)));
        // An empty program answers nothing: wrong answer, never a compile error or "no entry".
        assert_eq!(json["verdict"], "WA", "{lang}: {}", show(&out));
        assert_eq!(
            json["submission"]["language"],
            lang,
            "{lang}: {}",
            show(&out)
        );
    }
}

#[test]
fn concurrent_hints_and_tests_lose_nothing() {
    let l = Learner::new();
    let hints: Vec<_> = (0..6)
        .map(|_| {
            l.command(&["hint", "greet"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<String> = hints
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success());
            String::from_utf8_lossy(&out.stdout).into_owned()
        })
        .collect();
    assert_eq!(l.progress()["challenges"]["greet"]["hints_revealed"], 2);
    // Each hint was revealed to exactly one of them; the others were told none are left.
    let left = outputs
        .iter()
        .filter(|o| o.contains("No hints left"))
        .count();
    assert_eq!(left, 4, "{outputs:#?}");

    l.write("greet/greet.sh", GOOD);
    let tests: Vec<_> = (0..4)
        .map(|_| {
            l.command(&["test", "greet"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in tests {
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(l.history()["attempts"].as_array().unwrap().len(), 4);
    assert_eq!(l.progress()["challenges"]["greet"]["attempts"], 4);
    assert_eq!(l.history()["attempts"][0]["hints_used"], 2);
}

#[test]
fn a_state_folder_that_cannot_be_used_never_changes_a_verdict() {
    let l = Learner::new();
    std::fs::write(&l.home, "not a folder\n").unwrap();
    l.write("greet/greet.sh", GOOD);
    let out = l.run(&["test", "greet"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(out.stderr.contains("not a folder"), "{}", show(&out));
    let out = l.run(&["hint", "greet"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(out.stdout.contains("hint 1/2"), "{}", show(&out));
    let out = l.run(&["progress", "--format", "json"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    serde_json::from_str::<serde_json::Value>(&out.stdout).unwrap();
    assert_eq!(
        std::fs::read_to_string(&l.home).unwrap(),
        "not a folder\n",
        "the user's file is left alone"
    );
}

/// Issue 11: a challenge whose failing tests have something to reproduce — arguments, an
/// environment, stdin, a fixture file and a file expectation — and a hidden test kept private.
const REPORT: &str = r#"
id = "report"
title = "Write a report"
category = "scripting"
difficulty = "easy"
entry = "report"

[[test]]
name = "basic"
sample = true
args = ["--title", "two words"]
env = { MODE = "loud" }
stdin = "a\nb\n"
fixtures = "tests/data"
stdout = "2 lines\n"
files = [{ path = "out.txt", text = "done\n" }]

[[test]]
name = "secret"
stdin = "secret-input\n"
stdout = "1 lines\n"
"#;

fn with_report(l: &Learner, private: bool) {
    let dir = l.challenges.join("report");
    std::fs::create_dir_all(dir.join("tests/data")).unwrap();
    let toml = if private {
        format!("hidden_inputs = false\n{REPORT}")
    } else {
        REPORT.to_string()
    };
    std::fs::write(dir.join("challenge.toml"), toml).unwrap();
    std::fs::write(dir.join("tests/data/seed.csv"), "x,y\n").unwrap();
}

#[test]
fn samples_pass_is_not_solved_and_a_full_pass_says_solved_beside_the_reference() {
    let l = Learner::new();
    std::fs::create_dir_all(l.challenges.join("greet/solution")).unwrap();
    std::fs::write(l.challenges.join("greet/solution/greet.sh"), GOOD).unwrap();
    l.write("greet/greet.sh", GOOD);
    let out = l.run(&["test", "greet"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(
        out.stdout
            .contains("samples passed — 1 hidden test not run: `livejudge test greet --all`"),
        "{}",
        show(&out)
    );
    assert!(!out.stdout.contains("solved"), "{}", show(&out));
    let out = l.run(&["test", "greet", "--all"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(
        out.stdout.contains("solved `greet`: every test passes"),
        "{}",
        show(&out)
    );
    assert!(out.stdout.contains("(reference "), "{}", show(&out));
    assert!(out.stdout.contains("peak memory"), "{}", show(&out));
    // The next challenge is progress's choice.
    let progress = l.run(&["progress", "--format", "json"]);
    let next: serde_json::Value = serde_json::from_str(&progress.stdout).unwrap();
    let next = next["next"]["id"].as_str().unwrap().to_string();
    assert!(
        out.stdout.contains("Next: ") && out.stdout.contains(&format!("`livejudge start {next}`")),
        "{}",
        show(&out)
    );
    // Measured once, cached in the home.
    let cache = std::fs::read_to_string(l.home.join("reference.json")).unwrap();
    assert!(cache.contains("greet/bash"), "{cache}");
    let out = l.run(&["test", "greet", "--all"]);
    assert!(
        out.stdout.contains("solved `greet` (again)"),
        "{}",
        show(&out)
    );
    // --format json carries only the result.
    let out = l.run(&["test", "greet", "--format", "json"]);
    serde_json::from_str::<serde_json::Value>(&out.stdout).expect("only JSON on stdout");
}

#[test]
fn a_failing_test_shows_every_mismatch_and_its_input_and_can_be_kept() {
    let l = Learner::new();
    with_report(&l, false);
    l.write("report/report.sh", "echo wrong\nexit 3\n");
    let out = l.run(&["test", "report", "--all"]);
    assert_eq!(out.status, 1, "{}", show(&out));
    let text = &out.stdout;
    // The exit status, and also stdout and the file.
    assert!(text.contains("exit status 3"), "{}", show(&out));
    assert!(text.contains("also wrong: stdout"), "{}", show(&out));
    assert!(text.contains("also wrong: file out.txt"), "{}", show(&out));
    assert!(
        text.contains("arguments: --title 'two words'"),
        "{}",
        show(&out)
    );
    assert!(text.contains("environment: MODE=loud"), "{}", show(&out));
    assert!(
        text.contains("files in the working folder: seed.csv"),
        "{}",
        show(&out)
    );
    // A hidden test's input is shown too.
    assert!(text.contains("secret-input"), "{}", show(&out));
    assert!(
        text.contains("`livejudge test report --test basic --keep DIR`"),
        "{}",
        show(&out)
    );
    // The JSON result lists the other mismatches.
    let out = l.run(&["test", "report", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let details: Vec<&str> = json["tests"][0]["mismatches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["detail"].as_str().unwrap())
        .collect();
    assert_eq!(details, ["stdout", "file out.txt"]);

    // --keep lays the test out; run.sh runs it as the judge does.
    l.write(
        "report/report.sh",
        "cat seed.csv\necho \"$MODE $2\"\nwc -l\n",
    );
    let out = l.run(&["test", "report", "--test", "basic", "--keep", "kept"]);
    assert_eq!(out.status, 1, "{}", show(&out));
    assert!(out.stdout.contains("kept test `basic`"), "{}", show(&out));
    let kept = l.cwd.join("kept");
    assert!(kept.join("work/seed.csv").is_file());
    assert!(kept.join("work/report.sh").is_file());
    assert_eq!(
        std::fs::read_to_string(kept.join("stdin")).unwrap(),
        "a\nb\n"
    );
    let ran = Command::new(kept.join("run.sh")).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&ran.stdout),
        "x,y\nloud two words\n2\n"
    );
    // Never over something: a folder that is not empty is refused, untouched.
    std::fs::write(kept.join("stdin"), "mine").unwrap();
    let out = l.run(&["test", "report", "--test", "basic", "--keep", "kept"]);
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(out.stderr.contains("not empty"), "{}", show(&out));
    assert_eq!(std::fs::read_to_string(kept.join("stdin")).unwrap(), "mine");
    // One test at a time.
    let out = l.run(&["test", "report", "--all", "--keep", "other"]);
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(out.stderr.contains("--test NAME"), "{}", show(&out));
}

#[test]
fn hidden_inputs_can_be_kept_private() {
    let l = Learner::new();
    with_report(&l, true);
    l.write("report/report.sh", "echo wrong\n");
    let out = l.run(&["test", "report", "--all"]);
    assert_eq!(out.status, 1, "{}", show(&out));
    assert!(!out.stdout.contains("secret-input"), "{}", show(&out));
    assert!(
        out.stdout.contains("keeps its hidden inputs private"),
        "{}",
        show(&out)
    );
    // Samples still show theirs.
    assert!(out.stdout.contains("MODE=loud"), "{}", show(&out));
    let out = l.run(&["test", "report", "--test", "secret", "--keep", "k"]);
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(!l.cwd.join("k").exists());
    // lint accepts the key; a wrong type is an error at its place.
    let out = l.run(&["lint", l.challenges.join("report").to_str().unwrap()]);
    assert!(!out.stderr.contains("hidden_inputs"), "{}", show(&out));
    let toml = l.challenges.join("report/challenge.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replace("hidden_inputs = false", "hidden_inputs = \"no\""),
    )
    .unwrap();
    let out = l.run(&["show", "report"]);
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(out.stderr.contains("hidden_inputs"), "{}", show(&out));
}

#[test]
fn a_compile_error_is_shown_once_and_fail_fast_keeps_one_set_of_totals() {
    let l = Learner::new();
    let c = l.write("mine/greet.c", "int main(void) { return 0 }\n");
    let out = l.run(&["test", "greet", c.to_str().unwrap(), "--all"]);
    assert_eq!(out.status, 1, "{}", show(&out));
    assert_eq!(
        out.stdout.matches("error: expected").count(),
        1,
        "{}",
        show(&out)
    );
    assert!(
        out.stdout.contains("(the same compile error)"),
        "{}",
        show(&out)
    );
    let out = l.run(&["test", "greet", c.to_str().unwrap(), "--all", "--fail-fast"]);
    assert_eq!(
        out.stdout.matches("compile error").count(),
        2,
        "{}",
        show(&out)
    );
    assert!(!out.stdout.contains("bob"), "{}", show(&out));
    // A wrong answer: the first test fails, the second is not run; totals agree.
    l.write("greet/greet.sh", BAD);
    let out = l.run(&["test", "greet", "--all", "--fail-fast"]);
    assert_eq!(out.status, 1, "{}", show(&out));
    assert!(
        out.stdout
            .contains("0/1 tests passed (1 not run: --fail-fast) · score 0/1"),
        "{}",
        show(&out)
    );
    let last = l.history()["attempts"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["tests_run"], 1);
    assert_eq!(last["max_score"], 1);
}

#[test]
fn misspelt_ids_wrong_extensions_and_tracebacks() {
    let l = Learner::new();
    let out = l.run(&["show", "gret"]);
    assert_eq!(out.status, 2, "{}", show(&out));
    assert!(
        out.stderr.contains("did you mean `greet`?"),
        "{}",
        show(&out)
    );
    let out = l.run(&["test", "top-client-ip"]);
    assert!(
        out.stderr.contains("did you mean `top-client-ips`?"),
        "{}",
        show(&out)
    );
    // A .sh file with a Python #! line is judged as bash, with a warning.
    l.write(
        "greet/greet.sh",
        "#!/usr/bin/env python3\nprint('hello ada')\n",
    );
    let out = l.run(&["test", "greet"]);
    assert!(
        out.stderr
            .contains("has the extension of bash but its #! line runs python3"),
        "{}",
        show(&out)
    );
    assert!(out.stderr.contains("--lang python"), "{}", show(&out));
    // A traceback names the learner's own file, not where the sandbox put it.
    let py = l.write(
        "py/greet.py",
        "import sys\nraise SystemExit(undefined_name)\n",
    );
    let out = l.run(&["test", "greet", py.to_str().unwrap()]);
    assert_eq!(out.status, 1, "{}", show(&out));
    let canonical = std::fs::canonicalize(&py).unwrap();
    assert!(
        out.stdout.contains(&format!("File \"{}\"", py.display()))
            || out
                .stdout
                .contains(&format!("File \"{}\"", canonical.display())),
        "{}",
        show(&out)
    );
    assert!(!out.stdout.contains("/box/"), "{}", show(&out));
}

#[test]
fn run_shows_the_output_on_my_own_input() {
    let l = Learner::new();
    l.write("greet/greet.sh", GOOD);
    let mut command = l.command(&["run", "greet", "--stdin", "-"]);
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    child.stdin.take().unwrap().write_all(b"zed\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "hello zed\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("exit status 0"));
    // Arguments after --, stdin from a file, a failing exit status.
    let script = l.write("mine/args.sh", "echo \"args: $*\"\ncat\nexit 4\n");
    l.write("input.txt", "from a file\n");
    let mut command = l.command(&[
        "run",
        "greet",
        script.to_str().unwrap(),
        "--stdin",
        "input.txt",
    ]);
    command.args(["--", "-x", "two words"]);
    let out = run(command);
    assert_eq!(out.status, 1, "{}", show(&out));
    assert_eq!(out.stdout, "args: -x two words\nfrom a file\n");
    assert!(out.stderr.contains("exit status 4"), "{}", show(&out));
    // Nothing is recorded.
    assert!(!l.home.join("history.json").exists());
    let out = l.run(&["run", "greet", "--stdin", "missing.txt"]);
    assert_eq!(out.status, 2, "{}", show(&out));
}

#[test]
fn start_in_any_language_reset_and_solution() {
    let l = Learner::new();
    let starter = l.challenges.join("greet/starter");
    std::fs::create_dir_all(&starter).unwrap();
    std::fs::write(starter.join("greet.sh"), "#!/bin/bash\necho todo\n").unwrap();
    std::fs::create_dir_all(l.challenges.join("greet/solution")).unwrap();
    std::fs::write(l.challenges.join("greet/solution/greet.sh"), GOOD).unwrap();
    // A language the starter is not in: a minimal entry with the statement's summary.
    let out = l.run(&["start", "greet", "--lang", "python", "--into", "py"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    let entry = std::fs::read_to_string(l.cwd.join("py/greet.py")).unwrap();
    assert!(entry.starts_with("#!/usr/bin/env python3\n"), "{entry}");
    assert!(
        entry.contains("# Read a name on stdin and print `hello NAME`."),
        "{entry}"
    );
    // The starter itself is written executable, though it is not in the challenge.
    let out = l.run(&["start", "greet"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(l.cwd.join("greet/greet.sh"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o111, 0o111, "{mode:o}");
    let lint = l.run(&["lint", l.challenges.join("greet").to_str().unwrap()]);
    assert!(
        lint.stderr
            .contains("a script starter that is not executable")
            || lint
                .stdout
                .contains("a script starter that is not executable"),
        "{}",
        show(&lint)
    );
    // reset: the starter again, my work kept as .bak.
    l.write("greet/greet.sh", GOOD);
    let out = l.run(&["reset", "greet"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert_eq!(
        std::fs::read_to_string(l.cwd.join("greet/greet.sh")).unwrap(),
        "#!/bin/bash\necho todo\n"
    );
    assert_eq!(
        std::fs::read_to_string(l.cwd.join("greet/greet.sh.bak")).unwrap(),
        GOOD
    );
    let out = l.run(&["reset", "greet"]);
    assert!(out.stdout.contains("Nothing to reset"), "{}", show(&out));
    // solution: refused before a solve, shown with --force (recorded), then freely.
    let out = l.run(&["solution", "greet"]);
    assert_eq!(out.status, 1, "{}", show(&out));
    assert!(out.stderr.contains("--force"), "{}", show(&out));
    let out = l.run(&["solution", "greet", "--force"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(
        out.stdout.contains("echo \"hello $name\""),
        "{}",
        show(&out)
    );
    assert!(
        l.progress()["challenges"]["greet"]["solution_revealed"].is_string(),
        "{}",
        l.progress()
    );
}

#[test]
fn hint_again_rereads_without_spending() {
    let l = Learner::new();
    let out = l.run(&["hint", "greet", "--again"]);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(
        out.stdout.contains("No hint of `greet` revealed yet"),
        "{}",
        show(&out)
    );
    assert_eq!(l.run(&["hint", "greet"]).status, 0);
    let out = l.run(&["hint", "greet", "--again"]);
    assert!(out.stdout.contains("hint 1/2"), "{}", show(&out));
    assert!(!out.stdout.contains("hint 2/2"), "{}", show(&out));
    assert!(!out.stdout.contains("No hints left"), "{}", show(&out));
    assert_eq!(l.progress()["challenges"]["greet"]["hints_revealed"], 1);
}

#[test]
fn one_home_under_xdg_with_the_old_folder_migrated() {
    let l = Learner::new();
    // An older livejudge's state in the working folder.
    let legacy = l.cwd.join(".livejudge");
    std::fs::create_dir_all(&legacy).unwrap();
    std::fs::write(
        legacy.join("progress.json"),
        r#"{"schema": 1, "challenges": {"greet": {"hints_revealed": 1, "solved": true, "attempts": 1}}}"#,
    )
    .unwrap();
    let xdg = l.root.path().join("xdg");
    let command = |args: &[&str], dir: &std::path::Path| {
        let mut command = l.command(args);
        command
            .env_remove("LIVEJUDGE_HOME")
            .env("XDG_DATA_HOME", &xdg)
            .env("HOME", l.root.path().join("nohome"))
            .current_dir(dir);
        run(command)
    };
    let out = command(&["list", "--format", "json"], &l.cwd);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(
        out.stderr.contains("note: moved your progress"),
        "{}",
        show(&out)
    );
    assert!(xdg.join("livejudge/progress.json").is_file());
    assert!(!legacy.exists());
    let rows: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let greet = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "greet")
        .unwrap();
    assert_eq!(greet["status"], "solved");
    // From inside the workspace, everything works: no second workspace, one history.
    assert_eq!(command(&["start", "fix-count"], &l.cwd).status, 0);
    let inside = l.cwd.join("fix-count");
    let out = command(&["test", "fix-count"], &inside);
    assert_eq!(out.status, 1, "{}", show(&out));
    assert!(out.stdout.contains("judging"), "{}", show(&out));
    let out = command(&["start", "fix-count"], &inside);
    assert_eq!(out.status, 0, "{}", show(&out));
    assert!(!inside.join("fix-count").exists(), "{}", show(&out));
    assert!(!inside.join(".livejudge").exists());
    let out = command(&["history", "--format", "json"], &l.root.path().join("xdg"));
    let attempts: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(attempts.as_array().unwrap().len(), 1, "{}", show(&out));
}

#[test]
fn watch_runs_every_test_on_a() {
    let l = Learner::new();
    l.write("greet/greet.sh", GOOD);
    let mut live = Live::spawn(l.command(&["watch", "greet"]));
    live.wait_for("watching", 1);
    assert!(live.text().contains("— 1 test"), "{}", live.text());
    assert!(live.text().contains("samples passed"), "{}", live.text());
    live.send("a");
    live.wait_for("watching", 2);
    let text = live.text();
    assert!(text.contains("— 2 tests"), "{text}");
    assert!(text.contains("solved `greet`"), "{text}");
    let (code, _) = live.finish();
    assert_eq!(code, 0);
}

/// A terminal of its own: a tmux server (its own socket) running one livejudge command in a
/// 100×40 window, read with `capture-pane` and typed into with `send-keys`; killed on drop.
struct Terminal {
    socket: String,
}

impl Terminal {
    /// `livejudge ARGS` as `l` runs it, in a fresh tmux server; `None` (said loudly) without
    /// tmux.
    fn start(l: &Learner, args: &[&str]) -> Option<Terminal> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("\n!!! SKIPPED: no tmux here (.ci/run installs it)\n");
            return None;
        }
        let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
        let mut line = format!(
            "cd {} && env LIVEJUDGE_HOME={} TMPDIR={} LIVEJUDGE_TMPDIR={} LIVEJUDGE_CACHE={} {}",
            quote(&l.cwd.display().to_string()),
            quote(&l.home.display().to_string()),
            quote(&l.tmp.path().display().to_string()),
            quote(&l.tmp.path().display().to_string()),
            quote(&l.root.path().join("cache").display().to_string()),
            quote(&bin().display().to_string()),
        );
        for arg in args
            .iter()
            .copied()
            .chain(["--challenges", &l.challenges.display().to_string()])
            .chain(["--color", "never"])
        {
            line.push(' ');
            line.push_str(&quote(arg));
        }
        line.push_str("; echo EXIT=$?; sleep 600");
        let socket = format!("livejudge-test-{}", support::unique());
        let status = Command::new("tmux")
            .args(["-L", &socket, "new-session", "-d", "-x", "100", "-y", "40"])
            .arg(line)
            .env_remove("TMUX")
            .status()
            .unwrap();
        assert!(status.success(), "tmux could not start");
        Some(Terminal { socket })
    }

    /// What the terminal shows, its scrollback included.
    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-S", "-400"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until `needle` shows `count` times.
    fn wait_for(&self, needle: &str, count: usize) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.screen().matches(needle).count() < count {
            assert!(
                Instant::now() < deadline,
                "`{needle}` ×{count} never showed:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Types `keys` (as they are, no key names).
    fn keys(&self, keys: &str) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-l", keys])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

#[test]
fn watch_in_a_real_terminal_reads_keys_and_rejudges_on_save() {
    let l = Learner::new();
    let entry = l.write("greet/greet.sh", BAD);
    let Some(term) = Terminal::start(&l, &["watch", "greet"]) else {
        return;
    };
    term.wait_for("watching", 1);
    assert!(term.screen().contains("wrong answer"), "{}", term.screen());
    // `a`, unbuffered and without Enter: every test once.
    term.keys("a");
    term.wait_for("watching", 2);
    assert!(term.screen().contains("run 2"), "{}", term.screen());
    std::fs::write(&entry, GOOD).unwrap();
    term.wait_for("watching", 3);
    assert!(term.screen().contains("run 3"), "{}", term.screen());
    term.keys("q");
    term.wait_for("EXIT=0", 1);
    let attempts = l.history()["attempts"].as_array().unwrap().clone();
    assert_eq!(attempts.len(), 3, "{attempts:?}");
    assert_eq!(attempts[1]["scope"], "all", "{attempts:?}");
    assert_eq!(attempts[2]["verdict"], "AC", "{attempts:?}");
}

#[test]
fn interview_in_a_real_terminal_ends_when_time_is_up() {
    let l = Learner::new();
    let Some(term) = Terminal::start(
        &l,
        &[
            "interview",
            "--category",
            "scripting",
            "--difficulty",
            "hard",
            "--minutes",
            "0.05",
        ],
    ) else {
        return;
    };
    term.wait_for("Interview over", 1);
    let screen = term.screen();
    assert!(screen.contains("(sys-hard)"), "{screen}");
    assert!(screen.contains("Time is up"), "{screen}");
    term.wait_for("EXIT=1", 1);
    assert_eq!(l.history()["attempts"][0]["mode"], "interview");
}

#[test]
fn history_records_the_file_judged() {
    let l = Learner::new();
    l.write("mine/greet.sh", GOOD);
    assert_eq!(
        l.run(&["test", "greet", "mine/greet.sh", "--all"]).status,
        0
    );
    let file = l.history()["attempts"][0]["file"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(file.ends_with("mine/greet.sh"), "{file}");
    let out = l.run(&["history", "greet"]);
    assert!(out.stdout.contains("FILE"), "{}", out.stdout);
    assert!(out.stdout.contains("mine/greet.sh"), "{}", out.stdout);
}
