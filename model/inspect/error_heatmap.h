#pragma once

// Where a reconstruction misses: the per-pixel squared error of an image and
// its reconstruction, averaged over channels, drawn with OpenCV's inferno
// colour map (black: no error; yellow: the image's largest error).

#include <torch/torch.h>

namespace latentlab {

// original: uint8 or float in [0, 1] [C, H, W]; reconstruction: float in
// [0, 1] [C, H, W]. Returns uint8 RGB [3, H, W]. `scale`: the error drawn as
// the brightest colour; 0 scales to this image's largest error.
torch::Tensor error_heatmap(const torch::Tensor& original, const torch::Tensor& reconstruction, double scale = 0.0);

// The per-pixel squared error [H, W] the heatmap draws.
torch::Tensor pixel_errors(const torch::Tensor& original, const torch::Tensor& reconstruction);

}  // namespace latentlab
