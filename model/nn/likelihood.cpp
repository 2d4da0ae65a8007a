#include "model/nn/likelihood.h"

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {

const double kHalfLog2Pi = 0.5 * std::log(2.0 * M_PI);

torch::Tensor gaussian_log_prob(const torch::Tensor& x, const torch::Tensor& mean,
                                const torch::Tensor& log_sigma) {
    const auto z = (x - mean) * (-log_sigma).exp();
    return (-0.5 * z.pow(2) - log_sigma - kHalfLog2Pi).sum(-1);
}

// x log sigmoid(l) + (1 - x) log(1 - sigmoid(l)) = x l - softplus(l), per
// pixel: exactly -BCE-with-logits, without forming log(sigmoid(l)), in three
// elementwise passes (BCE-with-logits takes about eight; importance sampling
// runs these on a thousand samples per image). x broadcasts against l.
torch::Tensor bernoulli_log_prob(const torch::Tensor& x, const torch::Tensor& logits) {
    return x * logits - torch::softplus(logits);
}

// Standard Laplace noise: the difference of two unit exponentials.
torch::Tensor laplace_noise(const torch::Tensor& like) {
    return torch::empty_like(like).exponential_() - torch::empty_like(like).exponential_();
}

// |logit| below which the continuous Bernoulli uses its Taylor series. The
// first dropped terms are ~3e-10 (log C) and ~3e-11 (mean) at the edge.
constexpr double kContinuousBernoulliBand = 0.1;

}  // namespace

torch::Tensor BernoulliLikelihood::log_prob(const torch::Tensor& x, const torch::Tensor& output) const {
    return bernoulli_log_prob(x, output).sum(-1);
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

LearnedScaleLikelihood::LearnedScaleLikelihood(int64_t pixels, double min_scale, double initial_scale)
    : log_min_scale_(std::log(min_scale)) {
    // softplus(raw) = log(initial / min)  <=>  raw = log(exp(log(initial / min)) - 1)
    const double ratio = std::max(initial_scale / min_scale, 1.0 + 1e-6);
    const double raw = std::log(ratio - 1.0);
    raw_ = register_parameter("raw_log_sigma", torch::full({pixels}, raw));
}

torch::Tensor LearnedScaleLikelihood::log_scale() const { return log_min_scale_ + torch::softplus(raw_); }

torch::Tensor LearnedGaussianLikelihood::log_prob(const torch::Tensor& x, const torch::Tensor& output) const {
    return gaussian_log_prob(x, torch::sigmoid(output), log_scale());
}

torch::Tensor LearnedGaussianLikelihood::mean(const torch::Tensor& output) const { return torch::sigmoid(output); }

torch::Tensor LearnedGaussianLikelihood::sample(const torch::Tensor& output) const {
    return torch::sigmoid(output) + log_scale().exp() * torch::randn_like(output);
}

double predicted_sigma_raw(double sigma, double min_sigma) {
    // softplus(h) = log(sigma / min)  <=>  h = log(exp(log(sigma / min)) - 1)
    return std::log(std::max(sigma / min_sigma, 1.0 + 1e-6) - 1.0);
}

PredictedGaussianLikelihood::PredictedGaussianLikelihood(int64_t pixels, double min_sigma)
    : pixels_(pixels), log_min_sigma_(std::log(min_sigma)) {}

torch::Tensor PredictedGaussianLikelihood::log_sigma(const torch::Tensor& output) const {
    return log_min_sigma_ + torch::softplus(output.slice(-1, pixels_));
}

torch::Tensor PredictedGaussianLikelihood::log_prob(const torch::Tensor& x, const torch::Tensor& output) const {
    return gaussian_log_prob(x, mean(output), log_sigma(output));
}

torch::Tensor PredictedGaussianLikelihood::mean(const torch::Tensor& output) const {
    return torch::sigmoid(output.slice(-1, 0, pixels_));
}

torch::Tensor PredictedGaussianLikelihood::sample(const torch::Tensor& output) const {
    const auto mu = mean(output);
    return mu + log_sigma(output).exp() * torch::randn_like(mu);
}

LaplaceLikelihood::LaplaceLikelihood(double scale) : scale_(scale) {}

torch::Tensor LaplaceLikelihood::log_prob(const torch::Tensor& x, const torch::Tensor& output) const {
    const auto distance = (x - torch::sigmoid(output)).abs().sum(-1);
    return -distance / scale_ - std::log(2.0 * scale_) * output.size(-1);
}

torch::Tensor LaplaceLikelihood::mean(const torch::Tensor& output) const { return torch::sigmoid(output); }

torch::Tensor LaplaceLikelihood::sample(const torch::Tensor& output) const {
    return torch::sigmoid(output) + scale_ * laplace_noise(output);
}

torch::Tensor LearnedLaplaceLikelihood::log_prob(const torch::Tensor& x, const torch::Tensor& output) const {
    const auto log_b = log_scale();
    const auto distance = (x - torch::sigmoid(output)).abs() * (-log_b).exp();
    return (-distance - log_b - std::log(2.0)).sum(-1);
}

torch::Tensor LearnedLaplaceLikelihood::mean(const torch::Tensor& output) const { return torch::sigmoid(output); }

torch::Tensor LearnedLaplaceLikelihood::sample(const torch::Tensor& output) const {
    return torch::sigmoid(output) + log_scale().exp() * laplace_noise(output);
}

torch::Tensor continuous_bernoulli_log_norm(const torch::Tensor& logits) {
    const auto near_half = logits.abs() < kContinuousBernoulliBand;
    // Both branches are evaluated; the far branch gets a harmless logit where
    // the near one applies, so neither its value nor its gradient is NaN.
    // l / tanh(l / 2) is even and positive: no absolute values needed.
    const auto safe = logits.masked_fill(near_half, 1.0);
    const auto far = (safe / torch::tanh(safe * 0.5)).log();
    const auto l2 = logits.square();
    const auto near = l2 * (1.0 / 12.0 - 7.0 / 1440.0 * l2) + std::log(2.0);
    return torch::where(near_half, near, far);
}

torch::Tensor continuous_bernoulli_mean(const torch::Tensor& logits) {
    const auto near_half = logits.abs() < kContinuousBernoulliBand;
    const auto far_logits = logits.masked_fill(near_half, 1.0);
    const auto far = torch::sigmoid(far_logits) / torch::tanh(far_logits * 0.5) - far_logits.reciprocal();
    const auto near = 0.5 + logits / 12.0 - logits.pow(3) / 720.0;
    return torch::where(near_half, near, far);
}

torch::Tensor ContinuousBernoulliLikelihood::log_prob(const torch::Tensor& x, const torch::Tensor& output) const {
    return (bernoulli_log_prob(x, output) + continuous_bernoulli_log_norm(output)).sum(-1);
}

torch::Tensor ContinuousBernoulliLikelihood::mean(const torch::Tensor& output) const {
    return continuous_bernoulli_mean(output);
}

torch::Tensor ContinuousBernoulliLikelihood::sample(const torch::Tensor& output) const {
    // The CDF inverted in logits: x = log1p(u (e^l - 1)) / l, and x = u at l = 0.
    // Logits are clamped so e^l stays finite; beyond |l| = 50 the density is a
    // spike at 0 or 1 either way.
    const auto u = torch::rand_like(output);
    const auto l = output.clamp(-50.0, 50.0);
    const auto near_half = l.abs() < 1e-4;
    const auto safe = l.masked_fill(near_half, 1.0);
    const auto far = torch::log1p(u * torch::expm1(safe)) / safe;
    return torch::where(near_half, u, far).clamp(0.0, 1.0);
}

std::shared_ptr<LikelihoodImpl> make_likelihood(const VaeConfig& config) {
    switch (config.likelihood) {
        case LikelihoodKind::Bernoulli:
            return std::make_shared<BernoulliLikelihood>();
        case LikelihoodKind::Gaussian:
            return std::make_shared<GaussianLikelihood>(config.sigma);
        case LikelihoodKind::GaussianLearned:
            return std::make_shared<LearnedGaussianLikelihood>(config.pixels(), config.min_sigma, config.sigma);
        case LikelihoodKind::Laplace:
            return std::make_shared<LaplaceLikelihood>(config.sigma);
        case LikelihoodKind::LaplaceLearned:
            return std::make_shared<LearnedLaplaceLikelihood>(config.pixels(), config.min_sigma, config.sigma);
        case LikelihoodKind::ContinuousBernoulli:
            return std::make_shared<ContinuousBernoulliLikelihood>();
        case LikelihoodKind::GaussianPredicted:
            return std::make_shared<PredictedGaussianLikelihood>(config.pixels(), config.min_sigma);
    }
    return nullptr;
}

}  // namespace latentlab
