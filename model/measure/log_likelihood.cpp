#include "model/measure/log_likelihood.h"

#include "model/data/dataset.h"
#include "model/nn/evaluation_scope.h"

#include "model/base/error.h"

#include <cmath>

namespace latentlab {

namespace {

// Floats held by one chunk of decoder outputs: bounds the memory of an
// estimate (~64 MB) whatever K is.
constexpr int64_t kChunkFloats = int64_t{16} << 20;

}  // namespace

torch::Tensor importance_sampled_log_likelihood(const DiagonalGaussian& q,
                                                const std::function<torch::Tensor(const torch::Tensor&)>& log_joint,
                                                int64_t samples, int64_t chunk, at::Generator& generator) {
    if (samples < 1) throw Error("importance sampling needs at least one sample");
    const int64_t batch = q.mean.size(0);
    const int64_t latent = q.mean.size(1);
    const auto noise_options = torch::TensorOptions().dtype(q.mean.scalar_type());
    std::vector<torch::Tensor> log_weights;
    for (int64_t done = 0; done < samples; done += chunk) {
        const int64_t k = std::min(chunk, samples - done);
        const auto noise = torch::randn({batch, k, latent}, generator, noise_options).to(q.mean.device());
        const auto z = reparameterize(q, noise);
        log_weights.push_back(log_joint(z) - log_density(q, z));
    }
    return torch::logsumexp(torch::cat(log_weights, 1), 1) - std::log(static_cast<double>(samples));
}

LogLikelihoodEstimate estimate_log_likelihood(Vae& model, const ImageSource& images, int64_t samples,
                                              uint64_t seed, const torch::Device& device,
                                              const EstimateProgress& progress) {
    if (model->config().kind == ModelKind::Autoencoder)
        throw Error("an autoencoder defines no density p(x): there is no log-likelihood to estimate");
    const EvaluationScope scope(model);
    auto generator = at::detail::createCPUGenerator(seed);
    const int64_t pixels = model->config().pixels();
    const int64_t n = images.size();
    // A batch of images with one chunk of samples each fills kChunkFloats.
    const int64_t batch = std::max<int64_t>(1, std::min<int64_t>(100, kChunkFloats / (pixels * samples)));
    const int64_t chunk = std::max<int64_t>(1, kChunkFloats / (pixels * batch));

    LogLikelihoodEstimate estimate;
    estimate.samples = samples;
    estimate.per_image.reserve(n);
    for (int64_t begin = 0; begin < n; begin += batch) {
        const auto end = std::min(n, begin + batch);
        const auto x = to_unit_float(images.range(begin, end), device);
        const auto target = x.flatten(1).unsqueeze(1);
        const auto q = model->encode(x);
        const auto log_joint = [&](const torch::Tensor& z) {
            return model->likelihood().log_prob(target, model->decode(z)) + log_standard_normal(z);
        };
        const auto log_p = importance_sampled_log_likelihood(q, log_joint, samples, chunk, generator)
                               .to(torch::kCPU, torch::kDouble);
        estimate.per_image.insert(estimate.per_image.end(), log_p.data_ptr<double>(),
                                  log_p.data_ptr<double>() + log_p.numel());
        if (progress && !progress(end, n)) throw Error("the log-likelihood estimate was cancelled");
    }
    double sum = 0.0;
    for (double value : estimate.per_image) sum += value;
    estimate.mean = n > 0 ? sum / n : 0.0;
    estimate.bits_per_dim = -estimate.mean / (pixels * std::log(2.0));
    return estimate;
}

}  // namespace latentlab
