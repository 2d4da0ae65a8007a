#pragma once

// UMAP (McInnes, Healy & Melville 2018): each point's neighbour distances
// become fuzzy memberships exp(-(d - rho_i) / sigma_i), the two directions of
// an edge are joined by the fuzzy union a + b - ab, and the layout is found by
// stochastic gradient descent on the fuzzy cross-entropy: edges sampled in
// proportion to their weight pull their ends together, random points push
// them apart (negative sampling).

#include "model/inspect/latent_neighbours.h"
#include "model/map/neighbour_layout.h"

#include <atomic>

namespace latentlab {

struct UmapSettings {
    int64_t neighbours = 15;
    // 0: 500 epochs up to 10,000 points, 200 beyond (as umap-learn).
    int64_t epochs = 0;
    int64_t refine_epochs = 100;       // from a converged start
    double learning_rate = 1.0;
    double refine_learning_rate = 0.05;
    double negative_rate = 5.0;        // negative samples per positive one
    // The low-dimensional similarity 1 / (1 + a d^(2b)): the curve fitted to
    // min_dist = 0.1, spread = 1 (umap-learn's defaults).
    double a = 1.577, b = 0.8951;
    uint64_t seed = 0;
    int64_t report_every = 10;        // epochs
};

// Each point's rho (the distance to its nearest neighbour) and sigma, found
// by bisection so its memberships sum to log2(k) ([N, k] distances, nearest first).
struct LocalScales {
    torch::Tensor rho;    // [N] double
    torch::Tensor sigma;  // [N] double
};
LocalScales local_scales(const torch::Tensor& distance);

// The fuzzy simplicial set of the neighbours: memberships from the local
// scales, joined by the fuzzy union.
SparseGraph fuzzy_graph(const Neighbours& graph);

// The UMAP layout [N, 2] (float); undefined when `cancel` became true. A
// first picture (PCA) is scaled to span [-10, 10]; a converged one is kept.
// The same graph, start and seed give the same layout (one thread: the
// stochastic steps run in order).
torch::Tensor umap_layout(const Neighbours& graph, const UmapSettings& settings, const LayoutStart& start = {},
                          const LayoutProgress& progress = {}, const std::atomic<bool>* cancel = nullptr);

}  // namespace latentlab
