#!/usr/bin/env bash
# Trains the classic 784-400-20 MLP VAE on Fashion-MNIST (10 epochs, seed 1)
# once per decoder likelihood and prints, for each, the test -ELBO and the
# importance-sampled -log p(x) (K = 1000 on the first 1000 test images), as
# the Markdown table in tests/bench/README.md.
#   bash tests/bench/likelihood_table.sh [build-dir] [work-dir]
set -euo pipefail
build=${1:-build}
work=${2:-$(mktemp -d)}
cli="$build/app/latentlab-cli"
epochs=${EPOCHS:-10}
images=${IW_IMAGES:-1000}
samples=${IW_SAMPLES:-1000}

echo "| decoder | test -ELBO (10,000 images) | -ELBO, first $images | -log p(x), K = $samples | ELBO gap | bits/dim |"
echo "|---|---|---|---|---|---|"
for decoder in bernoulli cbernoulli gaussian gaussian-learned laplace laplace-learned; do
  out="$work/$decoder"
  "$cli" train --decoder "$decoder" --epochs "$epochs" --seed 1 --out "$out" > "$out.train.log"
  "$cli" eval --checkpoint "$out/checkpoint.pt" --iw-samples "$samples" --iw-images "$images" \
    > "$out.eval.log" 2> /dev/null
  full=$(grep -oP '^test -ELBO \K-?[0-9.]+' "$out.eval.log")
  subset=$(grep -oP '^first [0-9]+ test images: -ELBO \K-?[0-9.]+' "$out.eval.log")
  logp=$(grep -oP '^test -log p\(x\) \K-?[0-9.]+' "$out.eval.log")
  bits=$(grep -oP 'nats per image, \K-?[0-9.]+(?= bits)' "$out.eval.log")
  gap=$(grep -oP 'the ELBO is \K-?[0-9.]+' "$out.eval.log")
  echo "| $decoder | $full | $subset | $logp | $gap | $bits |"
done
