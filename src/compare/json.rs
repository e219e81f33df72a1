//! The `json` comparator (placeholder: byte equality until the real one lands).
use super::{CompareSpec, Comparison, Mismatch};
pub fn compare(_spec: &CompareSpec, e: &[u8], a: &[u8]) -> Comparison {
    if e == a {
        Comparison::Pass
    } else {
        Comparison::Fail(Mismatch {
            message: "output differs".into(),
            line: None,
            column: None,
        })
    }
}
