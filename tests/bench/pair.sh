#!/usr/bin/env bash
# Two livejudge builds compared in pairs (not part of `cargo test` or `.ci/run`): on a Kattis
# package of TESTS echo tests (one line in, the same line out; a bash `exec cat` solution), each
# round runs the bare loop, build A and build B one right after another, and the medians of the
# per-round ratios are printed (B ÷ A, and each ÷ the bare loop). On a VM whose speed drifts by
# ±10% from one minute to the next, ratios taken within a round are far steadier than medians of
# separate series: this is how docs/performance.md measures a change before and after.
#
# Usage: tests/bench/pair.sh OLD_BINARY [NEW_BINARY] [ROUNDS] [TESTS] [JOBS]
#   NEW_BINARY defaults to the release build of this checkout (built first); ROUNDS to 21,
#   TESTS to 200; JOBS (e.g. 1) adds `-jJOBS`, else the default -j.
set -euo pipefail
cd "$(dirname "$0")/../.."
old="$(realpath "${1:?usage: tests/bench/pair.sh OLD_BINARY [NEW_BINARY] [ROUNDS] [TESTS] [JOBS]}")"
if [ -n "${2:-}" ]; then
  new="$(realpath "$2")"
else
  . tests/bench/judge.sh
  new="$judge"
fi
rounds="${3:-21}"
tests="${4:-200}"
jobs=()
[ -n "${5:-}" ] && jobs=("-j$5")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
package="$work/echo"
mkdir -p "$package/data/secret" "$package/data/sample" "$package/submissions/accepted"
printf 'name: Echo\nlimits:\n  time_multiplier: 5\n' > "$package/problem.yaml"
printf '2\n' > "$package/.timelimit"
for i in $(seq 0 $((tests - 1))); do
  name=$(printf '%03d' "$i")
  printf 'line %d\n' "$i" > "$package/data/secret/$name.in"
  cp "$package/data/secret/$name.in" "$package/data/secret/$name.ans"
done
printf '#!/bin/bash\nexec cat\n' > "$package/submissions/accepted/echo.sh"
solution="$package/submissions/accepted/echo.sh"
run_path=/usr/local/bin:/usr/bin:/bin
export LIVEJUDGE_HOME="$work/home"

# The bare loop runs the solution in the environment a livejudge run gets (sandbox.md).
bare() {
  env -i PATH="$run_path" HOME="$work" TMPDIR="$work" LANG=C.UTF-8 TZ=UTC bash -c '
    for input in "$1"/data/secret/*.in; do bash "$2" < "$input" > /dev/null; done' _ "$package" "$solution"
}
judged() {
  "$1" test "$package" "$solution" --all "${jobs[@]}" -q > /dev/null 2>&1 ||
    { echo "$1 did not pass the package: its time would mean nothing" >&2; exit 1; }
}
microseconds() { echo $(( $(date +%s%N) / 1000 )); }

for _ in $(seq "$rounds"); do
  t0=$(microseconds); bare
  t1=$(microseconds); judged "$old"
  t2=$(microseconds); judged "$new"
  t3=$(microseconds)
  echo "$((t1 - t0)) $((t2 - t1)) $((t3 - t2))" >> "$work/times"
done
python3 - "$work/times" <<'PYTHON'
import statistics, sys
rows = [list(map(int, line.split())) for line in open(sys.argv[1])]
median = statistics.median
print(f"{len(rows)} rounds, bare loop median {median(r[0] for r in rows) / 1000:.0f} ms")
print(f"A ÷ bare {median(r[1] / r[0] for r in rows):.3f}")
print(f"B ÷ bare {median(r[2] / r[0] for r in rows):.3f}")
print(f"B ÷ A    {median(r[2] / r[1] for r in rows):.3f}")
PYTHON
