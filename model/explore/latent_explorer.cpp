#include "model/explore/latent_explorer.h"

#include "model/base/error.h"
#include "model/data/image_decoder.h"

#include <algorithm>

namespace latentlab {

namespace {

// Decoding this many codes at once bounds memory for any image size.
constexpr int64_t kBatch = 256;

}  // namespace

torch::Tensor read_image_file(const ModelSnapshot& snapshot, const std::string& path) {
    const VaeConfig& shape = snapshot.config.model;
    ImageFolderOptions options;
    options.size = shape.width;
    options.channels = shape.channels;
    std::vector<uint8_t> bytes;
    auto image = torch::empty({1, shape.channels, shape.height, shape.width}, torch::kUInt8);
    const std::string problem = decode_image_file(path, bytes, options, image.data_ptr<uint8_t>());
    if (!problem.empty()) throw Error(path + ": " + problem);
    return image;
}

torch::Tensor map_axes(const Projection& projection) {
    const auto& directions = projection.directions;
    return directions.size(0) >= 2 ? directions.slice(0, 0, 2) : torch::cat({directions, directions});
}

torch::Tensor to_bytes(const torch::Tensor& images) {
    return images.mul(255.0).round().clamp(0, 255).to(torch::kCPU, torch::kUInt8);
}

torch::Tensor model_input(const ModelSnapshot& snapshot, const torch::Tensor& images) {
    const VaeConfig& shape = snapshot.config.model;
    if (images.dim() != 4 || images.size(1) != shape.channels || images.size(2) != shape.height ||
        images.size(3) != shape.width)
        throw Error("the images are not the " + std::to_string(shape.width) + " x " + std::to_string(shape.height) +
                    " x " + std::to_string(shape.channels) + " the model was trained on");
    return images.to(snapshot.device, torch::kFloat).div_(255.0);
}

DiagonalGaussian encode_images(const ModelSnapshot& snapshot, const torch::Tensor& images) {
    const torch::NoGradGuard no_grad;
    auto q = snapshot.model->encode(model_input(snapshot, images));
    if (q.log_var.size(1) != q.mean.size(1)) q.log_var = q.log_var.expand_as(q.mean).contiguous();
    return q;
}

torch::Tensor decode_codes(const ModelSnapshot& snapshot, const torch::Tensor& codes, bool sample) {
    const torch::NoGradGuard no_grad;
    const VaeConfig& shape = snapshot.config.model;
    std::vector<torch::Tensor> parts;
    for (int64_t begin = 0; begin < codes.size(0); begin += kBatch) {
        const auto z = codes.slice(0, begin, std::min(codes.size(0), begin + kBatch)).to(snapshot.device, torch::kFloat);
        const auto output = snapshot.model->decode(z);
        auto& likelihood = snapshot.model->likelihood();
        torch::Tensor pixels;
        if (sample) {
            // Samples draw from the global generator (see global_generator_mutex).
            const std::lock_guard<std::mutex> lock(global_generator_mutex());
            pixels = likelihood.sample(output);
        } else {
            pixels = likelihood.mean(output);
        }
        parts.push_back(pixels.clamp(0.0, 1.0).to(torch::kCPU).view({-1, shape.channels, shape.height, shape.width}));
    }
    if (parts.empty()) return torch::empty({0, shape.channels, shape.height, shape.width});
    return torch::cat(parts);
}

std::vector<double> latent_kl(const ModelSnapshot& snapshot) {
    if (!snapshot.history.empty() && !snapshot.history.back().test.kl_per_dim.empty())
        return snapshot.history.back().test.kl_per_dim;
    return std::vector<double>(static_cast<size_t>(snapshot.config.model.latent), 0.0);
}

Traversal traverse(const ModelSnapshot& snapshot, const torch::Tensor& center, double range, int64_t columns,
                   bool sample) {
    if (columns < 2) throw Error("a traversal needs at least 2 columns");
    if (!(range > 0.0)) throw Error("a traversal needs a positive range");
    Traversal t;
    const auto kl = latent_kl(snapshot);
    t.dimensions = dimensions_by_kl(kl);
    for (int64_t d : t.dimensions) t.kl.push_back(kl[static_cast<size_t>(d)]);
    t.offsets = traversal_offsets(range, columns);
    t.center = center.to(torch::kCPU, torch::kFloat);
    t.images = decode_codes(snapshot, traversal_codes(t.center, t.dimensions, t.offsets), sample);
    return t;
}

torch::Tensor encode_means(const ModelSnapshot& snapshot, const ImageSource& images, const BatchProgress& progress,
                           const std::atomic<bool>* cancel) {
    const int64_t n = images.size();
    std::vector<torch::Tensor> means;
    for (int64_t begin = 0; begin < n; begin += 1000) {
        if (cancel && cancel->load()) return {};
        const auto end = std::min(n, begin + 1000);
        means.push_back(encode_images(snapshot, images.range(begin, end)).mean.to(torch::kCPU));
        if (progress) progress(end, n);
    }
    if (means.empty()) return torch::empty({0, snapshot.config.model.latent});
    return torch::cat(means);
}

}  // namespace latentlab
