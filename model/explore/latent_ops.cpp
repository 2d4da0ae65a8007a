#include "model/explore/latent_ops.h"

#include "model/base/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace latentlab {

torch::Tensor interpolate_codes(const torch::Tensor& a, const torch::Tensor& b, int64_t steps, bool spherical) {
    if (steps < 2) throw Error("an interpolation needs at least 2 steps");
    if (a.sizes() != b.sizes() || a.dim() != 1) throw Error("both codes must be vectors of the same size");
    const auto t = torch::linspace(0.0, 1.0, steps, a.options().dtype(torch::kDouble)).unsqueeze(1);  // [S, 1]
    const auto a64 = a.to(torch::kDouble), b64 = b.to(torch::kDouble);
    if (!spherical) return ((1 - t) * a64 + t * b64).to(a.scalar_type());

    const double norm_a = a64.norm().item<double>(), norm_b = b64.norm().item<double>();
    // A code at the origin has no direction: the straight line is the path.
    if (norm_a < 1e-12 || norm_b < 1e-12) return interpolate_codes(a, b, steps, false);
    const auto u = a64 / norm_a, v = b64 / norm_b;
    const double omega = std::acos(std::clamp(torch::dot(u, v).item<double>(), -1.0, 1.0));
    // Opposite directions have no one great circle between them.
    if (M_PI - omega < 1e-6) return interpolate_codes(a, b, steps, false);
    torch::Tensor direction;
    if (omega < 1e-6) {
        direction = u.expand({steps, u.size(0)}).clone();
    } else {
        direction = (torch::sin((1 - t) * omega) * u + torch::sin(t * omega) * v) / std::sin(omega);
    }
    const auto norm = (1 - t) * norm_a + t * norm_b;
    return (direction * norm).to(a.scalar_type());
}

torch::Tensor traversal_codes(const torch::Tensor& center, const std::vector<int64_t>& dimensions,
                              const std::vector<double>& offsets) {
    const auto rows = static_cast<int64_t>(dimensions.size()), columns = static_cast<int64_t>(offsets.size());
    auto codes = center.unsqueeze(0).repeat({rows * columns, 1});
    for (int64_t r = 0; r < rows; ++r) {
        const int64_t d = dimensions[static_cast<size_t>(r)];
        if (d < 0 || d >= center.size(0)) throw Error("a traversal dimension is out of range");
        for (int64_t c = 0; c < columns; ++c)
            codes[r * columns + c][d] = center[d].item<double>() + offsets[static_cast<size_t>(c)];
    }
    return codes;
}

std::vector<double> traversal_offsets(double range, int64_t columns) {
    std::vector<double> offsets(static_cast<size_t>(std::max<int64_t>(columns, 1)), 0.0);
    if (columns < 2) return offsets;
    for (int64_t c = 0; c < columns; ++c)
        offsets[static_cast<size_t>(c)] = -range + 2.0 * range * static_cast<double>(c) / static_cast<double>(columns - 1);
    return offsets;
}

std::vector<int64_t> dimensions_by_kl(const std::vector<double>& kl) {
    std::vector<int64_t> order(kl.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int64_t a, int64_t b) { return kl[static_cast<size_t>(a)] > kl[static_cast<size_t>(b)]; });
    return order;
}

Projection principal_directions(const torch::Tensor& codes) {
    if (codes.dim() != 2 || codes.size(0) < 2) throw Error("a projection needs at least two codes");
    const auto x = codes.to(torch::kDouble);
    Projection p;
    p.center = x.mean(0);
    const auto centered = x - p.center;
    const auto covariance = centered.t().mm(centered) / static_cast<double>(codes.size(0) - 1);
    const auto [values, vectors] = torch::linalg_eigh(covariance, "L");  // ascending
    p.directions = vectors.flip({1}).t().contiguous();                   // rows, largest first
    p.spread = values.flip({0}).clamp_min(0.0).sqrt();
    // Eigenvectors have no sign of their own: make each one's largest
    // component positive so the same codes always give the same map.
    const auto largest = p.directions.abs().argmax(1);
    const auto signs = p.directions.gather(1, largest.unsqueeze(1)).sign().clamp_min(0.0) * 2 - 1;
    p.directions = p.directions * signs;
    p.center = p.center.to(codes.scalar_type());
    p.directions = p.directions.to(codes.scalar_type());
    p.spread = p.spread.to(codes.scalar_type());
    return p;
}

torch::Tensor align_axes(const torch::Tensor& axes, const torch::Tensor& previous) {
    if (!previous.defined() || previous.sizes() != axes.sizes()) return axes;
    const auto overlap = axes.to(torch::kDouble).mm(previous.to(torch::kDouble).t());  // [2, 2]
    const double keep = std::abs(overlap[0][0].item<double>()) + std::abs(overlap[1][1].item<double>());
    const double swap = std::abs(overlap[0][1].item<double>()) + std::abs(overlap[1][0].item<double>());
    auto aligned = swap > keep ? axes.flip({0}).clone() : axes.clone();
    const auto matched = aligned.to(torch::kDouble).mm(previous.to(torch::kDouble).t()).diagonal();
    for (int64_t k = 0; k < 2; ++k)
        if (matched[k].item<double>() < 0) aligned[k] = -aligned[k];
    return aligned;
}

torch::Tensor project(const torch::Tensor& codes, const torch::Tensor& center, const torch::Tensor& axes) {
    return (codes - center).mm(axes.t());
}

torch::Tensor unproject(double x, double y, const torch::Tensor& center, const torch::Tensor& axes) {
    return center + x * axes[0] + y * axes[1];
}

}  // namespace latentlab
