#include "app/tensor_image.h"

#include "model/latent_explorer.h"

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

std::vector<Frame> toFrames(const torch::Tensor& images) {
    const auto bytes = to_bytes(images).permute({0, 2, 3, 1}).contiguous();
    std::vector<Frame> frames;
    for (int64_t i = 0; i < bytes.size(0); ++i) {
        Frame f;
        f.height = static_cast<int>(bytes.size(1));
        f.width = static_cast<int>(bytes.size(2));
        f.channels = static_cast<int>(bytes.size(3));
        const uint8_t* p = bytes[i].data_ptr<uint8_t>();
        f.pixels.assign(p, p + bytes[i].numel());
        frames.push_back(std::move(f));
    }
    return frames;
}

QImage imageFromFrame(const Frame& frame) {
    const QImage view(frame.pixels.data(), frame.width, frame.height, frame.width * frame.channels,
                      frame.channels == 3 ? QImage::Format_RGB888 : QImage::Format_Grayscale8);
    return view.copy();
}

}  // namespace latentlab
