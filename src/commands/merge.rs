//! `livejudge merge`: the grade documents of partitioned `grade` runs made one (same schema,
//! `partition` null, results in path order), written in every `--format` asked for (default
//! json). Refuses, naming the file and the reason: unparsable JSON (file:line:column), another
//! schema, another challenge, a submission graded twice.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::app::{Failure, use_color};
use crate::cli::Cli;
use crate::diagnostic::Diagnostic;
use crate::report::document::{
    GRADE_SCHEMA, GradeDocument, neutralise_challenge, neutralise_result,
};
use crate::report::outputs::{FormatSpec, GradeFormat, Plan};

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Grade documents (`livejudge grade --format json`), one per partition.
    #[arg(required = true, value_name = "RESULT.json")]
    pub files: Vec<PathBuf>,
    /// json (default), human, junit, github or csv; FORMAT=PATH writes it to PATH
    /// (repeatable; at most one without a path).
    #[arg(long = "format", value_name = "FORMAT[=PATH]")]
    pub formats: Vec<FormatSpec>,
    /// Where the format without a path goes (default: stdout).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(cli: &Cli, args: &MergeArgs) -> Result<i32, Failure> {
    let mut plan = Plan::new(&args.formats, args.output.as_deref(), GradeFormat::Json)
        .map_err(Failure::usage)?;
    plan.quiet = cli.global.quiet;
    refuse_a_file_twice(&args.files).map_err(Failure::usage)?;
    let documents = args
        .files
        .iter()
        .map(|file| read(file).map(|doc| (file.as_path(), doc)))
        .collect::<Result<Vec<_>, String>>()
        .map_err(Failure::usage)?;
    let merged = merge(&documents).map_err(Failure::usage)?;
    if let Some(warning) = missing_partitions(&documents) {
        eprintln!("warning: {warning}");
    }
    plan.write(&merged, use_color(cli.global.color), false)
        .map_err(Failure::judge)?;
    Ok(merged.exit_code())
}

/// The same file named twice (`parts/*.json parts/grade-1.json`) is refused with that reason,
/// rather than as each of its submissions graded twice.
fn refuse_a_file_twice(files: &[PathBuf]) -> Result<(), String> {
    let mut seen: Vec<(PathBuf, &Path)> = Vec::new();
    for file in files {
        let Ok(real) = std::fs::canonicalize(file) else {
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(r, _)| *r == real) {
            return Err(format!(
                "error: {} is given twice{}: give each partition's document once",
                file.display(),
                if *first == file.as_path() {
                    String::new()
                } else {
                    format!(" (also as {})", first.display())
                }
            ));
        }
        seen.push((real, file));
    }
    Ok(())
}

fn error_at(file: &Path, line: usize, column: usize, message: impl Into<String>) -> String {
    Diagnostic {
        line,
        column,
        ..Diagnostic::error(file, message)
    }
    .to_string()
}

/// Reads one grade document: valid JSON, schema `livejudge.grade.v1`, results of schema
/// `livejudge.result.v1`.
pub fn read(file: &Path) -> Result<GradeDocument, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("error: {}: cannot read it: {e}", file.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| error_at(file, e.line(), e.column(), format!("not JSON: {e}")))?;
    let schema = value.get("schema").and_then(|s| s.as_str());
    match schema {
        Some(GRADE_SCHEMA) => {}
        Some(crate::outcome::RESULT_SCHEMA) => {
            return Err(error_at(
                file,
                0,
                0,
                format!(
                    "this is one result (`{}`, from `livejudge test --format json`); merge takes grade documents (`{GRADE_SCHEMA}`, from `livejudge grade --format json`)",
                    crate::outcome::RESULT_SCHEMA
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
            if schema != Some(crate::outcome::RESULT_SCHEMA) {
                return Err(error_at(
                    file,
                    0,
                    0,
                    format!(
                        "results[{i}] has the schema {}, expected `{}`",
                        schema.map_or("(none)".to_string(), |s| format!("`{s}`")),
                        crate::outcome::RESULT_SCHEMA
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
    doc.results.iter_mut().for_each(neutralise_result);
    Ok(doc)
}

/// One document from several: the same challenge (by id), no submission twice, results in path
/// order, no partition.
pub fn merge(documents: &[(&Path, GradeDocument)]) -> Result<GradeDocument, String> {
    let Some((first_file, first)) = documents.first() else {
        return Err("nothing to merge".into());
    };
    let mut seen: std::collections::BTreeMap<String, &Path> = Default::default();
    let mut results = Vec::new();
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
        for result in &doc.results {
            if result.challenge.id != first.challenge.id {
                return Err(error_at(
                    file,
                    0,
                    0,
                    format!(
                        "the result of {} is for challenge `{}`, not `{}`",
                        result.submission.path, result.challenge.id, first.challenge.id
                    ),
                ));
            }
            if let Some(other) = seen.insert(result.submission.path.clone(), file) {
                return Err(error_at(
                    file,
                    0,
                    0,
                    format!(
                        "submission {} is graded twice (also in {}): were the same partition's results given twice?",
                        result.submission.path,
                        other.display()
                    ),
                ));
            }
            let mut result = result.clone();
            // Documents from another tool or version are held to the same escaping rules.
            neutralise_result(&mut result);
            results.push(result);
        }
    }
    results.sort_by(|a, b| {
        a.submission
            .path
            .as_bytes()
            .cmp(b.submission.path.as_bytes())
    });
    let mut challenge = first.challenge.clone();
    neutralise_challenge(&mut challenge);
    Ok(GradeDocument::new(challenge, None, results))
}

/// A warning when the documents are partitions `K/N` that do not cover every K of their N.
fn missing_partitions(documents: &[(&Path, GradeDocument)]) -> Option<String> {
    let parts: Vec<crate::partition::Partition> = documents
        .iter()
        .filter_map(|(_, d)| d.partition.as_deref()?.parse().ok())
        .collect();
    let count = parts.first()?.count;
    if parts.iter().any(|p| p.count != count) {
        return Some("the documents come from runs with different numbers of partitions".into());
    }
    let missing: Vec<String> = (1..=count)
        .filter(|k| !parts.iter().any(|p| p.index == *k))
        .map(|k| format!("{k}/{count}"))
        .collect();
    (!missing.is_empty()).then(|| {
        format!(
            "partition(s) {} missing: the merged results are incomplete",
            missing.join(", ")
        )
    })
}
