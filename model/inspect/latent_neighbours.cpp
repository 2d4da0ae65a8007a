#include "model/inspect/latent_neighbours.h"

#include "model/base/error.h"

#include <algorithm>
#include <limits>

namespace latentlab {

namespace {

// Queries per block: the block's distance matrix is kBlock x N floats.
constexpr int64_t kBlock = 512;

}  // namespace

Neighbours nearest_neighbours(const torch::Tensor& codes, const torch::Tensor& queries, int64_t k, bool exclude_self,
                              const std::function<void(int64_t, int64_t)>& progress,
                              const std::atomic<bool>* cancel) {
    if (codes.dim() != 2 || queries.dim() != 2 || codes.size(1) != queries.size(1))
        throw Error("neighbours need codes and queries of the same latent size");
    if (exclude_self && queries.size(0) != codes.size(0)) throw Error("excluding self needs the codes as queries");
    const torch::NoGradGuard no_grad;
    const auto c = codes.to(torch::kCPU, torch::kFloat).contiguous();
    const auto q = queries.to(torch::kCPU, torch::kFloat).contiguous();
    const int64_t n = c.size(0);
    const int64_t available = exclude_self ? n - 1 : n;
    k = std::max<int64_t>(0, std::min(k, available));
    const auto code_norms = c.pow(2).sum(1);  // [N]
    std::vector<torch::Tensor> indices, distances;
    for (int64_t begin = 0; begin < q.size(0); begin += kBlock) {
        if (cancel && cancel->load()) return {};
        const int64_t end = std::min(q.size(0), begin + kBlock);
        const auto block = q.slice(0, begin, end);
        // |a - b|^2 = |a|^2 + |b|^2 - 2 a.b, clamped at 0 against rounding.
        auto squared = (block.pow(2).sum(1, true) + code_norms.unsqueeze(0) - 2.0 * block.matmul(c.t())).clamp_min_(0.0);
        if (exclude_self) {
            const auto rows = torch::arange(end - begin, torch::kLong);
            squared.index_put_({rows, rows + begin}, std::numeric_limits<float>::infinity());
        }
        const auto found = std::get<1>(squared.topk(k, 1, /*largest=*/false, /*sorted=*/true));
        // The expansion loses digits for close codes (identical ones come out
        // ~1e-3 apart): the k found are measured again directly, and re-sorted.
        const auto exact = (c.index_select(0, found.flatten()).view({end - begin, k, -1}) - block.unsqueeze(1))
                               .pow(2).sum(2).sqrt();
        const auto [values, order] = exact.sort(1);
        indices.push_back(found.gather(1, order));
        distances.push_back(values);
        if (progress) progress(end, q.size(0));
    }
    Neighbours result;
    result.index = indices.empty() ? torch::empty({0, k}, torch::kLong) : torch::cat(indices);
    result.distance = distances.empty() ? torch::empty({0, k}) : torch::cat(distances);
    return result;
}

}  // namespace latentlab
