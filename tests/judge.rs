//! End-to-end: real challenges and real solutions through the `livejudge` binary, one test per
//! verdict, comparator and expectation kind, plus teardown and definition errors.

mod support;

use std::time::{Duration, Instant};

use support::{Case, Judged};

const HEADER: &str = r#"
id = "demo"
title = "Demo"
category = "scripting"
difficulty = "easy"
entry = "solve"
"#;

fn challenge(body: &str) -> Case {
    Case::new(&format!("{HEADER}{body}"))
}

/// `case` judged by a livejudge started from a process that `started` changed first, as a
/// launcher would (`nohup`, `umask`, `ulimit`, `chrt`…). `started` runs between fork and exec:
/// async-signal-safe calls only.
fn judged_as_started(case: &Case, mut started: impl FnMut() + Send + Sync + 'static) -> Judged {
    use std::os::unix::process::CommandExt;
    let mut command = case.json_command();
    // SAFETY: `started` makes only async-signal-safe calls (see above).
    unsafe {
        command.pre_exec(move || {
            started();
            Ok(())
        });
    }
    Judged::parse(support::run(command))
}

#[test]
fn accepted() {
    let r = challenge("[[test]]\nname = \"t\"\nstdout = \"hi\\n\"\n")
        .solution("solve.sh", "echo hi\n")
        .judge();
    r.assert_code(0);
    assert_eq!(r.verdicts(), ["AC"]);
    assert_eq!(r.json["score"], 1);
}

#[test]
fn wrong_answer_has_message_and_diff() {
    let r = challenge("[[test]]\nname = \"t\"\nstdout = \"a\\nb\\n\"\n")
        .solution("solve.sh", "printf 'a\\nc\\n'\n")
        .judge();
    r.assert_code(1);
    let t = r.test(0);
    assert_eq!(t["verdict"], "WA");
    assert_eq!(t["detail"], "stdout");
    assert!(t["message"].as_str().unwrap().contains("line 2"), "{t}");
    assert!(t["diff"].as_str().unwrap().contains("-b\n+c"), "{t}");
    assert_eq!(
        (t["line"].as_u64(), t["column"].as_u64()),
        (Some(2), Some(1)),
        "{t}"
    );
}

#[test]
fn time_limit_by_wall_clock_arrives_promptly() {
    let case = challenge("[limits]\ntime = \"1s\"\n[[test]]\nname = \"t\"\nstdout = \"\"\n")
        .solution("solve.sh", "sleep 30\n");
    let started = Instant::now();
    let r = case.judge();
    let elapsed = started.elapsed();
    r.assert_code(1);
    assert_eq!(r.test(0)["verdict"], "TLE");
    assert_eq!(r.test(0)["detail"], "wall");
    let wall = r.test(0)["wall_ms"].as_f64().unwrap();
    assert!(
        (1000.0..1300.0).contains(&wall),
        "verdict at {wall} ms for a 1 s limit"
    );
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
}

#[test]
fn time_limit_by_cpu() {
    let r = challenge(
        "[limits]\ntime = \"20s\"\ncpu = \"1s\"\n[[test]]\nname = \"t\"\nstdout = \"\"\n",
    )
    .solution("solve.sh", "while :; do :; done\n")
    .judge();
    assert_eq!(r.test(0)["verdict"], "TLE");
    assert_eq!(r.test(0)["detail"], "cpu");
}

#[test]
fn memory_limit() {
    let r = challenge("[limits]\nmemory = \"256MiB\"\n[[test]]\nname = \"t\"\nstdout = \"\"\n")
        .solution(
            "solve.py",
            "chunks = []\nwhile True:\n    chunks.append(bytearray(1 << 20))\n",
        )
        .judge();
    assert_eq!(r.test(0)["verdict"], "MLE", "{}", r.test(0));
}

#[test]
fn output_limit_on_stdout_and_stderr() {
    let body = "[limits]\noutput = \"64KiB\"\n[[test]]\nname = \"t\"\nstdout = \"\"\n";
    let r = challenge(body).solution("solve.sh", "yes\n").judge();
    assert_eq!(r.test(0)["verdict"], "OLE");
    assert_eq!(r.test(0)["detail"], "stdout");
    let r = challenge(body).solution("solve.sh", "yes >&2\n").judge();
    assert_eq!(r.test(0)["verdict"], "OLE");
    assert_eq!(r.test(0)["detail"], "stderr");
}

#[test]
fn output_limit_on_file_size() {
    let r = challenge("[limits]\nfile_size = \"1MiB\"\n[[test]]\nname = \"t\"\n")
        .solution("solve.sh", "head -c 10000000 /dev/zero > big\n")
        .judge();
    assert_eq!(r.test(0)["verdict"], "OLE", "{}", r.test(0));
    assert_eq!(r.test(0)["detail"], "file");
}

#[test]
fn a_file_larger_than_the_judge_reads_is_not_judged_on_its_beginning() {
    // The expected file is exactly as long as what the judge reads of a file (64 MiB); the run
    // writes it and one line more. Judged on what was read, the two would be equal.
    let body = "[limits]\nfile_size = \"80MiB\"\ndisk = \"80MiB\"\n[[test]]\nname = \"t\"\n\
                files = [{ path = \"out\", file = \"expected/out\", compare = \"exact\" }]\n";
    let r = challenge(body)
        .file("expected/out", &"a".repeat(64 << 20))
        .solution(
            "solve.sh",
            "head -c 67108864 /dev/zero | tr '\\0' a > out\necho extra >> out\n",
        )
        .judge();
    let t = r.test(0);
    assert_eq!(t["verdict"], "WA", "{t}");
    assert_eq!(t["detail"], "file out", "{t}");
    assert!(
        t["message"]
            .as_str()
            .unwrap()
            .contains("larger than the 64 MiB the judge reads"),
        "{t}"
    );
}

#[test]
fn a_run_starts_with_every_signal_at_its_default_however_the_judge_was_started() {
    // As under `nohup` or a launcher that ignores job control: ignoring survives exec.
    let case = challenge("[[test]]\nname = \"t\"\nstdout = \"0\\n\"\n").solution(
        "solve.sh",
        // Signals 1–31 only: glibc's posix_spawn leaves its internal 32 and 33 ignored in
        // whatever it starts, the judge's zygote included.
        "mask=$(awk '/^SigIgn/ { print $2 }' /proc/self/status)\necho $(( 0x$mask & 0x7fffffff ))\n",
    );
    let r = judged_as_started(&case, || {
        for sig in [libc::SIGHUP, libc::SIGUSR1, libc::SIGTSTP, libc::SIGTTOU] {
            // SAFETY: signal(2) on the process about to exec the judge.
            unsafe { libc::signal(sig, libc::SIG_IGN) };
        }
    });
    assert_eq!(r.verdicts(), ["AC"], "{}", r.test(0));
}

#[test]
fn a_run_creates_files_with_the_usual_umask_whatever_the_judges() {
    let case = challenge(
        "[[test]]\nname = \"t\"\nfiles = [{ path = \"out\", text = \"x\\n\", mode = \"0644\" }]\n",
    )
    .solution("solve.sh", "echo x > out\n");
    for judges in [0o077, 0o002] {
        // SAFETY: umask(2) on the process about to exec the judge.
        let r = judged_as_started(&case, move || unsafe {
            libc::umask(judges);
        });
        assert_eq!(
            r.verdicts(),
            ["AC"],
            "judge's umask {judges:03o}: {}",
            r.test(0)
        );
    }
}

#[test]
fn a_run_gets_the_usual_stack_limit_whatever_the_judges() {
    let mut hard = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit into a local struct.
    unsafe { libc::getrlimit(libc::RLIMIT_STACK, &mut hard) };
    if hard.rlim_max != libc::RLIM_INFINITY && !support::is_root() {
        return support::skip(
            "the stack's hard limit here is finite: cannot start an unlimited judge",
        );
    }
    let case = challenge("[[test]]\nname = \"t\"\nstdout = \"8192\\n\"\n")
        .solution("solve.sh", "ulimit -s\n");
    // As `ulimit -s unlimited` does.
    let r = judged_as_started(&case, || {
        let unlimited = libc::rlimit {
            rlim_cur: libc::RLIM_INFINITY,
            rlim_max: libc::RLIM_INFINITY,
        };
        // SAFETY: setrlimit(2) on the process about to exec the judge.
        unsafe { libc::setrlimit(libc::RLIMIT_STACK, &unlimited) };
    });
    assert_eq!(r.verdicts(), ["AC"], "{}", r.test(0));
}

#[test]
fn a_failure_near_the_memory_limit_is_a_crash_when_a_cgroup_says_the_limit_held() {
    // 56 MiB of a 64 MiB limit (past the 80% that, without a cgroup, is taken as the sign of
    // the limit), then a failing exit.
    let r = challenge("[limits]\nmemory = \"64MiB\"\n[[test]]\nname = \"t\"\n")
        .solution(
            "solve.py",
            "import sys\nx = bytearray(56 << 20)\nx[::4096] = b'1' * len(x[::4096])\nsys.exit(1)\n",
        )
        .judge();
    let layers = r.json["sandbox"]["layers"].as_array().unwrap();
    if !layers.iter().any(|l| l == "cgroup") {
        return support::skip("no cgroup counts a run's memory here");
    }
    assert_eq!(r.verdicts(), ["RTE"], "{}", r.test(0));
}

#[test]
fn a_run_gets_the_normal_scheduling_policy_not_a_real_time_one() {
    let lowest = libc::sched_param { sched_priority: 1 };
    // SAFETY: sched_getscheduler/sched_setscheduler on this test's thread, put back at once.
    let may = unsafe {
        let before = libc::sched_getscheduler(0);
        let fifo = libc::sched_setscheduler(0, libc::SCHED_FIFO, &lowest) == 0;
        let zero = libc::sched_param { sched_priority: 0 };
        libc::sched_setscheduler(0, before, &zero);
        fifo
    };
    if !may {
        return support::skip("this process may not take a real-time policy (CAP_SYS_NICE)");
    }
    // As under `chrt -f 1 livejudge …`: the solution reports its own policy (0: SCHED_OTHER).
    let case = challenge("[[test]]\nname = \"t\"\nstdout = \"0\\n\"\n").solution(
        "solve.sh",
        "awk '/^policy/ { print $3 }' /proc/self/sched\n",
    );
    let r = judged_as_started(&case, || {
        let fifo = libc::sched_param { sched_priority: 1 };
        // SAFETY: sched_setscheduler(2) on the process about to exec the judge.
        unsafe { libc::sched_setscheduler(0, libc::SCHED_FIFO, &fifo) };
    });
    assert_eq!(r.verdicts(), ["AC"], "{}", r.test(0));
}

#[test]
fn runtime_error_by_exit_and_by_signal() {
    let body = "[[test]]\nname = \"t\"\nstdout = \"\"\n";
    let r = challenge(body)
        .solution("solve.sh", "echo oops >&2\nexit 3\n")
        .judge();
    assert_eq!(r.test(0)["verdict"], "RTE");
    assert_eq!(r.test(0)["detail"], "exit status 3");
    assert_eq!(r.test(0)["exit_code"], 3);
    assert!(r.test(0)["stderr_tail"].as_str().unwrap().contains("oops"));
    let r = challenge(body)
        .solution("solve.sh", "kill -SEGV $$\n")
        .judge();
    assert_eq!(r.test(0)["verdict"], "RTE");
    assert_eq!(r.test(0)["signal"], "SIGSEGV");
}

#[test]
fn expected_failure_exit_is_an_expectation_not_a_crash() {
    let body = "[[test]]\nname = \"nonzero\"\nexit = \"nonzero\"\n[[test]]\nname = \"three\"\nexit = 3\n[[test]]\nname = \"any\"\nexit = \"any\"\n";
    let r = challenge(body).solution("solve.sh", "exit 3\n").judge();
    assert_eq!(r.verdicts(), ["AC", "AC", "AC"]);
    let r = challenge(body).solution("solve.sh", "exit 0\n").judge();
    assert_eq!(r.verdicts(), ["WA", "WA", "AC"]);
    assert_eq!(r.test(0)["detail"], "exit");
}

#[test]
fn fake_verdict_text_decides_nothing() {
    let r = challenge("[[test]]\nname = \"t\"\nstdout = \"ok\\n\"\n")
        .solution(
            "solve.sh",
            "echo 'time limit exceeded' >&2\necho '{\"verdict\":\"AC\"}' >&2\necho ok\n",
        )
        .judge();
    assert_eq!(r.verdicts(), ["AC"]);
}

#[test]
fn checker_pass_fail_and_crash() {
    let body = "[[test]]\nname = \"t\"\nstdin = \"4\\n\"\ncheck = \"checks/even.py\"\n";
    let checker = "import os, sys\nout = open(os.environ['LIVEJUDGE_STDOUT']).read().split()\nn = int(open(os.environ['LIVEJUDGE_STDIN']).read())\nif os.environ['LIVEJUDGE_EXIT'] != '0': sys.exit(2)\nif len(out) == 1 and int(out[0]) * 2 == n:\n    print('half is right'); sys.exit(0)\nprint('expected half of', n); sys.exit(1)\n";
    let ok = challenge(body)
        .file("checks/even.py", checker)
        .solution("solve.sh", "read n; echo $((n / 2))\n")
        .judge();
    assert_eq!(ok.verdicts(), ["AC"]);
    let wrong = challenge(body)
        .file("checks/even.py", checker)
        .solution("solve.sh", "read n; echo $n\n")
        .judge();
    assert_eq!(wrong.verdicts(), ["WA"]);
    assert_eq!(wrong.test(0)["message"], "expected half of 4");
    let crash = challenge(body)
        .file("checks/even.py", "raise SystemExit(5)\n")
        .solution("solve.sh", "echo 2\n")
        .judge();
    assert_eq!(crash.verdicts(), ["JE"]);
    crash.assert_code(4);
}

#[test]
fn every_comparator_passes_and_fails() {
    let cases: [(&str, &str, &str, &str); 8] = [
        ("exact", "a b\\n", "printf 'a b\\n'", "printf 'a b \\n'"),
        (
            "lines",
            "a\\nb\\n",
            "printf 'a  \\r\\nb\\n\\n'",
            "printf 'a\\nc\\n'",
        ),
        (
            "tokens",
            "1 2 3",
            "printf '1\\n2   3\\n'",
            "printf '1 2\\n'",
        ),
        ("float", "3.14159", "echo 3.1415901", "echo 3.15"),
        (
            "unordered",
            "x\\ny\\ny\\n",
            "printf 'y\\nx\\ny\\n'",
            "printf 'y\\nx\\nx\\n'",
        ),
        ("regex", "id=[0-9]+", "echo id=42", "echo id=42x"),
        ("contains", "needle", "echo hay needle hay", "echo hay"),
        (
            "json",
            "{\\\"a\\\": [1, 2], \\\"b\\\": true}",
            "echo '{\"b\":true,\"a\":[1.0,2]}'",
            "echo '{\"a\":[2,1],\"b\":true}'",
        ),
    ];
    for (name, expected, good, bad) in cases {
        let body = format!(
            "[[test]]\nname = \"t\"\nstdout = {{ text = \"{expected}\", compare = \"{name}\" }}\n"
        );
        let r = challenge(&body)
            .solution("solve.sh", &format!("{good}\n"))
            .judge();
        assert_eq!(r.verdicts(), ["AC"], "{name} should pass: {}", r.test(0));
        let r = challenge(&body)
            .solution("solve.sh", &format!("{bad}\n"))
            .judge();
        assert_eq!(r.verdicts(), ["WA"], "{name} should fail: {}", r.test(0));
    }
}

/// problemtools' case end to end: an answer of `\x81` bytes and an output of `\x82` bytes are
/// a wrong answer under every comparator (lossy decoding made both U+FFFD and passed them), and
/// the diff shows the bytes that differ.
#[test]
fn invalid_utf8_is_judged_on_its_bytes() {
    for name in ["exact", "lines", "tokens", "float", "unordered", "contains"] {
        let body = format!(
            "[[test]]\nname = \"t\"\nstdout = {{ file = \"tests/t.out\", compare = \"{name}\" }}\n"
        );
        let case = challenge(&body).solution("solve.sh", "printf 'x \\202\\202\\n'\n");
        std::fs::create_dir_all(case.dir().join("tests")).unwrap();
        std::fs::write(case.dir().join("tests/t.out"), b"x \x81\x81\n").unwrap();
        let r = case.judge();
        assert_eq!(r.verdicts(), ["WA"], "{name}: {}", r.test(0));
        let t = r.test(0);
        let message = t["message"].as_str().unwrap_or_default();
        // The message quotes the differing bytes (`contains` quotes only its needle).
        let shown = if name == "contains" { r"\x81" } else { r"\x82" };
        assert!(message.contains(shown), "{name}: {t}");
        if name != "contains" {
            let diff = t["diff"].as_str().unwrap_or_default();
            assert!(
                diff.contains("-x \\x81\\x81") && diff.contains("+x \\x82\\x82"),
                "{name}: {t}"
            );
        }
        // The same bytes on both sides pass.
        std::fs::write(case.dir().join("tests/t.out"), b"x \x82\x82\n").unwrap();
        assert_eq!(case.judge().verdicts(), ["AC"], "{name}");
    }
    let r = challenge(
        "[[test]]\nname = \"t\"\nstdout = { text = '(?-u:\\x81)+', compare = \"regex\" }\n",
    )
    .solution("solve.sh", "printf '\\202\\202\\n'\n")
    .judge();
    assert_eq!(r.verdicts(), ["WA"], "regex: {}", r.test(0));
    let r = challenge("[[test]]\nname = \"t\"\nstdout = { text = '\"x\"', compare = \"json\" }\n")
        .solution("solve.sh", "printf '\"\\202\"\\n'\n")
        .judge();
    assert_eq!(r.verdicts(), ["WA"], "json: {}", r.test(0));
    assert!(
        r.test(0)["message"]
            .as_str()
            .unwrap_or_default()
            .contains(r"not valid JSON: invalid UTF-8 (byte \x82) at line 1 column 2"),
        "{}",
        r.test(0)
    );
}

#[test]
fn inputs_reach_the_solution() {
    let body = r#"
[defaults]
env = { GREETING = "hello", SHARED = "defaults" }
[[test]]
name = "inline"
args = ["a b", "c"]
stdin = "line1\nline2\n"
env = { SHARED = "test" }
stdout = "hello test 2 a b|c line2\n"
[[test]]
name = "from-file"
stdin = { file = "tests/in.txt" }
stdout = { file = "tests/out.txt" }
"#;
    let r = challenge(body)
        .file("tests/in.txt", "x\ny\n")
        .file("tests/out.txt", "hello defaults 0 | y\n")
        .solution(
            "solve.sh",
            "last=''; while read -r l; do last=$l; done\necho \"$GREETING $SHARED $# $1|$2 $last\"\n",
        )
        .judge();
    assert_eq!(r.verdicts(), ["AC", "AC"], "{}", r.json);
}

#[test]
fn environment_is_cleared_and_fixed() {
    let r = challenge("[[test]]\nname = \"t\"\nstdout = { text = \"ok\", compare = \"contains\" }\n")
        .solution(
            "solve.sh",
            "[ \"$PATH\" = /usr/local/bin:/usr/bin:/bin ] || exit 11\n[ \"$HOME\" = \"$PWD\" ] || exit 12\n[ \"$LANG\" = C.UTF-8 ] || exit 13\n[ \"$TZ\" = UTC ] || exit 14\ncase \"$TMPDIR\" in \"$PWD\"/*) ;; *) exit 15;; esac\n[ -z \"$LIVEJUDGE_SECRET\" ] || exit 16\n[ -t 0 ] && exit 17\nls /proc/self/fd | grep -qvE '^(0|1|2|3)$' && { ls -l /proc/self/fd >&2; exit 18; }\necho ok\n",
        )
        .env("LIVEJUDGE_SECRET", "leak")
        .judge();
    assert_eq!(r.verdicts(), ["AC"], "{}", r.test(0));
}

#[test]
fn fixtures_are_layered_and_files_checked() {
    let body = r##"
[[test]]
name = "t"
fixtures = "tests/extra"
files = [
  { path = "out/report.txt", text = "base extra\n" },
  { path = "out/copy.txt", file = "tests/expected/copy.txt" },
  { path = "old.tmp", absent = true },
  { path = "run.sh", text = "#!/bin/sh\n", compare = "exact", mode = "0755" },
]
unchanged = ["keep/MANIFEST"]
"##;
    let solution = "mkdir -p out\necho \"$(cat base.txt) $(cat layer.txt)\" > out/report.txt\ncp layer.txt out/copy.txt\nrm -f old.tmp\nprintf '#!/bin/sh\\n' > run.sh\nchmod 755 run.sh\n";
    let case = || {
        challenge(body)
            .file("fixtures/base.txt", "base")
            .file("fixtures/layer.txt", "overridden")
            .file("fixtures/old.tmp", "junk")
            .file("fixtures/keep/MANIFEST", "v1\n")
            .file("tests/extra/layer.txt", "extra")
            .file("tests/expected/copy.txt", "extra")
    };
    let r = case().solution("solve.sh", solution).judge();
    assert_eq!(r.verdicts(), ["AC"], "{}", r.test(0));
    let r = case()
        .solution("solve.sh", &format!("{solution}echo v2 > keep/MANIFEST\n"))
        .judge();
    assert_eq!(r.test(0)["detail"], "unchanged keep/MANIFEST");
    let r = case()
        .solution("solve.sh", &solution.replace("rm -f old.tmp\n", ""))
        .judge();
    assert_eq!(r.test(0)["detail"], "file old.tmp");
    let r = case()
        .solution("solve.sh", &solution.replace("chmod 755", "chmod 700"))
        .judge();
    assert!(
        r.test(0)["message"].as_str().unwrap().contains("mode 0755"),
        "{}",
        r.test(0)
    );
}

#[test]
fn stderr_expectation() {
    let body = "[[test]]\nname = \"t\"\nexit = 2\nstderr = { text = \"usage:\", compare = \"contains\" }\n";
    let r = challenge(body)
        .solution("solve.sh", "echo 'usage: solve N' >&2; exit 2\n")
        .judge();
    assert_eq!(r.verdicts(), ["AC"]);
    let r = challenge(body)
        .solution("solve.sh", "echo 'bad' >&2; exit 2\n")
        .judge();
    assert_eq!(r.test(0)["detail"], "stderr");
}

#[test]
fn solution_symlink_to_expected_output_is_not_followed() {
    let body = "[[test]]\nname = \"t\"\nfiles = [{ path = \"answer.txt\", file = \"tests/answer.txt\" }]\n";
    let case = challenge(body).file("tests/answer.txt", "42\n");
    let answer = case.dir().join("tests/answer.txt");
    let r = case
        .solution(
            "solve.sh",
            &format!("ln -s {} answer.txt\n", answer.display()),
        )
        .judge();
    assert_eq!(r.verdicts(), ["WA"]);
    assert!(
        r.test(0)["message"].as_str().unwrap().contains("link"),
        "{}",
        r.test(0)
    );
}

#[test]
fn teardown_kills_daemons_and_background_jobs() {
    let token_a = format!("{}.{}", 900_000 + std::process::id() % 1000, 111);
    let token_b = format!("{}.{}", 900_000 + std::process::id() % 1000, 222);
    let solution = format!(
        "setsid sh -c 'sleep {token_a} & exit 0' &\nsleep {token_b} &\n( ( sleep {token_a} & ) & )\necho done\n"
    );
    let r = challenge("[[test]]\nname = \"t\"\nstdout = \"done\\n\"\n")
        .solution("solve.sh", &solution)
        .judge();
    assert_eq!(r.verdicts(), ["AC"], "{}", r.test(0));
    std::thread::sleep(Duration::from_millis(100));
    for token in [&token_a, &token_b] {
        assert!(
            support::processes_with(token).is_empty(),
            "a `sleep {token}` survived the test"
        );
    }
}

#[test]
fn working_folder_is_removed_even_after_chmod_000() {
    let case = challenge("[[test]]\nname = \"t\"\nstdout = \"\"\n").solution(
        "solve.sh",
        "mkdir -p a/b/c\ntouch a/b/c/f\nchmod 000 a/b a\nchmod 000 .\n",
    );
    let r = case.judge();
    assert_eq!(r.verdicts(), ["AC"], "{}", r.test(0));
    assert_eq!(case.leftover_run_folders(), Vec::<String>::new());
}

#[test]
fn tests_run_in_parallel_but_report_in_order() {
    let mut body = String::new();
    for i in 0..6 {
        body.push_str(&format!(
            "[[test]]\nname = \"t{i}\"\nargs = [\"{i}\"]\nstdout = \"{i}\\n\"\n"
        ));
    }
    let r = challenge(&body)
        .solution("solve.sh", "sleep 0.$((5 - $1))\necho $1\n")
        .args(&["-j", "3"])
        .judge();
    let names: Vec<String> = r.json["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["t0", "t1", "t2", "t3", "t4", "t5"]);
    assert!(r.verdicts().iter().all(|v| v == "AC"));
}

#[test]
fn fail_fast_stops_at_the_first_failure() {
    let body = "[[test]]\nname = \"a\"\nstdout = \"x\\n\"\n[[test]]\nname = \"b\"\nstdout = \"y\\n\"\n[[test]]\nname = \"c\"\nstdout = \"x\\n\"\n";
    let r = challenge(body)
        .solution("solve.sh", "echo x\n")
        .args(&["--fail-fast", "-j", "1"])
        .judge();
    assert_eq!(r.verdicts(), ["AC", "WA"]);
}

#[test]
fn samples_by_default_all_with_flag_and_named_tests() {
    let body = "[[test]]\nname = \"s\"\nsample = true\nstdout = \"x\\n\"\n[[test]]\nname = \"h\"\nstdout = \"x\\n\"\n";
    let case = || challenge(body).solution("solve.sh", "echo x\n");
    assert_eq!(case().judge().verdicts().len(), 1);
    assert_eq!(case().args(&["--all"]).judge().verdicts().len(), 2);
    let r = case().args(&["--test", "h"]).judge();
    assert_eq!(r.json["tests"][0]["name"], "h");
    let r = case().args(&["--test", "nope"]).judge_raw();
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("no test `nope`"), "{}", r.stderr);
}

#[test]
fn human_report_shows_diff_and_summary() {
    let r = challenge("[[test]]\nname = \"t\"\nstdout = \"a\\nb\\n\"\n")
        .solution("solve.sh", "printf 'a\\nc\\n'\n")
        .human();
    assert!(r.stdout.contains("✗ t"), "{}", r.stdout);
    assert!(r.stdout.contains("wrong answer"), "{}", r.stdout);
    assert!(
        r.stdout.contains("stdout, line 2, column 1:"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("-b"), "{}", r.stdout);
    assert!(r.stdout.contains("+c"), "{}", r.stdout);
    assert!(r.stdout.contains("0/1 tests passed"), "{}", r.stdout);
    assert!(!r.stdout.contains('\x1b'), "no colour when not asked for");
}

#[test]
fn malformed_definitions_exit_2_and_run_nothing() {
    let marker = std::env::temp_dir().join(format!("livejudge-marker-{}", std::process::id()));
    let solution = format!("touch {}\n", marker.display());
    let broken = [
        (
            "syntax error",
            "[[test]\nname = \"t\"\n",
            "challenge.toml:7:",
        ),
        (
            "unknown key",
            "timeout = \"2s\"\n[[test]]\nname = \"t\"\n",
            "limits.time",
        ),
        (
            "wrong type",
            "[[test]]\nname = \"t\"\npoints = \"many\"\n",
            "challenge.toml:9:10",
        ),
        (
            "path escape",
            "[[test]]\nname = \"t\"\nstdin = { file = \"../../etc/passwd\" }\n",
            "challenge.toml:9:",
        ),
    ];
    for (what, body, needle) in broken {
        let r = challenge(body).solution("solve.sh", &solution).judge_raw();
        assert_eq!(r.status, 2, "{what}: {}", r.stderr);
        assert!(
            r.stderr.contains(needle),
            "{what}: expected {needle:?} in:\n{}",
            r.stderr
        );
        assert!(!marker.exists(), "{what}: the solution ran");
    }
}

/// A challenge with no tests would pass every solution: `test`, `grade`, `verify` and `lint`
/// refuse it as a definition error at challenge.toml (exit 2) and run nothing.
#[test]
fn a_challenge_without_tests_is_a_definition_error() {
    let marker = std::env::temp_dir().join(format!("livejudge-no-tests-{}", std::process::id()));
    let solution = format!("touch {}\n", marker.display());
    let case = challenge("").solution("solve.sh", &solution);
    let solution_path = case.root().join("solution/solve.sh");
    let solution_path = solution_path.to_str().unwrap();
    for args in [
        vec!["test", "demo", solution_path],
        vec!["test", "demo", solution_path, "--all"],
        vec!["grade", "demo", solution_path],
        vec!["verify", "demo"],
        vec!["lint", "demo"],
    ] {
        let out = support::run(case.livejudge(&args));
        assert_eq!(out.status, 2, "{args:?}: {}\n{}", out.stdout, out.stderr);
        assert!(
            out.stderr
                .contains("demo/challenge.toml: the challenge has no tests"),
            "{args:?}: {}",
            out.stderr
        );
        assert!(!marker.exists(), "{args:?}: the solution ran");
    }
}

/// Only hidden tests is not "no tests": plain `test` runs every test (challenge-format.md).
#[test]
fn a_challenge_with_only_hidden_tests_runs_them_all() {
    let body =
        "[[test]]\nname = \"a\"\nstdout = \"x\\n\"\n[[test]]\nname = \"b\"\nstdout = \"x\\n\"\n";
    let r = challenge(body).solution("solve.sh", "echo x\n").judge();
    r.assert_code(0);
    assert_eq!(r.verdicts(), ["AC", "AC"]);
}

#[test]
fn colour_follows_flags_no_color_and_clicolor_force() {
    let case =
        challenge("[[test]]\nname = \"t\"\nstdout = \"a\\n\"\n").solution("solve.sh", "echo b\n");
    let has_ansi = |out: &support::Output| out.stdout.contains('\x1b');
    assert!(has_ansi(&case.human_with("always", &[])));
    assert!(!has_ansi(
        &case.human_with("never", &[("CLICOLOR_FORCE", "1")])
    ));
    // Not a terminal: auto means no colour, unless CLICOLOR_FORCE asks for it ...
    assert!(!has_ansi(&case.human_with("auto", &[])));
    assert!(has_ansi(
        &case.human_with("auto", &[("CLICOLOR_FORCE", "1")])
    ));
    // ... and NO_COLOR wins over it.
    assert!(!has_ansi(&case.human_with(
        "auto",
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    )));
}

#[test]
fn a_huge_output_is_diffed_within_bounds() {
    // 200,000 lines that differ from the expected ones every other line: the diff is capped and
    // time-bounded, so the report comes quickly and stays small.
    let expected: String = (0..200_000).map(|i| format!("{i}\n")).collect();
    let case = challenge(
        "[limits]\ntime = \"20s\"\n[[test]]\nname = \"t\"\nstdout = { file = \"tests/big.out\" }\n",
    )
    .file("tests/big.out", &expected)
    .solution(
        "solve.py",
        "for i in range(200000):\n    print(i if i % 2 else -i)\n",
    );
    let started = Instant::now();
    let r = case.judge();
    assert_eq!(r.verdicts(), ["WA"]);
    let diff = r.test(0)["diff"].as_str().unwrap();
    assert!(diff.len() <= 70 * 1024, "diff of {} bytes", diff.len());
    let human = case.human();
    assert!(
        human.stdout.len() < 200 * 1024,
        "human report of {} bytes",
        human.stdout.len()
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn run_as_picks_the_unprivileged_user_and_never_root() {
    let body =
        "[[test]]\nname = \"t\"\nstdout = { text = \"[0-9]+ [0-9]+\", compare = \"regex\" }\n";
    let refused = challenge(body)
        .solution("solve.sh", "echo \"$(id -u) $(id -g)\"\n")
        .args(&["--run-as", "0"])
        .judge_raw();
    assert_eq!(refused.status, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("never run as root"),
        "{}",
        refused.stderr
    );
    if !support::needs_root("(--run-as only applies to a root judge)") {
        return;
    }
    let r = challenge(&body.replace("[0-9]+ [0-9]+", "1500 1501"))
        .solution("solve.sh", "echo \"$(id -u) $(id -g)\"\n")
        .args(&["--run-as", "1500:1501"])
        .judge();
    assert_eq!(r.verdicts(), ["AC"], "{}", r.json);
    let r = challenge(&body.replace("[0-9]+ [0-9]+", "65534 65534"))
        .solution("solve.sh", "echo \"$(id -u) $(id -g)\"\n")
        .judge();
    assert_eq!(r.verdicts(), ["AC"], "{}", r.json);
}

#[test]
fn ctrl_c_stops_every_run_removes_its_files_and_exits_130() {
    let token = format!("{}.{}", 700_000 + std::process::id() % 1000, 333);
    let case = challenge(
        "[limits]\ntime = \"30s\"\n[[test]]\nname = \"a\"\nstdout = \"\"\n[[test]]\nname = \"b\"\nstdout = \"\"\n",
    )
    .solution("solve.sh", &format!("sleep {token}\n"))
    .args(&["--all", "-j", "2"]);
    let mut child = case
        .json_command()
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until both runs are sleeping, then interrupt the judge we started, by its pid.
    let started = Instant::now();
    while support::processes_with(&token).len() < 2 && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let pid = rustix::process::Pid::from_child(&child);
    rustix::process::kill_process(pid, rustix::process::Signal::INT).unwrap();
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(
        support::processes_with(&token).is_empty(),
        "a run survived Ctrl-C"
    );
    assert_eq!(case.leftover_run_folders(), Vec::<String>::new());
}

#[test]
fn nothing_of_one_test_is_alive_when_the_next_starts() {
    // One worker runs both tests one after the other: the first leaves a daemon behind, the
    // second fails if it can still see it.
    let token = format!("{}.{}", 800_000 + std::process::id() % 1000, 444);
    let body = "[[test]]\nname = \"a\"\nargs = [\"a\"]\nstdout = \"\"\n[[test]]\nname = \"b\"\nargs = [\"b\"]\nstdout = \"clean\\n\"\n";
    let solution = format!(
        "if [ \"$1\" = a ]; then setsid sh -c 'sleep {token} & exit 0' & sleep 0.2; exit 0; fi\n\
         for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < \"$f\" 2>/dev/null | grep -q 'sleep {token}' && {{ echo alive; exit 0; }}; done\n\
         echo clean\n"
    );
    let r = challenge(body)
        .solution("solve.sh", &solution)
        .args(&["--all", "-j", "1"])
        .judge();
    assert_eq!(r.verdicts(), ["AC", "AC"], "{}", r.json);
}

#[test]
fn a_larger_memory_limit_after_a_smaller_one_applies() {
    // Per-test limits change between runs of one worker; raising the memory limit must work.
    let body = "[[test]]\nname = \"small\"\nlimits = { memory = \"64MiB\" }\nstdout = \"ok\\n\"\n[[test]]\nname = \"large\"\nlimits = { memory = \"600MiB\" }\nstdout = \"ok\\n\"\n[[test]]\nname = \"small-again\"\nlimits = { memory = \"32MiB\" }\nstdout = \"ok\\n\"\n";
    let r = challenge(body)
        .solution("solve.sh", "echo ok\n")
        .args(&["--all", "-j", "1"])
        .judge();
    assert_eq!(r.verdicts(), ["AC", "AC", "AC"], "{}", r.json);
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let mut command = std::process::Command::new(support::BIN);
        command.env("LIVEJUDGE_HOME", support::scratch_home());
        command.args(["completions", shell]);
        let out = support::run(command);
        assert_eq!(out.status, 0, "{shell}: {}", out.stderr);
        assert!(out.stdout.contains("livejudge"), "{shell}");
        assert!(
            out.stdout.contains("verify"),
            "{shell}: subcommands completed"
        );
    }
    let mut command = std::process::Command::new(support::BIN);
    command.env("LIVEJUDGE_HOME", support::scratch_home());
    command.args(["completions", "tcsh"]);
    assert_eq!(support::run(command).status, 2);
}

#[test]
fn quiet_shows_only_failures_and_verbose_shows_passing_messages() {
    let body = "[[test]]\nname = \"good\"\nstdin = \"4\\n\"\ncheck = \"checks/even.py\"\n[[test]]\nname = \"bad\"\nstdin = \"3\\n\"\ncheck = \"checks/even.py\"\n";
    let checker = "import os, sys\nn = int(open(os.environ['LIVEJUDGE_STDIN']).read())\nprint('checked', n)\nsys.exit(0 if n % 2 == 0 else 1)\n";
    let case = challenge(body)
        .file("checks/even.py", checker)
        .solution("solve.sh", "cat\n")
        .args(&["--all"]);
    let normal = case.human();
    assert!(normal.stdout.contains("✓ good"), "{}", normal.stdout);
    assert!(!normal.stdout.contains("checked 4"), "{}", normal.stdout);
    let quiet = challenge(body)
        .file("checks/even.py", checker)
        .solution("solve.sh", "cat\n")
        .args(&["--all", "-q"])
        .human();
    assert!(!quiet.stdout.contains("✓ good"), "{}", quiet.stdout);
    assert!(quiet.stdout.contains("✗ bad"), "{}", quiet.stdout);
    assert!(
        quiet.stdout.contains("1/2 tests passed"),
        "{}",
        quiet.stdout
    );
    let verbose = challenge(body)
        .file("checks/even.py", checker)
        .solution("solve.sh", "cat\n")
        .args(&["--all", "-v"])
        .human();
    assert!(verbose.stdout.contains("checked 4"), "{}", verbose.stdout);
}

#[test]
fn strict_refuses_a_layer_turned_off_and_runs_nothing() {
    let case = challenge("[[test]]\nname = \"t\"\nstdout = \"hi\\n\"\n")
        .solution("solve.sh", "echo hi > ran\necho hi\n")
        .args(&["--sandbox", "strict"])
        .env("LIVEJUDGE_SKIP_LAYERS", "landlock");
    let out = case.judge_raw();
    assert_eq!(out.status, 3, "{}", out.stderr);
    assert!(
        out.stderr.contains("landlock: turned off"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stdout, "", "nothing was judged");
    // Without the layer turned off, strict judges here (every layer is available).
    let out = challenge("[[test]]\nname = \"t\"\nstdout = \"hi\\n\"\n")
        .solution("solve.sh", "echo hi\n")
        .args(&["--sandbox", "strict"])
        .judge_raw();
    assert_eq!(out.status, 0, "{}", out.stderr);
}

#[test]
fn a_solution_whose_name_is_not_utf8_is_a_clear_usage_error() {
    use std::os::unix::ffi::OsStrExt;
    let case = challenge("[[test]]\nname = \"t\"\nstdout = \"hi\\n\"\n");
    let name = std::ffi::OsStr::from_bytes(b"solve\xff.sh");
    let path = case.dir().parent().unwrap().join(name);
    std::fs::write(&path, "echo hi\n").unwrap();
    let out = std::process::Command::new(support::bin())
        .arg("test")
        .arg(case.dir())
        .arg(&path)
        .env("LIVEJUDGE_HOME", support::scratch_home())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is not valid UTF-8; rename it"), "{stderr}");
}

#[test]
fn a_checker_out_of_the_run_users_reach_runs_from_a_readable_copy() {
    use std::os::unix::fs::PermissionsExt;
    if !support::needs_root("to put the challenge out of the run user's reach") {
        return;
    }
    // The challenge lives behind a folder only root may enter (like the built-in catalog under
    // root's home); the checker runs as uid 65534.
    let case = challenge("[[test]]\nname = \"t\"\ncheck = \"checks/check.sh\"\n")
        .file(
            "checks/check.sh",
            "grep -q hi \"$LIVEJUDGE_STDOUT\" && test -f \"$LIVEJUDGE_CHALLENGE/challenge.toml\" && exit 0\necho no; exit 1\n",
        )
        .solution("solve.sh", "echo hi\n");
    let closed = case.dir().parent().unwrap();
    std::fs::set_permissions(closed, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::set_permissions(case.dir(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let r = case.judge();
    assert_eq!(r.verdicts(), ["AC"], "{}", r.json);
    // The copy is gone with the judge.
    let left: Vec<_> = std::fs::read_dir(case.tmp_path())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("livejudge-challenge-")
        })
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn the_verdict_column_lines_up_with_long_test_names() {
    let out = challenge(
        "[[test]]\nname = \"a-rather-long-test-name-indeed\"\nstdout = \"x\\n\"\n[[test]]\nname = \"short\"\nstdout = \"y\\n\"\n",
    )
    .solution("solve.sh", "echo x\n")
    .args(&["--all"])
    .human();
    let columns: Vec<usize> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with('✓') || l.starts_with('✗'))
        .map(|l| {
            let at = l.find("passed").or_else(|| l.find("wrong answer")).unwrap();
            l[..at].chars().count()
        })
        .collect();
    assert_eq!(columns.len(), 2, "{}", out.stdout);
    assert_eq!(columns[0], columns[1], "{}", out.stdout);
}

#[test]
fn without_the_filesystem_layer_runs_fall_back_and_strict_refuses() {
    // Turned off, the run still works (today's layers: the machine's filesystem with Landlock),
    // the result says the sandbox is partial, `doctor` says what a run can then reach, and
    // strict refuses to judge.
    let case = challenge("[[test]]\nname = \"t\"\nstdout = \"hi\\n\"\n")
        .solution("solve.sh", "echo hi\n")
        .env("LIVEJUDGE_SKIP_LAYERS", "filesystem");
    let judged = case.judge();
    judged.assert_code(0);
    assert_eq!(
        judged.json["sandbox"]["level"], "partial",
        "{}",
        judged.json
    );
    let layers = judged.json["sandbox"]["layers"].to_string();
    assert!(!layers.contains("filesystem"), "{layers}");
    let strict = challenge("[[test]]\nname = \"t\"\nstdout = \"hi\\n\"\n")
        .solution("solve.sh", "echo hi\n")
        .args(&["--sandbox", "strict"])
        .env("LIVEJUDGE_SKIP_LAYERS", "filesystem")
        .judge_raw();
    assert_eq!(strict.status, 3, "{}", strict.stderr);
    assert!(
        strict.stderr.contains("filesystem: turned off"),
        "{}",
        strict.stderr
    );
    let doctor = std::process::Command::new(support::bin())
        .arg("doctor")
        .env("LIVEJUDGE_SKIP_LAYERS", "filesystem")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&doctor.stdout);
    assert!(text.contains("filesystem off"), "{text}");
    assert!(text.contains("a run can reach:"), "{text}");
    let doctor = std::process::Command::new(support::bin())
        .arg("doctor")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&doctor.stdout);
    if text.contains("filesystem active") {
        assert!(
            text.contains("a run can reach: only the system folders"),
            "{text}"
        );
    }
}

#[test]
fn a_test_signal_reaches_the_solution_while_it_runs() {
    // A worker that finishes on SIGTERM: it gets the signal once it is ready, says so and
    // exits 0 — long before the time limit.
    let tests = "[limits]\ntime = \"10s\"\n\
                 [[test]]\nname = \"graceful\"\nstdout = \"ready\\ngot TERM\\n\"\n\
                 signal = { name = \"TERM\", after = \"300ms\" }\n";
    let r = challenge(tests)
        .solution(
            "solve.sh",
            "trap 'echo got TERM; exit 0' TERM\necho ready\nwhile :; do sleep 0.05; done\n",
        )
        .judge();
    r.assert_code(0);
    let wall = r.test(0)["wall_ms"].as_f64().unwrap();
    assert!(wall >= 300.0, "the signal came early: {wall} ms");
    assert!(
        wall < 9000.0,
        "the run waited for its time limit: {wall} ms"
    );
    // Without a handler, SIGTERM ends the run: a runtime error that names the signal.
    let r = challenge(tests)
        .solution("solve.sh", "echo ready\nwhile :; do sleep 0.05; done\n")
        .judge();
    assert_eq!(r.verdicts(), ["RTE"], "{}", r.json);
    assert!(
        r.test(0)["message"].to_string().contains("SIGTERM"),
        "{}",
        r.json
    );
}

#[test]
fn a_crashing_checkers_traceback_is_kept_in_json_and_shown_with_verbose() {
    // An uncaught exception exits 1, which means "reject": the verdict is WA as the contract
    // says, and the traceback that tells the author why is kept.
    let body = "[[test]]\nname = \"t\"\ncheck = \"checks/check.py\"\n";
    let checker =
        "import os\nopen(os.environ['LIVEJUDGE_STDOUT']).read()\nraise KeyError('no such field')\n";
    let r = challenge(body)
        .file("checks/check.py", checker)
        .solution("solve.sh", "echo hi\n")
        .judge();
    assert_eq!(r.verdicts(), ["WA"], "{}", r.json);
    let kept = r.test(0)["checker_stderr"].as_str().unwrap_or_default();
    assert!(kept.contains("KeyError: 'no such field'"), "{}", r.json);
    let shown = challenge(body)
        .file("checks/check.py", checker)
        .solution("solve.sh", "echo hi\n")
        .args(&["-v"])
        .human();
    assert!(shown.stdout.contains("checker stderr:"), "{}", shown.stdout);
    assert!(
        shown.stdout.contains("KeyError: 'no such field'"),
        "{}",
        shown.stdout
    );
    // Without -v the report stays short.
    let quiet = challenge(body)
        .file("checks/check.py", checker)
        .solution("solve.sh", "echo hi\n")
        .human();
    assert!(
        !quiet.stdout.contains("checker stderr:"),
        "{}",
        quiet.stdout
    );
}

#[test]
fn python_multiprocessing_works_in_the_sandbox() {
    // Its semaphores live in /dev/shm: the run has one of its own.
    let r = challenge("[[test]]\nname = \"t\"\nstdout = \"[1, 4, 9]\\n\"\n")
        .solution(
            "solve.py",
            "from multiprocessing import Pool\n\
             if __name__ == '__main__':\n    with Pool(2) as p:\n        print(p.map(abs, [-1, -4, 9]))\n",
        )
        .judge();
    assert_eq!(r.verdicts(), ["AC"], "{}", r.json);
}

/// A run's working folder is memory (a tmpfs): the runs of one zygote, one after another, must
/// each start with only their own files charged, never the previous run's (whose folder must be
/// gone before the next run starts). Two submissions graded on one thread, each test with a
/// 25 MiB generated fixture under a 40 MiB memory limit: all accepted.
#[test]
fn a_previous_runs_folder_is_not_charged_to_the_next_run() {
    let test = |name: &str| {
        format!(
            "[[test]]\nname = \"{name}\"\nstdout = \"26214400\\n\"\n\
             generate = [\"gen/zeros.sh\"]\n"
        )
    };
    let case = challenge(&format!(
        "[limits]\nmemory = \"40MiB\"\ndisk = \"32MiB\"\n{}{}",
        test("one"),
        test("two")
    ))
    .file("gen/zeros.sh", "head -c 26214400 /dev/zero > big.bin\n");
    let subs = case.root().join("subs");
    std::fs::create_dir_all(&subs).unwrap();
    for name in ["a.sh", "b.sh"] {
        std::fs::write(subs.join(name), "wc -c < big.bin\n").unwrap();
    }
    let out = support::run(case.livejudge(&["grade", "demo", "subs", "-j1", "--format", "csv"]));
    assert_eq!(
        out.status, 0,
        "stdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
    assert_eq!(out.stdout.matches(",AC,AC").count(), 2, "{}", out.stdout);
}

#[test]
fn a_generated_fixture_is_seen_by_the_solution_and_made_once() {
    // The generator writes a file the test then reads, and a stamp of its own run (its process
    // id and a random word): every run of every submission must see the same stamp.
    let generator = "seq 1 \"$1\" > numbers.txt\n\
                     echo \"$$-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')\" > stamp\n";
    let tests = "[[test]]\nname = \"sum\"\nstdout = \"55\\n\"\n\
                 generate = [\"bash\", \"gen/numbers.sh\", \"10\"]\n\
                 [[test]]\nname = \"stamp\"\nstdout = \"never\\n\"\n\
                 generate = [\"bash\", \"gen/numbers.sh\", \"10\"]\n";
    let c = challenge(tests).file("gen/numbers.sh", generator).solution(
        "solve.sh",
        "awk '{ s += $1 } END { print s }' numbers.txt\n",
    );
    let r = c.judge();
    assert_eq!(r.verdicts(), ["AC", "WA"], "{}", r.json);
    // `grade` of two submissions that print the stamp: one generation for all four runs.
    let subs = c.root().join("subs");
    std::fs::create_dir_all(&subs).unwrap();
    for name in ["a.sh", "b.sh"] {
        std::fs::write(subs.join(name), "cat stamp\n").unwrap();
    }
    let out = support::run(c.livejudge(&["grade", "demo", "subs", "--format", "json"]));
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let mut stamps = Vec::new();
    for result in doc["results"].as_array().unwrap() {
        for test in result["tests"].as_array().unwrap() {
            let diff = test["diff"].as_str().unwrap_or_default();
            let stamp = diff
                .lines()
                .find(|l| l.starts_with('+') && !l.starts_with("++"));
            stamps.push(stamp.unwrap_or("(no stamp)").to_string());
        }
    }
    assert_eq!(stamps.len(), 4, "{}", out.stdout);
    assert!(stamps[0].len() > 4, "{}", out.stdout);
    assert!(stamps.iter().all(|s| *s == stamps[0]), "{stamps:?}");
}

/// The generator gets the test's environment: two tests with the same command but other
/// variables are two generations.
#[test]
fn a_generation_is_per_command_and_environment() {
    let tests = "[[test]]\nname = \"small\"\nstdout = \"3\\n\"\nenv = { COUNT = \"3\" }\n\
                 generate = [\"bash\", \"gen/count.sh\"]\n\
                 [[test]]\nname = \"large\"\nstdout = \"7\\n\"\nenv = { COUNT = \"7\" }\n\
                 generate = [\"bash\", \"gen/count.sh\"]\n";
    let r = challenge(tests)
        .file("gen/count.sh", "seq 1 \"$COUNT\" > numbers.txt\n")
        .solution("solve.sh", "wc -l < numbers.txt\n")
        .judge();
    assert_eq!(r.verdicts(), ["AC", "AC"], "{}", r.json);
}

#[test]
fn a_failing_generator_is_a_judge_error_with_its_stderr() {
    let tests = "[[test]]\nname = \"t\"\nstdout = \"x\\n\"\n\
                 generate = [\"gen/broken.sh\"]\n\
                 [[test]]\nname = \"quiet\"\nstdout = \"x\\n\"\n\
                 generate = [\"bash\", \"-c\", \"true\"]\n";
    let r = challenge(tests)
        .file(
            "gen/broken.sh",
            "echo 'disk quota of the generator' >&2\nexit 3\n",
        )
        .solution("solve.sh", "echo x\n")
        .judge();
    assert_eq!(r.verdicts(), ["JE", "JE"], "{}", r.json);
    let message = r.test(0)["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("the generator `gen/broken.sh` failed"),
        "{message}"
    );
    assert!(message.contains("exit status 3"), "{message}");
    assert!(message.contains("disk quota of the generator"), "{message}");
    let message = r.test(1)["message"].as_str().unwrap().to_string();
    assert!(message.contains("wrote nothing"), "{message}");
}

// ---------------------------------------------------------------------------------------------
// The zygote started while the sandbox probe runs (src/runner/prestart.rs)

/// The hint file the commands of `case` leave (a list, the latest context's first).
fn hint_file(case: &Case) -> std::path::PathBuf {
    case.cache_dir().join("zygote-hint.json")
}

/// The hint the last command of `case` left for the next one, as JSON.
fn zygote_hint(case: &Case) -> serde_json::Value {
    let text = std::fs::read(hint_file(case)).expect("no hint left");
    let hints: serde_json::Value = serde_json::from_slice(&text).unwrap();
    hints[0].clone()
}

/// Judges `case` and checks that nothing of the command outlives it.
fn judged_leaving_nothing(case: &Case) -> support::Judged {
    let r = case.judge();
    let tmp = case.tmp_path().to_string_lossy().into_owned();
    assert!(
        support::processes_with(&tmp).is_empty(),
        "a zygote of the command outlived it"
    );
    assert_eq!(case.leftover_run_folders(), Vec::<String>::new());
    r
}

#[test]
fn a_command_started_from_the_last_ones_hint_judges_the_same() {
    let case = challenge(
        "[[test]]\nname = \"a\"\nstdin = \"1\\n\"\nstdout = \"1\\n\"\n\
         [[test]]\nname = \"b\"\nstdin = \"2\\n\"\nstdout = \"2\\n\"\n",
    )
    .solution("solve.sh", "cat\n")
    .args(&["-j2"]);
    let first = judged_leaving_nothing(&case);
    assert_eq!(first.verdicts(), ["AC", "AC"]);
    let hint = zygote_hint(&case);
    // Two judge threads, a zygote each: the next command starts two.
    assert_eq!(hint["zygotes"], 2, "{hint}");
    let layers = first.json["sandbox"]["layers"].as_array().unwrap().clone();
    let has = |name: &str| layers.iter().any(|l| l == name);
    assert_eq!(hint["kind"]["view"], has("filesystem"), "{hint}");
    assert_eq!(hint["kind"]["cgroup"], has("cgroup"), "{hint}");
    // The second command starts the hinted zygote before its probe answers, and its runs use it.
    let second = judged_leaving_nothing(&case);
    assert_eq!(second.verdicts(), ["AC", "AC"]);
    assert_eq!(second.json["sandbox"], first.json["sandbox"]);
    assert_eq!(zygote_hint(&case), hint);
}

#[test]
fn a_wrong_or_forged_hint_changes_nothing_but_itself() {
    // What the run finds around it — its cgroups, its working folder, whether its PIDs are its
    // own — is in the diff of its (wrong) output: the same for every hint.
    let case = challenge("[[test]]\nname = \"t\"\nstdout = \"?\\n\"\n").solution(
        "solve.sh",
        "grep -c livejudge /proc/self/cgroup\npwd\n\
         [ $$ -lt 100 ] && echo own-pids || echo machine-pids\n",
    );
    let honest = judged_leaving_nothing(&case);
    let around = |r: &support::Judged| r.test(0)["diff"].clone();
    assert_eq!(honest.verdicts(), ["WA"]);
    let hint = zygote_hint(&case);
    let file = hint_file(&case);
    // A zygote of another kind (no layer at all, or every layer but the cgroup flipped), and a
    // file that is no hint: each is started or read for nothing, and the runs get what the probe
    // says.
    let mut bare = hint.clone();
    bare["kind"] =
        serde_json::json!({"namespaces": false, "cgroup": false, "mounts": false, "view": false});
    let mut flipped = hint.clone();
    flipped["kind"]["cgroup"] = serde_json::json!(!hint["kind"]["cgroup"].as_bool().unwrap());
    for forged in [
        bare.to_string(),
        flipped.to_string(),
        "not a hint".to_string(),
    ] {
        std::fs::write(&file, &forged).unwrap();
        let r = judged_leaving_nothing(&case);
        assert_eq!(r.verdicts(), ["WA"], "with the hint {forged}");
        assert_eq!(around(&r), around(&honest), "with the hint {forged}");
        assert_eq!(
            r.json["sandbox"], honest.json["sandbox"],
            "with the hint {forged}"
        );
        assert_eq!(
            zygote_hint(&case),
            hint,
            "the hint was not put right after {forged}"
        );
    }
}

#[test]
fn a_hinted_view_the_probe_then_denies_still_lets_runs_reach_their_folders() {
    // Started ahead for a view, the zygote makes the judge's folder private; without a view, a
    // root judge's runs (another user) must traverse it to reach their folders: the folder is
    // opened to them once the probe has answered.
    let case = challenge("[[test]]\nname = \"t\"\nstdin = \"x\\n\"\nstdout = \"x\\n\"\n")
        .solution("solve.sh", "cat\n")
        .env("LIVEJUDGE_SKIP_LAYERS", "filesystem");
    assert_eq!(judged_leaving_nothing(&case).verdicts(), ["AC"]);
    let mut hint = zygote_hint(&case);
    assert_eq!(hint["kind"]["view"], false, "{hint}");
    hint["kind"]["view"] = serde_json::json!(true);
    std::fs::write(hint_file(&case), serde_json::json!([hint]).to_string()).unwrap();
    assert_eq!(judged_leaving_nothing(&case).verdicts(), ["AC"]);
}

#[test]
fn a_one_test_command_starts_one_zygote_ahead_whatever_the_hint_says() {
    // A hint left by a command that used eight judge threads (a `grade` on a bigger machine):
    // a `test` of one test needs one zygote, and starts no more. Each zygote with a view has a
    // mount point in the judge's folder while the command runs.
    let case = challenge("[[test]]\nname = \"t\"\nstdout = \"x\\n\"\n")
        .solution("solve.sh", "sleep 1\necho x\n")
        .args(&["-j8"]);
    let first = judged_leaving_nothing(&case);
    assert_eq!(first.verdicts(), ["AC"]);
    let mut hint = zygote_hint(&case);
    if hint["kind"]["view"] != true {
        support::skip("it counts the views' mount points: no view here");
        return;
    }
    hint["zygotes"] = serde_json::json!(8);
    std::fs::write(hint_file(&case), serde_json::json!([hint]).to_string()).unwrap();
    let child = case
        .json_command()
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let views = || {
        let judge_folders = std::fs::read_dir(case.tmp_path()).unwrap().flatten();
        judge_folders
            .filter_map(|folder| std::fs::read_dir(folder.path()).ok())
            .flat_map(|entries| entries.flatten())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            // A view's mount point, not the parking beside it.
            .filter(|name| name.starts_with("view-") && !name.ends_with(".parked"))
            .count()
    };
    let started = Instant::now();
    let mut most = 0;
    while started.elapsed() < Duration::from_millis(800) {
        most = most.max(views());
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut child = child;
    assert!(child.wait().unwrap().success());
    assert_eq!(most, 1, "zygotes with a view while one test ran");
}
