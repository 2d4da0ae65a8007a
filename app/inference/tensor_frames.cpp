#include "app/inference/tensor_frames.h"

#include "model/explore/latent_explorer.h"

namespace latentlab {

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
