#include "model/measure/comparison_pictures.h"

#include "model/nn/evaluation_scope.h"

#include <mutex>

namespace latentlab {

ComparisonPictures comparison_pictures(Vae& model, const torch::Tensor& images, const torch::Tensor& prior_z,
                                       uint64_t seed) {
    const EvaluationScope scope(model);
    const auto device = model->parameters().front().device();
    const auto& config = model->config();
    const auto as_images = [&](const torch::Tensor& flat) {
        return flat.clamp(0.0, 1.0).reshape({-1, config.channels, config.height, config.width}).cpu();
    };
    const auto x = images.to(device, torch::kFloat);
    const auto output = model->decode(model->encode(x).mean);
    ComparisonPictures pictures;
    pictures.reconstructions = as_images(model->likelihood().mean(output));
    {
        const std::lock_guard<std::mutex> lock(global_generator_mutex());
        torch::manual_seed(seed);
        pictures.samples = as_images(model->likelihood().sample(output));
    }
    pictures.prior = as_images(model->likelihood().mean(model->decode(prior_z.to(device, torch::kFloat))));
    return pictures;
}

}  // namespace latentlab
