//! The diff model's tests: positions, cropping, budgets and bounds, inline emphasis.

use super::*;

fn kinds(d: &Diff) -> Vec<(LineKind, String)> {
    d.hunks
        .iter()
        .flat_map(|h| h.lines.iter().map(|l| (l.kind, l.text())))
        .collect()
}

#[test]
fn identical_inputs_have_no_hunks() {
    let d = diff("a\nb\n", "a\nb\n");
    assert!(d.is_empty());
    assert!(!d.whitespace_only);
    assert_eq!(unified("a\n", "a\n"), "");
    assert!(diff("", "").is_empty());
}

#[test]
fn single_changed_char_gets_inline_span() {
    let d = diff("10.0.0.1 5\n10.0.0.2 3\n", "10.0.0.1 5\n10.0.0.2 4\n");
    assert_eq!(d.hunks.len(), 1);
    let h = &d.hunks[0];
    assert_eq!(
        (h.old_start, h.old_len, h.new_start, h.new_len),
        (1, 2, 1, 2)
    );
    let del = h.lines.iter().find(|l| l.kind == LineKind::Delete).unwrap();
    let ins = h.lines.iter().find(|l| l.kind == LineKind::Insert).unwrap();
    assert_eq!(
        del.segments,
        vec![
            Segment {
                text: "10.0.0.2 ".into(),
                changed: false
            },
            Segment {
                text: "3".into(),
                changed: true
            },
        ]
    );
    assert_eq!(
        ins.segments[1],
        Segment {
            text: "4".into(),
            changed: true
        }
    );
    assert_eq!(del.old_no, Some(2));
    assert_eq!(ins.new_no, Some(2));
}

#[test]
fn unrelated_lines_get_no_inline_emphasis() {
    let d = diff("hello world\n", "0123456789\n");
    assert!(d.hunks[0].lines.iter().all(|l| !l.has_inline()));
}

#[test]
fn long_equal_runs_are_elided() {
    let mut a = String::new();
    for i in 0..200 {
        a.push_str(&format!("line {i}\n"));
    }
    let b = a.replace("line 100\n", "line X\n");
    let d = diff(&a, &b);
    assert_eq!(d.hunks.len(), 1);
    assert_eq!(d.hunks[0].skipped_before, 97);
    assert_eq!(d.hunks[0].lines.len(), 8);
    assert_eq!(d.skipped_after, 96);
    assert_eq!(d.hunks[0].old_start, 98);
}

#[test]
fn one_change_in_two_hundred_thousand_lines_is_diffed_exactly() {
    // Only the middle is diffed: the model is exact (not the deadline's approximation) and
    // its positions are those of the whole outputs.
    let a: String = (1..=200_000).map(|i| format!("{i}\n")).collect();
    let b = a.replacen("\n100000\n", "\nx\n", 1);
    let d = diff(&a, &b);
    assert!(!d.approximate);
    assert_eq!(d.hunks.len(), 1);
    assert_eq!(d.hunks[0].old_start, 99_997);
    assert_eq!(d.hunks[0].skipped_before, 99_996);
    assert_eq!(d.skipped_after, 99_997);
    let changed: Vec<(Option<usize>, String)> = d.hunks[0]
        .lines
        .iter()
        .filter(|l| l.kind != LineKind::Equal)
        .map(|l| (l.old_no.or(l.new_no), l.text()))
        .collect();
    assert_eq!(
        changed,
        [
            (Some(100_000), "100000".into()),
            (Some(100_000), "x".into())
        ]
    );
}

/// Cropping the equal ends first (on bytes) gives the model and the unified diff of the
/// whole outputs, also where different bytes are shown alike (`\x81` and a literal `\x81`).
#[test]
fn cropped_middles_diff_as_the_whole() {
    let many: Vec<u8> = (0..50)
        .flat_map(|i| format!("{i}\n").into_bytes())
        .collect();
    let cases: Vec<(Vec<u8>, Vec<u8>)> = vec![
        (many.clone(), [&many[..], b"extra\n"].concat()),
        ([b"top\n", &many[..]].concat(), many.clone()),
        (many.clone(), many.replace_first(b"25\n", b"x\n")),
        (
            [&many[..], b"\x81\nz\n", &many[..]].concat(),
            [&many[..], b"\\x81\ny\n", &many[..]].concat(),
        ),
        (
            [&many[..], b"a\na\na"].concat(),
            [&many[..], b"a\na\na\na\n"].concat(),
        ),
        (b"a\nb".to_vec(), b"a\nb\n".to_vec()),
        (Vec::new(), many.clone()),
        (many.clone(), many.clone()),
    ];
    for (expected, actual) in cases {
        let (old, new, cropped) = crop(&expected, &actual);
        let shown = |b: &[u8]| crate::escape::shown_bytes(b).into_owned();
        let (e, a) = (shown(&expected), shown(&actual));
        let (e_mid, a_mid) = (shown(&expected[old]), shown(&actual[new]));
        assert_eq!(
            diff_cropped(&e_mid, &a_mid, cropped, DiffBounds::default()),
            diff(&e, &a),
            "{e:?} {a:?}"
        );
        assert_eq!(unified_cropped(&e_mid, &a_mid, cropped), unified(&e, &a));
    }
}

trait ReplaceFirst {
    fn replace_first(&self, from: &[u8], to: &[u8]) -> Vec<u8>;
}

impl ReplaceFirst for Vec<u8> {
    fn replace_first(&self, from: &[u8], to: &[u8]) -> Vec<u8> {
        let at = self.windows(from.len()).position(|w| w == from).unwrap();
        [&self[..at], to, &self[at + from.len()..]].concat()
    }
}

#[test]
fn equal_ends_that_overlap_are_counted_once() {
    // "a" three times against four: the common start and end would overlap.
    let d = diff("a\na\na\n", "a\na\na\na\n");
    let inserted: Vec<Option<usize>> = d.hunks[0]
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Insert)
        .map(|l| l.new_no)
        .collect();
    assert_eq!(inserted, [Some(4)]);
    assert_eq!(d.skipped_after, 0);
    let d = diff("x\ny", "x\ny\n");
    assert_eq!(d.hunks.len(), 1);
    assert!(!d.hunks[0].lines.last().unwrap().text().is_empty());
}

#[test]
fn two_changes_far_apart_make_two_hunks() {
    let a: String = (0..50).map(|i| format!("{i}\n")).collect();
    let b = a
        .replace("\n5\n", "\nfive\n")
        .replace("\n40\n", "\nforty\n");
    let d = diff(&a, &b);
    assert_eq!(d.hunks.len(), 2);
    assert_eq!(d.hunks[0].skipped_before, 2);
    assert_eq!(d.hunks[1].skipped_before, 40 - 3 - 9);
}

#[test]
fn line_cap_cuts_and_says_so() {
    let a: String = (0..5000).map(|i| format!("a{i}\n")).collect();
    let b: String = (0..5000).map(|i| format!("b{i}\n")).collect();
    let d = diff(&a, &b);
    let shown: usize = d.hunks.iter().map(|h| h.lines.len()).sum();
    assert_eq!(shown, MAX_LINES);
    assert_eq!(d.cut, Some(Cut::Lines(MAX_LINES)));
    assert_eq!(Cut::Lines(MAX_LINES).note(), "diff cut at 2000 lines");
}

#[test]
fn byte_cap_cuts_at_char_boundary() {
    let a = "é".repeat(100_000);
    let b = "ü".repeat(100_000);
    let d = diff(&a, &b);
    let bytes: usize = d
        .hunks
        .iter()
        .flat_map(|h| &h.lines)
        .map(|l| l.text().len())
        .sum();
    assert!(bytes <= MAX_BYTES);
    assert_eq!(d.cut, Some(Cut::Bytes(MAX_BYTES)));
    assert_eq!(Cut::Bytes(MAX_BYTES).note(), "diff cut at 64 KiB");
}

#[test]
fn unified_is_plain_and_capped() {
    let u = unified("10.0.0.1 5\n10.0.0.2 3\n", "10.0.0.1 5\n10.0.0.2 4\n");
    assert_eq!(
        u,
        "--- expected\n+++ actual\n@@ -1,2 +1,2 @@\n 10.0.0.1 5\n-10.0.0.2 3\n+10.0.0.2 4\n"
    );
    let a: String = (0..20_000).map(|i| format!("a{i}\n")).collect();
    let b: String = (0..20_000).map(|i| format!("b{i}é\n")).collect();
    let u = unified(&a, &b);
    assert!(u.len() <= MAX_BYTES);
    assert!(u.ends_with("… diff cut at 64 KiB\n"));
    let one_line = unified(&"x".repeat(100_000), "y");
    assert!(one_line.len() <= MAX_BYTES);
    assert!(one_line.ends_with("… diff cut at 64 KiB\n"));
}

#[test]
fn whitespace_only_detection() {
    assert!(whitespace_only("a b\n", "a  b\n"));
    assert!(whitespace_only("a\tb\n", "a b\n"));
    assert!(whitespace_only("a\n", "a\r\n"));
    assert!(whitespace_only("a\n", "a"));
    assert!(whitespace_only("a\n", "a\n\n"));
    assert!(!whitespace_only("a\n", "a\n"));
    assert!(!whitespace_only("a b\n", "a c\n"));
    assert!(diff("1 2\n", "1  2\n").whitespace_only);
    assert!(!diff("1 2\n", "1 3\n").whitespace_only);
}

#[test]
fn missing_final_newline() {
    let d = diff("a\nb\n", "a\nb");
    assert!(d.whitespace_only);
    assert_eq!(
        kinds(&d),
        vec![
            (LineKind::Equal, "a".into()),
            (LineKind::Delete, "b".into()),
            (LineKind::Insert, "b".into())
        ]
    );
    let lines = &d.hunks[0].lines;
    assert!(lines[1].newline);
    assert!(!lines[2].newline);
    assert_eq!(
        unified("a\nb\n", "a\nb"),
        "--- expected\n+++ actual\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n"
    );
}

#[test]
fn visible_markers() {
    assert_eq!(visible_whitespace("a b\tc\r"), "a·b→c␍");
    assert_eq!(escape_controls("a\x1b[31mb\tc"), "a␛[31mb\tc");
    assert_eq!(escape_controls("plain"), "plain");
}

#[test]
fn multibyte_and_empty_inputs_never_panic() {
    for (a, b) in [
        ("", "x"),
        ("x", ""),
        ("\n", ""),
        ("日本語\n", "日本人\n"),
        ("🙂🙂\n", "🙂🙃\n"),
        ("\r\n\r\n", "\n\n"),
    ] {
        let d = diff(a, b);
        assert!(!d.is_empty(), "{a:?} vs {b:?}");
        let _ = unified(a, b);
    }
    let d = diff("日本語\n", "日本人\n");
    let del = &d.hunks[0].lines[0];
    assert_eq!(
        del.segments[1],
        Segment {
            text: "語".into(),
            changed: true
        }
    );
    // A tiny byte budget cuts inside a multibyte line without panicking.
    let limits = DiffBounds {
        max_bytes: 4,
        ..DiffBounds::default()
    };
    let d = diff_with("日本語\n", "日本人\n", limits);
    assert_eq!(d.cut, Some(Cut::Bytes(4)));
}

/// A replacement longer than the budget is cut exactly where the whole one would be: the
/// lines kept are the same, a cut is noted even when the replacement is the diff's last
/// operation, and a replacement that fits whole is not cut.
#[test]
fn a_replacement_past_the_budget_is_cut_where_the_whole_one_was() {
    let bounds = |max_lines| DiffBounds {
        max_lines,
        ..DiffBounds::default()
    };
    let old: String = (0..10).map(|i| format!("old {i}\n")).collect();
    let new: String = (0..10).map(|i| format!("new {i}\n")).collect();
    // 20 changed lines: all 10 deletions, then as many insertions as fit.
    for max_lines in [5, 10, 15, 19] {
        let d = diff_with(&old, &new, bounds(max_lines));
        let shown: usize = d.hunks.iter().map(|h| h.lines.len()).sum();
        assert_eq!(shown, max_lines, "{max_lines}");
        assert_eq!(d.cut, Some(Cut::Lines(max_lines)), "{max_lines}");
        let first = &d.hunks[0].lines[0];
        assert_eq!(first.kind, LineKind::Delete);
        assert!(first.has_inline(), "pairs keep their emphasis");
    }
    for max_lines in [20, 21] {
        let d = diff_with(&old, &new, bounds(max_lines));
        assert_eq!(d.cut, None, "{max_lines}");
        assert_eq!(d.hunks.iter().map(|h| h.lines.len()).sum::<usize>(), 20);
    }
}

#[test]
fn huge_completely_different_inputs_are_time_bounded() {
    let a: String = (0..200_000)
        .map(|i| format!("expected line {i}\n"))
        .collect();
    let b: String = (0..200_000)
        .map(|i| format!("actual {}\n", i * 7 + 3))
        .collect();
    let started = Instant::now();
    let d = diff(&a, &b);
    let u = unified(&a, &b);
    let took = started.elapsed();
    assert!(d.cut.is_some());
    assert!(u.len() <= MAX_BYTES);
    // Generous: about 2.5 s in a debug build on an idle 2-core machine; an unbounded diff of
    // these inputs would take minutes.
    assert!(took < Duration::from_secs(30), "took {took:?}");
}
