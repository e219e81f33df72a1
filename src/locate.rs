//! Finding challenges: a CHALLENGE argument is a path (a folder, a challenge.toml) or an id
//! looked up in the challenge path (`--challenges`, then `$LIVEJUDGE_PATH`, then ./challenges,
//! then the catalog built into the binary).

use std::io;
use std::path::{Path, PathBuf};

/// Why a CHALLENGE argument names no challenge.
#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error(
        "{argument} is a file, not a challenge: give a challenge id, a challenge folder, its challenge.toml or a Kattis package folder (a solution comes after the challenge: `livejudge test CHALLENGE SOLUTION`)"
    )]
    NotADefinition { argument: String },
    #[error("cannot write out the built-in challenge `{argument}`: {error}")]
    WriteOut { argument: String, error: io::Error },
    #[error("{argument} is a folder without challenge.toml or problem.yaml")]
    FolderWithoutDefinition { argument: String },
    #[error(
        "no challenge at {argument}: no such file or folder (an id is lowercase letters, digits and `-`; see `livejudge list`)"
    )]
    NoSuchPath { argument: String },
    /// `suggestion` is empty or `did you mean `ID`? `; `folder` empty or why ./ARGUMENT is not it.
    #[error(
        "no challenge `{argument}`: {suggestion}not an id in {searched} or the built-in catalog ({catalog}){folder}; pass the challenge folder's path, or its folder with --challenges DIR"
    )]
    Unknown {
        argument: String,
        suggestion: String,
        searched: String,
        catalog: String,
        folder: String,
    },
}

/// Callers show the message as a usage error.
impl From<FindError> for String {
    fn from(error: FindError) -> String {
        error.to_string()
    }
}

/// The folders searched for challenge ids, in order.
pub fn challenge_path(flags: &[PathBuf]) -> Vec<PathBuf> {
    let mut path: Vec<PathBuf> = flags.to_vec();
    if let Some(var) = std::env::var_os("LIVEJUDGE_PATH") {
        path.extend(std::env::split_paths(&var).filter(|p| !p.as_os_str().is_empty()));
    }
    path.push(PathBuf::from("challenges"));
    path
}

/// True when `dir` holds a challenge definition.
pub fn is_challenge(dir: &Path) -> bool {
    dir.join("challenge.toml").is_file() || dir.join("problem.yaml").is_file()
}

/// Resolves a CHALLENGE argument to the folder (or file) to load.
pub fn find(argument: &str, flags: &[PathBuf]) -> Result<PathBuf, FindError> {
    let as_path = Path::new(argument);
    if as_path.is_file() {
        // A definition file; anything else is most often a solution given first.
        let name = as_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        if name
            .as_deref()
            .is_some_and(|n| n.ends_with(".toml") || n == "problem.yaml")
        {
            return Ok(as_path.to_path_buf());
        }
        return Err(FindError::NotADefinition {
            argument: argument.to_string(),
        });
    }
    if as_path.is_dir() && is_challenge(as_path) {
        return Ok(as_path.to_path_buf());
    }
    let looks_like_id = !argument.is_empty()
        && argument
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if looks_like_id {
        for dir in challenge_path(flags) {
            let candidate = dir.join(argument);
            if is_challenge(&candidate) {
                return Ok(candidate);
            }
            // A folder of the path that is itself a challenge (`--challenges ./greet`), as
            // `list` shows it.
            if is_challenge(&dir) && dir.file_name().is_some_and(|name| name == argument) {
                return Ok(dir);
            }
        }
        if let Some(built_in) = crate::catalog::folder(argument) {
            return built_in.map_err(|error| FindError::WriteOut {
                argument: argument.to_string(),
                error,
            });
        }
    }
    if as_path.is_dir() && !looks_like_id {
        return Err(FindError::FolderWithoutDefinition {
            argument: argument.to_string(),
        });
    }
    if !looks_like_id && !as_path.exists() {
        return Err(FindError::NoSuchPath {
            argument: argument.to_string(),
        });
    }
    let searched: Vec<String> = challenge_path(flags)
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let folder = if as_path.is_dir() {
        // Most often the workspace `start` wrote: the id is what was meant.
        format!(" (./{argument} is a folder, but holds no challenge.toml or problem.yaml)")
    } else {
        String::new()
    };
    let suggestion = if looks_like_id {
        did_you_mean(argument, flags)
            .map(|id| format!("did you mean `{id}`? "))
            .unwrap_or_default()
    } else {
        String::new()
    };
    Err(FindError::Unknown {
        argument: argument.to_string(),
        suggestion,
        searched: searched.join(", "),
        catalog: crate::catalog::ids().join(", "),
        folder,
    })
}

/// The known id closest to a misspelt one: the challenge folders of the challenge path and
/// the built-in catalog.
pub fn did_you_mean(argument: &str, flags: &[PathBuf]) -> Option<String> {
    let mut known: Vec<String> = crate::catalog::ids()
        .iter()
        .map(|id| id.to_string())
        .collect();
    for dir in challenge_path(flags) {
        for found in challenges_under(&dir) {
            if let Some(name) = found.file_name() {
                known.push(name.to_string_lossy().into_owned());
            }
        }
    }
    // As `schema::closest` judges a typo, on ids as they are (it normalises `-` for keys).
    known
        .into_iter()
        .map(|id| {
            let distance = strsim::damerau_levenshtein(argument, &id);
            let similarity = strsim::jaro_winkler(argument, &id);
            (id, distance, similarity)
        })
        .filter(|(id, distance, similarity)| {
            *distance <= (id.len() / 3).max(1) || *similarity >= 0.88
        })
        .max_by(|a, b| a.2.total_cmp(&b.2))
        .map(|(id, _, _)| id)
}

/// Every challenge folder under `root`: `root` itself, or its children one level down.
pub fn challenges_under(root: &Path) -> Vec<PathBuf> {
    if root.is_file() || is_challenge(root) {
        return vec![root.to_path_buf()];
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir(root)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir() && is_challenge(p))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_challenge_folder_given_as_challenges_dir_is_found_by_id() {
        let dir = tempfile::tempdir().unwrap();
        let greet = dir.path().join("greet");
        std::fs::create_dir_all(&greet).unwrap();
        std::fs::write(greet.join("challenge.toml"), "id = \"greet\"\n").unwrap();
        assert_eq!(find("greet", std::slice::from_ref(&greet)).unwrap(), greet);
        assert_eq!(find("greet", &[dir.path().to_path_buf()]).unwrap(), greet);
        assert!(find("other", std::slice::from_ref(&greet)).is_err());
        let typo = find("greeet", &[dir.path().to_path_buf()])
            .unwrap_err()
            .to_string();
        assert!(typo.contains("did you mean `greet`?"), "{typo}");
        // A file is a challenge only as its definition.
        let toml = greet.join("challenge.toml");
        assert_eq!(find(toml.to_str().unwrap(), &[]).unwrap(), toml);
        let script = greet.join("greet.sh");
        std::fs::write(&script, "echo\n").unwrap();
        let error = find(script.to_str().unwrap(), &[]).unwrap_err().to_string();
        assert!(error.contains("is a file, not a challenge"), "{error}");
    }
}
