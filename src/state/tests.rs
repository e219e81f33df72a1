//! Tests of the learner state: files, locks, damage, the history kept as text.

use super::*;
use std::time::{Duration, UNIX_EPOCH};

fn attempt(id: &str, verdict: &str, scope: Scope) -> Attempt {
    Attempt {
        challenge: id.into(),
        time: "2026-01-01T00:00:00Z".into(),
        mode: Mode::Test,
        scope,
        verdict: verdict.into(),
        score: 1,
        max_score: 2,
        tests_passed: 1,
        tests_run: 2,
        hints_used: 0,
        language: Some("bash".into()),
        file: None,
        seconds_to_first_pass: None,
        seconds: None,
        minutes_allowed: None,
    }
}

#[test]
fn timestamps_are_utc_rfc3339() {
    assert_eq!(timestamp(UNIX_EPOCH), "1970-01-01T00:00:00Z");
    let t = UNIX_EPOCH + Duration::from_secs(1_795_943_634);
    assert_eq!(timestamp(t), "2026-11-29T09:13:54Z");
    assert_eq!(compact_timestamp(t), "20261129T091354Z");
    let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
    assert_eq!(timestamp(leap), "2000-02-29T00:00:00Z");
}

/// A status needs progress.json alone: it is read without the history, which is neither
/// parsed nor (when damaged) set aside; a damaged progress.json is set aside as by `load`.
#[test]
fn progress_alone_is_read_without_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join("state"));
    assert_eq!(store.load_progress(), Progress::default());
    store
        .update(|s| s.add_attempt(attempt("b", "AC", Scope::All)))
        .unwrap();
    std::fs::write(store.dir().join(HISTORY_FILE), "not json").unwrap();
    assert_eq!(store.load_progress().status("b"), Status::Solved);
    assert_eq!(
        std::fs::read_to_string(store.dir().join(HISTORY_FILE)).unwrap(),
        "not json"
    );
    std::fs::write(store.dir().join(PROGRESS_FILE), "{").unwrap();
    assert_eq!(store.load_progress(), Progress::default());
    assert!(!store.dir().join(PROGRESS_FILE).exists(), "set aside");
}

#[test]
fn round_trip_and_statuses() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join("state"));
    assert_eq!(store.load(), State::default());
    store
        .update(|s| {
            s.add_attempt(attempt("a", "AC", Scope::Samples));
            s.add_attempt(attempt("b", "AC", Scope::All));
            s.reveal_hint("c", 2);
        })
        .unwrap();
    let state = store.load();
    assert_eq!(state.status("a"), Status::Attempted);
    assert_eq!(state.status("b"), Status::Solved);
    assert_eq!(state.status("c"), Status::New);
    assert_eq!(state.status("zzz"), Status::New);
    assert_eq!(state.hints_revealed("c"), 1);
    assert_eq!(state.history.attempts.len(), 2);
    assert_eq!(state.attempts(Some("b")).count(), 1);
    let text = std::fs::read_to_string(store.dir().join(HISTORY_FILE)).unwrap();
    assert!(text.contains("\"schema\": 1"), "{text}");
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(store.dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn a_damaged_file_left_in_place_is_never_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().to_path_buf());
    std::fs::write(dir.path().join(PROGRESS_FILE), "{damaged").unwrap();
    let error = store.refuse_damaged::<Progress>(PROGRESS_FILE).unwrap_err();
    assert!(error.to_string().contains("not overwritten"), "{error}");
    std::fs::remove_file(dir.path().join(PROGRESS_FILE)).unwrap();
    store.refuse_damaged::<Progress>(PROGRESS_FILE).unwrap();
}

#[test]
fn a_state_folder_that_is_a_file_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state");
    std::fs::write(&file, "mine").unwrap();
    let store = Store::at(file.clone());
    assert_eq!(store.load(), State::default());
    let error = store.update(|s| s.reveal_hint("a", 1)).unwrap_err();
    assert!(error.to_string().contains("not a folder"), "{error}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
}

#[test]
fn an_old_state_folder_is_merged_in_and_kept_aside() {
    let dir = tempfile::tempdir().unwrap();
    let legacy = dir.path().join(LEGACY_DIR);
    let home = Store::at(dir.path().join("home"));
    Store::at(legacy.clone())
        .update(|s| {
            s.add_attempt(attempt("a", "AC", Scope::All));
            s.reveal_hint("b", 3);
            s.reveal_hint("b", 3);
        })
        .unwrap();
    home.update(|s| {
        s.add_attempt(attempt("c", "WA", Scope::All));
        s.reveal_hint("b", 3);
    })
    .unwrap();
    home.migrate(&legacy);
    let state = home.load();
    assert_eq!(state.status("a"), Status::Solved);
    assert_eq!(state.status("c"), Status::Attempted);
    assert_eq!(state.hints_revealed("b"), 2);
    assert_eq!(state.history.attempts.len(), 2);
    assert!(!legacy.exists());
    let kept: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".livejudge.migrated-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(dir.path().join(&kept[0]).join(HISTORY_FILE).is_file());
    // Done once: nothing left to migrate.
    home.migrate(&legacy);
    assert_eq!(home.load().history.attempts.len(), 2);
}

#[test]
fn hints_stop_at_the_last() {
    let mut state = State::default();
    assert_eq!(state.reveal_hint("x", 2), 1);
    assert_eq!(state.reveal_hint("x", 2), 2);
    assert_eq!(state.reveal_hint("x", 2), 2);
}

/// Attempts whose text tests the splice: every optional field, quotes, backslashes, a
/// newline and characters outside ASCII in strings.
fn varied_attempts() -> Vec<Attempt> {
    let mut interview = attempt("two-sum", "AC", Scope::All);
    interview.mode = Mode::Interview;
    interview.seconds_to_first_pass = Some(61);
    interview.seconds = Some(900);
    interview.minutes_allowed = Some(15);
    interview.hints_used = 2;
    let mut odd = attempt("quote\"back\\slash", "WA", Scope::Some);
    odd.file = Some("dir/naïve\nname ✓.py".into());
    odd.language = None;
    vec![attempt("a", "AC", Scope::Samples), interview, odd]
}

#[test]
fn an_attempt_added_to_the_text_is_the_whole_history_written_again() {
    let attempts = varied_attempts();
    for (kept, added) in [(1, 0), (1, 2), (2, 1), (3, 2)] {
        let mut history = History {
            schema: SCHEMA,
            attempts: attempts.iter().take(kept).cloned().collect(),
        };
        let text = serde_json::to_string_pretty(&history).unwrap() + "\n";
        let spliced = history_with(&text, &attempts[added]).unwrap();
        history.attempts.push(attempts[added].clone());
        assert_eq!(
            spliced,
            serde_json::to_string_pretty(&history).unwrap() + "\n"
        );
    }
}

/// A history's text as `Store::write` lays it out (keys in this order), with `schema`, the
/// `items` and what comes after the list.
fn laid_out(schema: u32, items: &[serde_json::Value], after: &str) -> String {
    let items: Vec<String> = items.iter().map(indented).collect();
    format!(
        "{{\n  \"schema\": {schema},\n  \"attempts\": [\n{}\n  ]{after}\n}}\n",
        items.join(",\n")
    )
}

/// A list item as pretty JSON lays it out in a list of a top-level key.
fn indented(item: &serde_json::Value) -> String {
    let text = serde_json::to_string_pretty(item).unwrap();
    let lines: Vec<String> = text.lines().map(|l| format!("    {l}")).collect();
    lines.join("\n")
}

#[test]
fn a_history_in_another_shape_is_left_to_the_whole_read() {
    let one = attempt("a", "AC", Scope::All);
    let item = serde_json::to_value(&one).unwrap();
    let only = std::slice::from_ref(&item);
    // The layout itself is the one the splice expects.
    assert!(history_with(&laid_out(SCHEMA, only, ""), &one).is_some());
    let refused = [
        // No attempt yet, compact, another schema, not JSON, a key after the attempts.
        "{\n  \"schema\": 1,\n  \"attempts\": []\n}\n".to_string(),
        format!("{{\"schema\":1,\"attempts\":[{item}]}}\n"),
        laid_out(SCHEMA + 1, only, ""),
        laid_out(SCHEMA, only, "").replace("\"AC\"", "\"AC"),
        laid_out(SCHEMA, only, ",\n  \"z\": 1"),
        laid_out(
            SCHEMA,
            only,
            &format!(",\n  \"z\": [\n{}\n  ]", indented(&item)),
        ),
        // The last attempt not an object.
        laid_out(SCHEMA, &[item.clone(), serde_json::json!([1])], ""),
    ];
    for text in refused {
        assert_eq!(history_with(&text, &one), None, "{text}");
    }
}

#[test]
fn recording_attempts_keeps_the_history_and_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().to_path_buf());
    // The first attempt makes the files (the whole read), the next ones add to the text.
    store.update(|s| s.reveal_hint("two-sum", 3)).unwrap();
    for one in varied_attempts() {
        store.record_attempt(one).unwrap();
    }
    let state = store.load();
    let mut expected = varied_attempts();
    expected[1].hints_used = 1;
    expected[0].hints_used = 0;
    expected[2].hints_used = 0;
    assert_eq!(state.history.attempts, expected);
    assert_eq!(state.status("two-sum"), Status::Solved);
    assert_eq!(state.challenge("a").unwrap().attempts, 1);
    // A damaged history is set aside and started afresh, as by `update`.
    std::fs::write(
        dir.path().join(HISTORY_FILE),
        "{\"schema\": 1, \"attempts\": [",
    )
    .unwrap();
    store
        .record_attempt(attempt("b", "WA", Scope::All))
        .unwrap();
    let state = store.load();
    assert_eq!(state.history.attempts.len(), 1);
    assert_eq!(state.challenge("a").unwrap().attempts, 1);
    assert_eq!(state.challenge("b").unwrap().attempts, 1);
    assert_eq!(histories_set_aside(dir.path()).len(), 1);
}

/// The texts of the histories set aside in `dir`.
fn histories_set_aside(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("history.json.damaged-")
        })
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect()
}

#[test]
fn damaged_files_are_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().to_path_buf());
    std::fs::write(dir.path().join(HISTORY_FILE), "{not json").unwrap();
    std::fs::write(
        dir.path().join(PROGRESS_FILE),
        r#"{"schema": 99, "challenges": {}}"#,
    )
    .unwrap();
    let state = store.load();
    assert_eq!(state, State::default());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.contains(&HISTORY_FILE.to_string()), "{names:?}");
    assert!(
        names.iter().any(|n| n.starts_with("history.json.damaged-")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("progress.json.damaged-")),
        "{names:?}"
    );
    // A second damaged file in the same second never replaces the first one set aside.
    std::fs::write(dir.path().join(HISTORY_FILE), "second damage").unwrap();
    std::fs::write(dir.path().join(PROGRESS_FILE), "[]").unwrap();
    store.load();
    let kept = histories_set_aside(dir.path());
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(kept.contains(&"{not json".to_string()), "{kept:?}");
    assert!(kept.contains(&"second damage".to_string()), "{kept:?}");
    // Writing works again afterwards.
    store
        .update(|s| s.add_attempt(attempt("a", "WA", Scope::All)))
        .unwrap();
    assert_eq!(store.load().status("a"), Status::Attempted);
}
