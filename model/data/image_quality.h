#pragma once

// How close a reconstruction is to its image, and how many latent dimensions
// a model uses: the measures of a decoder comparison that do not depend on
// the likelihood, so they compare across decoders.

#include <torch/torch.h>

#include <cstdint>

namespace latentlab {

// Mean over images of the structural similarity (Wang et al., 2004) of `a`
// and `b`, float [N, C, H, W] in [0, 1]: OpenCV's cv::quality::QualitySSIM on
// the 0-255 scale (Gaussian window 11 x 11, sigma 1.5, K1 = 0.01, K2 = 0.03,
// averaged over the image and its channels). 1 for identical images.
double mean_ssim(const torch::Tensor& a, const torch::Tensor& b);

// Mean over images and pixels of (a - b)^2, pixels in [0, 1].
double mean_squared_error(const torch::Tensor& a, const torch::Tensor& b);

// Active units (Burda et al., 2016): the latent dimensions whose posterior
// mean E_q[z_d|x] varies across the images, population variance over the rows
// of `posterior_means` [N, D] above `threshold`.
int64_t active_units(const torch::Tensor& posterior_means, double threshold = 0.01);

}  // namespace latentlab
