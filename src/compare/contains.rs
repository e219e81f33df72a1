//! The `contains` comparator: the expected bytes (the needle) must occur in the output, byte
//! for byte.

use std::borrow::Cow;

use super::text::quote;
use super::{Comparison, Mismatch};

fn occurs(needle: &[u8], haystack: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

/// Lowercase for the "ignoring case" hint only: Unicode when the bytes are UTF-8, else ASCII.
fn lowercase(bytes: &[u8]) -> Cow<'_, [u8]> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Owned(text.to_lowercase().into_bytes()),
        Err(_) => Cow::Owned(bytes.to_ascii_lowercase()),
    }
}

/// `bytes` with every CRLF read as LF.
fn lf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for (i, &b) in bytes.iter().enumerate() {
        if !(b == b'\r' && bytes.get(i + 1) == Some(&b'\n')) {
            out.push(b);
        }
    }
    out
}

pub fn compare(needle: &[u8], actual: &[u8]) -> Comparison {
    if occurs(needle, actual) {
        return Comparison::Pass;
    }
    let hint = if actual.is_empty() {
        " (the output is empty)"
    } else if occurs(needle, &lf(actual)) {
        " (it does with CRLF line ends read as LF)"
    } else if occurs(&lowercase(needle), &lowercase(actual)) {
        " (it does ignoring case)"
    } else {
        ""
    };
    Comparison::Fail(Mismatch {
        message: format!("the output does not contain {}{hint}", quote(needle)),
        line: None,
        column: None,
        states_line: false,
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
        assert!(compare(b"\x81", b"a\x81b").passed());
    }

    #[test]
    fn bytes_are_compared_not_decoded() {
        assert!(!compare("\u{fffd}".as_bytes(), b"\xff").passed());
        assert_eq!(
            message("ok \u{fffd}", b"ok \x81\n"),
            "the output does not contain \"ok \u{fffd}\""
        );
        assert!(!compare(b"\x81", b"\x82").passed());
        match compare(b"\x81\x81", b"\x81\x82") {
            Comparison::Fail(m) => {
                assert_eq!(m.message, r#"the output does not contain "\x81\x81""#)
            }
            Comparison::Pass => panic!("\\x81 and \\x82 must differ"),
        }
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
        assert_eq!(
            message("ÉCHEC", "échec\n".as_bytes()),
            r#"the output does not contain "ÉCHEC" (it does ignoring case)"#
        );
    }
}
