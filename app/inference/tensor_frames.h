#pragma once

// Tensors of images -> frames (model/data/image_export.h) and frames -> QImage, for
// the pictures the CLI writes and the comparison's strips. Includes LibTorch:
// never include it from a header that ui/ sees.

#include "model/data/image_export.h"

#include <torch/torch.h>

#include <QImage>

#include <vector>

namespace latentlab {

// Images [N, C, H, W] in [0, 1] -> frames.
std::vector<Frame> toFrames(const torch::Tensor& images);

// A frame as Grayscale8 or RGB888 (a deep copy).
QImage imageFromFrame(const Frame& frame);

}  // namespace latentlab
