#!/usr/bin/env bash
# LatentLab's benchmark against the PyTorch Python reference (issue #5).
#   bash tests/bench/run.sh [--short|--full|--smoke] [--build-dir DIR] [bench.py options]
# Installs the Debian packages it needs when missing (python3-torch,
# python3-torchvision, the build tools), builds latentlab-cli, latentlab-bench
# and latentlab-make-shapes in DIR (default build/), then runs
# tests/bench/bench.py: --short (default) is 2 epochs, --full 10.
# See tests/bench/README.md for what it measures.
set -euo pipefail
cd "$(dirname "$0")/../.."

build=build
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build=$2; shift 2 ;;
    --build-dir=*) build=${1#*=}; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

packages=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev libqcustomplot-dev
  libtorch-dev libopenblas0-pthread
  libopencv-dev zlib1g-dev nlohmann-json3-dev
  dataset-fashion-mnist python3-torch python3-torchvision
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

[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$build" --target latentlab-cli latentlab-bench latentlab-make-shapes

# Debian's interpreter: a python3 earlier on PATH (pyenv, a venv) lacks torch.
exec /usr/bin/python3 tests/bench/bench.py --build-dir "$build" "${args[@]}"
