#!/usr/bin/env bash
# Judge overhead: 200 tests of a bash `exec cat` solution at -j1, against a bare shell loop that
# only runs the solution, with each sandbox layer skipped in turn. Prints seconds (medians of N
# interleaved rounds).
# Usage: tests/bench/overhead.sh [RUNS]   (builds the release binary first)
# With LIVEJUDGE_BENCH_JUDGE=/path/to/livejudge, measures that binary instead (e.g. an older build,
# to compare before and after under the same conditions).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
. tests/bench/judge.sh
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

bare() { for _ in $(seq 200); do bash solve.sh < in > /dev/null; done; }
judge_with() { LIVEJUDGE_SKIP_LAYERS="$1" "$judge" test cat/ solve.sh --all -j1 -q; }
judge_off() { "$judge" --sandbox off test cat/ solve.sh --all -j1 -q; }

# Interleaved rounds: each round runs every configuration once, in turn, so a slow minute of the
# machine (a VM's noise is ±10%) hits them all; medians, not the best of each run one after
# another.
configs=("bare" "all" filesystem landlock namespaces cgroup "landlock,namespaces,cgroup" "off")
declare -A times
for _ in $(seq "$runs"); do
  for config in "${configs[@]}"; do
    start=$(date +%s%N)
    case "$config" in
      bare) bare ;;
      off) judge_off >/dev/null 2>&1 ;;
      all) judge_with "" >/dev/null 2>&1 ;;
      *) judge_with "$config" >/dev/null 2>&1 ;;
    esac
    end=$(date +%s%N)
    times[$config]+="$(( (end - start) / 1000 )) "
  done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
base=$(median "${times[bare]}")
for config in "${configs[@]}"; do
  m=$(median "${times[$config]}")
  case "$config" in
    bare) label="bare shell loop" ;;
    off) label="judge --sandbox off" ;;
    all) label="judge, every layer" ;;
    *) label="judge, skipping [$config]" ;;
  esac
  printf '%-45s %.3f s  (%.2fx)\n' "$label" "$(bc -l <<<"$m / 1000000")" "$(bc -l <<<"$m / $base")"
done
