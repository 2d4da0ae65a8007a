#include "model/map/layout_quality.h"

#include "model/base/error.h"
#include "model/inspect/latent_neighbours.h"

#include <algorithm>
#include <limits>

namespace latentlab {

namespace {

// Rows of the codes' distance matrix ranked at a time.
constexpr int64_t kBlock = 256;

}  // namespace

double trustworthiness(const torch::Tensor& high, const torch::Tensor& low, int64_t k) {
    const int64_t n = high.size(0);
    if (low.size(0) != n) throw Error("a layout needs one position per code");
    if (k < 1 || 2 * k >= n) throw Error("trustworthiness needs 1 <= k < N / 2");
    const auto codes = high.to(torch::kDouble).contiguous();
    const auto layout_neighbours = nearest_neighbours(low.to(torch::kFloat).contiguous(),
                                                      low.to(torch::kFloat).contiguous(), k, true);
    const auto squared = codes.pow(2).sum(1);
    double penalty = 0.0;
    for (int64_t begin = 0; begin < n; begin += kBlock) {
        const int64_t end = std::min(n, begin + kBlock);
        const auto rows = torch::arange(begin, end, torch::kLong);
        // Squared distances of these codes to all, their own at +infinity.
        auto d = (squared.slice(0, begin, end).unsqueeze(1) + squared.unsqueeze(0) -
                  2.0 * codes.slice(0, begin, end).mm(codes.t()));
        d.index_put_({rows - begin, rows}, std::numeric_limits<double>::infinity());
        // Rank (1 = nearest) of each layout neighbour among the codes: how
        // many are strictly nearer, plus one.
        const auto chosen = layout_neighbours.index.slice(0, begin, end);
        const auto their = d.gather(1, chosen);  // [B, k]
        const auto rank = (d.unsqueeze(1) < their.unsqueeze(2)).sum(2) + 1;  // [B, k, N] -> [B, k]
        penalty += (rank - k).clamp_min(0).sum().item<double>();
    }
    const double nd = static_cast<double>(n), kd = static_cast<double>(k);
    return 1.0 - 2.0 / (nd * kd * (2.0 * nd - 3.0 * kd - 1.0)) * penalty;
}

}  // namespace latentlab
