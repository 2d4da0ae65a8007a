#pragma once

// Dequantization: a density model of grey levels k in {0..255} stored as k/255
// can put unbounded density on those grid points, so density-model papers add
// uniform noise of one grey level and model x = (k + u) / 256, u ~ U[0, 1),
// which lies in [k/256, (k+1)/256). A density p(x) on [0, 1]^D then is a
// density of y = 256 x on the 0-256 scale with log p(y) = log p(x) - D ln 256,
// so -log p(y) in bits per dimension, the figure the literature reports, is
//   bpd = (-log p(x) + D ln 256) / (D ln 2).

#include <torch/torch.h>

#include <cstdint>

namespace latentlab {

// (k + u) / 256 for uint8 `images` (any shape, any device), u drawn on the CPU
// from `generator` as m / 2^16 with m uniform in {0..65535}: every value is
// exact in float, so the noise x - k/256 lies in [0, 1/256) exactly.
torch::Tensor dequantize(const torch::Tensor& images, at::Generator& generator);
// The two halves of it: the draws m (float, CPU) for images of `sizes`, and
// (k + m / 2^16) / 256 from them (`steps` on the images' device).
torch::Tensor dequantization_steps(at::IntArrayRef sizes, at::Generator& generator);
torch::Tensor dequantize(const torch::Tensor& images, const torch::Tensor& steps);

// The seed of the noise of training epoch `epoch` (1-based) of a run seeded
// with `seed`: its own stream, so the batch order and z's noise are those of
// the same run without dequantization.
uint64_t dequantization_seed(uint64_t seed, int64_t epoch);

// The fixed dequantized copy of a test set (epoch 0 of the stream): training's
// evaluation and `latentlab-cli eval` of the checkpoint see the same images.
torch::Tensor dequantized_test_images(const torch::Tensor& images, uint64_t seed);

// bpd on the 0-256 scale (above) from log p(x) in nats of x in [0, 1]^dims.
double bits_per_dim_256(double log_px_nats, int64_t dims);

}  // namespace latentlab
