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

    int64_t k() const { return index.defined() ? index.size(1) : 0; }
    // The first `k` of each row (all when there are fewer).
    Neighbours first(int64_t k) const {
        if (!index.defined() || k >= index.size(1)) return *this;
        return {index.slice(1, 0, k), distance.slice(1, 0, k)};
    }
};

// How many neighbours of each image the Inspect tab finds at once, for near
// duplicates (8 candidates) and suspicious labels (10 by default) to share.
inline constexpr int64_t kInspectNeighbours = 16;

// The k nearest codes ([N, D]) of each query ([Q, D]). `exclude_self`: query
// i is codes row i (queries are the codes themselves) and is not its own
// neighbour. k is capped at the codes available. `progress(done, total)`
// after each block; an undefined result when `cancel` becomes true.
Neighbours nearest_neighbours(const torch::Tensor& codes, const torch::Tensor& queries, int64_t k, bool exclude_self,
                              const std::function<void(int64_t, int64_t)>& progress = {},
                              const std::atomic<bool>* cancel = nullptr);

}  // namespace latentlab
