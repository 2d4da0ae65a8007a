#!/usr/bin/env bash
# LatentLab quick start for Debian 12: installs what is missing, builds, then
#   quickstart.sh gui [dataset]   opens the window (Fashion-MNIST by default)
#   quickstart.sh test [--quick]  runs every test, then every test again under
#                                 AddressSanitizer, UBSan and LeakSanitizer
#                                 (tests/sanitize.sh; --quick skips that pass)
#   quickstart.sh build           only builds
#   quickstart.sh install         only installs the missing packages (tests/bench/run.sh uses it)
# Safe to run again: installed packages are not reinstalled and the build is incremental.
set -euo pipefail

mode=${1:-}
case "$mode" in
  gui|test|build|install) shift ;;
  *) echo "usage: $0 gui [dataset] | test [--quick] | build | install" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."

packages=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev libqcustomplot-dev
  libtorch-dev libopenblas0-pthread libdnnl-dev
  libopencv-dev libgif-dev zlib1g-dev nlohmann-json3-dev
  dataset-fashion-mnist
  python3-torch python3-torchvision
  desktop-file-utils appstream dpkg-dev
  ccache
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi

[ "$mode" = install ] && exit 0

[ -f build/CMakeCache.txt ] || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
if [ "$mode" = gui ]; then
  cmake --build build --target latentlab  # the window only: no tests, no CLI
else
  cmake --build build
fi

case "$mode" in
  gui) exec build/ui/latentlab "$@" ;;
  # Two tests at a time: measured on the 2-core machine, 67 s instead of 299 s.
  test)
    (cd build && env QT_QPA_PLATFORM=offscreen ctest -j 2 --output-on-failure --timeout 900)
    echo "quickstart: every test passed in the normal build, $(( (SECONDS + 59) / 60 )) min since the start."
    [ "${1:-}" = --quick ] && exit 0
    # CI runs this command: the sanitizer pass is how a memory error or a leak
    # fails it. Its own build folder, build-sanitize/, so the normal build stays.
    echo "quickstart: now the same tests under AddressSanitizer, UndefinedBehaviorSanitizer and"
    echo "LeakSanitizer (build-sanitize/, about 30 min more from a fresh clone; --quick skips this)."
    exec bash tests/sanitize.sh ;;
  build) ;;
esac
