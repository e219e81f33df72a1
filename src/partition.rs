//! `--partition K/N`: which submissions the K-th of N CI jobs grades. Submissions are ordered by
//! the bytes of their path (as given, without `./` parts), and slice K takes positions
//! K-1, K-1+N, K-1+2N, … — the same on every machine and every run, and balanced to one
//! submission (docs/ci.md).

use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

/// The K-th (1-based) of N slices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    pub index: usize,
    pub count: usize,
}

impl FromStr for Partition {
    type Err = String;

    fn from_str(text: &str) -> Result<Partition, String> {
        let usage = || {
            format!(
                "`{text}` is not K/N: give the slice and the number of slices, 1 ≤ K ≤ N (e.g. 2/4)"
            )
        };
        let (k, n) = text.split_once('/').ok_or_else(usage)?;
        let k: usize = k.trim().parse().map_err(|_| usage())?;
        let n: usize = n.trim().parse().map_err(|_| usage())?;
        if n == 0 {
            return Err(format!("`{text}`: N must be at least 1"));
        }
        if k == 0 || k > n {
            return Err(format!(
                "`{text}`: K must be between 1 and {n} (slices count from 1)"
            ));
        }
        Ok(Partition { index: k, count: n })
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Partition {
    /// Whether the submission at `position` (0-based, in path order) is in this slice.
    pub fn takes(&self, position: usize) -> bool {
        position % self.count == self.index - 1
    }

    /// This slice of `paths`, which are sorted and deduplicated first (`sort_paths`).
    pub fn select(&self, paths: Vec<PathBuf>) -> Vec<PathBuf> {
        sort_paths(paths)
            .into_iter()
            .enumerate()
            .filter(|(i, _)| self.takes(*i))
            .map(|(_, p)| p)
            .collect()
    }
}

/// `path` without `.` components (`./subs/a.py` → `subs/a.py`), so a path is named one way.
pub fn normalise(path: &Path) -> PathBuf {
    let clean: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if clean.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        clean
    }
}

/// `paths` normalised, in byte order of their path, without duplicates: the order of a grade
/// document's results and of partitioning.
pub fn sort_paths(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    let mut paths: Vec<PathBuf> = paths.iter().map(|p| normalise(p)).collect();
    paths.sort_by(|a, b| a.as_os_str().as_bytes().cmp(b.as_os_str().as_bytes()));
    paths.dedup();
    // One submission named two ways (`subs/a.sh` and `/abs/subs/a.sh`) is graded once, under
    // its first spelling in path order.
    let mut seen = std::collections::HashSet::new();
    paths.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_named_two_ways_is_kept_once() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.sh");
        std::fs::write(&file, "echo\n").unwrap();
        let other = dir.path().join("b.sh");
        std::fs::write(&other, "echo\n").unwrap();
        // The same file through a link to its folder.
        std::os::unix::fs::symlink(dir.path(), dir.path().join("here")).unwrap();
        let spelled = dir.path().join("here/a.sh");
        let kept = sort_paths(vec![spelled, other.clone(), file.clone()]);
        assert_eq!(kept.len(), 2, "{kept:?}");
        assert!(kept.contains(&other));
    }

    #[test]
    fn parses_k_of_n() {
        assert_eq!(
            "2/4".parse::<Partition>(),
            Ok(Partition { index: 2, count: 4 })
        );
        assert_eq!(
            "1/1".parse::<Partition>().map(|p| p.to_string()),
            Ok("1/1".into())
        );
        for bad in ["0/4", "5/4", "1/0", "a/b", "3", "", "-1/2", "1/2/3"] {
            let error = bad.parse::<Partition>().unwrap_err();
            assert!(error.contains(bad), "{bad}: {error}");
        }
    }

    #[test]
    fn slices_cover_every_path_once() {
        let paths: Vec<PathBuf> = ["e.py", "./a.sh", "c/", "b.c", "d", "f.rb", "g"]
            .iter()
            .map(PathBuf::from)
            .collect();
        for n in 1..=9 {
            let mut seen: Vec<PathBuf> = Vec::new();
            let mut sizes = Vec::new();
            for k in 1..=n {
                let slice = Partition { index: k, count: n }.select(paths.clone());
                sizes.push(slice.len());
                seen.extend(slice);
            }
            assert_eq!(sort_paths(seen), sort_paths(paths.clone()), "N = {n}");
            let (min, max) = (sizes.iter().min(), sizes.iter().max());
            assert!(max.zip(min).is_some_and(|(a, b)| a - b <= 1), "{sizes:?}");
        }
    }

    #[test]
    fn order_does_not_depend_on_input_order() {
        let one = vec![PathBuf::from("b"), PathBuf::from("a"), PathBuf::from("./c")];
        let two = vec![PathBuf::from("c"), PathBuf::from("b"), PathBuf::from("a")];
        let p = Partition { index: 2, count: 2 };
        assert_eq!(p.select(one), p.select(two));
        assert_eq!(
            sort_paths(vec!["B".into(), "a".into(), "a".into(), "Z".into()]),
            [PathBuf::from("B"), "Z".into(), "a".into()],
            "byte order, duplicates once"
        );
    }
}
