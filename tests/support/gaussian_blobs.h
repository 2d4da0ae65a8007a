#pragma once

// Well-separated Gaussian blobs for the map's layouts, and how well a 2-D
// layout keeps them apart.

#include <torch/torch.h>

#include <cstdint>

namespace latentlab::testing {

struct Blobs {
    torch::Tensor points;  // [blobs * each, dims]
    torch::Tensor labels;  // int64 [blobs * each]
};

// `blobs` unit Gaussians in `dims` dimensions, their centres `separation`
// standard deviations from the origin on distinct axes (so every two are
// separation * sqrt(2) apart), `each` points apiece, drawn from `seed`.
inline Blobs gaussian_blobs(int64_t blobs, int64_t each, int64_t dims, double separation, uint64_t seed) {
    auto generator = at::detail::createCPUGenerator(seed);
    Blobs out;
    out.points = torch::randn({blobs * each, dims}, generator);
    out.labels = torch::arange(blobs, torch::kLong).repeat_interleave(each);
    for (int64_t b = 0; b < blobs; ++b) out.points.slice(0, b * each, (b + 1) * each).select(1, b % dims) += separation;
    return out;
}

// The share of points whose nearest class centroid in the layout ([N, 2]) is
// their own class's.
inline double nearest_centroid_accuracy(const torch::Tensor& layout, const torch::Tensor& labels) {
    const int64_t classes = labels.max().item<int64_t>() + 1;
    const auto xy = layout.to(torch::kDouble);
    std::vector<torch::Tensor> centroids;
    for (int64_t c = 0; c < classes; ++c) centroids.push_back(xy.index({labels == c}).mean(0));
    const auto centre = torch::stack(centroids);  // [C, 2]
    const auto d = (xy.unsqueeze(1) - centre.unsqueeze(0)).pow(2).sum(2);
    return (d.argmin(1) == labels).to(torch::kDouble).mean().item<double>();
}

// The mean distance a point moved between two layouts, over the RMS distance
// of the first layout's points from their centre.
inline double relative_motion(const torch::Tensor& before, const torch::Tensor& after) {
    const auto a = before.to(torch::kDouble), b = after.to(torch::kDouble);
    const double size = (a - a.mean(0)).pow(2).sum(1).mean().sqrt().item<double>();
    return (a - b).pow(2).sum(1).sqrt().mean().item<double>() / size;
}

}  // namespace latentlab::testing
