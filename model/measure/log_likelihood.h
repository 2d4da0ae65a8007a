#pragma once

#include "model/data/image_source.h"
#include "model/nn/gaussian.h"
#include "model/nn/vae.h"

#include <torch/torch.h>

#include <atomic>
#include <functional>
#include <vector>

namespace latentlab {

// log p(x) of each image by importance sampling with q(z|x) as the proposal:
//   log p(x) ~ logsumexp_k [log p(x|z_k) + log p(z_k) - log q(z_k|x)] - log K,
// z_1..z_K ~ q(z|x). For K = 1 its expectation is the ELBO; it rises towards
// log p(x) as K grows (Burda et al., 2016).
//
// `log_joint(z)` returns log p(x|z) + log p(z) for z [B, k, D] as [B, k]. The
// K samples are drawn in chunks of at most `chunk`, so memory grows with the
// chunk, not with K. Returns [B].
torch::Tensor importance_sampled_log_likelihood(const DiagonalGaussian& q,
                                                const std::function<torch::Tensor(const torch::Tensor&)>& log_joint,
                                                int64_t samples, int64_t chunk, at::Generator& generator);

struct LogLikelihoodEstimate {
    std::vector<double> per_image;  // nats
    double mean = 0.0;              // nats per image
    double bits_per_dim = 0.0;      // -mean / (pixels * ln 2), pixels scaled to [0, 1]
    int64_t samples = 0;            // K
};

// Called after each batch with images done and the total; returning false cancels.
using EstimateProgress = std::function<bool(int64_t done, int64_t total)>;

// The estimate for a VAE over `images` [N, C, H, W] (uint8, or float in [0, 1]), under no_grad, with
// its own generator seeded with `seed`. Throws latentlab::Error for the
// autoencoder baseline (it has no density) or a cancelled estimate.
LogLikelihoodEstimate estimate_log_likelihood(Vae& model, const ImageSource& images, int64_t samples,
                                              uint64_t seed, const torch::Device& device,
                                              const EstimateProgress& progress = {});

}  // namespace latentlab
