#pragma once

// Ada-GVAE (Locatello et al. 2020, "Weakly-supervised disentanglement without
// compromises"): trained on pairs of images known to share some generative
// factors, without being told which. For each pair it guesses the shared latent
// dimensions as those whose posteriors differ least, and makes the two images
// agree there by giving both the average of their posteriors.

#include "model/nn/gaussian.h"
#include "model/nn/vae.h"

#include <torch/torch.h>

namespace latentlab {

// KL(q1 || q2) of each latent dimension: [B, D].
torch::Tensor kl_per_dimension(const DiagonalGaussian& q1, const DiagonalGaussian& q2);

// The dimensions taken as shared within each pair: those whose KL is below the
// threshold halfway between the pair's largest and smallest. bool [B, D].
torch::Tensor shared_dimensions(const DiagonalGaussian& q1, const DiagonalGaussian& q2);

// Both posteriors with their shared dimensions replaced by the average
// distribution: mean (m1 + m2) / 2, variance (v1 + v2) / 2.
std::pair<DiagonalGaussian, DiagonalGaussian> average_shared(const DiagonalGaussian& q1, const DiagonalGaussian& q2,
                                                             const torch::Tensor& shared);

// The ELBO terms of both images of B pairs under the averaged posteriors:
// x1, x2 float [B, C, H, W]; noise [B, 2, S, D] (the first and second image's
// draws). Terms are per image, [2B]: the first images, then the second.
ElboTerms ada_gvae_elbo(Vae& model, const torch::Tensor& x1, const torch::Tensor& x2, const torch::Tensor& noise);

}  // namespace latentlab
