#pragma once

// The latent map's layout of a set of codes, one procedure for the inference
// thread, the CLI and the benchmark: PCA, or the exact neighbour graph of the
// codes laid out by t-SNE or UMAP.

#include "model/map/neighbour_layout.h"

#include <atomic>
#include <optional>
#include <string>

namespace latentlab {

enum class MapLayout { Pca, Tsne, Umap };

// "pca", "tsne", "umap"; and back (nullopt for another word).
std::string to_string(MapLayout layout);
std::optional<MapLayout> map_layout_from_string(const std::string& name);
// "PCA", "t-SNE", "UMAP", as people read them.
std::string display_name(MapLayout layout);

// The codes' first two principal coordinates [N, 2] (float): PCA's map and the
// non-linear layouts' first picture.
torch::Tensor pca_positions(const torch::Tensor& codes);

// Where the time went, in seconds.
struct MapLayoutTimes {
    double neighbours = 0.0;
    double layout = 0.0;
};

// The layout [N, 2] (float) of codes [N, D]: PCA, t-SNE (perplexity 30, or
// less for small sets) or UMAP (15 neighbours). A t-SNE or UMAP layout starts
// from `start` (the previous layout of the same points, converged) or from
// PCA, reports its progress every few iterations, and is the same for the
// same codes, start and seed. Undefined when `cancel` became true.
torch::Tensor layout_codes(const torch::Tensor& codes, MapLayout layout, uint64_t seed, const LayoutStart& start = {},
                           const LayoutProgress& progress = {}, const std::atomic<bool>* cancel = nullptr,
                           MapLayoutTimes* times = nullptr);

}  // namespace latentlab
