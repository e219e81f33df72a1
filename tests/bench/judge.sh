# Sourced by the benches: sets $judge to the livejudge binary measured — $LIVEJUDGE_BENCH_JUDGE
# when set (an older build, to compare before and after under the same conditions), else the
# release build of this checkout, built first. Run from the repository's root.
if [ -n "${LIVEJUDGE_BENCH_JUDGE:-}" ]; then
  judge="$(realpath "$LIVEJUDGE_BENCH_JUDGE")"
else
  cargo build --release --quiet
  judge="$PWD/target/release/livejudge"
fi
