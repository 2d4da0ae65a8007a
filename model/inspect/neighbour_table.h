#pragma once

// The nearest neighbours of every code of one set, searched once and kept:
// near duplicates, suspicious labels and one image's neighbours all read the
// same table instead of each searching 70,000 codes again.

#include "model/inspect/latent_neighbours.h"

#include <torch/torch.h>

#include <atomic>
#include <functional>

namespace latentlab {

class NeighbourTable {
public:
    // Each row's `k` nearest other rows of `codes` [N, D] (itself left out).
    // From the table when it holds these very codes with k or more
    // neighbours; else searched with at least kInspectNeighbours and kept.
    // `progress` and `cancel` as for nearest_neighbours(); an undefined
    // result when cancelled (the table is then left as it was).
    Neighbours of_all(const torch::Tensor& codes, int64_t k, const std::function<void(int64_t, int64_t)>& progress = {},
                      const std::atomic<bool>* cancel = nullptr);

    // Whether of_all(codes, k) would be answered without a search.
    bool holds(const torch::Tensor& codes, int64_t k) const;
    // One row's k nearest, when the table holds them; else undefined.
    Neighbours of_row(const torch::Tensor& codes, int64_t row, int64_t k) const;

    int64_t searches() const { return searches_; }

private:
    torch::Tensor codes_;  // a copy of the codes searched
    Neighbours table_;
    int64_t searches_ = 0;
};

}  // namespace latentlab
