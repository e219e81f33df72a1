#!/usr/bin/env bash
# Judge overhead: 200 tests of a bash `exec cat` solution at -j1, against a bare shell loop that
# only runs the solution, with each sandbox layer skipped in turn. Prints seconds (best of N).
# Usage: tests/bench/overhead.sh [RUNS]   (builds the release binary first)
# With LIVEJUDGE_BENCH_JUDGE=/path/to/livejudge, measures that binary instead (e.g. an older build,
# to compare before and after under the same conditions).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
if [ -n "${LIVEJUDGE_BENCH_JUDGE:-}" ]; then
  judge="$(realpath "$LIVEJUDGE_BENCH_JUDGE")"
else
  cargo build --release --quiet
  judge="$PWD/target/release/livejudge"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/cat"
{
  printf 'id = "cat"\ntitle = "Cat"\ncategory = "scripting"\ndifficulty = "easy"\nentry = "solve"\n'
  for i in $(seq 200); do
    printf '[[test]]\nname = "t%d"\nstdin = "line %d\\n"\nstdout = "line %d\\n"\n' "$i" "$i" "$i"
  done
} > "$work/cat/challenge.toml"
printf 'exec cat\n' > "$work/solve.sh"
printf 'line\n' > "$work/in"
cd "$work"

best() { # best wall time in seconds of running "$@" $runs times
  local best=""
  for _ in $(seq "$runs"); do
    local start end took
    start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N)
    took=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$took < $best" | bc)" = 1 ]; then best=$took; fi
  done
  printf '%.3f' "$best"
}
bare() { for _ in $(seq 200); do bash solve.sh < in > /dev/null; done; }
judge_with() { LIVEJUDGE_SKIP_LAYERS="$1" "$judge" test cat/ solve.sh --all -j1 -q; }

base=$(best bare)
echo "bare shell loop:                    ${base} s"
for skip in "" filesystem landlock namespaces cgroup "landlock,namespaces,cgroup"; do
  t=$(best judge_with "$skip")
  printf 'judge, skipping %-30s %s s  (%.2fx)\n' "[$skip]" "$t" "$(echo "$t / $base" | bc -l)"
done
echo "judge --sandbox off:                $(best "$judge" --sandbox off test cat/ solve.sh --all -j1 -q) s"
