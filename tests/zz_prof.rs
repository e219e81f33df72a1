use std::time::Instant;
#[test]
fn prof() {
    let expected: String = (1..=200_000).map(|i| format!("{i}\n")).collect();
    let actual = expected.replacen("100000\n", "x\n", 1);
    let t = Instant::now();
    let c = livejudge::compare::compare(&livejudge::compare::CompareSpec::new(livejudge::compare::CompareKind::Lines), expected.as_bytes(), actual.as_bytes());
    eprintln!("compare {:?} {:?}", t.elapsed(), c.passed());
    let t = Instant::now();
    let d = livejudge::diff::diff(&expected, &actual);
    eprintln!("diff {:?} hunks {}", t.elapsed(), d.hunks.len());
}
