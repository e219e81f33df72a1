//! The `json` comparator: both sides parse as JSON and are equal (object keys in any order,
//! arrays in order, numbers by exact decimal value or within the tolerances), with the JSON path
//! of the first difference.
//!
//! serde_json validates the text (its error is the message for non-JSON output); a small parser
//! here then reads the already-valid text keeping number literals and positions, so that numbers
//! beyond f64/u64 compare exactly without serde_json's `arbitrary_precision` feature.

use std::collections::HashMap;

use super::text::{QUOTE_LIMIT, line_col, plural};
use super::tokens::{tolerances, within};
use super::{CompareSpec, Comparison, Mismatch};

#[derive(Debug)]
enum Kind {
    Null,
    Bool(bool),
    /// The number literal as written.
    Num(String),
    Str(String),
    Arr(Vec<Node>),
    /// Members in document order; a repeated key's last value wins, as in serde_json.
    Obj(Vec<(String, Node)>),
}

#[derive(Debug)]
struct Node {
    kind: Kind,
    /// Byte offset of the value in the text.
    pos: usize,
}

/// Reads JSON text that serde_json has accepted. Returns None rather than panicking if the text
/// is not what it expects.
struct Parser<'a> {
    b: &'a [u8],
    text: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.skip_ws();
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > 1000 {
            return None;
        }
        self.skip_ws();
        let pos = self.i;
        let kind = match *self.b.get(self.i)? {
            b'n' => self.word("null", Kind::Null)?,
            b't' => self.word("true", Kind::Bool(true))?,
            b'f' => self.word("false", Kind::Bool(false))?,
            b'"' => Kind::Str(self.string()?),
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Kind::Arr(items)
            }
            b'{' => {
                self.i += 1;
                let mut members = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        self.skip_ws();
                        let key = self.string()?;
                        if !self.eat(b':') {
                            return None;
                        }
                        members.push((key, self.value(depth + 1)?));
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Kind::Obj(members)
            }
            _ => {
                let start = self.i;
                while self.i < self.b.len()
                    && matches!(
                        self.b[self.i],
                        b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'
                    )
                {
                    self.i += 1;
                }
                if start == self.i {
                    return None;
                }
                Kind::Num(self.text.get(start..self.i)?.to_string())
            }
        };
        Some(Node { kind, pos })
    }

    fn word(&mut self, word: &str, kind: Kind) -> Option<Kind> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Some(kind)
        } else {
            None
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.i..self.i + 4)?;
        self.i += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    fn string(&mut self) -> Option<String> {
        if self.b.get(self.i) != Some(&b'"') {
            return None;
        }
        self.i += 1;
        let mut out = String::new();
        loop {
            let rest = self.text.get(self.i..)?;
            let stop = rest.find(['"', '\\'])?;
            out.push_str(&rest[..stop]);
            self.i += stop;
            if self.b[self.i] == b'"' {
                self.i += 1;
                return Some(out);
            }
            self.i += 1;
            let escape = *self.b.get(self.i)?;
            self.i += 1;
            match escape {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let mut code = self.hex4()?;
                    if (0xD800..0xDC00).contains(&code) && self.b[self.i..].starts_with(b"\\u") {
                        let save = self.i;
                        self.i += 2;
                        let low = self.hex4()?;
                        if (0xDC00..0xE000).contains(&low) {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                        } else {
                            self.i = save;
                        }
                    }
                    out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                }
                _ => return None,
            }
        }
    }
}

/// Whether an expected side parses, for the loader: the parse error (with its line and column)
/// when it does not, or where it is not UTF-8.
pub fn check_expected(bytes: &[u8]) -> Result<(), NotJson> {
    let text = utf8(bytes)?;
    parse(text)?;
    Ok(())
}

/// Why an expected side is not JSON.
#[derive(Debug, thiserror::Error)]
pub enum NotJson {
    #[error(transparent)]
    NotUtf8(#[from] NotUtf8),
    #[error(transparent)]
    Syntax(#[from] serde_json::Error),
}

/// Where a side that should be JSON stops being UTF-8 (JSON text is UTF-8, RFC 8259 §8.1).
#[derive(Debug, thiserror::Error)]
#[error("invalid UTF-8 (byte \\x{byte:02x}) at line {line} column {column}")]
pub struct NotUtf8 {
    byte: u8,
    line: usize,
    column: usize,
}

fn utf8(bytes: &[u8]) -> Result<&str, NotUtf8> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let (line, column) = line_col(bytes, at);
        NotUtf8 {
            byte: bytes[at],
            line,
            column,
        }
    })
}

/// Parses `text`: serde_json's error when it is not JSON.
fn parse(text: &str) -> Result<Node, serde_json::Error> {
    serde_json::from_str::<serde::de::IgnoredAny>(text)?;
    let mut parser = Parser {
        b: text.as_bytes(),
        text,
        i: 0,
    };
    // serde_json accepted it, so this cannot fail; if it did anyway, say so through serde_json.
    parser.value(0).ok_or_else(|| {
        serde::de::Error::custom("JSON this comparator cannot read (please report this)")
    })
}

/// A number as an exact decimal: (negative, significant digits without leading or trailing
/// zeros, exponent of the last digit). Zero is `(false, "", 0)`. None when the exponent is too
/// large to represent (then the literals are compared as written).
fn decimal(literal: &str) -> Option<(bool, String, i128)> {
    let (negative, rest) = match literal.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, literal),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, "0"),
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let exponent_digits = exponent.trim_start_matches('-').trim_start_matches('0');
    if exponent_digits.len() > 30 {
        return None;
    }
    let mut exponent: i128 = if exponent_digits.is_empty() {
        0
    } else {
        exponent.parse().ok()?
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    exponent -= frac.len() as i128;
    let digits = format!("{int}{frac}");
    let digits = digits.trim_start_matches('0');
    let significant = digits.trim_end_matches('0');
    if significant.is_empty() {
        return Some((false, String::new(), 0));
    }
    exponent += (digits.len() - significant.len()) as i128;
    Some((negative, significant.to_string(), exponent))
}

fn numbers_equal(e: &str, a: &str, spec: &CompareSpec) -> bool {
    let exact = match (decimal(e), decimal(a)) {
        (Some(x), Some(y)) => x == y,
        _ => e == a,
    };
    exact
        || match (e.parse::<f64>(), a.parse::<f64>()) {
            (Ok(x), Ok(y)) if x.is_finite() && y.is_finite() => {
                within(x, y, spec.abs_tol, spec.rel_tol)
            }
            _ => false,
        }
}

/// Compact JSON of a value, truncated for messages.
fn render(node: &Node) -> String {
    fn go(node: &Node, out: &mut String) {
        if out.len() > 4 * QUOTE_LIMIT {
            return;
        }
        match &node.kind {
            Kind::Null => out.push_str("null"),
            Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Kind::Num(n) => out.push_str(n),
            Kind::Str(s) => out.push_str(&string_literal(s)),
            Kind::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    go(item, out);
                }
                out.push(']');
            }
            Kind::Obj(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&string_literal(key));
                    out.push(':');
                    go(value, out);
                }
                out.push('}');
            }
        }
    }
    let mut out = String::new();
    go(node, &mut out);
    if out.chars().count() > QUOTE_LIMIT {
        let cut: String = out.chars().take(QUOTE_LIMIT).collect();
        format!("{cut}…")
    } else {
        out
    }
}

fn string_literal(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

fn key_path(path: &str, key: &str) -> String {
    let plain = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        format!("{path}.{key}")
    } else {
        format!("{path}[{}]", string_literal(key))
    }
}

/// Members with repeated keys reduced to the last value, in first-occurrence order.
fn members(list: &[(String, Node)]) -> Vec<(&str, &Node)> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut out: Vec<(&str, &Node)> = Vec::new();
    for (key, value) in list {
        match index.get(key.as_str()) {
            Some(&i) => out[i].1 = value,
            None => {
                index.insert(key, out.len());
                out.push((key, value));
            }
        }
    }
    out
}

/// The first difference: message and byte offset in the actual text.
fn diff(e: &Node, a: &Node, path: &str, spec: &CompareSpec) -> Option<(String, usize)> {
    let differs = || {
        Some((
            format!("{path}: expected {}, got {}", render(e), render(a)),
            a.pos,
        ))
    };
    match (&e.kind, &a.kind) {
        (Kind::Null, Kind::Null) => None,
        (Kind::Bool(x), Kind::Bool(y)) if x == y => None,
        (Kind::Str(x), Kind::Str(y)) if x == y => None,
        (Kind::Num(x), Kind::Num(y)) => {
            if numbers_equal(x, y, spec) {
                None
            } else if spec.abs_tol.is_some() || spec.rel_tol.is_some() {
                Some((
                    format!(
                        "{path}: expected {x}, got {y} (more than {})",
                        tolerances(spec.abs_tol, spec.rel_tol)
                    ),
                    a.pos,
                ))
            } else {
                differs()
            }
        }
        (Kind::Arr(xs), Kind::Arr(ys)) => {
            for (i, (x, y)) in xs.iter().zip(ys).enumerate() {
                if let Some(found) = diff(x, y, &format!("{path}[{i}]"), spec) {
                    return Some(found);
                }
            }
            let n = xs.len().min(ys.len());
            if let Some(missing) = xs.get(n) {
                Some((
                    format!(
                        "{path}: expected {}, got {} (missing {})",
                        plural(xs.len(), "element"),
                        ys.len(),
                        render(missing)
                    ),
                    a.pos,
                ))
            } else {
                ys.get(n).map(|extra| {
                    (
                        format!(
                            "{path}: expected {}, got {} (unexpected {})",
                            plural(xs.len(), "element"),
                            ys.len(),
                            render(extra)
                        ),
                        extra.pos,
                    )
                })
            }
        }
        (Kind::Obj(xs), Kind::Obj(ys)) => {
            let want = members(xs);
            let got = members(ys);
            let got_map: HashMap<&str, &Node> = got.iter().copied().collect();
            for (key, x) in &want {
                let here = key_path(path, key);
                match got_map.get(key) {
                    None => {
                        return Some((format!("{here}: missing (expected {})", render(x)), a.pos));
                    }
                    Some(y) => {
                        if let Some(found) = diff(x, y, &here, spec) {
                            return Some(found);
                        }
                    }
                }
            }
            let want_keys: HashMap<&str, &Node> = want.iter().copied().collect();
            got.iter()
                .find(|(key, _)| !want_keys.contains_key(key))
                .map(|(key, y)| {
                    (
                        format!("{}: unexpected (got {})", key_path(path, key), render(y)),
                        y.pos,
                    )
                })
        }
        _ => differs(),
    }
}

pub fn compare(spec: &CompareSpec, expected: &[u8], actual: &[u8]) -> Comparison {
    let expected = match utf8(expected) {
        Ok(text) => text,
        Err(bad) => {
            return Comparison::Fail(Mismatch {
                message: format!("the expected output is not valid JSON: {bad}"),
                line: None,
                column: None,
                states_line: false,
            });
        }
    };
    let actual_bytes = actual;
    let actual = match utf8(actual) {
        Ok(text) => text,
        Err(bad) => {
            return Comparison::Fail(Mismatch {
                message: format!("the output is not valid JSON: {bad}"),
                line: Some(bad.line),
                column: Some(bad.column),
                states_line: false,
            });
        }
    };
    let want = match parse(expected) {
        Ok(node) => node,
        Err(err) => {
            return Comparison::Fail(Mismatch {
                message: format!("the expected output is not valid JSON: {err}"),
                line: None,
                column: None,
                states_line: false,
            });
        }
    };
    let got = match parse(actual) {
        Ok(node) => node,
        Err(err) => {
            // serde_json's column is 1-based in bytes; ours is in characters.
            let line = err.line().max(1);
            let line_text = actual.split('\n').nth(line - 1).unwrap_or("");
            let mut bytes = err.column().saturating_sub(1).min(line_text.len());
            while !line_text.is_char_boundary(bytes) {
                bytes -= 1;
            }
            return Comparison::Fail(Mismatch {
                message: format!("the output is not valid JSON: {err}"),
                line: Some(line),
                column: Some(line_text[..bytes].chars().count() + 1),
                states_line: false,
            });
        }
    };
    match diff(&want, &got, "$", spec) {
        None => Comparison::Pass,
        Some((message, pos)) => {
            let (line, column) = line_col(actual_bytes, pos);
            Comparison::Fail(Mismatch {
                message,
                line: Some(line),
                column: Some(column),
                states_line: false,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::CompareKind;
    use super::*;

    fn json() -> CompareSpec {
        CompareSpec::new(CompareKind::Json)
    }

    fn pass(expected: &str, actual: &str) -> bool {
        compare(&json(), expected.as_bytes(), actual.as_bytes()).passed()
    }

    fn fail_with(spec: &CompareSpec, expected: &str, actual: &[u8]) -> Mismatch {
        match compare(spec, expected.as_bytes(), actual) {
            Comparison::Fail(m) => m,
            Comparison::Pass => panic!("expected a mismatch"),
        }
    }

    fn fail(expected: &str, actual: &str) -> Mismatch {
        fail_with(&json(), expected, actual.as_bytes())
    }

    #[test]
    fn key_order_and_whitespace_do_not_matter() {
        assert!(pass(
            r#"{"a":1,"b":[1,2]}"#,
            "{ \"b\" : [1, 2],\r\n \"a\": 1 }\n"
        ));
        assert!(pass("null", " null "));
        assert!(pass(r#""\u00e9\ud83d\ude00""#, "\"é😀\""));
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(pass("1", "1.0"));
        assert!(pass("100", "1e2"));
        assert!(pass("0.5", "5E-1"));
        assert!(pass("0", "-0.0"));
        assert!(pass("[1.50]", "[1.5]"));
        assert!(!pass("1", "1.0000001"));
        assert!(!pass("1", "\"1\""));
    }

    #[test]
    fn huge_numbers_compare_exactly() {
        assert!(pass(
            "123456789012345678901234567890",
            "123456789012345678901234567890"
        ));
        assert!(!pass("100000000000000000001", "100000000000000000000"));
        assert!(!pass("18446744073709551617", "18446744073709551616"));
        assert!(pass("1e400", "10e399"));
        assert!(!pass("1e400", "1e401"));
        assert!(pass(
            "1e99999999999999999999999999999999999999",
            "1e99999999999999999999999999999999999999"
        ));
    }

    #[test]
    fn tolerances_apply_to_numbers() {
        let spec = CompareSpec {
            abs_tol: Some(1e-3),
            ..json()
        };
        assert!(compare(&spec, b"{\"x\":[0.1234]}", b"{\"x\":[0.1239]}").passed());
        let m = fail_with(&spec, "{\"x\":[0.1234]}", b"{\"x\":[0.125]}");
        assert_eq!(
            m.message,
            "$.x[0]: expected 0.1234, got 0.125 (more than abs_tol 1e-3 allows)"
        );
        let spec = CompareSpec {
            rel_tol: Some(0.01),
            ..json()
        };
        assert!(compare(&spec, b"1000", b"1010").passed());
        assert!(!compare(&spec, b"1000", b"1011").passed());
    }

    #[test]
    fn nested_path_message_and_location() {
        let expected =
            r#"{"pods":[{"reason":"Running"},{"reason":"Running"},{"reason":"OOMKilled"}]}"#;
        let actual = "{\"pods\": [\n {\"reason\": \"Running\"},\n {\"reason\": \"Running\"},\n {\"reason\": \"Error\"}\n]}";
        let m = fail(expected, actual);
        assert_eq!(
            m.message,
            r#"$.pods[2].reason: expected "OOMKilled", got "Error""#
        );
        assert_eq!((m.line, m.column), (Some(4), Some(13)));
    }

    #[test]
    fn missing_unexpected_keys_and_odd_key_names() {
        let m = fail(r#"{"a":{"b c":1}}"#, r#"{"a":{}}"#);
        assert_eq!(m.message, r#"$.a["b c"]: missing (expected 1)"#);
        assert_eq!((m.line, m.column), (Some(1), Some(6)));
        let m = fail(r#"{"a":1}"#, r#"{"a":1,"z":[true]}"#);
        assert_eq!(m.message, "$.z: unexpected (got [true])");
        // A repeated key: the last value counts, as in serde_json.
        assert!(pass(r#"{"a":2}"#, r#"{"a":1,"a":2}"#));
    }

    #[test]
    fn arrays_are_ordered_and_lengths_checked() {
        let m = fail("[1,2]", "[2,1]");
        assert_eq!(m.message, "$[0]: expected 1, got 2");
        let m = fail("[1,2,3]", "[1,2]");
        assert_eq!(m.message, "$: expected 3 elements, got 2 (missing 3)");
        let m = fail("[1]", "[1,{\"k\":null}]");
        assert_eq!(
            m.message,
            r#"$: expected 1 element, got 2 (unexpected {"k":null})"#
        );
        let m = fail("{\"a\":[]}", "{\"a\":{}}");
        assert_eq!(m.message, "$.a: expected [], got {}");
    }

    #[test]
    fn non_json_output_fails_with_the_parse_error() {
        let m = fail("{}", "");
        assert_eq!(
            m.message,
            "the output is not valid JSON: EOF while parsing a value at line 1 column 0"
        );
        assert_eq!((m.line, m.column), (Some(1), Some(1)));
        let m = fail("{}", "{\"é\": x}");
        assert!(
            m.message
                .starts_with("the output is not valid JSON: expected value at line 1 column"),
            "{}",
            m.message
        );
        assert_eq!((m.line, m.column), (Some(1), Some(7)));
        let m = fail("{}", "{} {}");
        assert!(m.message.contains("trailing characters"), "{}", m.message);
        let m = fail("1", "NaN");
        assert!(
            m.message.starts_with("the output is not valid JSON"),
            "{}",
            m.message
        );
        let m = fail("{", "{}");
        assert!(
            m.message
                .starts_with("the expected output is not valid JSON: "),
            "{}",
            m.message
        );
    }

    #[test]
    fn nul_and_invalid_utf8_never_crash() {
        assert!(!pass("\"a\"", "\"a\u{0}\""));
        assert!(pass("\"a\\u0000\"", "\"a\\u0000\""));
        let m = fail_with(&json(), "\"a\"", b"\"\xff\"");
        assert_eq!(
            m.message,
            r"the output is not valid JSON: invalid UTF-8 (byte \xff) at line 1 column 2"
        );
        assert_eq!((m.line, m.column), (Some(1), Some(2)));
        // Lossy decoding would make both `"\u{fffd}"` and pass them.
        let m = fail_with(&json(), "\"\u{fffd}\"", b"\"\x81\"");
        assert!(
            m.message
                .starts_with("the output is not valid JSON: invalid UTF-8")
        );
        match compare(&json(), b"\"\x81\"", b"\"\x81\"") {
            Comparison::Fail(m) => assert_eq!(
                m.message,
                r"the expected output is not valid JSON: invalid UTF-8 (byte \x81) at line 1 column 2"
            ),
            Comparison::Pass => panic!("invalid UTF-8 is not JSON"),
        }
        assert_eq!(
            check_expected(b"{\n\"a\": \"\xc3\"}").map_err(|e| e.to_string()),
            Err(r"invalid UTF-8 (byte \xc3) at line 2 column 7".to_string())
        );
        assert!(check_expected(b"{}").is_ok());
        let deep = "[".repeat(100_000);
        assert!(!pass("[]", &deep));
    }

    #[test]
    fn long_values_are_truncated() {
        let long = format!("\"{}\"", "x".repeat(1000));
        let m = fail("\"y\"", &long);
        assert!(m.message.len() < 260, "{}", m.message);
        assert!(m.message.ends_with('…'));
    }
}
