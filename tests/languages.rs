//! End-to-end: every language of the built-in harness gets an AC, a WA and (when compiled) a
//! CE — the Kattis languages (Kotlin, Scala, Haskell, PHP, C#, Prolog, PyPy, Python 2) only where
//! their toolchain is installed, skipped with a printed reason elsewhere; multi-file
//! submissions; the compile cache (counted compiler invocations, concurrent judges,
//! `--no-cache`).

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use support::{Case, Judged};

/// Adds the two numbers of stdin.
const CHALLENGE: &str = r#"
id = "demo"
title = "Demo"
category = "scripting"
difficulty = "easy"
entry = "solve"

[[test]]
name = "small"
stdin = "2 3\n"
stdout = "5\n"

[[test]]
name = "big"
stdin = "40000000 2000000\n"
stdout = "42000000\n"
"#;

fn judge(file: &str, source: &str) -> Judged {
    Case::new(CHALLENGE).solution(file, source).judge()
}

fn accepted(file: &str, source: &str) {
    let r = judge(file, source);
    r.assert_code(0);
    assert_eq!(r.verdicts(), ["AC", "AC"], "{}", r.json);
}

fn wrong(file: &str, source: &str) {
    let r = judge(file, source);
    r.assert_code(1);
    assert_eq!(r.verdicts(), ["WA", "WA"], "{}", r.json);
}

/// A CE on every test, with the compiler's message naming the file relative to the submission.
fn compile_error(file: &str, source: &str) {
    let r = judge(file, source);
    r.assert_code(1);
    assert_eq!(r.verdicts(), ["CE", "CE"], "{}", r.json);
    let message = r.test(0)["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("compilation failed"),
        "no status: {message}"
    );
    assert!(message.contains(file), "no file name: {message}");
    assert!(
        !message.contains("livejudge-"),
        "absolute build path leaked: {message}"
    );
}

/// True when the built-in harness's `language` can run here; otherwise prints why the test is
/// skipped (its toolchains are optional: docs/languages.md says how to install them).
fn toolchain(language: &str) -> bool {
    let harness = livejudge::harness::Harness::builtin();
    let found = harness
        .get(language)
        .unwrap_or_else(|| panic!("{language} is not in the built-in harness"));
    let missing = found.missing_programs();
    if !missing.is_empty() {
        eprintln!(
            "skipped: no toolchain for {language} here (`{}` not found on /usr/local/bin:/usr/bin:/bin)",
            missing.join("`, `")
        );
    }
    missing.is_empty()
}

mod bash {
    #[test]
    fn ac() {
        super::accepted("solve.sh", "read a b\necho $((a + b))\n");
    }
    #[test]
    fn wa() {
        super::wrong("solve.sh", "read a b\necho $((a - b))\n");
    }
}

mod sh {
    #[test]
    fn ac_by_shebang() {
        super::accepted("solve", "#!/bin/sh\nread a b\necho $((a + b))\n");
    }
    #[test]
    fn wa() {
        super::wrong("solve", "#!/usr/bin/env sh\nread a b\necho $((a * b))\n");
    }
}

mod python {
    #[test]
    fn ac() {
        super::accepted(
            "solve.py",
            "a, b = map(int, input().split())\nprint(a + b)\n",
        );
    }
    #[test]
    fn wa() {
        super::wrong(
            "solve.py",
            "a, b = map(int, input().split())\nprint(a - b)\n",
        );
    }
}

mod javascript {
    const READ: &str =
        "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number);\n";
    #[test]
    fn ac() {
        super::accepted("solve.js", &format!("{READ}console.log(a + b);\n"));
    }
    #[test]
    fn wa() {
        super::wrong("solve.js", &format!("{READ}console.log(a * b);\n"));
    }
}

mod perl {
    #[test]
    fn ac() {
        super::accepted(
            "solve.pl",
            "my ($x, $y) = split ' ', <STDIN>;\nprint $x + $y, \"\\n\";\n",
        );
    }
    #[test]
    fn wa() {
        super::wrong(
            "solve.pl",
            "my ($x, $y) = split ' ', <STDIN>;\nprint $x . $y, \"\\n\";\n",
        );
    }
}

mod ruby {
    #[test]
    fn ac() {
        super::accepted("solve.rb", "a, b = gets.split.map(&:to_i)\nputs a + b\n");
    }
    #[test]
    fn wa() {
        super::wrong("solve.rb", "a, b = gets.split.map(&:to_i)\nputs a - b\n");
    }
}

mod c {
    pub const AC: &str = "#include <stdio.h>\nint main(void) { long a, b; if (scanf(\"%ld %ld\", &a, &b) != 2) return 1; printf(\"%ld\\n\", a + b); return 0; }\n";
    #[test]
    fn ac() {
        super::accepted("solve.c", AC);
    }
    #[test]
    fn wa() {
        super::wrong("solve.c", &AC.replace("a + b", "a - b"));
    }
    #[test]
    fn ce() {
        super::compile_error("solve.c", "int main(void) { return x; }\n");
    }
}

mod cpp {
    pub const AC: &str = "#include <iostream>\nint main() { long long a, b; std::cin >> a >> b; std::cout << a + b << '\\n'; }\n";
    #[test]
    fn ac() {
        super::accepted("solve.cpp", AC);
    }
    #[test]
    fn wa() {
        super::wrong("solve.cpp", &AC.replace("a + b", "a * b"));
    }
    #[test]
    fn ce() {
        super::compile_error("solve.cpp", "int main() { std::vector<int> v; }\n");
    }
}

mod rust {
    const AC: &str = "use std::io::Read;\nfn main() { let mut s = String::new(); std::io::stdin().read_to_string(&mut s).unwrap(); let v: Vec<i64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect(); println!(\"{}\", v[0] + v[1]); }\n";
    #[test]
    fn ac() {
        super::accepted("solve.rs", AC);
    }
    #[test]
    fn wa() {
        super::wrong("solve.rs", &AC.replace("v[0] + v[1]", "v[0] - v[1]"));
    }
    #[test]
    fn ce() {
        super::compile_error("solve.rs", "fn main() { let x: i32 = \"no\"; }\n");
    }
}

mod go {
    const AC: &str = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tvar a, b int64\n\tfmt.Scan(&a, &b)\n\tfmt.Println(a + b)\n}\n";
    #[test]
    fn ac() {
        super::accepted("solve.go", AC);
    }
    #[test]
    fn wa() {
        super::wrong("solve.go", &AC.replace("a + b", "a - b"));
    }
    #[test]
    fn ce() {
        super::compile_error("solve.go", "package main\n\nfunc main() {\n\tx := 1\n}\n");
    }
}

mod java {
    pub(super) const AC: &str = "import java.util.*;\n\npublic class Main {\n  public static void main(String[] args) {\n    Scanner in = new Scanner(System.in);\n    long a = in.nextLong(), b = in.nextLong();\n    System.out.println(a + b);\n  }\n}\n";
    /// `solve.java` holding `public class Main`: the file is named after the challenge's
    /// entry, not its class, and still compiles and runs.
    #[test]
    fn ac_with_file_named_unlike_its_class() {
        super::accepted("solve.java", AC);
    }
    #[test]
    fn ac_without_public_class() {
        super::accepted("solve.java", &AC.replace("public class Main", "class Prog"));
    }
    #[test]
    fn wa() {
        super::wrong("solve.java", &AC.replace("a + b", "a * b"));
    }
    #[test]
    fn ce() {
        super::compile_error(
            "solve.java",
            "public class Main { void f() { int x = \"no\"; } }\n",
        );
    }
}

mod kotlin {
    const AC: &str = "fun main() {\n    val (a, b) = readLine()!!.trim().split(\" \").map { it.toLong() }\n    println(a + b)\n}\n";
    #[test]
    fn ac_wa_ce() {
        if !super::toolchain("kotlin") {
            return;
        }
        super::accepted("solve.kt", AC);
        super::wrong("solve.kt", &AC.replace("a + b", "a - b"));
        super::compile_error("solve.kt", "fun main() { val x: Int = \"no\" }\n");
    }
}

mod scala {
    const AC: &str = "object solve {\n  def main(args: Array[String]): Unit = {\n    val Array(a, b) = scala.io.StdIn.readLine().trim.split(\" \").map(_.toLong)\n    println(a + b)\n  }\n}\n";
    #[test]
    fn ac_wa_ce() {
        if !super::toolchain("scala") {
            return;
        }
        super::accepted("solve.scala", AC);
        super::wrong("solve.scala", &AC.replace("a + b", "a * b"));
        super::compile_error(
            "solve.scala",
            "object solve { def main(args: Array[String]): Unit = { val x: Int = \"no\" } }\n",
        );
    }
}

mod haskell {
    const AC: &str = "main :: IO ()\nmain = do\n  line <- getLine\n  let [a, b] = map read (words line) :: [Integer]\n  print (a + b)\n";
    #[test]
    fn ac_wa_ce() {
        if !super::toolchain("haskell") {
            return;
        }
        super::accepted("solve.hs", AC);
        super::wrong("solve.hs", &AC.replace("a + b", "a - b"));
        super::compile_error("solve.hs", "main :: IO ()\nmain = print (1 + \"no\")\n");
    }
}

mod php {
    const AC: &str = "<?php\n[$a, $b] = array_map('intval', preg_split('/\\s+/', trim(fgets(STDIN))));\necho $a + $b, \"\\n\";\n";
    #[test]
    fn ac_wa() {
        if !super::toolchain("php") {
            return;
        }
        super::accepted("solve.php", AC);
        super::wrong("solve.php", &AC.replace("$a + $b", "$a - $b"));
    }
}

mod csharp {
    const AC: &str = "using System;\nclass Solve {\n  static void Main() {\n    var p = Console.ReadLine().Trim().Split(' ');\n    Console.WriteLine(long.Parse(p[0]) + long.Parse(p[1]));\n  }\n}\n";
    #[test]
    fn ac_wa_ce() {
        if !super::toolchain("csharp") {
            return;
        }
        super::accepted("solve.cs", AC);
        super::wrong(
            "solve.cs",
            &AC.replace("long.Parse(p[0]) + ", "long.Parse(p[0]) - "),
        );
        super::compile_error(
            "solve.cs",
            "class Solve { static void Main() { int x = \"no\"; } }\n",
        );
    }
}

mod prolog {
    const AC: &str = "main :- read_line_to_string(user_input, S), split_string(S, \" \", \" \", [A, B]),\n    number_string(X, A), number_string(Y, B), Z is X + Y, write(Z), nl.\n";
    /// Outside a Kattis package `.pl` is Perl: Prolog is chosen with --lang.
    #[test]
    fn ac_wa_with_lang() {
        if !super::toolchain("prolog") {
            return;
        }
        let judge = |source: &str| {
            super::Case::new(super::CHALLENGE)
                .solution("solve.pl", source)
                .args(&["--lang", "prolog"])
                .judge()
        };
        let r = judge(AC);
        r.assert_code(0);
        assert_eq!(r.verdicts(), ["AC", "AC"], "{}", r.json);
        let r = judge(&AC.replace("X + Y", "X - Y"));
        r.assert_code(1);
        assert_eq!(r.verdicts(), ["WA", "WA"], "{}", r.json);
    }
}

mod pypy {
    /// PyPy is chosen with --lang pypy or a `#!…pypy3` line, never by extension.
    #[test]
    fn ac_by_shebang_wa() {
        if !super::toolchain("pypy") {
            return;
        }
        super::accepted(
            "solve",
            "#!/usr/bin/env pypy3\na, b = map(int, input().split())\nprint(a + b)\n",
        );
        super::wrong(
            "solve",
            "#!/usr/bin/env pypy3\na, b = map(int, input().split())\nprint(a * b)\n",
        );
    }
}

mod python2 {
    #[test]
    fn ac_wa() {
        if !super::toolchain("python2") {
            return;
        }
        super::accepted(
            "solve.py2",
            "a, b = map(int, raw_input().split())\nprint a + b\n",
        );
        super::wrong(
            "solve.py2",
            "a, b = map(int, raw_input().split())\nprint a - b\n",
        );
    }
}

mod python3_extension {
    #[test]
    fn py3_is_python() {
        super::accepted(
            "solve.py3",
            "a, b = map(int, input().split())\nprint(a + b)\n",
        );
    }
}

/// Java gets the memory limit as its heap cap (-Xmx, as on Kattis), not a share of the
/// machine's RAM: the program prints the sum only when `maxMemory()` is within the limit.
#[test]
fn java_heap_cap_is_the_memory_limit() {
    let source = "public class Main {\n  public static void main(String[] a) {\n    java.util.Scanner in = new java.util.Scanner(System.in);\n    long x = in.nextLong(), y = in.nextLong();\n    long cap = Runtime.getRuntime().maxMemory() >> 20;\n    System.out.println(cap <= 320 && cap > 200 ? x + y : -cap);\n  }\n}\n";
    let toml = CHALLENGE.replacen(
        "entry = \"solve\"\n",
        "entry = \"solve\"\n\n[limits]\nmemory = \"320MiB\"\n",
        1,
    );
    let r = Case::new(&toml).solution("solve.java", source).judge();
    r.assert_code(0);
    assert_eq!(r.verdicts(), ["AC", "AC"], "{}", r.json);
}

#[test]
fn multi_file_c_with_header() {
    let r = Case::new(CHALLENGE)
        .solution_dir(
            "demo",
            &[
                ("solve.c", "#include <stdio.h>\n#include \"add.h\"\nint main(void) { long a, b; if (scanf(\"%ld %ld\", &a, &b) != 2) return 1; printf(\"%ld\\n\", add(a, b)); return 0; }\n"),
                ("add.h", "long add(long a, long b);\n"),
                ("add.c", "#include \"add.h\"\nlong add(long a, long b) { return a + b; }\n"),
            ],
        )
        .judge();
    r.assert_code(0);
    assert_eq!(r.verdicts(), ["AC", "AC"], "{}", r.json);
}

#[test]
fn multi_file_python_imports_its_module() {
    let r = Case::new(CHALLENGE)
        .solution_dir(
            "demo",
            &[
                (
                    "solve.py",
                    "from helper import add\na, b = map(int, input().split())\nprint(add(a, b))\n",
                ),
                ("helper.py", "def add(a, b):\n    return a + b\n"),
            ],
        )
        .judge();
    r.assert_code(0);
    assert_eq!(r.verdicts(), ["AC", "AC"], "{}", r.json);
}

#[test]
fn multi_file_java_and_go() {
    let r = Case::new(CHALLENGE)
        .solution_dir(
            "demo",
            &[
                ("solve.java", "import java.util.*;\npublic class Main { public static void main(String[] a) { Scanner in = new Scanner(System.in); System.out.println(Adder.add(in.nextLong(), in.nextLong())); } }\n"),
                ("Adder.java", "class Adder { static long add(long a, long b) { return a + b; } }\n"),
            ],
        )
        .judge();
    r.assert_code(0);
    assert_eq!(r.verdicts(), ["AC", "AC"], "{}", r.json);
    let r = Case::new(CHALLENGE)
        .solution_dir(
            "demo",
            &[
                ("solve.go", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tvar a, b int64\n\tfmt.Scan(&a, &b)\n\tfmt.Println(add(a, b))\n}\n"),
                ("add.go", "package main\n\nfunc add(a, b int64) int64 { return a + b }\n"),
            ],
        )
        .judge();
    r.assert_code(0);
    assert_eq!(r.verdicts(), ["AC", "AC"], "{}", r.json);
}

/// A harness whose C compiler is a wrapper counting its invocations (the version command
/// included) in a file, so "compiled again" is counted, not timed. Landlock rightly forbids a
/// compiler to write outside its build folder, so the tests using it run with `--sandbox off`.
struct CountingGcc {
    dir: tempfile::TempDir,
}

impl CountingGcc {
    fn new() -> CountingGcc {
        let dir = tempfile::tempdir().unwrap();
        // Runs as uid 65534 under a root judge: the folder must be reachable, the counter
        // writable.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let counter = dir.path().join("count");
        std::fs::write(&counter, "").unwrap();
        std::fs::set_permissions(&counter, std::fs::Permissions::from_mode(0o666)).unwrap();
        let wrapper = dir.path().join("counting-gcc");
        std::fs::write(
            &wrapper,
            format!(
                "#!/bin/sh\necho \"$*\" >> '{}'\nexec gcc \"$@\"\n",
                counter.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(
            dir.path().join("harness.toml"),
            format!(
                "[c]\nextensions = [\"c\"]\ncompile = [\"{w}\", \"-O2\", \"-o\", \"{{exe}}\", \"{{sources}}\"]\nrun = [\"{{exe}}\"]\nversion = [\"{w}\", \"--version\"]\n",
                w = wrapper.display()
            ),
        )
        .unwrap();
        CountingGcc { dir }
    }

    fn harness(&self) -> String {
        self.dir.path().join("harness.toml").display().to_string()
    }

    /// Invocations so far: (compiles, all).
    fn count(&self) -> (usize, usize) {
        let text = std::fs::read_to_string(self.dir.path().join("count")).unwrap();
        let compiles = text.lines().filter(|l| !l.contains("--version")).count();
        (compiles, text.lines().count())
    }
}

fn cache_entries(cache: &Path) -> Vec<String> {
    std::fs::read_dir(cache.join("compile"))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn second_run_of_the_same_c_solution_does_not_compile_again() {
    let gcc = CountingGcc::new();
    let case = Case::new(CHALLENGE).solution("solve.c", c::AC).args(&[
        "--harness",
        &gcc.harness(),
        "--sandbox",
        "off",
    ]);
    let first = case.judge();
    first.assert_code(0);
    assert_eq!(gcc.count().0, 1, "the first run compiles once");
    let all_after_first = gcc.count().1;
    let second = case.judge();
    second.assert_code(0);
    assert_eq!(second.verdicts(), ["AC", "AC"]);
    assert_eq!(
        gcc.count(),
        (1, all_after_first),
        "a cache hit runs the compiler not at all (not even for its version)"
    );
    assert_eq!(cache_entries(case.cache_dir()).len(), 1);
}

#[test]
fn no_cache_compiles_every_time_and_a_changed_source_recompiles() {
    let gcc = CountingGcc::new();
    let harness = gcc.harness();
    let case = Case::new(CHALLENGE).solution("solve.c", c::AC).args(&[
        "--harness",
        &harness,
        "--no-cache",
        "--sandbox",
        "off",
    ]);
    case.judge().assert_code(0);
    case.judge().assert_code(0);
    assert_eq!(gcc.count().0, 2);
    assert!(
        cache_entries(case.cache_dir()).is_empty(),
        "--no-cache writes nothing"
    );

    let case = Case::new(CHALLENGE).solution("solve.c", c::AC).args(&[
        "--harness",
        &harness,
        "--sandbox",
        "off",
    ]);
    case.judge().assert_code(0);
    let case = case.solution("solve.c", &c::AC.replace("a + b", "b + a"));
    case.judge().assert_code(0);
    case.judge().assert_code(0);
    assert_eq!(gcc.count().0, 4, "one compile per distinct source");
    assert_eq!(cache_entries(case.cache_dir()).len(), 2);
}

#[test]
fn concurrent_judges_share_one_cache_entry() {
    let case = Case::new(CHALLENGE).solution("solve.c", c::AC);
    std::thread::scope(|scope| {
        let runs: Vec<_> = (0..3).map(|_| scope.spawn(|| case.judge())).collect();
        for run in runs {
            let r = run.join().unwrap();
            r.assert_code(0);
            assert_eq!(r.verdicts(), ["AC", "AC"]);
        }
    });
    let entries = cache_entries(case.cache_dir());
    assert_eq!(
        entries.len(),
        1,
        "one entry, no staging leftovers: {entries:?}"
    );
    // The entry holds the executable and is usable again.
    let r = case.judge();
    r.assert_code(0);
}

/// Many tests of one compiled solution on several workers: every test execs the same
/// executable while others are being prepared (an executable copied into a test's folder as
/// another thread forks could fail with "Text file busy"; the race is rare, so this test guards
/// against it without reproducing it every time).
#[test]
fn many_parallel_tests_of_a_compiled_solution_all_pass() {
    let mut toml = String::from(
        "id = \"demo\"\ntitle = \"Demo\"\ncategory = \"scripting\"\ndifficulty = \"easy\"\nentry = \"solve\"\n",
    );
    for i in 0..100 {
        toml.push_str(&format!(
            "[[test]]\nname = \"t{i}\"\nstdin = \"{i} 1\\n\"\nstdout = \"{}\\n\"\n",
            i + 1
        ));
    }
    let r = Case::new(&toml)
        .solution("solve.c", c::AC)
        .args(&["--all", "-j", "6"])
        .judge();
    r.assert_code(0);
    assert!(r.verdicts().iter().all(|v| v == "AC"), "{}", r.json);
}

/// Measures judging 50 tests of a C (and a C++) solution with an empty cache (compiles) and with the
/// cache filled (no compile), five times each, interleaved, and prints the medians
/// (docs/languages.md reports them). Run with
/// `cargo test --release --test languages -- --ignored --nocapture bench`.
#[test]
#[ignore]
fn bench_fifty_tests_first_and_cached() {
    let mut toml = String::from(
        "id = \"demo\"\ntitle = \"Demo\"\ncategory = \"scripting\"\ndifficulty = \"easy\"\nentry = \"solve\"\n",
    );
    for i in 0..50 {
        toml.push_str(&format!(
            "[[test]]\nname = \"t{i}\"\nstdin = \"{i} {i}\\n\"\nstdout = \"{}\\n\"\n",
            2 * i
        ));
    }
    for (file, source) in [("solve.c", c::AC), ("solve.cpp", cpp::AC)] {
        bench(&toml, file, source);
    }
}

fn bench(toml: &str, file: &str, source: &str) {
    let case = Case::new(toml).solution(file, source).args(&["--all"]);
    let time = |case: &Case| {
        let started = std::time::Instant::now();
        let r = case.judge();
        let elapsed = started.elapsed().as_secs_f64();
        r.assert_code(0);
        assert_eq!(r.verdicts().len(), 50);
        elapsed
    };
    let (mut first, mut cached) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let _ = std::fs::remove_dir_all(case.cache_dir().join("compile"));
        first.push(time(&case));
        cached.push(time(&case));
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "50 tests of {file}: first run (compiles) median {:.2} s {first:.2?}; cached run median {:.2} s {cached:.2?}",
        median(&mut first),
        median(&mut cached)
    );
}

/// An annotation processor shipped with a Java submission (a compiled class and the
/// `META-INF/services` entry that names it): javac would run it at compile time, outside the
/// limits of any test; the harness turns processing off (`-proc:none`).
#[test]
fn a_java_annotation_processor_in_the_submission_never_runs() {
    const PROCESSOR: &str = "import javax.annotation.processing.*;\n\
        import javax.lang.model.SourceVersion;\nimport javax.lang.model.element.TypeElement;\n\
        import java.util.Set;\n@SupportedAnnotationTypes(\"*\")\n\
        public class Evil extends AbstractProcessor {\n\
        public synchronized void init(ProcessingEnvironment env) { super.init(env); \
        System.err.println(\"PROCESSOR RAN\"); System.exit(3); }\n\
        public boolean process(Set<? extends TypeElement> a, RoundEnvironment r) { return false; }\n\
        public SourceVersion getSupportedSourceVersion() { return SourceVersion.latest(); }\n}\n";
    let case = Case::new(CHALLENGE).solution_dir(
        "demo",
        &[
            ("solve.java", java::AC),
            ("Evil.java", PROCESSOR),
            (
                "META-INF/services/javax.annotation.processing.Processor",
                "Evil\n",
            ),
        ],
    );
    let folder = case.root().join("solution/demo");
    // Built without processing: the service entry names the class being built.
    let compiled = std::process::Command::new("javac")
        .args(["-proc:none", "-d", "."])
        .arg("Evil.java")
        .current_dir(&folder)
        .output();
    match compiled {
        Ok(out) => assert!(
            out.status.success(),
            "javac could not build the processor: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => {
            eprintln!("\n!!! SKIPPED: no javac here ({e})\n");
            return;
        }
    }
    let r = case.judge();
    assert!(
        !r.json.to_string().contains("PROCESSOR RAN"),
        "the processor ran: {}",
        r.json
    );
    r.assert_code(0);
    assert_eq!(r.verdicts(), ["AC", "AC"], "{}", r.json);
}
