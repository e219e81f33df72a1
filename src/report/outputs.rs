//! Where the formats of `grade` and `merge` go: `--format FORMAT[=PATH]` (repeatable) and
//! `--output FILE`. At most one format without a path; it goes to `--output FILE`, else stdout.
//! Files are written whole (temporary file + rename); the GitHub summary is appended to
//! `$GITHUB_STEP_SUMMARY` when that is set.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::report::document::GradeDocument;
use crate::report::{csv, github, grade_human, gradebook, junit};

/// A `--format` that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatSpecError {
    #[error(
        "unknown format `{0}`: expected human, json, junit, github, csv, gradebook or gradebook-md, each optionally =PATH"
    )]
    Unknown(String),
    #[error("`{0}`: the path after `=` is empty")]
    EmptyPath(String),
}

/// Formats and paths that cannot all be written (refused before anything is judged).
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(
        "formats {names} have no path: at most one format goes to stdout (or --output); give the others one, e.g. --format {example}=report.{extension}"
    )]
    Unpathed {
        names: String,
        example: &'static str,
        extension: &'static str,
    },
    #[error("--output has nothing to write: every --format has its own =PATH")]
    NothingForOutput,
    #[error("two formats go to stdout ({0} and another): give one of them =PATH")]
    TwoOnStdout(&'static str),
    #[error("{} is named by two formats", .0.display())]
    NamedTwice(PathBuf),
    #[error("cannot write {}: that names a folder; give a file name, e.g. {}", .0.display(), .0.join("report").display())]
    NamesAFolder(PathBuf),
    #[error("cannot write {}: the folder {} does not exist", .path.display(), .folder.display())]
    NoFolder { path: PathBuf, folder: PathBuf },
    #[error("cannot write {}: it is a folder; give a file name, e.g. {}", .0.display(), .0.join("report").display())]
    IsAFolder(PathBuf),
    #[error("cannot write {}: the folder {} cannot be written in: {source}", .path.display(), .folder.display())]
    FolderNotWritable {
        path: PathBuf,
        folder: PathBuf,
        source: std::io::Error,
    },
}

/// A report that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot render the JSON: {0}")]
    Json(serde_json::Error),
    #[error("cannot write the {format} report: {source}")]
    Stdout {
        format: &'static str,
        source: std::io::Error,
    },
    #[error("cannot write {}: {reason}", .path.display())]
    File { path: PathBuf, reason: String },
    #[error("cannot append the summary to $GITHUB_STEP_SUMMARY ({}): {source}", .path.display())]
    StepSummary {
        path: PathBuf,
        source: std::io::Error,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GradeFormat {
    Human,
    Json,
    Junit,
    Github,
    Csv,
    /// The class table as CSV (`report::gradebook`).
    Gradebook,
    /// The class table as Markdown.
    GradebookMd,
}

impl GradeFormat {
    const ALL: [(&'static str, GradeFormat); 7] = [
        ("human", GradeFormat::Human),
        ("json", GradeFormat::Json),
        ("junit", GradeFormat::Junit),
        ("github", GradeFormat::Github),
        ("csv", GradeFormat::Csv),
        ("gradebook", GradeFormat::Gradebook),
        ("gradebook-md", GradeFormat::GradebookMd),
    ];

    pub fn name(self) -> &'static str {
        GradeFormat::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map(|(n, _)| *n)
            .unwrap_or("?")
    }
}

/// One `--format FORMAT[=PATH]`; a PATH of `-` is stdout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatSpec {
    pub format: GradeFormat,
    pub path: Option<PathBuf>,
}

impl FromStr for FormatSpec {
    type Err = FormatSpecError;

    fn from_str(text: &str) -> Result<FormatSpec, FormatSpecError> {
        let (name, path) = match text.split_once('=') {
            Some((name, path)) => (name, Some(path)),
            None => (text, None),
        };
        let format = GradeFormat::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(_, f)| *f)
            .ok_or_else(|| FormatSpecError::Unknown(name.to_string()))?;
        let path = match path {
            Some("") => return Err(FormatSpecError::EmptyPath(text.to_string())),
            Some(p) => Some(PathBuf::from(p)),
            None => None,
        };
        Ok(FormatSpec { format, path })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Stdout,
    File(PathBuf),
}

/// Every format and where it goes, checked before anything is judged.
#[derive(Debug, Clone)]
pub struct Plan {
    pub outputs: Vec<(GradeFormat, Destination)>,
    /// `-q`: the human report leaves out the lines of accepted submissions (not the table).
    pub quiet: bool,
}

impl Plan {
    /// `specs` as given; `default` when there are none. Refuses two formats for stdout, a file
    /// named twice, and a file whose folder does not exist.
    pub fn new(
        specs: &[FormatSpec],
        output: Option<&Path>,
        default: GradeFormat,
    ) -> Result<Plan, PlanError> {
        let default_spec = [FormatSpec {
            format: default,
            path: None,
        }];
        let specs = if specs.is_empty() {
            &default_spec[..]
        } else {
            specs
        };
        let unpathed: Vec<&FormatSpec> = specs.iter().filter(|s| s.path.is_none()).collect();
        if unpathed.len() > 1 {
            return Err(PlanError::Unpathed {
                names: unpathed
                    .iter()
                    .map(|s| s.format.name())
                    .collect::<Vec<_>>()
                    .join(" and "),
                example: unpathed[1].format.name(),
                extension: extension(unpathed[1].format),
            });
        }
        if output.is_some() && unpathed.is_empty() {
            return Err(PlanError::NothingForOutput);
        }
        let mut outputs = Vec::new();
        for spec in specs {
            let destination = match spec.path.as_deref().or(output) {
                Some(p) if p.as_os_str() != "-" => Destination::File(p.to_path_buf()),
                _ => Destination::Stdout,
            };
            outputs.push((spec.format, destination));
        }
        let mut seen_stdout = false;
        let mut seen_files: Vec<PathBuf> = Vec::new();
        for (format, destination) in &outputs {
            match destination {
                Destination::Stdout if seen_stdout => {
                    return Err(PlanError::TwoOnStdout(format.name()));
                }
                Destination::Stdout => seen_stdout = true,
                Destination::File(path) => {
                    let key = check_writable(path)?;
                    if seen_files.contains(&key) {
                        return Err(PlanError::NamedTwice(path.clone()));
                    }
                    seen_files.push(key);
                }
            }
        }
        Ok(Plan {
            outputs,
            quiet: false,
        })
    }

    /// Whether the human report goes to stdout (and so may be printed as judging goes).
    pub fn human_on_stdout(&self) -> bool {
        self.outputs
            .contains(&(GradeFormat::Human, Destination::Stdout))
    }

    /// Writes every format. `streamed` when the human lines for stdout were printed already
    /// (only the summary table is left). Returns the first error, having tried every output.
    pub fn write(
        &self,
        doc: &GradeDocument,
        color: bool,
        streamed: bool,
    ) -> Result<(), WriteError> {
        let mut first_error = None;
        // Once, however many `github` outputs there are.
        let mut summary_appended = false;
        for (format, destination) in &self.outputs {
            let on_stdout = *destination == Destination::Stdout;
            let text = match format {
                GradeFormat::Human if on_stdout && streamed => grade_human::summary(doc, color),
                GradeFormat::Human => grade_human::render(doc, color && on_stdout, self.quiet),
                GradeFormat::Json => match serde_json::to_string_pretty(doc) {
                    Ok(json) => json + "\n",
                    Err(e) => {
                        first_error.get_or_insert(WriteError::Json(e));
                        continue;
                    }
                },
                GradeFormat::Junit => junit::render(doc),
                GradeFormat::Csv => csv::render(doc),
                GradeFormat::Gradebook => gradebook::csv(doc),
                GradeFormat::GradebookMd => gradebook::markdown(doc),
                GradeFormat::Github => {
                    if !std::mem::replace(&mut summary_appended, true)
                        && let Err(e) = append_step_summary(doc)
                    {
                        first_error.get_or_insert(e);
                    }
                    github::annotations(doc)
                }
            };
            let written = match destination {
                Destination::Stdout => {
                    let mut stdout = std::io::stdout().lock();
                    match stdout
                        .write_all(text.as_bytes())
                        .and_then(|()| stdout.flush())
                    {
                        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                            Err(WriteError::Stdout {
                                format: format.name(),
                                source: e,
                            })
                        }
                        _ => Ok(()),
                    }
                }
                Destination::File(path) => write_file(path, &text),
            };
            if let Err(e) = written {
                first_error.get_or_insert(e);
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

/// Refuses, before anything is judged, an output path that cannot be written: its folder does
/// not exist or cannot be written in, or it is a folder. Returns the path as one name for it
/// (links followed, `./` parts dropped), to tell when two formats name the same file.
fn check_writable(path: &Path) -> Result<PathBuf, PlanError> {
    use std::os::unix::ffi::OsStrExt;
    if path.as_os_str().as_bytes().ends_with(b"/") {
        return Err(PlanError::NamesAFolder(path.to_path_buf()));
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return Err(PlanError::NoFolder {
            path: path.to_path_buf(),
            folder: parent.to_path_buf(),
        });
    }
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(PlanError::IsAFolder(path.to_path_buf()));
        }
        // A device or a FIFO (`/dev/null`, `/dev/stdout`) is written in place.
        Ok(meta) if !meta.is_file() || path.starts_with("/dev") || path.starts_with("/proc") => {}
        _ => {
            let real = std::fs::canonicalize(path)
                .ok()
                .and_then(|p| p.parent().map(Path::to_path_buf))
                .unwrap_or_else(|| parent.to_path_buf());
            tempfile::tempfile_in(&real).map_err(|source| PlanError::FolderNotWritable {
                path: path.to_path_buf(),
                folder: real.clone(),
                source,
            })?;
        }
    }
    Ok(match std::fs::canonicalize(path) {
        Ok(real) => real,
        Err(_) => match (std::fs::canonicalize(parent), path.file_name()) {
            (Ok(folder), Some(name)) => folder.join(name),
            _ => crate::partition::normalise(path),
        },
    })
}

fn extension(format: GradeFormat) -> &'static str {
    match format {
        GradeFormat::Human | GradeFormat::Github => "txt",
        GradeFormat::Json => "json",
        GradeFormat::Junit => "xml",
        GradeFormat::Csv | GradeFormat::Gradebook => "csv",
        GradeFormat::GradebookMd => "md",
    }
}

/// Writes `text` to `path` whole: a temporary file in the same folder, then a rename. A symbolic
/// link is written through (its target is replaced, the link stays); a path that is not a
/// regular file (a FIFO), or is under `/dev` or `/proc` (`/dev/null`, `/dev/stdout`), is written in
/// place, never replaced. A
/// new file gets the usual `0644` permissions, a replaced one keeps its own.
pub fn write_file(path: &Path, text: &str) -> Result<(), WriteError> {
    let fail = |e: &dyn std::fmt::Display| WriteError::File {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    // `/dev/stdout`, `/dev/stderr`, `/proc/self/fd/N`: the stream, where it goes — added to,
    // as the process's own writes would be.
    if path.starts_with("/dev") || path.starts_with("/proc") {
        return std::fs::OpenOptions::new()
            .append(true)
            .open(path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .map_err(|e| fail(&e));
    }
    // Follows every link (`/dev/stdout` → `/proc/self/fd/1` → …) to what would be replaced.
    let target = match std::fs::canonicalize(path) {
        Ok(real) => real,
        Err(_) => match std::fs::symlink_metadata(path) {
            // A dangling link: write where it points, as a shell's `>` would.
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(path).map_err(|e| fail(&e))?;
                path.parent().unwrap_or(Path::new(".")).join(link)
            }
            _ => path.to_path_buf(),
        },
    };
    let existing = std::fs::metadata(&target).ok();
    if let Some(meta) = &existing {
        if meta.is_dir() {
            return Err(fail(&"it is a folder"));
        }
        if !meta.is_file() {
            return std::fs::OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(&target)
                .and_then(|mut f| f.write_all(text.as_bytes()))
                .map_err(|e| fail(&e));
        }
    }
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".livejudge-report-")
        .tempfile_in(parent)
        .map_err(|e| fail(&e))?;
    temp.write_all(text.as_bytes()).map_err(|e| fail(&e))?;
    let permissions = match &existing {
        Some(meta) => meta.permissions(),
        None => std::os::unix::fs::PermissionsExt::from_mode(0o644),
    };
    temp.as_file()
        .set_permissions(permissions)
        .map_err(|e| fail(&e))?;
    temp.persist(&target).map_err(|e| fail(&e.error))?;
    Ok(())
}

/// Appends the Markdown summary to `$GITHUB_STEP_SUMMARY`, when it is set.
fn append_step_summary(doc: &GradeDocument) -> Result<(), WriteError> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let path = PathBuf::from(path);
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(github::summary(doc).as_bytes()))
        .map_err(|source| WriteError::StepSummary {
            path: path.clone(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs(list: &[&str]) -> Vec<FormatSpec> {
        list.iter().map(|s| s.parse().unwrap()).collect()
    }

    #[test]
    fn parses_format_and_path() {
        assert_eq!(
            "junit=out/r.xml".parse(),
            Ok(FormatSpec {
                format: GradeFormat::Junit,
                path: Some("out/r.xml".into())
            })
        );
        assert!(
            "xml"
                .parse::<FormatSpec>()
                .unwrap_err()
                .to_string()
                .contains("unknown format `xml`")
        );
        assert!(
            "json="
                .parse::<FormatSpec>()
                .unwrap_err()
                .to_string()
                .contains("empty")
        );
    }

    #[test]
    fn one_format_without_a_path() {
        let plan = Plan::new(&specs(&["json", "junit=r.xml"]), None, GradeFormat::Human).unwrap();
        assert_eq!(
            plan.outputs,
            [
                (GradeFormat::Json, Destination::Stdout),
                (GradeFormat::Junit, Destination::File("r.xml".into()))
            ]
        );
        let error = Plan::new(&specs(&["json", "csv"]), None, GradeFormat::Human)
            .unwrap_err()
            .to_string();
        assert!(error.contains("json and csv"), "{error}");
        let error = Plan::new(&specs(&["json=-", "csv=-"]), None, GradeFormat::Human)
            .unwrap_err()
            .to_string();
        assert!(error.contains("two formats go to stdout"), "{error}");
    }

    #[test]
    fn output_takes_the_unpathed_format() {
        let plan = Plan::new(&[], Some(Path::new("g.txt")), GradeFormat::Human).unwrap();
        assert_eq!(
            plan.outputs,
            [(GradeFormat::Human, Destination::File("g.txt".into()))]
        );
        let error = Plan::new(
            &specs(&["json=a.json"]),
            Some(Path::new("b")),
            GradeFormat::Human,
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("--output has nothing to write"), "{error}");
        let error = Plan::new(
            &specs(&["json=/no/such/folder/a.json"]),
            None,
            GradeFormat::Human,
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("does not exist"), "{error}");
    }
}
