#!/usr/bin/env bash
# livejudge beside the floor of a contained judge (not part of `cargo test` or `.ci/run`; needs
# root): how much of livejudge's time over a bare loop is the kernel work its containment needs
# per run, and how much is its own work. docs/performance.md quotes its tables.
#
# The floor is tests/bench/floor.c (compiled with `cc` into target/bench-floor/floor; see its
# header): one process that judges N runs of a bash solution doing per run only the kernel work of
# livejudge's containment. On the same work — TESTS runs of a bash `exec cat` solution, one line
# in, the same line out — it times, in interleaved rounds (each round runs every contender once,
# in turn, so a slow spell of the machine hits them all; one untimed round first, so that every
# contender starts as it does the second time), the median of ROUNDS rounds of:
#   bare loop       a shell loop that only runs the solution, in the environment a livejudge run
#                   gets (sandbox.md: PATH, HOME, TMPDIR, LANG=C.UTF-8, TZ=UTC, nothing else);
#   floor plain     fork/exec, pipes and the comparison, no containment;
#   floor full      the containment without the view; with the view (FLOOR_VIEW=1); with the
#                   view but no per-run user namespace (FLOOR_NO_USERNS=1); with the view but no
#                   Landlock (FLOOR_NO_LANDLOCK=1); with the view, split into a judge and a
#                   zygote as livejudge is (FLOOR_ZYGOTE=1), and so with the next request queued
#                   at the zygote before the current run ends (FLOOR_QUEUE=1);
#   livejudge -j1   `livejudge test cat/ solve.sh --all -j1 -q` on tests/bench/overhead.sh's
#                   native challenge of TESTS inline tests.
# It prints a Markdown table: the median milliseconds and the median of the per-round ratios to
# the bare loop (floor full ÷ bare is the containment floor; livejudge ÷ floor full, the judge's
# own work). Then, the same way, a smaller table at the default -j: one bare loop of TESTS runs,
# two bare loops of TESTS/2 at once, two `floor full` with the view of TESTS/2 at once (two judge
# workers, each contained), the same split into judge and zygote, and `livejudge test cat/
# solve.sh --all -q`.
#
# Usage: sudo tests/bench/floor.sh [ROUNDS] [TESTS]        (defaults: 11, 200)
# Environment: LIVEJUDGE_BENCH_JUDGE (a livejudge binary; default: build the release one).
# livejudge gets a LIVEJUDGE_HOME and a LIVEJUDGE_CACHE of its own in the bench's temporary
# folder, removed at the end with everything else.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-11}"
tests="${2:-200}"
if [ "$(id -u)" -ne 0 ]; then
  echo "tests/bench/floor.sh: needs root (the floor mounts, makes namespaces and cgroups): run it with sudo" >&2
  exit 2
fi
mkdir -p target/bench-floor
cc -O2 -Wall -Wextra -o target/bench-floor/floor tests/bench/floor.c
floor="$PWD/target/bench-floor/floor"
# shellcheck source=tests/bench/judge.sh disable=SC1091 # (followed with shellcheck -x)
. tests/bench/judge.sh
judge="${judge:?set by tests/bench/judge.sh}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM HUP
mkdir "$work/cat"
{
  printf 'id = "cat"\ntitle = "Cat"\ncategory = "scripting"\ndifficulty = "easy"\nentry = "solve"\n'
  for i in $(seq "$tests"); do
    printf '[[test]]\nname = "t%d"\nstdin = "line %d\\n"\nstdout = "line %d\\n"\n' "$i" "$i" "$i"
  done
} > "$work/cat/challenge.toml"
printf 'exec cat\n' > "$work/solve.sh"
printf 'line\n' > "$work/in"
printf 'line\n' > "$work/expected"
export LIVEJUDGE_HOME="$work/livejudge-home" LIVEJUDGE_CACHE="$work/livejudge-cache"
cd "$work"
run_path=/usr/local/bin:/usr/bin:/bin
half=$((tests / 2))

# bare COUNT: the solution COUNT times, nothing else.
# shellcheck disable=SC2016 # $1 is the inner shell's
bare() {
  env -i PATH="$run_path" HOME="$work" TMPDIR="$work" LANG=C.UTF-8 TZ=UTC bash -c '
    for ((i = 0; i < $1; i++)); do bash solve.sh < in > /dev/null || exit; done' _ "$1"
}
# floor_view COUNT: the contained floor with the view, COUNT runs; floor_zygote COUNT: the same
# split into a judge and a zygote, as livejudge is.
floor_view() { FLOOR_VIEW=1 "$floor" full "$1" solve.sh in expected; }
floor_zygote() { FLOOR_ZYGOTE=1 floor_view "$1"; }
# twice COMMAND: COMMAND of TESTS/2 runs and COMMAND of the rest, at once.
twice() {
  local first status=0
  "$1" "$half" &
  first=$!
  "$1" "$((tests - half))" || status=$?
  wait "$first" || status=$?
  return "$status"
}
# run CONTENDER: one run of it.
run() {
  case "$1" in
    bare) bare "$tests" ;;
    plain) "$floor" plain "$tests" solve.sh in expected ;;
    full) "$floor" full "$tests" solve.sh in expected ;;
    view) floor_view "$tests" ;;
    view-no-userns) FLOOR_NO_USERNS=1 floor_view "$tests" ;;
    view-no-landlock) FLOOR_NO_LANDLOCK=1 floor_view "$tests" ;;
    zygote) floor_zygote "$tests" ;;
    zygote-queue) FLOOR_QUEUE=1 floor_zygote "$tests" ;;
    livejudge-j1) "$judge" test cat/ solve.sh --all -j1 -q ;;
    two-bare) twice bare ;;
    two-view) twice floor_view ;;
    two-zygote) twice floor_zygote ;;
    livejudge) "$judge" test cat/ solve.sh --all -q ;;
  esac
}
# timed CONTENDER: runs it once and adds its microseconds to $line; a contender that fails ends
# the bench (its time would mean nothing).
timed() {
  local start end
  start=${EPOCHREALTIME//[!0-9]/}
  if ! run "$1" > /dev/null 2> "$work/stderr"; then
    echo "tests/bench/floor.sh: $1 failed: its time would mean nothing" >&2
    cat "$work/stderr" >&2
    exit 1
  fi
  end=${EPOCHREALTIME//[!0-9]/}
  line+=" $((end - start))"
  cat "$work/stderr" >> "$work/notes"
}
# table NAME=CONTENDER...: the untimed round, ROUNDS timed ones, the table (the first is the base).
table() {
  local pair round contender line contenders=() names=()
  for pair in "$@"; do
    names+=("${pair%%=*}")
    contenders+=("${pair#*=}")
  done
  : > "$work/times"
  for round in $(seq 0 "$rounds"); do
    line=""
    for contender in "${contenders[@]}"; do timed "$contender"; done
    [ "$round" -eq 0 ] || echo "$line" >> "$work/times"
  done
  # What the contenders said on stderr (the floor's note when it has no cgroup v1), once each.
  if [ -s "$work/notes" ]; then sort -u "$work/notes" >&2; fi
  : > "$work/notes"
  python3 - "$work/times" "${names[@]}" <<'PYTHON'
import statistics, sys
rows = [list(map(int, line.split())) for line in open(sys.argv[1])]
print("| contender | median ms | × bare loop (median of per-round ratios) |")
print("|---|---:|---:|")
for i, name in enumerate(sys.argv[2:]):
    ms = statistics.median(r[i] for r in rows) / 1000
    print(f"| {name} | {ms:.1f} | {statistics.median(r[i] / r[0] for r in rows):.3f} |")
PYTHON
}

cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
echo "machine: $(nproc) × ${cpu:-?}, Linux $(uname -r); $rounds interleaved rounds, medians; $tests tests; judge $judge"
echo
echo "At -j1 ($tests runs each):"
echo
table "bare loop=bare" \
  "floor plain (fork/exec, pipes, compare)=plain" \
  "floor full (containment, no view)=full" \
  "floor full + view=view" \
  "floor full + view, no per-run user namespace=view-no-userns" \
  "floor full + view, no Landlock=view-no-landlock" \
  "floor full + view, judge and zygote=zygote" \
  "floor full + view, judge and zygote, next request queued=zygote-queue" \
  "livejudge -j1=livejudge-j1"
echo
echo "At the default -j ($(nproc) CPUs):"
echo
table "one bare loop of $tests=bare" \
  "two bare loops of $half at once=two-bare" \
  "two floor full + view of $half at once=two-view" \
  "two floor full + view, judge and zygote, of $half at once=two-zygote" \
  "livejudge (default -j)=livejudge"
