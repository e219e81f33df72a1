//! The wire schemas of results.md: `livejudge.result.v1` (one submission's result) and
//! `livejudge.grade.v1` (a grade document), as `--format json` writes them and `merge` reads them
//! back. Built from the domain types (`outcome`, `report::document`) and turned back into them;
//! the one place that knows field names, their order and what is left out when empty. The bytes
//! written are a contract (tests/grading.rs `machine_outputs_are_byte_stable`): a field may be
//! added, never renamed, reordered or dropped.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::outcome::{
    ChallengeRef, Detail, Location, OtherMismatch, SandboxInfo, SandboxLevel, SubmissionRef,
    SubmissionResult, TestOutcome, Verdict,
};
use crate::report::document::{ChallengeInfo, GradeDocument, GradedResult, Retry, RunInfo};

pub const RESULT_SCHEMA: &str = "livejudge.result.v1";
pub const GRADE_SCHEMA: &str = "livejudge.grade.v1";

/// `livejudge.result.v1`.
#[derive(Serialize, Deserialize)]
struct ResultV1 {
    /// Always `RESULT_SCHEMA` when written; readers check the schema before (`merge`).
    #[serde(skip_deserializing, default = "result_schema")]
    schema: &'static str,
    challenge: ChallengeRef,
    submission: SubmissionRef,
    verdict: Verdict,
    score: u64,
    max_score: u64,
    sandbox: SandboxV1,
    tests: Vec<TestV1>,
}

/// The schema of every result read back.
fn result_schema() -> &'static str {
    RESULT_SCHEMA
}

#[derive(Serialize, Deserialize)]
struct SandboxV1 {
    level: String,
    layers: Vec<String>,
}

/// `tests[]` of a result.
#[derive(Serialize, Deserialize)]
struct TestV1 {
    name: String,
    sample: bool,
    verdict: Verdict,
    detail: Option<String>,
    points: u32,
    max_points: u32,
    wall_ms: f64,
    cpu_ms: f64,
    max_rss_kib: u64,
    exit_code: Option<i32>,
    signal: Option<String>,
    message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    diff: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stderr_tail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    checker_stderr: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    mismatches: Vec<MismatchV1>,
}

/// `tests[].mismatches[]`.
#[derive(Serialize, Deserialize)]
struct MismatchV1 {
    detail: String,
    message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    diff: Option<String>,
}

/// `livejudge.grade.v1`.
#[derive(Serialize, Deserialize)]
struct GradeV1 {
    schema: String,
    challenge: ChallengeRef,
    /// `K/N` of a partitioned run; null for a whole run and for a merge.
    partition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    run: Option<RunInfo>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    challenges: Vec<ChallengeInfo>,
    results: Vec<GradedV1>,
}

/// `results[]` of a grade document: a `livejudge.result.v1` with what grading adds.
#[derive(Serialize, Deserialize)]
struct GradedV1 {
    #[serde(flatten)]
    result: ResultV1,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    student: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    retries: Vec<Retry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    not_run: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    missing: bool,
}

impl From<&SubmissionResult> for ResultV1 {
    fn from(result: &SubmissionResult) -> Self {
        ResultV1 {
            schema: RESULT_SCHEMA,
            challenge: result.challenge.clone(),
            submission: result.submission.clone(),
            verdict: result.verdict,
            score: result.score,
            max_score: result.max_score,
            sandbox: SandboxV1 {
                level: result.sandbox.level.to_string(),
                layers: result.sandbox.layers.clone(),
            },
            tests: result.tests.iter().map(TestV1::from).collect(),
        }
    }
}

impl From<ResultV1> for SubmissionResult {
    fn from(wire: ResultV1) -> Self {
        SubmissionResult {
            challenge: wire.challenge,
            submission: wire.submission,
            verdict: wire.verdict,
            score: wire.score,
            max_score: wire.max_score,
            sandbox: SandboxInfo {
                level: SandboxLevel::parse(&wire.sandbox.level),
                layers: wire.sandbox.layers,
            },
            tests: wire.tests.into_iter().map(TestOutcome::from).collect(),
        }
    }
}

impl From<&TestOutcome> for TestV1 {
    fn from(t: &TestOutcome) -> Self {
        TestV1 {
            name: t.name.clone(),
            sample: t.sample,
            verdict: t.verdict,
            detail: t.detail.as_ref().map(Detail::to_string),
            points: t.points,
            max_points: t.max_points,
            wall_ms: t.wall_ms,
            cpu_ms: t.cpu_ms,
            max_rss_kib: t.max_rss_kib,
            exit_code: t.exit_code,
            signal: t.signal.clone(),
            message: t.message.clone(),
            line: t.location.map(|at| at.line),
            column: t.location.and_then(|at| at.column),
            diff: t.diff.clone(),
            stderr_tail: t.stderr_tail.clone(),
            checker_stderr: t.checker_stderr.clone(),
            mismatches: t
                .mismatches
                .iter()
                .map(|m| MismatchV1 {
                    detail: m.detail.to_string(),
                    message: m.message.clone(),
                    diff: m.diff.clone(),
                })
                .collect(),
        }
    }
}

impl From<TestV1> for TestOutcome {
    fn from(wire: TestV1) -> Self {
        TestOutcome {
            name: wire.name,
            sample: wire.sample,
            verdict: wire.verdict,
            detail: wire.detail.as_deref().map(Detail::parse),
            points: wire.points,
            max_points: wire.max_points,
            wall_ms: wire.wall_ms,
            cpu_ms: wire.cpu_ms,
            max_rss_kib: wire.max_rss_kib,
            exit_code: wire.exit_code,
            signal: wire.signal,
            message: wire.message,
            // Whether the message starts with its line is not on the wire (only the human
            // report of `test` uses it, never on results read back). A column without a line
            // (no version writes one) is not kept.
            location: wire.line.map(|line| Location {
                line,
                column: wire.column,
                starts_message: false,
            }),
            diff: wire.diff,
            stderr_tail: wire.stderr_tail,
            checker_stderr: wire.checker_stderr,
            // Never on the wire: the rendered `diff` stands for it.
            shown_diff: None,
            mismatches: wire
                .mismatches
                .into_iter()
                .map(|m| OtherMismatch {
                    detail: Detail::parse(&m.detail),
                    message: m.message,
                    diff: m.diff,
                    shown_diff: None,
                })
                .collect(),
        }
    }
}

impl From<&GradedResult> for GradedV1 {
    fn from(graded: &GradedResult) -> Self {
        GradedV1 {
            result: ResultV1::from(&graded.result),
            student: graded.student.clone(),
            retries: graded.retries.clone(),
            not_run: graded.not_run.clone(),
            missing: graded.missing,
        }
    }
}

impl From<GradedV1> for GradedResult {
    fn from(wire: GradedV1) -> Self {
        GradedResult {
            result: wire.result.into(),
            student: wire.student,
            retries: wire.retries,
            not_run: wire.not_run,
            missing: wire.missing,
        }
    }
}

impl Serialize for SubmissionResult {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ResultV1::from(self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for SubmissionResult {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ResultV1::deserialize(deserializer).map(SubmissionResult::from)
    }
}

impl Serialize for GradeDocument {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        GradeV1 {
            schema: GRADE_SCHEMA.to_string(),
            challenge: self.challenge.clone(),
            partition: self.partition.clone(),
            run: self.run.clone(),
            challenges: self.challenges.clone(),
            results: self.results.iter().map(GradedV1::from).collect(),
        }
        .serialize(serializer)
    }
}

/// Reads any `schema` (`merge` checks it before, and says what a wrong one is).
impl<'de> Deserialize<'de> for GradeDocument {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = GradeV1::deserialize(deserializer)?;
        Ok(GradeDocument {
            challenge: wire.challenge,
            partition: wire.partition,
            run: wire.run,
            challenges: wire.challenges,
            results: wire.results.into_iter().map(GradedResult::from).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A grade document as this version writes it, with every optional field of a test and
    /// values this version does not write itself (as `merge` may read): read and written again,
    /// it is the same bytes.
    const DOCUMENT: &str = r#"{
  "schema": "livejudge.grade.v1",
  "challenge": {
    "id": "top-client-ips",
    "title": "Top client IPs",
    "path": "challenges/top-client-ips"
  },
  "partition": "1/2",
  "results": [
    {
      "schema": "livejudge.result.v1",
      "challenge": {
        "id": "top-client-ips",
        "title": "Top client IPs",
        "path": "challenges/top-client-ips"
      },
      "submission": {
        "path": "work/top_ips.sh",
        "language": "bash",
        "sha256": "00"
      },
      "verdict": "WA",
      "score": 1,
      "max_score": 4,
      "sandbox": {
        "level": "strict",
        "layers": [
          "landlock",
          "pidns"
        ]
      },
      "tests": [
        {
          "name": "two-ips",
          "sample": true,
          "verdict": "WA",
          "detail": "stdout",
          "points": 0,
          "max_points": 1,
          "wall_ms": 12.4,
          "cpu_ms": 3.1,
          "max_rss_kib": 3240,
          "exit_code": 0,
          "signal": null,
          "message": "line 2: expected \"10.0.0.2 3\", got \"10.0.0.2 4\"",
          "line": 2,
          "column": 10,
          "diff": "--- expected\n+++ actual\n",
          "stderr_tail": "oops",
          "checker_stderr": "trace",
          "mismatches": [
            {
              "detail": "file out/x.csv",
              "message": "out/x.csv was expected but does not exist"
            },
            {
              "detail": "exit status 07",
              "message": "m",
              "diff": "d"
            }
          ]
        },
        {
          "name": "crash",
          "sample": false,
          "verdict": "RTE",
          "detail": "SIGSEGV",
          "points": 0,
          "max_points": 1,
          "wall_ms": 1.0,
          "cpu_ms": 1.0,
          "max_rss_kib": 1,
          "exit_code": null,
          "signal": "SIGSEGV",
          "message": "killed by SIGSEGV",
          "diff": null
        },
        {
          "name": "slow",
          "sample": false,
          "verdict": "TLE",
          "detail": "budget",
          "points": 0,
          "max_points": 1,
          "wall_ms": 0.0,
          "cpu_ms": 0.0,
          "max_rss_kib": 0,
          "exit_code": null,
          "signal": null,
          "message": null,
          "diff": null
        },
        {
          "name": "ok",
          "sample": false,
          "verdict": "AC",
          "detail": null,
          "points": 1,
          "max_points": 1,
          "wall_ms": 2.5,
          "cpu_ms": 1.0,
          "max_rss_kib": 100,
          "exit_code": 0,
          "signal": null,
          "message": null,
          "diff": null
        }
      ],
      "student": "ada",
      "retries": [
        {
          "test": "slow",
          "verdicts": [
            "TLE",
            "TLE"
          ]
        }
      ],
      "not_run": [
        "slow"
      ]
    }
  ]
}"#;

    #[test]
    fn a_grade_document_reads_back_and_writes_the_same_bytes() {
        let document: GradeDocument = serde_json::from_str(DOCUMENT).expect("a grade document");
        let result = &document.results[0].result;
        assert_eq!(result.tests[0].detail, Some(Detail::Stdout));
        assert_eq!(
            result.tests[0].mismatches[0].detail,
            Detail::File("out/x.csv".into())
        );
        assert_eq!(
            result.tests[1].detail,
            Some(Detail::Signal("SIGSEGV".into()))
        );
        assert_eq!(result.tests[2].detail, Some(Detail::Budget));
        assert_eq!(
            result.sandbox.level,
            SandboxLevel::Unrecognised("strict".into())
        );
        let written = serde_json::to_string_pretty(&document).expect("serialisable");
        assert_eq!(written, DOCUMENT);
    }

    #[test]
    fn a_result_is_written_with_its_schema() {
        let document: GradeDocument = serde_json::from_str(DOCUMENT).expect("a grade document");
        let mut result = document.results[0].result.clone();
        result.tests.truncate(1);
        let value = serde_json::to_value(&result).expect("serialisable");
        assert_eq!(value["schema"], RESULT_SCHEMA);
        assert!(value.get("student").is_none());
        let back: SubmissionResult = serde_json::from_value(value).expect("a result");
        assert_eq!(back, result);
    }
}
