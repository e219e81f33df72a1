#!/usr/bin/env bash
# Agreement of livejudge with problemtools (Kattis' own verifyproblem), on demand: not part of
# `cargo test`. Installs problemtools from PyPI into its own virtual environment, builds
# livejudge, then compares verdicts
#   - per submission and per test on every package of tests/kattis/ (problemtools judges one
#     test at a time with `-s SUBMISSION -d TEST -t LIMIT`, LIMIT being livejudge's limit);
#   - on the default-validator cases of tests/kattis/default-validator-cases.tsv, where
#     problemtools' own compiled default_validator judges each output.
# It prints a Markdown table of every difference with its known reason (docs/kattis.md keeps
# the table of the last run) and exits 1 when a difference has no known reason.
#
# Usage: tests/kattis-agreement.sh [PACKAGE…]     (default: every package of tests/kattis/)
# Environment: PROBLEMTOOLS_VERSION (default 1.20260907), PROBLEMTOOLS_VENV (default
# target/problemtools-venv), AGREEMENT_MARKDOWN=FILE (also write the table there).
#
# problemtools needs: python3 with venv (Debian: python3-venv), and for the languages of the
# packages their toolchains (pypy3 for Python 3 — problemtools runs Python with PyPy —, g++,
# javac 21, kotlinc, ghc, php, swipl). Its wheel ships the compiled default validator.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
version="${PROBLEMTOOLS_VERSION:-1.20260907}"
venv="${PROBLEMTOOLS_VENV:-$root/target/problemtools-venv}"

if ! "$venv/bin/python" -c "import problemtools" 2>/dev/null; then
  echo "installing problemtools $version into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "problemtools==$version"
fi
cargo build --quiet
export LIVEJUDGE_BIN="$root/target/debug/livejudge"
export VERIFYPROBLEM="$venv/bin/verifyproblem"
export AGREEMENT_ROOT="$root"
exec "$venv/bin/python" - "$@" <<'PYTHON'
"""Runs both judges and compares; see the header of tests/kattis-agreement.sh."""
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(os.environ["AGREEMENT_ROOT"])
CORPUS = ROOT / "tests" / "kattis"
LIVEJUDGE = os.environ["LIVEJUDGE_BIN"]
VERIFYPROBLEM = os.environ["VERIFYPROBLEM"]

# Differences understood and accepted, by (package, submission, test or "*"): the reason is
# what docs/kattis.md says. A difference not listed here fails the run.
KNOWN = {
    ("interactive", "*", "*"): "livejudge refuses interactive problems (exit 2) by design; problemtools runs them with its interactor",
    ("legacyinteractive", "*", "*"): "livejudge refuses interactive problems (exit 2) by design; problemtools runs them with its interactor",
    ("polyglot", "accepted/sum_py2.py", "*"): "no Python 2 here (problemtools runs it with pypy, Debian 12 has no Python 2): livejudge skips it with a note, problemtools reports a compile error",
    ("polyglot", "accepted/Sum.java", "*"): "problemtools compiles Java with `javac -source 21`; this machine has JDK 17, so problemtools reports a compile error",
    ("spacing", "wrong_answer/two_spaces.py", "*"): "problemtools reads only the legacy `output_validator_flags` of testdata.yaml, for every format version: it ignores this 2023-07 package's `output_validator_args: space_change_sensitive` and accepts the double space",
    ("pairs", "*", "*"): "the package uses 2025-09 features problemtools 1.20260907 lacks even as 2023-07-draft: `{{constants}}` in the output validator (it crashes: JE), `include/python3/` (the helper module is missing: RTE), submissions.yaml `entrypoint` (the folder submission is not recognised: no verdict)",
}

# problemtools 1.20260907 cannot load 2025-09 packages ("'2025-09' is not a valid
# FormatVersion"): they are compared as copies declaring 2023-07-draft, their test-data settings
# (`test_group.yaml`, `output_validator_args`) rewritten to the only ones problemtools reads
# (`testdata.yaml`, `output_validator_flags` as a string).
CONVERT = {"2025-09": "2023-07-draft", "2025-09-draft": "2023-07-draft"}


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def format_verdict(v):
    """A livejudge verdict in the package format's terms (MLE is a run-time error there)."""
    return {"MLE": "RTE"}.get(v, v)


def tests_of(package):
    data = package / "data"
    return sorted(
        str(p.relative_to(data).with_suffix(""))
        for p in data.rglob("*.in")
        if p.with_suffix(".ans").is_file()
    )


def submissions_of(package):
    base = package / "submissions"
    found = []
    if base.is_dir():
        for folder in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")):
            for entry in sorted(folder.iterdir()):
                if not entry.name.startswith("."):
                    found.append(f"{folder.name}/{entry.name}")
    return found


def problemtools_copy(package, workdir):
    """The package as problemtools can load it (2025-09 declared as 2023-07-draft)."""
    text = (package / "problem.yaml").read_text()
    config = yaml.safe_load(text) or {}
    version = str(config.get("problem_format_version", ""))
    if version not in CONVERT:
        return package
    copy = Path(workdir) / package.name
    shutil.copytree(package, copy)
    (copy / "problem.yaml").write_text(
        re.sub(r"(?m)^problem_format_version:.*$", f"problem_format_version: {CONVERT[version]}", text)
    )
    for settings in sorted((copy / "data").rglob("test_group.yaml")):
        group = yaml.safe_load(settings.read_text()) or {}
        args = group.pop("output_validator_args", None)
        if args is not None:
            group["output_validator_flags"] = args if isinstance(args, str) else " ".join(map(str, args))
        settings.with_name("testdata.yaml").write_text(yaml.safe_dump(group))
        settings.unlink()
    return copy


def livejudge_limit(package, stderr):
    config = yaml.safe_load((package / "problem.yaml").read_text()) or {}
    given = (config.get("limits") or {}).get("time_limit")
    if given:
        return float(given)
    if (package / ".timelimit").is_file():
        return float((package / ".timelimit").read_text().strip())
    m = re.search(r"time limit ([0-9.]+)(ms|s) \(derived", stderr)
    if m:
        return float(m.group(1)) / (1000 if m.group(2) == "ms" else 1)
    return None


PT_LINE = re.compile(r"^\s*(?:ERROR )?(\S+) \([^)]*(?:\([^)]*\))?[^)]*\) (?:OK: |OK with extra time: |got )([A-Z]+)", re.M)
PT_COMPILE = re.compile(r"Compile error for (\S+) ", re.M)


def problemtools_verdicts(copy, extra):
    out = run([VERIFYPROBLEM, str(copy), "-p", "submissions", *extra])
    text = out.stdout + out.stderr
    if "Failed to load problem" in text:
        return None, text
    verdicts = {m.group(1): m.group(2) for m in PT_LINE.finditer(text)}
    for m in PT_COMPILE.finditer(text):
        verdicts[m.group(1)] = "CE"
    return verdicts, text


def livejudge_result(package, submission):
    out = run([LIVEJUDGE, "test", str(package), str(package / "submissions" / submission),
               "--all", "--format", "json", "--color", "never"])
    try:
        doc = json.loads(out.stdout)
    except json.JSONDecodeError:
        doc = None
    return out, doc


def known(package, submission, test):
    for key in ((package, submission, test), (package, submission, "*"), (package, "*", "*")):
        if key in KNOWN:
            return KNOWN[key]
    return None


rows = []      # (package, submission, test, livejudge, problemtools, reason)
summary = []   # (package, submissions, tests compared, agreeing)


def compare(package_name, submission, test, lj, pt):
    if lj == pt:
        return True
    rows.append((package_name, submission, test, lj, pt, known(package_name, submission, test)))
    return False


def package_agreement(package):
    name = package.name
    with tempfile.TemporaryDirectory() as work:
        copy = problemtools_copy(package, work)
        whole, text = problemtools_verdicts(copy, [])
        subs = submissions_of(package)
        if whole is None:
            for sub in subs:
                compare(name, sub, "*", "judged", "cannot load: " + text.strip().splitlines()[-1])
            summary.append((name, len(subs), 0, 0))
            return
        compared = agreed = 0
        tests = tests_of(package)
        for sub in subs:
            out, doc = livejudge_result(package, sub)
            if doc is None:
                reason = out.stderr.strip().splitlines()[-1] if out.stderr.strip() else f"exit {out.status}"
                lj = "unsupported" if "not supported" in out.stderr else (
                    "skipped" if ("no toolchain" in out.stderr or "not in the harness" in out.stderr) else "error: " + reason)
                compared += 1
                agreed += compare(name, sub, "*", lj, whole.get(sub, "-"))
                continue
            compared += 1
            agreed += compare(name, sub, "*", format_verdict(doc["verdict"]), whole.get(sub, "-"))
            limit = livejudge_limit(package, out.stderr)
            per_test = {t["name"]: format_verdict(t["verdict"]) for t in doc["tests"]}
            for test in tests:
                args = ["-s", "^" + re.escape(sub) + "$", "-d", "^" + re.escape(test) + "$"]
                if limit:
                    args += ["-t", str(max(1, math.ceil(limit)))]
                pt, _ = problemtools_verdicts(copy, args)
                lj = per_test.get(test.replace("/", "."), "-")
                compared += 1
                agreed += compare(name, sub, test, lj, (pt or {}).get(sub, "-"))
        summary.append((name, len(subs), compared, agreed))


def default_validator_agreement():
    """problemtools' compiled default_validator against livejudge on the shared flag cases."""
    import problemtools
    validator = Path(problemtools.__file__).parent / "support" / "default_validator"
    if not validator.is_file():
        matches = list(Path(problemtools.__file__).parent.rglob("default_validator"))
        validator = next((m for m in matches if m.is_file()), None)
    cases = []
    for line in (CORPUS / "default-validator-cases.tsv").read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        group, flags, case, output, answer = line.split("\t")
        unescape = lambda s: re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), s)
        cases.append((group, yaml.safe_load(flags), case, unescape(output), unescape(answer)))
    with tempfile.TemporaryDirectory() as work:
        pkg = Path(work) / "defaultvalidator"
        (pkg / "submissions" / "accepted").mkdir(parents=True)
        (pkg / "problem.yaml").write_text("name: Default validator\n")
        (pkg / ".timelimit").write_text("2\n")
        (pkg / "submissions" / "accepted" / "echo.py").write_text("import sys\nsys.stdout.write(sys.stdin.read())\n")
        for group, flags, case, output, answer in cases:
            d = pkg / "data" / "secret" / group
            d.mkdir(parents=True, exist_ok=True)
            (d / "testdata.yaml").write_text("output_validator_flags: " + " ".join(str(f) for f in flags) + "\n")
            (d / f"{case}.in").write_text(output, newline="")
            (d / f"{case}.ans").write_text(answer, newline="")
        out, doc = livejudge_result(pkg, "accepted/echo.py")
        lj = {t["name"]: t["verdict"] for t in (doc or {}).get("tests", [])}
        agreed = 0
        for group, flags, case, output, answer in cases:
            d = pkg / "data" / "secret" / group
            feedback = Path(work) / "feedback"
            feedback.mkdir(exist_ok=True)
            with open(d / f"{case}.in") as judged:
                r = subprocess.run([str(validator), str(d / f"{case}.in"), str(d / f"{case}.ans"), str(feedback), *map(str, flags)],
                                   stdin=judged, capture_output=True, text=True)
            pt = {42: "AC", 43: "WA"}.get(r.returncode, f"exit {r.returncode}")
            agreed += compare("default validator", f"{group} {flags}", case, lj.get(f"secret.{group}.{case}", "-"), pt)
        summary.append(("default validator", 1, len(cases), agreed))


packages = [CORPUS / p for p in sys.argv[1:]] or sorted(
    p for p in CORPUS.iterdir() if (p / "problem.yaml").is_file())
for package in packages:
    print(f"… {package.name}", file=sys.stderr)
    package_agreement(package)
default_validator_agreement()

lines = ["| package | submissions | verdicts compared | agree |", "| --- | --- | --- | --- |"]
for name, subs, compared, agreed in summary:
    lines.append(f"| `{name}` | {subs} | {compared} | {agreed} |")
lines += ["", "| package | submission | test | livejudge | problemtools | reason |", "| --- | --- | --- | --- | --- | --- |"]
unexplained = 0
for package, sub, test, lj, pt, reason in rows:
    unexplained += reason is None
    lines.append(f"| `{package}` | `{sub}` | {test} | {lj} | {pt} | {reason or '**unexplained**'} |")
table = "\n".join(lines)
print(table)
if os.environ.get("AGREEMENT_MARKDOWN"):
    Path(os.environ["AGREEMENT_MARKDOWN"]).write_text(table + "\n")
print(f"\n{len(rows)} difference(s), {unexplained} unexplained", file=sys.stderr)
sys.exit(1 if unexplained else 0)
PYTHON
