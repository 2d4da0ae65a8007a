#include "model/measure/evaluation.h"

#include "model/data/dataset.h"
#include "model/nn/evaluation_scope.h"

#include <algorithm>

namespace latentlab {

void TermSums::add(const ElboTerms& terms) {
    auto recon_sum = terms.recon.detach().sum();
    auto kl_sum = terms.kl.detach().sum();
    auto per_dim = terms.kl_per_dim.detach().sum(0);
    if (!recon.defined()) {
        recon = recon_sum, kl = kl_sum, kl_per_dim = per_dim;
    } else {
        recon += recon_sum, kl += kl_sum, kl_per_dim += per_dim;
    }
    images += terms.recon.size(0);
}

LossTerms TermSums::mean() const {
    LossTerms loss;
    if (images == 0) return loss;
    loss.recon = recon.item<double>() / images;
    loss.kl = kl.item<double>() / images;
    loss.elbo = loss.recon - loss.kl;
    return loss;
}

torch::Device resolve_device(const std::string& name, std::string* notice) {
    const bool cuda = torch::cuda::is_available();
    if (name == "cuda" && !cuda) {
        if (notice) *notice = "CUDA was asked for but is not available (no GPU, or LibTorch built without CUDA); using the CPU.";
        return torch::kCPU;
    }
    if (name == "cpu") return torch::kCPU;
    if (!cuda && notice) *notice = "No CUDA GPU found (or LibTorch built without CUDA): training on the CPU.";
    return cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

int64_t evaluation_batch(const RunConfig& config) {
    constexpr int64_t kInputPixels = int64_t{4} << 20;
    const int64_t pixels = std::max<int64_t>(1, config.model.pixels());
    return std::max<int64_t>(config.train.batch_size, std::min<int64_t>(1000, kInputPixels / pixels));
}

Evaluation evaluate(Vae& model, const ImageSource& images, int64_t batch_size, int64_t samples,
                    uint64_t seed, const torch::Device& device, bool keep_per_image) {
    const EvaluationScope scope(model);
    auto generator = at::detail::createCPUGenerator(seed);
    const int64_t latent = model->config().latent;
    TermSums sums;
    Evaluation result;
    const int64_t n = images.size();
    for (int64_t begin = 0; begin < n; begin += batch_size) {
        const auto end = std::min(n, begin + batch_size);
        const auto x = to_unit_float(images.range(begin, end), device);
        const auto noise = torch::randn({end - begin, samples, latent}, generator).to(device);
        const auto terms = model->elbo_with_noise(x, noise);
        sums.add(terms);
        if (keep_per_image) {
            const auto elbo = terms.elbo().to(torch::kCPU, torch::kDouble);
            result.elbo_per_image.insert(result.elbo_per_image.end(), elbo.data_ptr<double>(),
                                         elbo.data_ptr<double>() + elbo.numel());
        }
    }
    result.loss = sums.mean();
    result.images = sums.images;
    if (sums.images > 0) {
        const auto per_dim = (sums.kl_per_dim / static_cast<double>(sums.images)).to(torch::kCPU, torch::kDouble);
        result.kl_per_dim.assign(per_dim.data_ptr<double>(), per_dim.data_ptr<double>() + per_dim.numel());
    }
    return result;
}

}  // namespace latentlab
