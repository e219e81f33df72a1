#!/usr/bin/env bash
# livejudge side by side with the floor and the alternatives, in one run (issue #14): not part of
# `cargo test` or `.ci/run`; its table goes into docs/performance.md.
#
# On the same work — a Kattis package of TESTS echo tests (one line in, the same line out),
# judged with a bash and a Python echo solution — it times, in interleaved rounds (each round runs
# every contender once, in turn, so a slow spell of the machine hits them all), the median of
# ROUNDS rounds of:
#   bare          a shell loop that only runs the solution on each input;
#   timeout+cmp   a hand-rolled harness: `timeout` around each run, `cmp` with the answer;
#   livejudge -j1 and livejudge with its default -j (`livejudge test PKG SOLUTION --all`);
#   problemtools  `verifyproblem -p submissions` (Kattis' own tool, from PyPI, in its own venv).
# Then, once each (median of ROUNDS): the TLE latency (a 1 s limit, a solution sleeping with a
# child), the 200,000-line output differing in one line (judged and reported), the judge's peak
# RSS while judging 8 MiB outputs (accepted and rejected), and `list` / `show` with 100
# challenges. Prints a Markdown table, each target met or not.
#
# Usage: tests/bench/compare.sh [ROUNDS] [TESTS]        (defaults: 7, 200)
# Environment: LIVEJUDGE_BENCH_JUDGE (a livejudge binary; default: build the release one),
# PROBLEMTOOLS_VENV (default target/problemtools-venv, made and filled from PyPI when missing;
# problemtools is skipped, saying why, when it cannot be installed), PROBLEMTOOLS_VERSION.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"
rounds="${1:-7}"
tests="${2:-200}"
. tests/bench/judge.sh
venv="${PROBLEMTOOLS_VENV:-$root/target/problemtools-venv}"
version="${PROBLEMTOOLS_VERSION:-1.20260907}"
if ! "$venv/bin/python" -c "import problemtools" 2>/dev/null; then
  echo "installing problemtools $version into $venv" >&2
  { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet "problemtools==$version"; } >&2 ||
    echo "problemtools could not be installed: its column is left out" >&2
fi
export BENCH_JUDGE="$judge" BENCH_ROUNDS="$rounds" BENCH_TESTS="$tests" BENCH_ROOT="$root"
export BENCH_VERIFYPROBLEM="$venv/bin/verifyproblem"
exec python3 - <<'PYTHON'
"""The measurements of tests/bench/compare.sh (see its header)."""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

JUDGE = os.environ["BENCH_JUDGE"]
ROUNDS = int(os.environ["BENCH_ROUNDS"])
TESTS = int(os.environ["BENCH_TESTS"])
ROOT = Path(os.environ["BENCH_ROOT"])
VERIFYPROBLEM = os.environ["BENCH_VERIFYPROBLEM"]
# Every contender finds its programs where a run of livejudge does (a shim such as pyenv's on the
# caller's PATH would make the bare loop ten times slower than the interpreter itself).
RUN_PATH = "/usr/local/bin:/usr/bin:/bin"
ENV = dict(os.environ, LC_ALL="C", PATH=f"{os.path.dirname(VERIFYPROBLEM)}:{RUN_PATH}")
# livejudge's state and cache are the bench's own (`main` sets them in its folder): a learner's
# long history or another build's cache must not weigh on the figures.
# The hand-made loops run the solution in the environment a livejudge run gets (sandbox.md: a
# cleared environment, then PATH, HOME, TMPDIR, LANG=C.UTF-8, TZ=UTC): the same work. The
# locale matters: bash started under C.UTF-8 reads a dozen locale files that it does not read
# under LC_ALL=C, about 0.5 ms a start on the development VM.
def loop_env(home: Path):
    return ["env", "-i", f"PATH={RUN_PATH}", f"HOME={home}", f"TMPDIR={home}", "LANG=C.UTF-8", "TZ=UTC"]


def timed(argv, cwd, stdin=None, shell=False):
    """Wall seconds and peak RSS (KiB, the largest process of the tree waited for) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, stdin=stdin or subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, shell=shell, env=ENV,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return took, usage.ru_maxrss, proc.returncode


def median(values):
    return statistics.median(values)


def echo_package(folder: Path) -> Path:
    package = folder / "echo"
    secret = package / "data" / "secret"
    secret.mkdir(parents=True)
    (package / "data" / "sample").mkdir()
    (package / "problem.yaml").write_text("name: Echo\nlimits:\n  time_multiplier: 5\n")
    for i in range(TESTS):
        line = f"line {i}\n"
        (secret / f"{i:03}.in").write_text(line)
        (secret / f"{i:03}.ans").write_text(line)
    accepted = package / "submissions" / "accepted"
    accepted.mkdir(parents=True)
    (accepted / "echo.sh").write_text("#!/bin/bash\nexec cat\n")
    (accepted / "echo.py").write_text("import sys\nsys.stdout.write(sys.stdin.read())\n")
    (package / ".timelimit").write_text("2\n")
    return package


def contenders(package: Path, solution: str):
    """(name, argv, shell) of every contender judging `solution` on the package."""
    run = {"sh": "bash", "py": "python3"}[solution.rsplit(".", 1)[1]]
    source = package / "submissions" / "accepted" / solution
    inputs = package / "data" / "secret"
    home = package.parent / "home"
    home.mkdir(exist_ok=True)
    bare = f'for f in {inputs}/*.in; do {run} {source} < "$f" > /dev/null; done'
    harness = (
        f'out=$(mktemp); for f in {inputs}/*.in; do timeout 2 {run} {source} < "$f" > "$out"; '
        f'cmp -s "$out" "${{f%.in}}.ans" || echo "WA $f"; done; rm -f "$out"'
    )
    items = [
        ("bare loop", [*loop_env(home), "bash", "-c", bare]),
        ("timeout + cmp", [*loop_env(home), "bash", "-c", harness]),
        ("livejudge -j1", [JUDGE, "test", str(package), str(source), "--all", "-j1", "-q"]),
        ("livejudge (default -j)", [JUDGE, "test", str(package), str(source), "--all", "-q"]),
    ]
    # problemtools has no Bash: it would check nothing.
    if os.access(VERIFYPROBLEM, os.X_OK) and solution.endswith(".py"):
        items.append((
            "problemtools verifyproblem",
            [VERIFYPROBLEM, str(package), "-p", "submissions", "-s", f"accepted/{solution}", "-t", "2"],
        ))
    return items


def side_by_side(package: Path, solution: str):
    items = contenders(package, solution)
    times = {name: [] for name, _ in items}
    # One round untimed: every contender then starts as it does the second time a user runs it
    # (files in the page cache, livejudge's cache and zygote hint written).
    for name, argv in items:
        timed(argv, package.parent)
    for _ in range(ROUNDS):
        for name, argv in items:
            took, _, code = timed(argv, package.parent)
            if code != 0:
                sys.exit(f"{name} failed on {solution} (exit {code}): {' '.join(argv)}")
            times[name].append(took)
    return {name: median(values) for name, values in times.items()}


def native(folder: Path, name: str, toml: str, files: dict) -> Path:
    challenge = folder / name
    challenge.mkdir()
    (challenge / "challenge.toml").write_text(toml)
    for path, text in files.items():
        (folder / path).write_text(text)
    return challenge


def tle_latency(folder: Path):
    """How late the TLE verdict comes: the whole command for a solution that sleeps (with a
    child holding its output open) past a 1 s limit, less the same command for one that ends at
    once, less the limit."""
    challenge = native(folder, "sleepy", (
        'id = "sleepy"\ntitle = "Sleepy"\ncategory = "systems"\ndifficulty = "easy"\n'
        'entry = "solve"\n[limits]\ntime = "1s"\n[[test]]\nname = "t"\nstdout = "done\\n"\n'
    ), {"sleepy.sh": "sleep 5 &\nsleep 5\necho done\n", "quick.sh": "echo done\n"})
    walls = {"sleepy.sh": [], "quick.sh": []}
    for _ in range(ROUNDS):
        for solution, wanted in [("sleepy.sh", "TLE"), ("quick.sh", "AC")]:
            start = time.perf_counter()
            out = subprocess.run(
                [JUDGE, "test", str(challenge), solution, "--format", "json"],
                cwd=folder, capture_output=True, text=True, env=ENV,
            )
            walls[solution].append(time.perf_counter() - start)
            test = json.loads(out.stdout)["tests"][0]
            assert test["verdict"] == wanted, test
    return median(walls["sleepy.sh"]), median(walls["quick.sh"])


def big_diff(folder: Path):
    lines = 200_000
    expected = "".join(f"line {i}\n" for i in range(lines))
    (folder / "big.out").write_text(expected)
    challenge = native(folder, "bigdiff", (
        'id = "bigdiff"\ntitle = "Big diff"\ncategory = "scripting"\ndifficulty = "easy"\n'
        'entry = "solve"\n[[test]]\nname = "t"\nstdout = { file = "big.out" }\n'
    ), {"bigdiff.py": (
        f"import sys\nfor i in range({lines}):\n"
        "    sys.stdout.write('LINE changed\\n' if i == 123456 else f'line {i}\\n')\n"
    )})
    shutil.copy(folder / "big.out", challenge / "big.out")
    results, alone = [], []
    for _ in range(ROUNDS):
        results.append(timed([JUDGE, "test", str(challenge), "bigdiff.py", "--color", "never"], folder))
        alone.append(timed(["python3", "bigdiff.py"], folder)[0])
    assert all(code == 1 for _, _, code in results), results
    return median([r[0] for r in results]), median(alone), median([r[1] for r in results])


def big_outputs(folder: Path):
    size = 8 << 20
    line = "x" * 1023 + "\n"
    (folder / "eight.out").write_text(line * (size // 1024))
    challenge = native(folder, "eight", (
        'id = "eight"\ntitle = "Eight"\ncategory = "scripting"\ndifficulty = "easy"\n'
        'entry = "solve"\n[limits]\noutput = "16MiB"\n'
        '[[test]]\nname = "t"\nstdout = { file = "eight.out" }\n'
    ), {
        "eight_ac.py": f"import sys\nsys.stdout.write({line!r} * {size // 1024})\n",
        "eight_wa.py": f"import sys\nsys.stdout.write({line!r} * {size // 1024 - 1} + 'y\\n')\n",
        # Every line differs: the diff's middle is the whole output.
        "eight_all.py": f"import sys\nsys.stdout.write({line.replace('x', 'z')!r} * {size // 1024})\n",
    })
    shutil.copy(folder / "eight.out", challenge / "eight.out")
    peaks = {}
    for solution, code_wanted in [("eight_ac.py", 0), ("eight_wa.py", 1), ("eight_all.py", 1)]:
        results = [timed([JUDGE, "test", str(challenge), solution, "--color", "never"], folder)
                   for _ in range(ROUNDS)]
        assert all(code == code_wanted for _, _, code in results), (solution, results)
        peaks[solution] = max(r[1] for r in results)
    return peaks


def catalog_of(folder: Path, count: int) -> Path:
    catalog = folder / "many"
    catalog.mkdir()
    sources = sorted(p for p in (ROOT / "challenges").iterdir() if (p / "challenge.toml").is_file())
    for i in range(count):
        source = sources[i % len(sources)]
        target = catalog / f"{source.name}-{i}"
        shutil.copytree(source, target)
        toml = target / "challenge.toml"
        toml.write_text(toml.read_text().replace(f'id = "{source.name}"', f'id = "{target.name}"', 1))
    return catalog


def listing(folder: Path):
    catalog = catalog_of(folder, 100)
    first = sorted(catalog.iterdir())[0].name
    out = {}
    for name, argv in [("list", [JUDGE, "list", "--challenges", str(catalog)]),
                       ("show", [JUDGE, "show", first, "--challenges", str(catalog)])]:
        timed(argv, folder)  # warm the page cache
        results = [timed(argv, folder) for _ in range(max(ROUNDS, 11))]
        assert all(code == 0 for _, _, code in results), (name, results)
        out[name] = median([r[0] for r in results])
    return out


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    memory = next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))
    kernel = os.uname().release
    return f"{os.cpu_count()} × {cpu}, {int(memory) // 1024 // 1024} GiB, Linux {kernel}"


def verdict(ok):
    return "met" if ok else "**not met**"


def main():
    with tempfile.TemporaryDirectory(prefix="livejudge-compare-") as work:
        work = Path(work)
        ENV["LIVEJUDGE_HOME"] = str(work / "livejudge-home")
        ENV["LIVEJUDGE_CACHE"] = str(work / "livejudge-cache")
        package = echo_package(work)
        print(f"machine: {machine()}; {ROUNDS} interleaved rounds, medians; {TESTS} tests\n")
        print("| work | contender | seconds | × bare loop | target |")
        print("|---|---|---:|---:|---|")
        for solution in ["echo.sh", "echo.py"]:
            medians = side_by_side(package, solution)
            bare = medians["bare loop"]
            ours = medians["livejudge (default -j)"]
            for name, seconds in medians.items():
                target = ""
                if name == "livejudge -j1" and solution == "echo.sh":
                    target = f"≤ 1.15×: {verdict(seconds / bare <= 1.15)}"
                elif name == "livejudge (default -j)" and solution == "echo.sh":
                    target = f"≤ 0.6×: {verdict(seconds / bare <= 0.6)}"
                elif name.startswith("problemtools") and solution == "echo.py":
                    target = f"÷ livejudge = {seconds / ours:.1f} (≥ 3: {verdict(seconds / ours >= 3)})"
                print(f"| {solution} ×{TESTS} | {name} | {seconds:.3f} | {seconds / bare:.2f} | {target} |")
            sys.stdout.flush()
        sleepy, quick = tle_latency(work)
        late = (sleepy - quick - 1) * 1000
        print(f"\n| measure | value | target |\n|---|---|---|")
        print(f"| TLE verdict, 1 s limit (solution sleeping with a child) | {late:.0f} ms after the limit "
              f"(command {sleepy:.3f} s, {quick:.3f} s for an instant solution) | ≤ 20 ms: {verdict(late <= 20)} |")
        whole, alone, rss = big_diff(work)
        # The whole command (start, the solution's run, judging, the report) is held to the
        # target: the solution alone is shown beside it for scale.
        print(f"| 200,000-line output, one line differs: judged and reported | command {whole:.3f} s "
              f"(the solution alone {alone:.3f} s), peak RSS {rss / 1024:.0f} MiB "
              f"| ≤ 0.2 s: {verdict(whole <= 0.2)} |")
        peaks = big_outputs(work)
        for solution, rss in peaks.items():
            kind = {
                "eight_ac.py": "accepted",
                "eight_wa.py": "rejected (last line differs)",
                "eight_all.py": "rejected (every line differs)",
            }[solution]
            # The largest process of the tree: the judge, or the Python solution holding its 8 MiB.
            print(f"| peak RSS (largest process), 8 MiB output {kind} | {rss / 1024:.0f} MiB "
                  f"| ≤ 40 MiB: {verdict(rss / 1024 <= 40)} |")
        times = listing(work)
        print(f"| `list`, 100 challenges | {times['list'] * 1000:.1f} ms | ≤ 15 ms: {verdict(times['list'] <= 0.015)} |")
        print(f"| `show`, 100 challenges | {times['show'] * 1000:.1f} ms | |")


main()
PYTHON
