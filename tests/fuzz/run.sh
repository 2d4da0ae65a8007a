#!/usr/bin/env bash
# Builds the fuzz harnesses with clang-14 (libFuzzer, ASan, UBSan) in
# build-fuzz/ and runs each for N seconds (default 60), one after the other.
# New inputs go to build-fuzz/corpus/<harness>/, crashes to
# build-fuzz/artifacts/<harness>/; the committed seeds in
# tests/fuzz/corpus/<harness>/ are read, never written. Prints, per harness,
# the executions, the coverage (libFuzzer's "cov", edges of our instrumented
# code) and whether it found anything.
#
#   tests/fuzz/run.sh [--seconds N] [--only HARNESS] [--build-dir DIR]
set -euo pipefail

seconds=60
only=""
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build-fuzz"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --build-dir) build="$2"; shift 2 ;;
    *) echo "usage: $0 [--seconds N] [--only HARNESS] [--build-dir DIR]" >&2; exit 2 ;;
  esac
done

launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
      -DLATENTLAB_FUZZ=ON "${launcher[@]}" >/dev/null
cmake --build "$build"

harnesses=(fuzz_image_decode fuzz_idx fuzz_checkpoint fuzz_config_json fuzz_folder_cache fuzz_run_csv fuzz_torchscript)
export ASAN_OPTIONS="${ASAN_OPTIONS:-allocator_may_return_null=1:detect_leaks=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
printf '%-20s %12s %8s %8s  %s\n' harness executions cov ft result > "$build/fuzz-summary.txt"
for h in "${harnesses[@]}"; do
  [[ -n "$only" && "$only" != "$h" ]] && continue
  work="$build/corpus/$h"
  artifacts="$build/artifacts/$h"
  mkdir -p "$work" "$artifacts"
  log="$build/$h.log"
  echo "== $h: $seconds s"
  set +e
  "$build/tests/fuzz/$h" -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" "$work" "$root/tests/fuzz/corpus/$h" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo "?")
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo "?")
  result="clean"
  if [[ $rc -ne 0 ]]; then
    result="FOUND (exit $rc; see $log and $artifacts)"
    status=1
  fi
  printf '%-20s %12s %8s %8s  %s\n' "$h" "$runs" "$cov" "$ft" "$result" | tee -a "$build/fuzz-summary.txt"
done
echo "summary: $build/fuzz-summary.txt"
exit $status
