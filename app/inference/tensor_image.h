#pragma once

// Tensor -> QImage for app/ .cpp files. Includes LibTorch: never include it
// from a header that ui/ sees.

#include <torch/torch.h>

#include <QImage>

namespace latentlab {

// One uint8 image, planar [C, H, W] with C = 1 or 3, as Grayscale8 or RGB888
// (a deep copy). A null QImage for any other channel count or type.
QImage imageFromPlanes(const torch::Tensor& planes);

}  // namespace latentlab
