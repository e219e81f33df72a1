//! `livejudge merge`: the grade documents of partitioned `grade` runs made one (see
//! `crate::merge`), written in every `--format` asked for (default json); a partition missing is
//! refused unless `--allow-partial`.

use std::path::{Path, PathBuf};

use crate::cli::{MergeArgs, Reveal};
use crate::exit::{Exit, Failure};
use crate::merge::{merge, missing_partitions, read};
use crate::report::document::withhold_hidden;
use crate::report::outputs::{GradeFormat, Plan};
use crate::settings::Settings;

pub fn run(settings: &Settings, args: &MergeArgs) -> Result<Exit, Failure> {
    let mut plan = Plan::new(&args.formats, args.output.as_deref(), GradeFormat::Json)
        .map_err(Failure::usage)?;
    plan.quiet = settings.quiet;
    refuse_a_file_twice(&args.files).map_err(Failure::usage)?;
    let documents = args
        .files
        .iter()
        .map(|file| read(file).map(|doc| (file.as_path(), doc)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(Failure::usage)?;
    let mut merged = merge(&documents).map_err(Failure::usage)?;
    if let Some(missing) = missing_partitions(&documents) {
        if !args.allow_partial {
            return Err(Failure::usage(format!(
                "error: {missing}: merge every partition's document, or pass --allow-partial to merge what there is"
            )));
        }
        eprintln!("warning: {missing}: the merged results are incomplete (--allow-partial)");
    }
    if let Some(run) = &mut merged.run {
        run.reveal = args.reveal.name().into();
    }
    if args.reveal == Reveal::None {
        merged.results.iter_mut().for_each(withhold_hidden);
    }
    if args.no_timings {
        merged.drop_timings();
    }
    plan.write(&merged, settings.color, false)
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
