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

/// Why a `--partition` value is not K/N.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartitionError {
    #[error("`{0}` is not K/N: give the slice and the number of slices, 1 ≤ K ≤ N (e.g. 2/4)")]
    NotKOfN(String),
    #[error("`{0}`: N must be at least 1")]
    NoSlice(String),
    #[error("`{text}`: K must be between 1 and {count} (slices count from 1)")]
    OutOfRange { text: String, count: usize },
}

impl FromStr for Partition {
    type Err = PartitionError;

    fn from_str(text: &str) -> Result<Partition, PartitionError> {
        let usage = || PartitionError::NotKOfN(text.to_string());
        let (k, n) = text.split_once('/').ok_or_else(usage)?;
        let k: usize = k.trim().parse().map_err(|_| usage())?;
        let n: usize = n.trim().parse().map_err(|_| usage())?;
        if n == 0 {
            return Err(PartitionError::NoSlice(text.to_string()));
        }
        if k == 0 || k > n {
            return Err(PartitionError::OutOfRange {
                text: text.to_string(),
                count: n,
            });
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

    /// The positions (0-based, in the order of `costs`) this slice takes when slices are
    /// balanced by expected cost (`--balance`): longest first, each to the slice with the least
    /// cost so far (the lowest K on a tie; equal costs keep their order). `None` is an unknown
    /// cost, taken as the median of the known ones. Nothing but the costs and the order decide,
    /// so every job of a matrix agrees without talking to the others.
    pub fn balanced(&self, costs: &[Option<f64>]) -> Vec<usize> {
        let mut known: Vec<f64> = costs.iter().flatten().copied().collect();
        known.sort_by(f64::total_cmp);
        let typical = known.get(known.len() / 2).copied().unwrap_or(1.0);
        let cost = |i: usize| costs[i].unwrap_or(typical).max(0.0);
        let mut order: Vec<usize> = (0..costs.len()).collect();
        order.sort_by(|a, b| cost(*b).total_cmp(&cost(*a)).then(a.cmp(b)));
        let mut load = vec![0.0f64; self.count];
        let mut taken = Vec::new();
        for i in order {
            let slice = (0..self.count)
                .min_by(|a, b| load[*a].total_cmp(&load[*b]).then(a.cmp(b)))
                .unwrap_or(0);
            load[slice] += cost(i);
            if slice == self.index - 1 {
                taken.push(i);
            }
        }
        taken.sort_unstable();
        taken
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
    // A file inside a folder that is itself a submission (`s2/carol s2/carol/top_ips.sh`) is
    // part of that submission, not another one.
    let folders: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.is_dir())
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    paths.retain(|p| {
        let real = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
        let inside = folders.iter().find(|f| real != **f && real.starts_with(f));
        if let Some(folder) = inside {
            eprintln!(
                "note: {} is part of the submission {}: graded once, as that folder",
                crate::escape::neutralise_line(&p.display().to_string()),
                crate::escape::neutralise_line(&folder.display().to_string())
            );
        }
        inside.is_none()
    });
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
    fn a_file_inside_a_submission_folder_is_that_submission() {
        let dir = tempfile::tempdir().unwrap();
        let carol = dir.path().join("s2/carol");
        std::fs::create_dir_all(&carol).unwrap();
        std::fs::write(carol.join("top_ips.sh"), "echo\n").unwrap();
        let kept = sort_paths(vec![carol.join("top_ips.sh"), carol.clone(), carol.clone()]);
        assert_eq!(kept, [carol]);
    }

    #[test]
    fn balanced_slices_even_out_costs_and_cover_everything() {
        // One slow submission and many quick ones: the slow one gets a slice of its own.
        let costs: Vec<Option<f64>> = [20.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
            .into_iter()
            .map(Some)
            .collect();
        let slices: Vec<Vec<usize>> = (1..=2)
            .map(|k| Partition { index: k, count: 2 }.balanced(&costs))
            .collect();
        assert_eq!(slices[0], [0]);
        assert_eq!(slices[1], (1..10).collect::<Vec<_>>());
        // Unknown costs count as the median; every position is in exactly one slice.
        let costs = [Some(5.0), None, Some(1.0), None, Some(3.0), Some(3.0), None];
        for n in 1..=4 {
            let mut all: Vec<usize> = (1..=n)
                .flat_map(|k| Partition { index: k, count: n }.balanced(&costs))
                .collect();
            all.sort_unstable();
            assert_eq!(all, (0..costs.len()).collect::<Vec<_>>(), "N = {n}");
        }
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
            let error = bad.parse::<Partition>().unwrap_err().to_string();
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
