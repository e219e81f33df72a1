//! Grade documents of partitioned `grade` runs: reading one (held to the escaping rules of
//! `grade`), merging several into one (same schema, `partition` null, results in path order),
//! and what partitions are missing. Refuses, naming the file and the reason: unparsable JSON
//! (file:line:column), another schema, another challenge (or another version of it), a
//! submission graded twice, a partition given twice.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::report::document::{
    GRADE_SCHEMA, GradeDocument, GradedResult, neutralise_challenge, neutralise_graded,
    sort_results,
};

/// Why grade documents cannot be read or merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("error: {}: cannot read it: {source}", file.display())]
    Unreadable {
        file: PathBuf,
        source: std::io::Error,
    },
    /// A document refused, located at file:line:column when the place is known.
    #[error("{0}")]
    Refused(Box<Diagnostic>),
    #[error("nothing to merge")]
    Nothing,
}

fn error_at(file: &Path, line: usize, column: usize, message: impl Into<String>) -> MergeError {
    MergeError::Refused(Box::new(Diagnostic {
        line,
        column,
        ..Diagnostic::error(file, message)
    }))
}

/// Reads one grade document: valid JSON, schema `livejudge.grade.v1`, results of schema
/// `livejudge.result.v1`.
pub fn read(file: &Path) -> Result<GradeDocument, MergeError> {
    let text = std::fs::read_to_string(file).map_err(|source| MergeError::Unreadable {
        file: file.to_path_buf(),
        source,
    })?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| error_at(file, e.line(), e.column(), format!("not JSON: {e}")))?;
    let schema = value.get("schema").and_then(|s| s.as_str());
    match schema {
        Some(GRADE_SCHEMA) => {}
        Some(crate::report::schema::RESULT_SCHEMA) => {
            return Err(error_at(
                file,
                0,
                0,
                format!(
                    "this is one result (`{}`, from `livejudge test --format json`); merge takes grade documents (`{GRADE_SCHEMA}`, from `livejudge grade --format json`)",
                    crate::report::schema::RESULT_SCHEMA
                ),
            ));
        }
        Some(other) => {
            return Err(error_at(
                file,
                0,
                0,
                format!("the schema is `{other}`, expected `{GRADE_SCHEMA}`"),
            ));
        }
        None => {
            return Err(error_at(
                file,
                0,
                0,
                format!(
                    "no `schema` field: not a grade document (`{GRADE_SCHEMA}`, from `livejudge grade --format json`)"
                ),
            ));
        }
    }
    if let Some(results) = value.get("results").and_then(|r| r.as_array()) {
        for (i, result) in results.iter().enumerate() {
            let schema = result.get("schema").and_then(|s| s.as_str());
            if schema != Some(crate::report::schema::RESULT_SCHEMA) {
                return Err(error_at(
                    file,
                    0,
                    0,
                    format!(
                        "results[{i}] has the schema {}, expected `{}`",
                        schema.map_or("(none)".to_string(), |s| format!("`{s}`")),
                        crate::report::schema::RESULT_SCHEMA
                    ),
                ));
            }
        }
    }
    let mut doc = serde_json::from_str::<GradeDocument>(&text).map_err(|e| {
        error_at(
            file,
            e.line(),
            e.column(),
            format!("not a valid grade document: {e}"),
        )
    })?;
    // Anyone could have written the file: its text is held to the escaping rules of `grade`
    // before it reaches a message, a log or a report.
    neutralise_challenge(&mut doc.challenge);
    doc.partition = doc.partition.as_deref().map(crate::escape::neutralise_line);
    doc.results.iter_mut().for_each(neutralise_graded);
    Ok(doc)
}

/// One document from several: the same challenges (by id, and by digest when the documents
/// have one), no submission twice (paths compared without `./` parts), no partition twice,
/// results in document order, no partition.
pub fn merge(documents: &[(&Path, GradeDocument)]) -> Result<GradeDocument, MergeError> {
    let Some((first_file, first)) = documents.first() else {
        return Err(MergeError::Nothing);
    };
    let mut seen: std::collections::BTreeMap<(String, String, String), &Path> = Default::default();
    let mut partitions: std::collections::BTreeMap<&str, &Path> = Default::default();
    let mut results: Vec<GradedResult> = Vec::new();
    for (file, doc) in documents {
        if doc.challenge.id != first.challenge.id {
            return Err(error_at(
                file,
                0,
                0,
                format!(
                    "challenge `{}`, but {} is challenge `{}`: merge only the partitions of one grade run",
                    doc.challenge.id,
                    first_file.display(),
                    first.challenge.id
                ),
            ));
        }
        same_versions(file, doc, first_file, first)?;
        if let Some(p) = doc.partition.as_deref()
            && let Some(other) = partitions.insert(p, file)
        {
            return Err(error_at(
                file,
                0,
                0,
                format!(
                    "partition {p} is given twice (also {}): give each partition's document once",
                    other.display()
                ),
            ));
        }
        let ids: Vec<&str> = if first.challenges.is_empty() {
            vec![first.challenge.id.as_str()]
        } else {
            first.challenges.iter().map(|c| c.id.as_str()).collect()
        };
        for result in &doc.results {
            if !ids.contains(&result.challenge.id.as_str()) {
                return Err(error_at(
                    file,
                    0,
                    0,
                    format!(
                        "the result of {} is for challenge `{}`, not {}",
                        result.submission.path,
                        result.challenge.id,
                        ids.iter()
                            .map(|i| format!("`{i}`"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                ));
            }
            let mut result = result.clone();
            // One submission named two ways (`./subs/a.sh`, `subs/a.sh`) is one submission.
            result.result.submission.path =
                crate::partition::normalise(Path::new(&result.submission.path))
                    .display()
                    .to_string();
            if result.submission.path == "." && result.missing {
                result.result.submission.path = String::new();
            }
            // Documents from another tool or version are held to the same escaping rules.
            neutralise_graded(&mut result);
            if let Some(other) = seen.insert(result.key(), file) {
                return Err(error_at(
                    file,
                    0,
                    0,
                    format!(
                        "submission {}{} is graded twice (also in {}): were the same partition's results given twice?",
                        result.submission.path,
                        result
                            .student
                            .as_deref()
                            .map(|s| format!(" of {s} for {}", result.challenge.id))
                            .unwrap_or_default(),
                        other.display()
                    ),
                ));
            }
            results.push(result);
        }
    }
    sort_results(&mut results);
    let mut challenge = first.challenge.clone();
    neutralise_challenge(&mut challenge);
    let mut merged = GradeDocument::new(challenge, None, results);
    merged.challenges = first.challenges.clone();
    merged.run = first.run.clone().map(|mut run| {
        // The earliest start of the partitions; the machine of the first document.
        run.started_at = documents
            .iter()
            .filter_map(|(_, d)| d.run.as_ref()?.started_at.clone())
            .min();
        run.timings = documents
            .iter()
            .all(|(_, d)| d.run.as_ref().is_none_or(|r| r.timings));
        if !run.timings {
            run.machine = None;
            run.started_at = None;
        }
        run
    });
    Ok(merged)
}

/// Refuses documents graded against different versions of a challenge or harness, or with
/// different options that change verdicts; warns about different livejudge versions.
fn same_versions(
    file: &Path,
    doc: &GradeDocument,
    first_file: &Path,
    first: &GradeDocument,
) -> Result<(), MergeError> {
    for info in &doc.challenges {
        if let Some(other) = first.challenges.iter().find(|c| c.id == info.id)
            && other.digest != info.digest
        {
            return Err(error_at(
                file,
                0,
                0,
                format!(
                    "challenge `{}` has the digest {}…, but in {} {}…: the partitions were graded against different versions of it; grade them again from one checkout",
                    info.id,
                    &info.digest.get(..12).unwrap_or(&info.digest),
                    first_file.display(),
                    &other.digest.get(..12).unwrap_or(&other.digest)
                ),
            ));
        }
    }
    let ids = |d: &GradeDocument| {
        d.challenges
            .iter()
            .map(|c| c.id.clone())
            .collect::<Vec<_>>()
    };
    if !doc.challenges.is_empty() && !first.challenges.is_empty() && ids(doc) != ids(first) {
        return Err(error_at(
            file,
            0,
            0,
            format!(
                "challenges {}, but {} has {}: merge only the partitions of one grade run",
                ids(doc).join(", "),
                first_file.display(),
                ids(first).join(", ")
            ),
        ));
    }
    if let (Some(a), Some(b)) = (&doc.run, &first.run) {
        if a.harness_digest != b.harness_digest {
            return Err(error_at(
                file,
                0,
                0,
                format!(
                    "graded with another language table (harness digest {}…, {} has {}…): grade every partition with the same --harness",
                    a.harness_digest.get(..12).unwrap_or(&a.harness_digest),
                    first_file.display(),
                    b.harness_digest.get(..12).unwrap_or(&b.harness_digest)
                ),
            ));
        }
        if (a.retry_tle, a.submission_budget_ms) != (b.retry_tle, b.submission_budget_ms) {
            return Err(error_at(
                file,
                0,
                0,
                format!(
                    "graded with other --retry-tle / --submission-budget than {}: grade every partition with the same options",
                    first_file.display()
                ),
            ));
        }
        if a.livejudge != b.livejudge {
            eprintln!(
                "warning: {} was graded by livejudge {}, {} by {}",
                file.display(),
                a.livejudge,
                first_file.display(),
                b.livejudge
            );
        }
    }
    Ok(())
}

/// What is missing when the documents are partitions `K/N` that do not cover every K of their
/// N (or come from runs with different N).
pub fn missing_partitions(documents: &[(&Path, GradeDocument)]) -> Option<String> {
    let parts: Vec<crate::partition::Partition> = documents
        .iter()
        .filter_map(|(_, d)| d.partition.as_deref()?.parse().ok())
        .collect();
    let count = parts.first()?.count;
    if parts.iter().any(|p| p.count != count) {
        let all: Vec<String> = documents
            .iter()
            .filter_map(|(f, d)| Some(format!("{} is {}", f.display(), d.partition.as_deref()?)))
            .collect();
        return Some(format!(
            "the documents come from runs with different numbers of partitions ({})",
            all.join(", ")
        ));
    }
    let missing: Vec<String> = (1..=count)
        .filter(|k| !parts.iter().any(|p| p.index == *k))
        .map(|k| format!("{k}/{count}"))
        .collect();
    (!missing.is_empty()).then(|| {
        format!(
            "partition{} {} of the grade run {} missing",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", "),
            if missing.len() == 1 { "is" } else { "are" }
        )
    })
}
