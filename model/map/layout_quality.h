#pragma once

// How well a 2-D layout keeps the neighbourhoods of the codes it shows.

#include <torch/torch.h>

namespace latentlab {

// Trustworthiness (Venna & Kaski 2001): 1 minus the penalty for points that
// are among a point's k nearest in the layout but not in the codes, each
// weighted by how far down the codes' ranking it is. 1: every layout
// neighbour is a true one; about 0.5 for a random layout.
// high: [N, D] codes, low: [N, 2] their layout; k < N / 2.
double trustworthiness(const torch::Tensor& high, const torch::Tensor& low, int64_t k);

}  // namespace latentlab
