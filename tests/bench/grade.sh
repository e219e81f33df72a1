#!/usr/bin/env bash
# CI grading throughput: `grade` of N copies of top-client-ips's bash reference (11 tests each,
# every one judged), default -j. Prints the wall time (best of RUNS) and the time per run.
# Usage: tests/bench/grade.sh [N] [RUNS]   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-100}"
runs="${2:-3}"
cargo build --release --quiet
judge="$PWD/target/release/livejudge"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/subs"
for i in $(seq "$n"); do
  cp challenges/top-client-ips/solution/top_ips.sh "$work/subs/s$i.sh"
done
cd "$work"
best=""
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  "$judge" grade top-client-ips subs --format csv > /dev/null
  end=$(date +%s.%N)
  took=$(echo "$end - $start" | bc)
  if [ -z "$best" ] || [ "$(echo "$took < $best" | bc)" = 1 ]; then best=$took; fi
done
printf 'grade: %d submissions x 11 tests in %.2f s (%.2f ms a run)\n' "$n" "$best" "$(echo "$best * 1000 / ($n * 11)" | bc -l)"
