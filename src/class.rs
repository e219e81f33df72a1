//! A class for `grade --class DIR` and `grade --roster FILE` (docs/ci.md, "Grading a class"):
//! which student handed in what for which challenge, and who handed in nothing.

use std::path::{Path, PathBuf};

/// Why the class folder or roster cannot be graded (each message names where).
#[derive(Debug, thiserror::Error)]
pub enum ClassError {
    #[error("cannot list the class folder {}: {source}; --class takes SUBMISSIONS/<student>/<challenge>/", dir.display())]
    List {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("the class folder {} holds no student folder: --class takes SUBMISSIONS/<student>/<challenge>/", dir.display())]
    NoStudent { dir: PathBuf },
    /// `at` is the roster's `FILE:LINE`.
    #[error("{at}: expected `student,challenge,path` (3 fields), found {found} field(s): `{line}`")]
    Fields {
        at: String,
        found: usize,
        line: String,
    },
    #[error("{at}: the {field} is empty")]
    EmptyField { at: String, field: &'static str },
    #[error("{at}: the student `{student}` must not start with `.` nor hold `/`")]
    StudentName { at: String, student: String },
    #[error(
        "{at}: {student} has a second submission for {challenge} (the first is on line {first}): keep one"
    )]
    Twice {
        at: String,
        student: String,
        challenge: String,
        first: usize,
    },
    #[error("{}: the roster lists nobody: write one `student,challenge,path` per line", file.display())]
    Nobody { file: PathBuf },
    #[error("{}:{line}: challenge `{challenge}` is not one of the challenges graded ({}): name it on the command line or remove the line", file.display(), graded.join(", "))]
    NotGraded {
        file: PathBuf,
        line: usize,
        challenge: String,
        graded: Vec<String>,
    },
}

/// One student's work on one challenge: a submission path, or nothing handed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Work {
    pub student: String,
    pub challenge: String,
    pub path: Option<PathBuf>,
}

fn visible_folders(dir: &Path) -> Result<Vec<(String, PathBuf)>, ClassError> {
    let entries = std::fs::read_dir(dir).map_err(|source| ClassError::List {
        dir: dir.to_path_buf(),
        source,
    })?;
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()) {
            found.push((name, entry.path()));
        }
    }
    found.sort();
    Ok(found)
}

/// The challenge folders students handed in under `dir` (`DIR/<student>/<challenge>/`), each
/// name once, sorted: the challenges of a class run when none is named.
pub fn challenges_in(dir: &Path) -> Result<Vec<String>, ClassError> {
    let mut names = std::collections::BTreeSet::new();
    for (_, student) in visible_folders(dir)? {
        for (name, _) in visible_folders(&student)? {
            names.insert(name);
        }
    }
    Ok(names.into_iter().collect())
}

/// The class layout `dir/<student>/<challenge>/`: every student (a visible folder of `dir`)
/// times every challenge of `challenges`; a student without the challenge's folder handed in
/// nothing for it. Folders of other names under a student are reported as a warning.
pub fn from_layout(dir: &Path, challenges: &[String]) -> Result<Vec<Work>, ClassError> {
    let students = visible_folders(dir)?;
    if students.is_empty() {
        return Err(ClassError::NoStudent {
            dir: dir.to_path_buf(),
        });
    }
    let mut work = Vec::new();
    for (student, folder) in students {
        for (name, _) in visible_folders(&folder)? {
            if !challenges.contains(&name) {
                eprintln!(
                    "warning: {}: `{}` is not one of the challenges graded ({}): not graded",
                    crate::escape::neutralise_line(&folder.display().to_string()),
                    crate::escape::neutralise_line(&name),
                    challenges.join(", ")
                );
            }
        }
        for challenge in challenges {
            let path = folder.join(challenge);
            work.push(Work {
                student: student.clone(),
                challenge: challenge.clone(),
                path: path.exists().then_some(path),
            });
        }
    }
    Ok(work)
}

/// A roster line: `student,challenge,path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterLine {
    pub line: usize,
    pub student: String,
    pub challenge: String,
    /// Relative paths are relative to the roster file's folder.
    pub path: PathBuf,
}

/// Parses a roster: one `student,challenge,path` per line (a header line `student,challenge,path`
/// is allowed, blank lines and `#` comments are skipped); a path is relative to the roster's
/// folder. Every problem is reported as `FILE:LINE`.
pub fn parse_roster(file: &Path, text: &str) -> Result<Vec<RosterLine>, ClassError> {
    let base = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut lines = Vec::new();
    let mut seen = std::collections::BTreeMap::<(String, String), usize>::new();
    for (i, raw) in text.lines().enumerate() {
        let number = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if fields == ["student", "challenge", "path"] {
            continue;
        }
        let at = || format!("{}:{number}", file.display());
        let [student, challenge, path] = fields[..] else {
            return Err(ClassError::Fields {
                at: at(),
                found: fields.len(),
                line: line.to_string(),
            });
        };
        for (field, value) in [
            ("student", student),
            ("challenge", challenge),
            ("path", path),
        ] {
            if value.is_empty() {
                return Err(ClassError::EmptyField { at: at(), field });
            }
        }
        if student.starts_with('.') || student.contains('/') {
            return Err(ClassError::StudentName {
                at: at(),
                student: student.to_string(),
            });
        }
        if let Some(first) = seen.insert((student.to_string(), challenge.to_string()), number) {
            return Err(ClassError::Twice {
                at: at(),
                student: student.to_string(),
                challenge: challenge.to_string(),
                first,
            });
        }
        lines.push(RosterLine {
            line: number,
            student: student.to_string(),
            challenge: challenge.to_string(),
            path: base.join(path),
        });
    }
    if lines.is_empty() {
        return Err(ClassError::Nobody {
            file: file.to_path_buf(),
        });
    }
    Ok(lines)
}

/// The work of a roster: every student of it times every challenge of `challenges`; a pair the
/// roster does not list is nothing handed in. A line for a challenge not graded is an error.
pub fn from_roster(
    file: &Path,
    lines: &[RosterLine],
    challenges: &[String],
) -> Result<Vec<Work>, ClassError> {
    if let Some(bad) = lines.iter().find(|l| !challenges.contains(&l.challenge)) {
        return Err(ClassError::NotGraded {
            file: file.to_path_buf(),
            line: bad.line,
            challenge: bad.challenge.clone(),
            graded: challenges.to_vec(),
        });
    }
    let students: std::collections::BTreeSet<&str> =
        lines.iter().map(|l| l.student.as_str()).collect();
    let mut work = Vec::new();
    for student in students {
        for challenge in challenges {
            let path = lines
                .iter()
                .find(|l| l.student == student && &l.challenge == challenge)
                .map(|l| l.path.clone());
            work.push(Work {
                student: student.to_string(),
                challenge: challenge.clone(),
                path,
            });
        }
    }
    Ok(work)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roster_lines_and_their_errors() {
        let file = Path::new("class/roster.csv");
        let lines = parse_roster(
            file,
            "student,challenge,path\n# comment\n\nann, a , work/ann-a.sh\nbob,b,/abs/b\n",
        )
        .unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].path, PathBuf::from("class/work/ann-a.sh"));
        assert_eq!(lines[0].challenge, "a");
        assert_eq!(lines[1].path, PathBuf::from("/abs/b"));
        let error = parse_roster(file, "ann,a\n").unwrap_err().to_string();
        assert!(error.starts_with("class/roster.csv:1: expected"), "{error}");
        let error = parse_roster(file, "ann,a,x\nann,a,y\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains(":2:") && error.contains("line 1"), "{error}");
        let error = parse_roster(file, "# nobody\n").unwrap_err().to_string();
        assert!(error.contains("lists nobody"), "{error}");
        let work = from_roster(file, &lines, &["a".into(), "b".into()]).unwrap();
        let missing: Vec<(&str, &str)> = work
            .iter()
            .filter(|w| w.path.is_none())
            .map(|w| (w.student.as_str(), w.challenge.as_str()))
            .collect();
        assert_eq!(missing, [("ann", "b"), ("bob", "a")]);
        let error = from_roster(file, &lines, &["a".into()])
            .unwrap_err()
            .to_string();
        assert!(error.contains("roster.csv:5: challenge `b`"), "{error}");
    }

    #[test]
    fn layout_students_times_challenges() {
        let dir = tempfile::tempdir().unwrap();
        for path in ["ann/a", "ann/b", "bob/a", ".git/a"] {
            std::fs::create_dir_all(dir.path().join(path)).unwrap();
        }
        assert_eq!(challenges_in(dir.path()).unwrap(), ["a", "b"]);
        let work = from_layout(dir.path(), &["a".into(), "b".into()]).unwrap();
        let had: Vec<(&str, &str, bool)> = work
            .iter()
            .map(|w| (w.student.as_str(), w.challenge.as_str(), w.path.is_some()))
            .collect();
        assert_eq!(
            had,
            [
                ("ann", "a", true),
                ("ann", "b", true),
                ("bob", "a", true),
                ("bob", "b", false)
            ]
        );
    }
}
