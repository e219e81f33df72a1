//! Expected vs actual → a diff model (hunks of lines, inline spans of changed characters, elided
//! equal runs), capped in size and bounded in time. No colours: reporters decide how it looks.

/// Renders a plain unified diff (`--- expected` / `+++ actual`), capped, for JSON and JUnit.
pub fn unified(expected: &str, actual: &str) -> String {
    // Placeholder until the diff module lands.
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .header("expected", "actual")
        .to_string()
}
