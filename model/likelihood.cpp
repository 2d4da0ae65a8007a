#include "model/likelihood.h"

#include <cmath>

namespace latentlab {

namespace {

const double kHalfLog2Pi = 0.5 * std::log(2.0 * M_PI);

torch::Tensor gaussian_log_prob(const torch::Tensor& x, const torch::Tensor& mean,
                                const torch::Tensor& log_sigma) {
    const auto z = (x - mean) * (-log_sigma).exp();
    return (-0.5 * z.pow(2) - log_sigma - kHalfLog2Pi).sum(-1);
}

}  // namespace

torch::Tensor BernoulliLikelihood::log_prob(const torch::Tensor& x, const torch::Tensor& output) const {
    // x * l - softplus(l) is -BCE(sigmoid(l), x) without forming log(sigmoid(l)).
    const auto target = x.expand_as(output);
    return -torch::binary_cross_entropy_with_logits(output, target, {}, {}, at::Reduction::None).sum(-1);
}

torch::Tensor BernoulliLikelihood::mean(const torch::Tensor& output) const { return torch::sigmoid(output); }

torch::Tensor BernoulliLikelihood::sample(const torch::Tensor& output) const {
    return torch::bernoulli(torch::sigmoid(output));
}

GaussianLikelihood::GaussianLikelihood(double sigma) : sigma_(sigma) {}

torch::Tensor GaussianLikelihood::log_prob(const torch::Tensor& x, const torch::Tensor& output) const {
    const auto mean = torch::sigmoid(output);
    const auto squared = (x - mean).pow(2).sum(-1);
    const double per_pixel_constant = std::log(sigma_) + kHalfLog2Pi;
    return -0.5 * squared / (sigma_ * sigma_) - per_pixel_constant * output.size(-1);
}

torch::Tensor GaussianLikelihood::mean(const torch::Tensor& output) const { return torch::sigmoid(output); }

torch::Tensor GaussianLikelihood::sample(const torch::Tensor& output) const {
    return torch::sigmoid(output) + sigma_ * torch::randn_like(output);
}

LearnedGaussianLikelihood::LearnedGaussianLikelihood(int64_t pixels, double min_sigma, double initial_sigma)
    : log_min_sigma_(std::log(min_sigma)) {
    // softplus(raw) = log(initial / min)  <=>  raw = log(exp(log(initial / min)) - 1)
    const double ratio = std::max(initial_sigma / min_sigma, 1.0 + 1e-6);
    const double raw = std::log(ratio - 1.0);
    raw_ = register_parameter("raw_log_sigma", torch::full({pixels}, raw));
}

torch::Tensor LearnedGaussianLikelihood::log_sigma() const {
    return log_min_sigma_ + torch::softplus(raw_);
}

torch::Tensor LearnedGaussianLikelihood::log_prob(const torch::Tensor& x, const torch::Tensor& output) const {
    return gaussian_log_prob(x, torch::sigmoid(output), log_sigma());
}

torch::Tensor LearnedGaussianLikelihood::mean(const torch::Tensor& output) const {
    return torch::sigmoid(output);
}

torch::Tensor LearnedGaussianLikelihood::sample(const torch::Tensor& output) const {
    return torch::sigmoid(output) + log_sigma().exp() * torch::randn_like(output);
}

std::shared_ptr<LikelihoodImpl> make_likelihood(const VaeConfig& config) {
    switch (config.decoder) {
        case DecoderKind::Bernoulli:
            return std::make_shared<BernoulliLikelihood>();
        case DecoderKind::Gaussian:
            return std::make_shared<GaussianLikelihood>(config.sigma);
        case DecoderKind::GaussianLearned:
            return std::make_shared<LearnedGaussianLikelihood>(config.pixels(), config.min_sigma, config.sigma);
    }
    return nullptr;
}

}  // namespace latentlab
