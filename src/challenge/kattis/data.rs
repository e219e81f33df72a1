//! A package's test data and output validator: `data/` walked into tests (test groups,
//! `testdata.yaml` / `test_group.yaml` / per-test settings), the validator and its flags, and
//! what judging a package needs of them (verdicts in the package format, validators with
//! constants substituted).

use super::*;
use std::collections::BTreeSet;

/// Settings of one `data/` folder (testdata.yaml / test_group.yaml) or test (`NAME.yaml`).
#[derive(Debug, Clone, Default)]
pub(super) struct DataSettings {
    output_validator_args: Option<Vec<String>>,
    args: Option<Vec<String>>,
}

impl Reader<'_> {
    /// The custom output validator (when the package uses one) and the problem-wide flags.
    pub(super) fn validator(
        &mut self,
        yaml: &ProblemYaml,
        version: Version,
    ) -> (Option<PathBuf>, Vec<String>) {
        let flags = match &yaml.validator_flags {
            None => Vec::new(),
            Some(value) => words(value).unwrap_or_else(|| {
                self.error_at(
                    "validator_flags",
                    "`validator_flags` must be a string of flags".into(),
                    None,
                );
                Vec::new()
            }),
        };
        let legacy_custom = match &yaml.validation {
            Some(Value::String(s)) => s.split_whitespace().next() == Some("custom"),
            Some(Value::Mapping(_)) => true,
            _ => false,
        };
        let new_dir = self.root.join("output_validator");
        let old_dir = self.root.join("output_validators");
        let program = if new_dir.is_dir() && version != Version::Legacy {
            Some(new_dir)
        } else if old_dir.is_dir() {
            let mut programs: Vec<PathBuf> = fs::read_dir(&old_dir)
                .map(|entries| {
                    entries
                        .flatten()
                        .map(|e| e.path())
                        .filter(|p| !hidden(p))
                        .collect()
                })
                .unwrap_or_default();
            programs.sort();
            match programs.len() {
                0 => None,
                1 => programs.pop(),
                n => {
                    self.diags.push(
                        Diagnostic::error(
                            &old_dir,
                            format!("{n} output validators; livejudge runs exactly one"),
                        )
                        .with_help("keep one program (a file or a folder) in output_validators/"),
                    );
                    None
                }
            }
        } else if new_dir.is_dir() {
            Some(new_dir)
        } else {
            None
        };
        let program = match (version, legacy_custom, program) {
            (Version::Legacy, false, Some(p)) => {
                self.warn_at(
                    "validation",
                    format!(
                        "{} is not used: legacy packages use it only with `validation: custom`",
                        p.display()
                    ),
                );
                None
            }
            (_, true, None) => {
                self.error_at(
                    "validation",
                    "`validation: custom` but the package has no output validator".into(),
                    Some("add the validator program under output_validators/ (legacy) or output_validator/"),
                );
                None
            }
            (_, _, program) => program,
        };
        if let Some(p) = &program
            && !inside(&self.root, p, &mut BTreeSet::new())
        {
            self.diags.push(Diagnostic::error(
                p,
                "the output validator resolves outside the package folder",
            ));
            return (None, flags);
        }
        (program, flags)
    }

    /// Reads the settings file of `dir` (testdata.yaml or test_group.yaml).
    pub(super) fn dir_settings(
        &mut self,
        dir: &Path,
        constants: &BTreeMap<String, String>,
    ) -> DataSettings {
        for name in ["test_group.yaml", "testdata.yaml"] {
            let path = dir.join(name);
            if path.is_file() {
                return self.settings_file(&path, constants, true);
            }
        }
        DataSettings::default()
    }

    pub(super) fn settings_file(
        &mut self,
        path: &Path,
        constants: &BTreeMap<String, String>,
        group: bool,
    ) -> DataSettings {
        let Ok(raw) = fs::read_to_string(path) else {
            self.diags.push(Diagnostic::error(
                path,
                "cannot read this file (not UTF-8?)",
            ));
            return DataSettings::default();
        };
        let text = if group {
            substitute(&raw, constants)
        } else {
            raw
        };
        let value: Value = match serde_norway::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                let d = yaml_error(path, &text, &e, "not valid YAML");
                self.diags.push(d);
                return DataSettings::default();
            }
        };
        let mut settings = DataSettings::default();
        let Value::Mapping(map) = value else {
            return settings;
        };
        for (key, value) in &map {
            let Some(key) = key.as_str() else { continue };
            let slot = match key {
                "output_validator_args" | "output_validator_flags" => {
                    &mut settings.output_validator_args
                }
                "args" => &mut settings.args,
                _ => continue,
            };
            match words(value) {
                Some(list) => *slot = Some(list),
                None => {
                    let mut d = Diagnostic::error(
                        path,
                        format!("`{key}` must be a string or a sequence of strings"),
                    );
                    if let Some(offset) = key_offset(&text, key) {
                        d = d.at(&text, offset);
                    }
                    self.diags.push(d);
                }
            }
        }
        settings
    }

    pub(super) fn tests(
        &mut self,
        limits: &Limits,
        validator: Option<&Path>,
        global_flags: &[String],
        constants: &BTreeMap<String, String>,
    ) -> Vec<TestCase> {
        let data = self.root.join("data");
        if !data.is_dir() {
            self.diags.push(
                Diagnostic::error(&data, "the package has no data/ folder")
                    .with_help("test cases go in data/sample/*.in|.ans and data/secret/*.in|.ans"),
            );
            return Vec::new();
        }
        let base = self.dir_settings(&data, constants);
        let mut found: Vec<FoundInput> = Vec::new();
        for (part, sample) in [("sample", true), ("secret", false)] {
            let dir = data.join(part);
            if dir.is_dir() {
                let settings = merge(&base, &self.dir_settings(&dir, constants));
                self.walk(&dir, part, &settings, constants, &mut found);
            } else if !sample {
                self.diags.push(Diagnostic::warning(
                    &dir,
                    "the package has no data/secret/ folder: only samples will be judged",
                ));
            }
        }
        found.sort_by(|a, b| a.relative.cmp(&b.relative));
        let mut tests = Vec::new();
        let mut reported = std::collections::BTreeSet::new();
        let mut plain = BTreeSet::new();
        for found in found {
            let FoundInput {
                relative,
                input,
                settings,
                beside,
            } = found;
            let answer = input.with_extension("ans");
            if !beside.answer {
                self.diags.push(
                    Diagnostic::error(&input, format!("test `{relative}` has no .ans file"))
                        .with_help("every NAME.in needs NAME.ans next to it"),
                );
                continue;
            }
            if !inside(&self.root, &input, &mut plain) || !inside(&self.root, &answer, &mut plain) {
                self.diags.push(Diagnostic::error(
                    &input,
                    "this test file resolves outside the package folder",
                ));
                continue;
            }
            let case_yaml = input.with_extension("yaml");
            let settings = if beside.case_yaml {
                merge(&settings, &self.settings_file(&case_yaml, constants, false))
            } else {
                settings
            };
            // problem.yaml's validator_flags (legacy) go first, then the test-data settings'.
            let mut flags = global_flags.to_vec();
            flags.extend(settings.output_validator_args.clone().unwrap_or_default());
            let files = input.with_extension("files");
            let mut test = TestCase {
                name: test_name(&relative),
                sample: relative.starts_with("sample/"),
                args: settings.args.clone().unwrap_or_default(),
                stdin: Stdin::File(input.clone()),
                env: BTreeMap::new(),
                fixtures: if beside.files {
                    vec![files]
                } else {
                    Vec::new()
                },
                exit: ExitExpectation::Code(0),
                points: 1,
                limits: *limits,
                stdout: None,
                stderr: None,
                files: Vec::new(),
                unchanged: Vec::new(),
                check: None,
                validator: None,
                signal: None,
                generate: None,
            };
            match validator {
                Some(source) => {
                    test.validator = Some(Validator {
                        source: source.to_path_buf(),
                        answer,
                        flags,
                    });
                }
                None => {
                    match default_validator_spec(&flags) {
                        Ok(spec) => {
                            test.stdout = Some(Expectation {
                                content: Content::File(answer),
                                compare: spec,
                            });
                        }
                        Err(message) => {
                            // One error per distinct flag set, not one per test.
                            if reported.insert(flags.clone()) {
                                if settings.output_validator_args.is_none() {
                                    self.error_at("validator_flags", message.to_string(), None);
                                } else {
                                    self.diags.push(Diagnostic::error(
                                    &input,
                                    format!("output validator arguments of test `{relative}`: {message}"),
                                ));
                                }
                            }
                            continue;
                        }
                    }
                }
            }
            tests.push(test);
        }
        if tests.is_empty() && !self.diags.iter().any(Diagnostic::is_error) {
            self.diags.push(
                Diagnostic::error(&data, "the package has no test cases").with_help(
                    "add data/sample/NAME.in + NAME.ans or data/secret/NAME.in + NAME.ans",
                ),
            );
        }
        tests
    }

    /// Collects `*.in` under `dir` (relative name `prefix/…`), descending into groups. What
    /// lies beside each input is read from the folder's listing (a `stat` only for a link): a
    /// package of 200 tests cost 1,600 `stat`s of every command before.
    pub(super) fn walk(
        &mut self,
        dir: &Path,
        prefix: &str,
        settings: &DataSettings,
        constants: &BTreeMap<String, String>,
        found: &mut Vec<FoundInput>,
    ) {
        let Ok(entries) = fs::read_dir(dir) else {
            self.diags
                .push(Diagnostic::error(dir, "cannot list this folder"));
            return;
        };
        let mut entries: Vec<(PathBuf, Option<fs::FileType>)> = entries
            .flatten()
            .map(|e| (e.path(), e.file_type().ok()))
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let listing: std::collections::HashMap<std::ffi::OsString, Option<fs::FileType>> = entries
            .iter()
            .filter_map(|(path, kind)| Some((path.file_name()?.to_os_string(), *kind)))
            .collect();
        // Whether `name` in this folder is a folder (`true`) or a file (`false`), following a
        // link as `Path::is_dir` and `Path::is_file` do.
        let is = |name: &std::ffi::OsStr, folder: bool| {
            let kind = match listing.get(name) {
                None => return false,
                Some(Some(kind)) if !kind.is_symlink() => *kind,
                Some(_) => match fs::metadata(dir.join(name)) {
                    Ok(meta) => meta.file_type(),
                    Err(_) => return false,
                },
            };
            if folder {
                kind.is_dir()
            } else {
                kind.is_file()
            }
        };
        let beside = |stem: &str, extension: &str, folder: bool| {
            is(std::ffi::OsStr::new(&format!("{stem}.{extension}")), folder)
        };
        for (path, _) in &entries {
            let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            if is(path.file_name().unwrap_or_default(), true) {
                if name.ends_with(".files") {
                    continue;
                }
                let relative = format!("{prefix}/{name}");
                let inner = merge(settings, &self.dir_settings(path, constants));
                self.walk(path, &relative, &inner, constants, found);
            } else if let Some(stem) = name.strip_suffix(".in") {
                found.push(FoundInput {
                    relative: format!("{prefix}/{stem}"),
                    input: path.clone(),
                    settings: settings.clone(),
                    beside: Beside {
                        answer: beside(stem, "ans", false),
                        case_yaml: beside(stem, "yaml", false),
                        files: beside(stem, "files", true),
                    },
                });
            } else if let Some(stem) = name.strip_suffix(".ans")
                && !beside(stem, "in", false)
            {
                self.diags.push(Diagnostic::warning(
                    path,
                    format!("`{stem}.ans` has no `{stem}.in`: it is not a test (ignored)"),
                ));
            }
        }
    }
}

/// A test's input found by `walk`, with its name (`sample/…`, `secret/group/…`), the settings in
/// force there and what lies beside it.
pub(super) struct FoundInput {
    relative: String,
    input: PathBuf,
    settings: DataSettings,
    beside: Beside,
}

/// Which of a test input's companions exist beside it (`NAME.ans`, `NAME.yaml`, `NAME.files/`).
pub(super) struct Beside {
    answer: bool,
    case_yaml: bool,
    files: bool,
}

pub(super) fn merge(outer: &DataSettings, inner: &DataSettings) -> DataSettings {
    DataSettings {
        output_validator_args: inner
            .output_validator_args
            .clone()
            .or_else(|| outer.output_validator_args.clone()),
        args: inner.args.clone().or_else(|| outer.args.clone()),
    }
}

pub(super) fn hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// True when `path` (after resolving symlinks) stays inside `root` (canonical). A path below
/// `root` through no symbolic link is inside as it is; only one through a link pays for
/// `canonicalize`, which reads every component of the absolute path (for a package of 200 tests
/// that was 3,600 system calls of every `test`). `plain` remembers the folders already seen to
/// be no link.
pub(super) fn inside(root: &Path, path: &Path, plain: &mut BTreeSet<PathBuf>) -> bool {
    if let Ok(relative) = path.strip_prefix(root)
        && relative
            .components()
            .all(|part| matches!(part, std::path::Component::Normal(_)))
    {
        let mut at = root.to_path_buf();
        let mut through_link = false;
        for part in relative.components() {
            at.push(part);
            if plain.contains(&at) {
                continue;
            }
            match fs::symlink_metadata(&at) {
                Ok(meta) if !meta.file_type().is_symlink() => {
                    if meta.is_dir() {
                        plain.insert(at.clone());
                    }
                }
                _ => {
                    through_link = true;
                    break;
                }
            }
        }
        if !through_link {
            return true;
        }
    }
    fs::canonicalize(path).is_ok_and(|p| p.starts_with(root))
}

/// A flag of the default output validator it does not take.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlagError {
    #[error("validator flag `{0}` needs a number after it")]
    NeedsNumber(String),
    #[error(
        "unknown flag `{0}` for the default output validator (it knows case_sensitive, space_change_sensitive, float_tolerance E, float_absolute_tolerance E, float_relative_tolerance E)"
    )]
    Unknown(String),
}

/// Parses the default validator's flags into a `tokens` spec, as problemtools'
/// default_validator does (later flags win; an unknown flag is an error).
pub fn default_validator_spec(flags: &[String]) -> Result<CompareSpec, FlagError> {
    let mut spec = CompareSpec::new(CompareKind::Tokens);
    spec.case_sensitive = false;
    let mut i = 0;
    while i < flags.len() {
        let flag = flags[i].as_str();
        let mut value = || -> Result<f64, FlagError> {
            i += 1;
            flags
                .get(i)
                .and_then(|v| v.parse::<f64>().ok())
                .filter(|v| v.is_finite())
                .ok_or_else(|| FlagError::NeedsNumber(flag.to_string()))
        };
        match flag {
            "case_sensitive" => spec.case_sensitive = true,
            "space_change_sensitive" => spec.space_sensitive = true,
            "float_absolute_tolerance" => spec.abs_tol = Some(value()?),
            "float_relative_tolerance" => spec.rel_tol = Some(value()?),
            "float_tolerance" => {
                let v = value()?;
                spec.abs_tol = Some(v);
                spec.rel_tol = Some(v);
            }
            other => return Err(FlagError::Unknown(other.to_string())),
        }
        i += 1;
    }
    Ok(spec)
}

/// `result` in the package format's verdicts for a judged run (AC, WA, TLE, RTE, and JE/CE for
/// what did not run): a memory limit reached is a run-time error, as problemtools (which has no
/// MLE) reports it and as `run_time_error/` submissions are meant.
pub fn format_verdicts(result: &SubmissionResult) -> SubmissionResult {
    let mut out = result.clone();
    for test in &mut out.tests {
        if test.verdict == Verdict::MLE {
            test.verdict = Verdict::RTE;
        }
    }
    out.verdict = SubmissionResult::overall(&out.tests);
    out
}

/// `limits` with a Kattis time limit: CPU time is the limit; wall-clock gets twice that plus a
/// second, so a busy machine does not turn a fast solution into a TLE.
pub fn with_time_limit(limits: Limits, limit: Duration) -> Limits {
    Limits {
        cpu: limit,
        time: limit * 2 + Duration::from_secs(1),
        ..limits
    }
}

/// A file operation that failed on `path`, said as `PATH: ERROR`.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub struct FileError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

impl FileError {
    /// Turns an I/O error on `path` into a `FileError` (for `map_err`).
    pub fn at(path: &Path) -> impl FnOnce(std::io::Error) -> FileError {
        let path = path.to_path_buf();
        move |source| FileError { path, source }
    }
}

/// Why the output validator could not be copied with its constants substituted.
#[derive(Debug, thiserror::Error)]
pub enum ValidatorCopyError {
    #[error("cannot create a temporary folder: {0}")]
    TempFolder(std::io::Error),
    #[error(transparent)]
    File(#[from] FileError),
}

/// Copies the output validator with `{{constants}}` substituted (2025-09: constants apply to
/// validators) and points every test at the copy. Returns the folder holding the copy, which
/// must outlive judging; `None` when there is nothing to substitute.
pub fn prepare_validators(
    challenge: &mut Challenge,
    package: &Package,
) -> Result<Option<tempfile::TempDir>, ValidatorCopyError> {
    let Some(source) = challenge
        .tests
        .iter()
        .find_map(|t| t.validator.as_ref().map(|v| v.source.clone()))
    else {
        return Ok(None);
    };
    if package.constants.is_empty() {
        return Ok(None);
    }
    let temp = tempfile::Builder::new()
        .prefix("livejudge-validator-")
        .tempdir()
        .map_err(ValidatorCopyError::TempFolder)?;
    let at = FileError::at;
    let name = source.file_name().unwrap_or_default();
    let copy = temp.path().join(name);
    let mut pending = vec![(source.clone(), copy.clone())];
    while let Some((from, to)) = pending.pop() {
        if from.is_dir() {
            fs::create_dir_all(&to).map_err(at(&to))?;
            for entry in fs::read_dir(&from).map_err(at(&from))? {
                let entry = entry.map_err(at(&from))?;
                pending.push((entry.path(), to.join(entry.file_name())));
            }
        } else {
            let written = match fs::read_to_string(&from) {
                Ok(text) => fs::write(&to, package.substitute(&text)),
                Err(_) => fs::copy(&from, &to).map(|_| ()),
            };
            written.map_err(at(&to))?;
        }
    }
    // The validator runs as the sandbox user: let it read the copy.
    let _ = fs::set_permissions(
        temp.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    );
    for test in &mut challenge.tests {
        if let Some(v) = &mut test.validator {
            v.source = copy.clone();
        }
    }
    Ok(Some(temp))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A test file is inside the package unless a link on its way leads out, whether the link
    /// is the file, its folder, or a link made earlier (the remembered folders do not hide it).
    #[test]
    fn a_test_file_reached_through_a_link_out_of_the_package_is_outside() {
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("x.in"), "1\n").unwrap();
        let package = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(package.path()).unwrap();
        let secret = root.join("data/secret");
        fs::create_dir_all(&secret).unwrap();
        fs::write(secret.join("a.in"), "1\n").unwrap();
        std::os::unix::fs::symlink(outside.path().join("x.in"), secret.join("b.in")).unwrap();
        std::os::unix::fs::symlink(secret.join("a.in"), secret.join("c.in")).unwrap();
        std::os::unix::fs::symlink(outside.path(), secret.join("group")).unwrap();
        let mut plain = BTreeSet::new();
        assert!(inside(&root, &secret.join("a.in"), &mut plain));
        assert!(!inside(&root, &secret.join("b.in"), &mut plain));
        assert!(inside(&root, &secret.join("c.in"), &mut plain));
        assert!(!inside(&root, &secret.join("group/x.in"), &mut plain));
        assert!(!inside(&root, &outside.path().join("x.in"), &mut plain));
    }

    #[test]
    fn default_validator_flags() {
        let f = |s: &str| -> Vec<String> { s.split_whitespace().map(String::from).collect() };
        let spec = default_validator_spec(&[]).unwrap();
        assert!(!spec.case_sensitive && !spec.space_sensitive && spec.abs_tol.is_none());
        let spec = default_validator_spec(&f("case_sensitive space_change_sensitive")).unwrap();
        assert!(spec.case_sensitive && spec.space_sensitive);
        let spec = default_validator_spec(&f("float_tolerance 1e-3")).unwrap();
        assert_eq!((spec.abs_tol, spec.rel_tol), (Some(1e-3), Some(1e-3)));
        let spec = default_validator_spec(&f("float_relative_tolerance 0.5")).unwrap();
        assert_eq!((spec.abs_tol, spec.rel_tol), (None, Some(0.5)));
        assert!(default_validator_spec(&f("float_tolerance")).is_err());
        assert!(default_validator_spec(&f("ignore_case")).is_err());
    }
}
