#include "app/inference/tensor_image.h"

namespace latentlab {

QImage imageFromPlanes(const torch::Tensor& planes) {
    if (planes.dim() != 3 || planes.scalar_type() != torch::kUInt8 || !planes.device().is_cpu()) return {};
    const int channels = static_cast<int>(planes.size(0));
    if (channels != 1 && channels != 3) return {};
    const int height = static_cast<int>(planes.size(1));
    const int width = static_cast<int>(planes.size(2));
    // The accessor honours strides, so a non-contiguous tensor still reads right.
    const auto pixels = planes.accessor<uint8_t, 3>();
    QImage result(width, height, channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    for (int y = 0; y < height; ++y) {
        uchar* line = result.scanLine(y);
        // Planar (C, H, W) in, interleaved RGB out.
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < channels; ++c) line[channels * x + c] = pixels[c][y][x];
    }
    return result;
}

}  // namespace latentlab
