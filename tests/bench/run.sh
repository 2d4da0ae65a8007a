#!/usr/bin/env bash
# LatentLab's benchmark against the PyTorch Python reference (issue #5).
#   bash tests/bench/run.sh [--short|--full|--smoke] [--build-dir DIR] [bench.py options]
#   bash tests/bench/run.sh --conv [--size 32,64,128] [conv_bench.py options]
# Installs the Debian packages it needs when missing (python3-torch,
# python3-torchvision, the build tools), builds latentlab-cli, latentlab-bench
# and latentlab-make-shapes in DIR (default build/), then runs
# tests/bench/bench.py: --short (default) is 2 epochs, --full 10.
# With --conv it runs tests/bench/conv_bench.py instead: the conv VAE against
# the same network in plain PyTorch (reference_conv_vae.py), side by side.
# See tests/bench/README.md for what it measures.
set -euo pipefail
cd "$(dirname "$0")/../.."

build=build
script=bench.py
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build=$2; shift 2 ;;
    --build-dir=*) build=${1#*=}; shift ;;
    --conv) script=conv_bench.py; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

# The project's packages (python3-torch and python3-torchvision among them).
bash resources/quickstart.sh install

[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$build" --target latentlab-cli latentlab-bench latentlab-make-shapes

# Debian's interpreter: a python3 earlier on PATH (pyenv, a venv) lacks torch.
exec /usr/bin/python3 "tests/bench/$script" --build-dir "$build" "${args[@]}"
