#pragma once

// Near-duplicate pairs joined into groups. Free of LibTorch, so a view can
// regroup the pairs it holds as a threshold slider moves.

#include <cstdint>
#include <vector>

namespace latentlab {

// The RMS pixel difference (pixels in [0, 1]) under which a candidate pair
// is kept unless the user says otherwise: on Fashion-MNIST, 0.05 keeps the
// same garment with another print or colour and 0.1 twenty times as many
// look-alikes (tests/bench/README.md, "Near duplicates: the pixel threshold").
constexpr double kDefaultPixelThreshold = 0.05;

struct DuplicatePair {
    int64_t a = 0, b = 0;  // rows, a < b
    double latent = 0.0;   // distance of the posterior means
    double pixel = 0.0;    // root mean square pixel difference, pixels in [0, 1]
};

struct DuplicateGroups {
    std::vector<DuplicatePair> pairs;          // closest in latent space first
    std::vector<std::vector<int64_t>> groups;  // connected by pairs; largest first, rows ascending
};

// The pairs closer than `latent_threshold` in latent space and
// `pixel_threshold` in pixels, and the groups they connect.
DuplicateGroups group_pairs(const std::vector<DuplicatePair>& pairs, double latent_threshold, double pixel_threshold);

}  // namespace latentlab
