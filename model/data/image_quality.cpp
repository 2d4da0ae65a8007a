#include "model/data/image_quality.h"

#include "model/base/error.h"

#include <opencv2/core.hpp>
#include <opencv2/quality/qualityssim.hpp>

namespace latentlab {

namespace {

// One image [C, H, W] in [0, 1] as an OpenCV image on the 0-255 scale, the
// scale QualitySSIM's constants are for.
cv::Mat to_mat(const torch::Tensor& image) {
    const auto hwc = image.to(torch::kCPU, torch::kFloat).mul(255.0).permute({1, 2, 0}).contiguous();
    const int channels = static_cast<int>(hwc.size(2));
    cv::Mat view(static_cast<int>(hwc.size(0)), static_cast<int>(hwc.size(1)), CV_32FC(channels), hwc.data_ptr<float>());
    return view.clone();
}

}  // namespace

double mean_ssim(const torch::Tensor& a, const torch::Tensor& b) {
    if (a.sizes() != b.sizes() || a.dim() != 4) throw Error("SSIM needs two image batches of the same shape");
    if (a.size(1) > 4) throw Error("SSIM takes images of at most 4 channels");
    double total = 0.0;
    for (int64_t i = 0; i < a.size(0); ++i) {
        const cv::Scalar per_channel = cv::quality::QualitySSIM::compute(to_mat(a[i]), to_mat(b[i]), cv::noArray());
        double sum = 0.0;
        for (int64_t c = 0; c < a.size(1); ++c) sum += per_channel[static_cast<int>(c)];
        total += sum / static_cast<double>(a.size(1));
    }
    return a.size(0) > 0 ? total / static_cast<double>(a.size(0)) : 0.0;
}

double mean_squared_error(const torch::Tensor& a, const torch::Tensor& b) {
    return (a.to(torch::kDouble) - b.to(torch::kDouble)).square().mean().item<double>();
}

int64_t active_units(const torch::Tensor& posterior_means, double threshold) {
    if (posterior_means.size(0) < 1) return 0;
    const auto variance = posterior_means.to(torch::kDouble).var(0, /*unbiased=*/false);
    return (variance > threshold).sum().item<int64_t>();
}

}  // namespace latentlab
