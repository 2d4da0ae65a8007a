#!/bin/sh
# Dataset inspection's figures for tests/bench/README.md: the time to score all 70,000
# Fashion-MNIST images with the ELBO, and the anomaly-detection AUROC table
# with the caveat on images of another kind.
#   sh tests/bench/inspect_bench.sh [BUILD_DIR] [CLASSES] [EPOCHS] [K]
# Defaults: build, classes 0,5,8, 5 epochs, K = 100.
set -e
BUILD=${1:-build}
CLASSES=${2:-0,5,8}
EPOCHS=${3:-5}
K=${4:-100}
WORK="$BUILD/inspect-bench"
mkdir -p "$WORK"
cmake --build "$BUILD" --target latentlab-cli inspect_bench latentlab-make-shapes
# A trained MLP to time (the time does not depend on how long it trained).
if [ ! -f "$WORK/run/checkpoint.pt" ]; then
    "$BUILD/app/latentlab-cli" train --data fashion-mnist --epochs 1 --out "$WORK/run" > "$WORK/train.log"
fi
"$BUILD/tests/inspect_bench" time --checkpoint "$WORK/run/checkpoint.pt" --runs 5
# Shapes of another kind, 28x28 grey after loading.
if [ ! -d "$WORK/shapes" ]; then
    "$BUILD/datasets/latentlab-make-shapes" --out "$WORK/shapes" --count 600 --size 28 --seed 3 > /dev/null
fi
"$BUILD/tests/inspect_bench" auroc --classes "$CLASSES" --epochs "$EPOCHS" --iw "$K" --shapes "$WORK/shapes"
