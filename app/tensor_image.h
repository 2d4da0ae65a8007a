#pragma once

// Tensor -> QImage for app/ .cpp files. Includes LibTorch: never include it
// from a header that ui/ sees.

#include "model/image_export.h"

#include <torch/torch.h>

#include <QImage>

namespace latentlab {

// One uint8 image, planar [C, H, W] with C = 1 or 3, as Grayscale8 or RGB888
// (a deep copy). A null QImage for any other channel count or type.
QImage imageFromPlanes(const torch::Tensor& planes);

// Images [N, C, H, W] in [0, 1] -> frames (model/image_export.h).
std::vector<Frame> toFrames(const torch::Tensor& images);

// A frame as Grayscale8 or RGB888 (a deep copy).
QImage imageFromFrame(const Frame& frame);

}  // namespace latentlab
