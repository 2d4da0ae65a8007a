#pragma once

// t-SNE (van der Maaten & Hinton 2008) on a sparse k-nearest-neighbour graph
// with the Barnes-Hut approximation of the repulsion (van der Maaten 2014):
// input similarities calibrated to a perplexity on each point's 3 x perplexity
// nearest neighbours, symmetrised, then gradient descent with early
// exaggeration, momentum and gains.

#include "model/inspect/latent_neighbours.h"
#include "model/map/neighbour_layout.h"

#include <atomic>

namespace latentlab {

struct TsneSettings {
    double perplexity = 30.0;
    int64_t iterations = 500;            // early exaggeration's included
    int64_t exaggeration_iterations = 250;
    double exaggeration = 12.0;
    // 0: N / exaggeration (Belkina et al. 2019), at least 50.
    double learning_rate = 0.0;
    double theta = 0.5;                  // Barnes-Hut accuracy; 0 is the exact gradient
    // From a converged start: fewer iterations at a smaller step, so the
    // picture follows the new neighbours without growing or jumping.
    int64_t refine_iterations = 150;
    double refine_rate_share = 0.25;
    uint64_t seed = 0;
    int64_t report_every = 25;
};

// The neighbours t-SNE needs for a perplexity: 3 x perplexity (van der Maaten 2014).
int64_t tsne_neighbours(double perplexity);

// Each point's conditional similarities p(j|i) over its neighbours ([N, k]
// distances, nearest first): exp(-beta_i d^2) normalised, beta_i found by
// bisection so the row's entropy is log2(perplexity) bits (a perplexity
// larger than k is held at k). Returns p [N, k] (rows sum to 1) and beta [N].
struct ConditionalAffinities {
    torch::Tensor p;
    torch::Tensor beta;
};
ConditionalAffinities perplexity_affinities(const torch::Tensor& distance, double perplexity);

// The t-SNE layout [N, 2] (float) of the points whose neighbours are
// `graph`; undefined when `cancel` became true. The same graph, start and
// seed give the same layout, whatever the number of threads.
torch::Tensor tsne_layout(const Neighbours& graph, const TsneSettings& settings, const LayoutStart& start = {},
                          const LayoutProgress& progress = {}, const std::atomic<bool>* cancel = nullptr);

}  // namespace latentlab
