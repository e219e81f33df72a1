#!/usr/bin/env bash
# CI grading of a mixed class under load: N submissions of top-client-ips, most correct, some
# wrong, a few looping (every test runs to the time limit), graded in 2 partitions one after
# the other, as 2 CI jobs would. Prints the wall time of each partition (the slower one is what a
# CI matrix waits for) and the total, for: plain; --submission-budget; --balance (from a first
# plain run); both.
# Usage: tests/bench/grade-mixed.sh [N] [LOOPING]   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-40}"
looping="${2:-4}"
budget="${BUDGET:-3s}"
cargo build --release --quiet
judge="$PWD/target/release/livejudge"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/subs"
for i in $(seq "$n"); do
  name=$(printf 's%03d.sh' "$i")
  # Looping ones at odd positions: all in partition 1 of 2 when slices go by count.
  if [ $((i % 2)) -eq 1 ] && [ "$i" -lt $((2 * looping)) ]; then
    printf 'while :; do :; done\n' > "$work/subs/$name"
  elif [ $((i % 5)) -eq 0 ]; then
    printf 'echo wrong\n' > "$work/subs/$name"
  else
    cp challenges/top-client-ips/solution/top_ips.sh "$work/subs/$name"
  fi
done
cd "$work"
"$judge" grade top-client-ips subs --format json=from.json > /dev/null 2>&1 || true
seconds() { local s e; s=$(date +%s.%N); "$@" > /dev/null || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
measure() {
  local label="$1"; shift
  local a b
  a=$(seconds "$judge" grade top-client-ips subs --partition 1/2 --format csv "$@" 2>/dev/null)
  b=$(seconds "$judge" grade top-client-ips subs --partition 2/2 --format csv "$@" 2>/dev/null)
  printf '%-28s partition 1: %6.2f s  partition 2: %6.2f s  slowest: %6.2f s  total: %6.2f s\n' \
    "$label" "$a" "$b" "$(echo "if ($a > $b) $a else $b" | bc)" "$(echo "$a + $b" | bc)"
}
echo "$n submissions ($looping looping, the others correct or wrong), 11 tests each, 2 partitions"
measure "plain"
measure "--submission-budget $budget" --submission-budget "$budget"
measure "--balance" --balance from.json
measure "budget + balance" --submission-budget "$budget" --balance from.json
