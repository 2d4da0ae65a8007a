#include "app/runs/run_previews.h"

#include "app/inference/tensor_image.h"
#include "model/data/dataset.h"
#include "model/train/model_snapshot.h"

#include <algorithm>
#include <map>

namespace latentlab {

namespace {

// The prior samples of every epoch decode the same z, drawn from this seed.
constexpr uint64_t kPreviewSeed = 20240601;

// uint8 [N, C, H, W] -> one Grayscale8 (C = 1) or RGB888 (C = 3) image each.
QVector<QImage> toImages(const torch::Tensor& images) {
    const torch::Tensor pixels = images.to(torch::kCPU, torch::kUInt8);
    QVector<QImage> result;
    result.reserve(static_cast<int>(pixels.size(0)));
    for (int64_t i = 0; i < pixels.size(0); ++i) result.append(imageFromPlanes(pixels[i]));
    return result;
}

// Floats in [0, 1] -> uint8, as the model's mean images are shown.
torch::Tensor toBytes(const torch::Tensor& unit) {
    return unit.detach().clamp(0.0, 1.0).mul(255.0).round().to(torch::kCPU, torch::kUInt8);
}

}  // namespace

double reconstructionSpread(const torch::Tensor& originals, const torch::Tensor& reconstructions) {
    if (originals.size(0) < 2) return 1.0;
    const torch::NoGradGuard noGrad;
    const double between = originals.to(torch::kDouble).var(0, /*unbiased=*/false).mean().item<double>();
    if (!(between > 1e-12)) return 1.0;
    return reconstructions.to(torch::kDouble).var(0, /*unbiased=*/false).mean().item<double>() / between;
}

std::vector<int64_t> previewRows(const Dataset& data) {
    const ImageSet& test = data.test;
    const int64_t count = std::min<int64_t>(kPreviewCount, test.size());
    std::vector<int64_t> rows;
    if (!test.labels.defined() || test.labels.numel() != test.size()) {
        for (int64_t i = 0; i < count; ++i) rows.push_back(i);
        return rows;
    }
    const auto labels = test.labels.to(torch::kLong).contiguous();
    std::map<int64_t, std::vector<int64_t>> byClass;
    for (int64_t i = 0; i < test.size(); ++i) {
        auto& members = byClass[labels.data_ptr<int64_t>()[i]];
        if (static_cast<int64_t>(members.size()) < count) members.push_back(i);
    }
    for (size_t turn = 0; static_cast<int64_t>(rows.size()) < count; ++turn)
        for (const auto& [label, members] : byClass)
            if (turn < members.size() && static_cast<int64_t>(rows.size()) < count) rows.push_back(members[turn]);
    return rows;
}

PreviewImages makePreviews(const ModelSnapshot& snapshot, const Dataset& data) {
    // Snapshots are in evaluation mode already, and shared with the
    // inference thread: nothing here may change their modules.
    Vae& model = snapshot.model;
    const torch::NoGradGuard noGrad;
    const VaeConfig& shape = snapshot.config.model;
    const torch::Device& device = snapshot.device;

    PreviewImages previews;
    previews.epoch = snapshot.epoch;
    const std::vector<int64_t> rows = previewRows(data);
    if (!rows.empty()) {
        const torch::Tensor originals = data.test.source()->gather(torch::tensor(rows, torch::kLong)).cpu();
        const torch::Tensor x = originals.to(device, torch::kFloat).div_(255.0);
        const torch::Tensor reconstructed = model->reconstruct(x);
        previews.originals = toImages(originals);
        previews.reconstructions = toImages(toBytes(reconstructed));
        previews.reconstructionSpread = reconstructionSpread(x, reconstructed);
    }
    // Not Vae::generate: that draws from the global generator, so its samples
    // would change from epoch to epoch for reasons other than the model.
    auto generator = at::detail::createCPUGenerator(kPreviewSeed);
    const torch::Tensor z = torch::randn({kPreviewCount, shape.latent}, generator).to(device);
    const torch::Tensor samples =
        model->likelihood().mean(model->decode(z)).view({-1, shape.channels, shape.height, shape.width});
    previews.samples = toImages(toBytes(samples));
    return previews;
}

}  // namespace latentlab
