#include "model/inspect/error_heatmap.h"

#include "model/base/error.h"

#include <opencv2/imgproc.hpp>

namespace latentlab {

namespace {

torch::Tensor unit(const torch::Tensor& image) {
    return image.scalar_type() == torch::kUInt8 ? image.to(torch::kFloat).div(255.0) : image.to(torch::kFloat);
}

}  // namespace

torch::Tensor pixel_errors(const torch::Tensor& original, const torch::Tensor& reconstruction) {
    if (original.dim() != 3 || original.sizes() != reconstruction.sizes())
        throw Error("the heatmap needs an image and a reconstruction of the same shape");
    return (unit(original) - unit(reconstruction).to(torch::kCPU)).to(torch::kCPU).pow(2).mean(0);
}

torch::Tensor error_heatmap(const torch::Tensor& original, const torch::Tensor& reconstruction, double scale) {
    const auto errors = pixel_errors(original, reconstruction);
    const double top = scale > 0.0 ? scale : std::max(errors.max().item<double>(), 1e-12);
    const auto levels = errors.div(top).clamp(0.0, 1.0).mul(255.0).round().to(torch::kUInt8).contiguous();
    const int h = static_cast<int>(levels.size(0)), w = static_cast<int>(levels.size(1));
    const cv::Mat grey(h, w, CV_8UC1, levels.data_ptr<uint8_t>());
    cv::Mat bgr, rgb;
    cv::applyColorMap(grey, bgr, cv::COLORMAP_INFERNO);
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    // An owning copy, channels first.
    return torch::from_blob(rgb.data, {h, w, 3}, torch::kUInt8).permute({2, 0, 1}).contiguous().clone();
}

}  // namespace latentlab
