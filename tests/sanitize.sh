#!/usr/bin/env bash
# Builds LatentLab with AddressSanitizer and UndefinedBehaviorSanitizer
# (-DLATENTLAB_SANITIZE=ON) in build-sanitize/ and runs the whole test suite
# there (ctest -LE python, as CI does). Any report fails the test that made
# it. LibTorch, OpenCV and Qt are not instrumented; leaks proven to be inside
# them are suppressed in tests/lsan.supp, each with its evidence. Prints the
# build and test times.
#
#   tests/sanitize.sh [--build-dir DIR] [ctest arguments...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-sanitize"
if [[ "${1:-}" == "--build-dir" ]]; then build="$2"; shift 2; fi

launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
start=$(date +%s)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLATENTLAB_SANITIZE=ON "${launcher[@]}" >/dev/null
cmake --build "$build"
built=$(date +%s)

# detect_leaks: LeakSanitizer at each test program's exit.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:check_initialization_order=1"
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd "$build"
set +e
QT_QPA_PLATFORM=offscreen ctest -LE python --output-on-failure --timeout 1500 "$@"
status=$?
set -e
done_at=$(date +%s)
echo "sanitizer build: $((built - start)) s; tests: $((done_at - built)) s; ctest exit status $status"
exit $status
