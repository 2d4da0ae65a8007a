#pragma once

// Exact nearest neighbours of posterior means: Euclidean distances computed
// block by block (a block of queries against every code), so memory stays
// bounded while the search stays exact.

#include <torch/torch.h>

#include <atomic>
#include <functional>

namespace latentlab {

struct Neighbours {
    torch::Tensor index;     // int64 [Q, k]: rows of the codes, nearest first
    torch::Tensor distance;  // float [Q, k]
};

// The k nearest codes ([N, D]) of each query ([Q, D]). `exclude_self`: query
// i is codes row i (queries are the codes themselves) and is not its own
// neighbour. k is capped at the codes available. `progress(done, total)`
// after each block; an undefined result when `cancel` becomes true.
Neighbours nearest_neighbours(const torch::Tensor& codes, const torch::Tensor& queries, int64_t k, bool exclude_self,
                              const std::function<void(int64_t, int64_t)>& progress = {},
                              const std::atomic<bool>* cancel = nullptr);

}  // namespace latentlab
