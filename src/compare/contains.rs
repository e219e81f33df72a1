//! The `contains` comparator: the expected text (the needle) must occur in the output.

use super::text::{lossy, quote};
use super::{Comparison, Mismatch};

pub fn compare(needle: &[u8], actual: &[u8]) -> Comparison {
    let needle = lossy(needle);
    let actual = lossy(actual);
    if actual.contains(needle.as_ref()) {
        return Comparison::Pass;
    }
    let hint = if actual.is_empty() {
        " (the output is empty)"
    } else if actual.replace("\r\n", "\n").contains(needle.as_ref()) {
        " (it does with CRLF line ends read as LF)"
    } else if actual.to_lowercase().contains(&needle.to_lowercase()) {
        " (it does ignoring case)"
    } else {
        ""
    };
    Comparison::Fail(Mismatch {
        message: format!("the output does not contain {}{hint}", quote(&needle)),
        line: None,
        column: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(needle: &str, actual: &[u8]) -> String {
        match compare(needle.as_bytes(), actual) {
            Comparison::Fail(m) => m.message,
            Comparison::Pass => panic!("expected a mismatch"),
        }
    }

    #[test]
    fn occurrence_anywhere_passes() {
        assert!(compare(b"ok", b"all ok\n").passed());
        assert!(compare(b"a\nb", b"xa\nby").passed());
        assert!(compare(b"", b"").passed());
        assert!(compare(b"\0", b"a\0b").passed());
        assert!(compare("\u{fffd}".as_bytes(), b"\xff").passed());
    }

    #[test]
    fn absence_messages() {
        assert_eq!(
            message("ready", b"Ready\n"),
            r#"the output does not contain "ready" (it does ignoring case)"#
        );
        assert_eq!(
            message("done", b""),
            r#"the output does not contain "done" (the output is empty)"#
        );
        assert_eq!(
            message("a\nb", b"a\r\nb\r\n"),
            r#"the output does not contain "a\nb" (it does with CRLF line ends read as LF)"#
        );
        assert_eq!(
            message("x\ty", b"x y"),
            r#"the output does not contain "x\ty""#
        );
    }
}
