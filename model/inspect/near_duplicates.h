#pragma once

// Near duplicates: pairs of images whose posterior means lie closer than a
// threshold, kept only when their pixels agree too (codes can coincide for
// images that merely look alike to a blurry model), then joined into groups.

#include "model/inspect/duplicate_groups.h"
#include "model/data/image_source.h"
#include "model/inspect/latent_neighbours.h"

#include <torch/torch.h>

#include <atomic>
#include <functional>
#include <vector>

namespace latentlab {

struct DuplicateOptions {
    double latent_threshold = 0.0;  // pairs closer than this in latent space are candidates
    double pixel_threshold = kDefaultPixelThreshold;  // ...and are kept when their RMS pixel difference is below this
    int64_t candidates = 8;         // neighbours looked at per image
};

// From the codes' nearest neighbours (`neighbours`, each row's own, without
// itself) and the uint8 images [N, C, H, W] the codes came from.
DuplicateGroups find_near_duplicates(const Neighbours& neighbours, const ImageSource& images,
                                     const DuplicateOptions& options);

// The spread of codes [N, D]: the root mean square distance from their
// mean. The scale a latent threshold is chosen on (a nearest-neighbour
// distance would be 0 in a data set full of copies).
double latent_spread(const torch::Tensor& codes);

// RMS difference of two uint8 images, pixels scaled to [0, 1].
double pixel_distance(const torch::Tensor& a, const torch::Tensor& b);

}  // namespace latentlab
