//! cgroup v2 exercised for real: where the test process sits in a writable cgroup v2 folder (as
//! root on this machine kind, the hybrid hierarchy's unified root, which offers neither the memory
//! nor the pids controller), `LIVEJUDGE_CGROUP=v2` makes the judge use it anyway, so the parts
//! that need no controller run against the kernel: the judge's base folder, per-zygote cgroups,
//! runs born into their own cgroup (`clone3(CLONE_INTO_CGROUP)`), `cgroup.kill` teardown and CPU
//! time from `cpu.stat`. The memory and pids files are covered on fake trees by the unit tests
//! of `sandbox::cgroup::v2`. Elsewhere these tests say why they did not run and pass (fail with
//! `LIVEJUDGE_REQUIRE_SANDBOX=1`, see `support::skip`).

mod support;

use std::path::PathBuf;

use support::Case;

/// This process's cgroup v2 folder when the judge could manage it, or why not.
fn writable_v2_folder() -> Result<PathBuf, String> {
    let cgroup = std::fs::read_to_string("/proc/self/cgroup").map_err(|e| e.to_string())?;
    let relative = cgroup
        .lines()
        .find_map(|l| l.strip_prefix("0::"))
        .ok_or("no cgroup v2 hierarchy")?;
    let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").map_err(|e| e.to_string())?;
    let mount = mountinfo
        .lines()
        .find_map(|line| {
            let (left, right) = line.split_once(" - ")?;
            (right.split_whitespace().next()? == "cgroup2")
                .then(|| left.split_whitespace().nth(4).map(PathBuf::from))?
        })
        .ok_or("cgroup v2 is not mounted")?;
    let folder = mount.join(relative.trim_start_matches('/'));
    // Only the hierarchy's root may hold other processes and still host the judge's folders.
    if folder != mount {
        return Err(format!(
            "{} is not the hierarchy's root (the judge would refuse to share it)",
            folder.display()
        ));
    }
    rustix::fs::access(&folder, rustix::fs::Access::WRITE_OK)
        .map_err(|e| format!("{} is not writable: {e}", folder.display()))?;
    Ok(folder)
}

/// Skips (by returning None, see `support::skip`) where cgroup v2 cannot be exercised.
fn v2_here() -> Option<PathBuf> {
    match writable_v2_folder() {
        Ok(folder) => Some(folder),
        Err(why) => {
            support::skip(format!("cgroup v2 cannot be exercised here: {why}"));
            None
        }
    }
}

/// Three tests on one worker: the first leaves a daemon behind; the next two fail if they can
/// still see it (and would be killed at birth if the killed cgroup were reused: see
/// `RunCgroups::renew`).
fn daemon_case(token: &str) -> Case {
    let body = "[[test]]\nname = \"a\"\nargs = [\"a\"]\nstdout = \"\"\n\
                [[test]]\nname = \"b\"\nargs = [\"b\"]\nstdout = \"clean\\n\"\n\
                [[test]]\nname = \"c\"\nargs = [\"c\"]\nstdout = \"clean\\n\"\n";
    let solution = format!(
        "if [ \"$1\" = a ]; then setsid sh -c 'sleep {token} & exit 0' & sleep 0.2; exit 0; fi\n\
         for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < \"$f\" 2>/dev/null | grep -q 'sleep {token}' && {{ echo alive; exit 0; }}; done\n\
         echo clean\n"
    );
    Case::new(&format!(
        "id = \"demo\"\ntitle = \"Demo\"\ncategory = \"scripting\"\ndifficulty = \"easy\"\nentry = \"solve\"\n{body}"
    ))
    .solution("solve.sh", &solution)
    .args(&["--all", "-j", "1"])
    .env("LIVEJUDGE_CGROUP", "v2")
}

#[test]
fn a_daemon_is_killed_with_its_cgroup_and_the_next_runs_start_clean() {
    let Some(_) = v2_here() else { return };
    for (skip, salt) in [("", 1), ("namespaces", 2)] {
        // Without namespaces the teardown is `cgroup.kill` alone (no PID namespace to end).
        let token = format!("{}.{salt}31", 700_000 + std::process::id() % 1000);
        let r = daemon_case(&token)
            .env("LIVEJUDGE_SKIP_LAYERS", skip)
            .judge();
        assert_eq!(r.verdicts(), ["AC", "AC", "AC"], "skip={skip}: {}", r.json);
        assert!(
            r.json["sandbox"]["layers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l == "cgroup"),
            "{}",
            r.json
        );
        assert!(
            support::processes_with(&format!("sleep {token}")).is_empty(),
            "the daemon survived (skip={skip})"
        );
    }
}

#[test]
fn cpu_time_of_every_process_comes_from_the_cgroup() {
    let Some(_) = v2_here() else { return };
    // A busy background process that the teardown kills: the judge never reaps it before, so
    // only the cgroup can count its CPU time (the processes it reaps use a few milliseconds).
    let r = Case::new(
        "id = \"demo\"\ntitle = \"Demo\"\ncategory = \"scripting\"\ndifficulty = \"easy\"\nentry = \"solve\"\n\
         [[test]]\nname = \"t\"\nstdout = \"42\\n\"\n",
    )
    .solution(
        "solve.sh",
        "( while :; do :; done ) &\nsleep 1\necho 42\n",
    )
    .env("LIVEJUDGE_CGROUP", "v2")
    .judge();
    assert_eq!(r.verdicts(), ["AC"], "{}", r.json);
    let cpu = r.test(0)["cpu_ms"].as_f64().unwrap_or(0.0);
    assert!(
        cpu > 100.0,
        "a second of busy loop reported {cpu} ms of CPU"
    );
}

#[test]
fn doctor_reports_cgroup_v2_and_the_judge_removes_its_folder() {
    let Some(folder) = v2_here() else { return };
    let child = std::process::Command::new(support::bin())
        .arg("doctor")
        .env("LIVEJUDGE_CGROUP", "v2")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("cgroup"))
        .unwrap_or_default();
    assert!(line.contains("active — cgroup v2 under"), "{text}");
    assert!(line.contains(&format!("livejudge-{pid}")), "{text}");
    assert!(
        !folder.join(format!("livejudge-{pid}")).exists(),
        "the judge left its cgroup folder behind"
    );
}

#[test]
fn by_default_a_hybrid_machine_keeps_cgroup_v1_and_v1_can_be_chosen() {
    let Some(_) = v2_here() else { return };
    for choice in ["", "v1"] {
        let out = std::process::Command::new(support::bin())
            .arg("doctor")
            .env("LIVEJUDGE_CGROUP", choice)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with("cgroup"))
            .unwrap_or_default();
        // A machine whose cgroup v2 lacks the controllers never uses it unless forced.
        let offers_controllers = std::fs::read_to_string("/sys/fs/cgroup/cgroup.controllers")
            .or_else(|_| std::fs::read_to_string("/sys/fs/cgroup/unified/cgroup.controllers"))
            .is_ok_and(|c| c.contains("memory") && c.contains("pids"));
        if choice == "v1" || !offers_controllers {
            assert!(!line.contains("cgroup v2"), "choice {choice:?}: {text}");
        }
    }
}
