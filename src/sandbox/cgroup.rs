//! cgroups for runs: which kind this machine offers (a delegated cgroup v2 subtree, or cgroup v1
//! as root) and one interface over a zygote's cgroups, whichever kind they are, for the
//! supervisor: limits before a run, CPU during it, usage and teardown after it.

pub mod v1;
pub mod v2;

use std::io;

pub use v2::SpawnTarget;

/// Makes the cgroup folder `folder`, or reuses it when it exists.
pub(crate) fn make_folder(folder: &std::path::Path) -> io::Result<()> {
    match std::fs::create_dir(folder) {
        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(e),
        _ => Ok(()),
    }
}

/// Removes one (empty) cgroup folder, waiting briefly while the kernel still counts exited
/// processes in it.
pub(crate) fn remove_folder(folder: &std::path::Path) {
    for _ in 0..50 {
        match std::fs::remove_dir(folder) {
            Err(e) if e.raw_os_error() == Some(libc::EBUSY) => {
                std::thread::sleep(std::time::Duration::from_millis(2))
            }
            _ => break,
        }
    }
}

/// What a run's cgroup measured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// CPU time of every process that ran in the cgroup, killed ones included.
    pub cpu_ns: Option<u64>,
    /// Peak memory charged to the cgroup.
    pub peak_memory: Option<u64>,
    /// The memory limit was hit (an allocation failed or the OOM killer ran).
    pub memory_limit_hit: bool,
}

/// Counters a run starts from (cgroup v2 counters cannot be reset; v1's are, before each run).
#[derive(Debug, Clone, Copy)]
pub enum Baseline {
    /// `zygote_cpu_ns`: the zygote's own CPU time when the run's count started. In v1 the
    /// zygote sits in its runs' cgroup, so what it spends while a run runs (waking to check on
    /// it) is taken back out of the run's CPU time.
    V1 {
        oom_kills: u64,
        zygote_cpu_ns: u64,
    },
    V2(v2::CounterBaseline),
}

/// This process's own CPU time, in nanoseconds (0 if the clock cannot be read).
fn own_cpu_ns() -> u64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime into a local struct.
    if unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) } != 0 {
        return 0;
    }
    (now.tv_sec as u64).saturating_mul(1_000_000_000) + now.tv_nsec as u64
}

/// `counted` (a v1 cgroup's CPU time since the run's start) less what the zygote itself spent
/// since then.
fn less_the_zygotes(counted: u64, zygote_cpu_ns: u64) -> u64 {
    counted.saturating_sub(own_cpu_ns().saturating_sub(zygote_cpu_ns))
}

/// The cgroups of one zygote.
#[derive(Debug)]
pub enum ZygoteCgroup {
    /// cgroup v1: the zygote sits in its runs' cgroups.
    V1(v1::RunCgroup),
    /// cgroup v2: the zygote's own cgroup and its runs' one, side by side.
    V2(v2::RunCgroups),
}

impl ZygoteCgroup {
    /// The cgroup bounds the run's memory as a whole (no address-space rlimit needed).
    pub fn limits_memory(&self) -> bool {
        match self {
            ZygoteCgroup::V1(_) => true,
            ZygoteCgroup::V2(c) => c.limits_memory(),
        }
    }

    /// The cgroup bounds the run's processes as a whole (no RLIMIT_NPROC needed).
    pub fn limits_processes(&self) -> bool {
        match self {
            ZygoteCgroup::V1(_) => true,
            ZygoteCgroup::V2(c) => c.limits_processes(),
        }
    }

    /// Sets one run's limits: `processes` of its own (plus `zygotes`, the zygote's processes,
    /// where they share the cgroup) and `memory` bytes.
    pub fn prepare_run(&self, processes: u32, zygotes: u32, memory: u64) -> io::Result<Baseline> {
        match self {
            ZygoteCgroup::V1(c) => {
                let oom_kills = c.prepare_run(processes.saturating_add(zygotes), memory)?;
                Ok(Baseline::V1 {
                    oom_kills,
                    zygote_cpu_ns: own_cpu_ns(),
                })
            }
            ZygoteCgroup::V2(c) => c.prepare_run(processes, memory).map(Baseline::V2),
        }
    }

    /// CPU time of the run so far, in nanoseconds.
    pub fn cpu_ns(&self, baseline: &Baseline) -> Option<u64> {
        match (self, baseline) {
            (ZygoteCgroup::V1(c), Baseline::V1 { zygote_cpu_ns, .. }) => c
                .cpu_ns()
                .map(|counted| less_the_zygotes(counted, *zygote_cpu_ns)),
            (ZygoteCgroup::V1(_), _) => None,
            (ZygoteCgroup::V2(c), Baseline::V2(b)) => c.cpu_ns(b),
            (ZygoteCgroup::V2(_), _) => None,
        }
    }

    /// What the run measured.
    pub fn usage(&self, baseline: &Baseline) -> Usage {
        match (self, baseline) {
            (
                ZygoteCgroup::V1(c),
                Baseline::V1 {
                    oom_kills,
                    zygote_cpu_ns,
                },
            ) => {
                let usage = c.usage(*oom_kills);
                Usage {
                    cpu_ns: usage
                        .cpu_ns
                        .map(|counted| less_the_zygotes(counted, *zygote_cpu_ns)),
                    ..usage
                }
            }
            (ZygoteCgroup::V2(c), Baseline::V2(b)) => c.usage(b),
            _ => Usage::default(),
        }
    }

    /// Kills every process of the run at once, when the kind of cgroup allows it without
    /// killing the zygote (v2 with `cgroup.kill`).
    pub fn kill_run(&self) -> bool {
        match self {
            ZygoteCgroup::V1(_) => false,
            ZygoteCgroup::V2(c) => c.kill(),
        }
    }

    /// Where a run is started, for v2 (a v1 run is born in the zygote's cgroups).
    pub fn spawn_target(&self) -> Option<SpawnTarget> {
        match self {
            ZygoteCgroup::V1(_) => None,
            ZygoteCgroup::V2(c) => c.spawn_target(),
        }
    }

    /// The folders the zygote writes in while it serves runs (kept writable in its runs' mount
    /// namespace): v1, its cgroup in each hierarchy; v2, the judge's base folder, where fresh
    /// runs' cgroups are made.
    pub fn folders(&self) -> Vec<std::path::PathBuf> {
        match self {
            ZygoteCgroup::V1(c) => c.folders(),
            ZygoteCgroup::V2(c) => vec![c.base().to_path_buf()],
        }
    }

    /// Moves the calling process (the zygote) into its own cgroup.
    pub fn join(&self) -> io::Result<()> {
        match self {
            ZygoteCgroup::V1(c) => c.join(),
            ZygoteCgroup::V2(c) => c.join(),
        }
    }

    /// Each run has a cgroup of its own, apart from the zygote (v2): every process in it is
    /// the run's.
    pub fn runs_apart(&self) -> bool {
        matches!(self, ZygoteCgroup::V2(_))
    }

    /// Removes what the zygote itself can remove when it exits.
    pub fn remove(&self) {
        match self {
            ZygoteCgroup::V1(c) => c.remove(),
            ZygoteCgroup::V2(c) => c.remove_runs(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_zygotes_own_cpu_time_is_taken_out_of_the_runs() {
        let start = own_cpu_ns();
        // Spend at least 5 ms of this process's CPU, as a zygote waking during a run would.
        let mut spin = 0u64;
        while own_cpu_ns().saturating_sub(start) < 5_000_000 {
            spin = std::hint::black_box(spin.wrapping_add(1));
        }
        let counted = 1_000_000_000;
        assert!(less_the_zygotes(counted, start) <= counted - 5_000_000);
        assert_eq!(less_the_zygotes(1_000, start), 0, "never below nothing");
    }
}
