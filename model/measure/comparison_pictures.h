#pragma once

// The pictures of a decoder comparison, the same inputs for every decoder:
// test images, each decoder's mean reconstruction and a sample of its p(x|z),
// and the mean images of the same prior draws of z.

#include "model/nn/vae.h"

#include <torch/torch.h>

#include <cstdint>

namespace latentlab {

struct ComparisonPictures {
    torch::Tensor reconstructions;  // E[x|z] at z = E[z|x]: [N, C, H, W] in [0, 1]
    torch::Tensor samples;          // a draw of p(x|z) at the same z, clipped to [0, 1] for display
    torch::Tensor prior;            // E[x|z] for the given prior draws of z
};

// `images`: float [N, C, H, W] in [0, 1] (as the run saw them); `prior_z`
// [M, D]. The draw of p(x|z) comes from the global generator seeded with
// `seed` (under global_generator_mutex), so it repeats. On the CPU.
ComparisonPictures comparison_pictures(Vae& model, const torch::Tensor& images, const torch::Tensor& prior_z,
                                       uint64_t seed);

}  // namespace latentlab
