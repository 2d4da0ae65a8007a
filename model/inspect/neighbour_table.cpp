#include "model/inspect/neighbour_table.h"

#include <algorithm>

namespace latentlab {

bool NeighbourTable::holds(const torch::Tensor& codes, int64_t k) const {
    if (!codes_.defined() || !table_.index.defined()) return false;
    const int64_t available = std::max<int64_t>(0, codes.size(0) - 1);
    if (std::min(k, available) > table_.k()) return false;
    const torch::NoGradGuard no_grad;
    return codes.sizes() == codes_.sizes() && torch::equal(codes.to(torch::kCPU, torch::kFloat), codes_);
}

Neighbours NeighbourTable::of_all(const torch::Tensor& codes, int64_t k,
                                  const std::function<void(int64_t, int64_t)>& progress,
                                  const std::atomic<bool>* cancel) {
    if (!holds(codes, k)) {
        const torch::NoGradGuard no_grad;
        auto copy = codes.to(torch::kCPU, torch::kFloat).clone();
        Neighbours found = nearest_neighbours(copy, copy, std::max(k, kInspectNeighbours), true, progress, cancel);
        if (!found.index.defined()) return {};
        ++searches_;
        codes_ = std::move(copy);
        table_ = std::move(found);
    } else if (progress) {
        progress(codes.size(0), codes.size(0));
    }
    return table_.first(k);
}

Neighbours NeighbourTable::of_row(const torch::Tensor& codes, int64_t row, int64_t k) const {
    if (row < 0 || row >= codes.size(0) || !holds(codes, k)) return {};
    const Neighbours one{table_.index.slice(0, row, row + 1), table_.distance.slice(0, row, row + 1)};
    return one.first(k);
}

}  // namespace latentlab
