#pragma once

#include <torch/torch.h>

namespace latentlab {

// A diagonal Gaussian q(z|x) = N(mean, exp(log_var)), batched over rows.
struct DiagonalGaussian {
    torch::Tensor mean;     // [B, D]
    torch::Tensor log_var;  // [B, D]
};

// KL(q || N(0, I)) in closed form, per latent dimension: [B, D].
// 0.5 * (mean^2 + var - log_var - 1) for each dimension.
torch::Tensor kl_to_standard_normal(const DiagonalGaussian& q);

// z = mean + exp(log_var / 2) * noise, with noise [B, S, D] and z [B, S, D].
// Taking the noise as an argument keeps the sample differentiable in the
// parameters and lets tests fix it.
torch::Tensor reparameterize(const DiagonalGaussian& q, const torch::Tensor& noise);

// log N(z; mean, diag(exp(log_var))) summed over the last dimension.
// z [B, S, D] with mean/log_var [B, D] broadcast over S; returns [B, S].
torch::Tensor log_density(const DiagonalGaussian& q, const torch::Tensor& z);

// log N(z; 0, I) summed over the last dimension.
torch::Tensor log_standard_normal(const torch::Tensor& z);

}  // namespace latentlab
