#pragma once

#include "model/base/run_config.h"

#include <torch/torch.h>

#include <memory>

namespace latentlab {

// The decoder's likelihood p(x|z): turns the decoder network's raw output into
// a distribution over pixels. All tensors are flattened images whose last
// dimension is the pixels; leading dimensions broadcast (x [B, 1, P] against
// output [B, S, P] scores S samples of z at once).
class LikelihoodImpl : public torch::nn::Module {
public:
    // log p(x|z) summed over pixels, in nats: shape of output without the last dim.
    virtual torch::Tensor log_prob(const torch::Tensor& x, const torch::Tensor& output) const = 0;
    // The image shown to people: E[x|z].
    virtual torch::Tensor mean(const torch::Tensor& output) const = 0;
    // A draw from p(x|z).
    virtual torch::Tensor sample(const torch::Tensor& output) const = 0;
};

// Pixels as independent Bernoulli variables with logits `output`. The
// log-likelihood is -BCE-with-logits, stable for large |logits|; on pixels
// in (0, 1) it is the cross-entropy, not a normalised density.
class BernoulliLikelihood : public LikelihoodImpl {
public:
    torch::Tensor log_prob(const torch::Tensor& x, const torch::Tensor& output) const override;
    torch::Tensor mean(const torch::Tensor& output) const override;
    torch::Tensor sample(const torch::Tensor& output) const override;
};

// Independent Gaussians with mean sigmoid(output) and one fixed sigma.
class GaussianLikelihood : public LikelihoodImpl {
public:
    explicit GaussianLikelihood(double sigma);
    torch::Tensor log_prob(const torch::Tensor& x, const torch::Tensor& output) const override;
    torch::Tensor mean(const torch::Tensor& output) const override;
    torch::Tensor sample(const torch::Tensor& output) const override;

private:
    double sigma_;
};

// A per-pixel scale (Gaussian sigma, Laplace b) learned with the network
// (one per pixel, not per image): log scale = log(min_scale) + softplus(raw),
// so the scale never falls below min_scale and the objective stays bounded.
class LearnedScaleLikelihood : public LikelihoodImpl {
public:
    LearnedScaleLikelihood(int64_t pixels, double min_scale, double initial_scale);
    torch::Tensor log_scale() const;  // [P]

private:
    double log_min_scale_;
    torch::Tensor raw_;
};

// Independent Gaussians with mean sigmoid(output) and a learned sigma per pixel.
class LearnedGaussianLikelihood : public LearnedScaleLikelihood {
public:
    using LearnedScaleLikelihood::LearnedScaleLikelihood;
    torch::Tensor log_prob(const torch::Tensor& x, const torch::Tensor& output) const override;
    torch::Tensor mean(const torch::Tensor& output) const override;
    torch::Tensor sample(const torch::Tensor& output) const override;
};

// Independent Gaussians whose sigma the decoder predicts from z: `output` is
// [..., P + V], the P pre-sigmoid means, then the V raw outputs h of the
// variance head (V = P: one sigma per pixel; V = 1: one per image), with
// log sigma = log(min_sigma) + softplus(h), the bound of LearnedScaleLikelihood.
class PredictedGaussianLikelihood : public LikelihoodImpl {
public:
    PredictedGaussianLikelihood(int64_t pixels, double min_sigma);
    torch::Tensor log_prob(const torch::Tensor& x, const torch::Tensor& output) const override;
    torch::Tensor mean(const torch::Tensor& output) const override;
    torch::Tensor sample(const torch::Tensor& output) const override;
    // log sigma, [..., V] (broadcasts against the pixels).
    torch::Tensor log_sigma(const torch::Tensor& output) const;

private:
    int64_t pixels_;
    double log_min_sigma_;
};

// The raw head output h for which log(min_sigma) + softplus(h) = log(sigma):
// the variance head's initial bias, so a new model starts at --sigma.
double predicted_sigma_raw(double sigma, double min_sigma);

// Independent Laplace variables with mean sigmoid(output) and one fixed scale
// b: -log p is the L1 distance / b plus a constant.
class LaplaceLikelihood : public LikelihoodImpl {
public:
    explicit LaplaceLikelihood(double scale);
    torch::Tensor log_prob(const torch::Tensor& x, const torch::Tensor& output) const override;
    torch::Tensor mean(const torch::Tensor& output) const override;
    torch::Tensor sample(const torch::Tensor& output) const override;

private:
    double scale_;
};

// Independent Laplace variables with mean sigmoid(output) and a learned scale per pixel.
class LearnedLaplaceLikelihood : public LearnedScaleLikelihood {
public:
    using LearnedScaleLikelihood::LearnedScaleLikelihood;
    torch::Tensor log_prob(const torch::Tensor& x, const torch::Tensor& output) const override;
    torch::Tensor mean(const torch::Tensor& output) const override;
    torch::Tensor sample(const torch::Tensor& output) const override;
};

// The continuous Bernoulli (Loaiza-Ganem & Cunningham, 2019): a density on
// [0, 1], p(x|lambda) = C(lambda) lambda^x (1 - lambda)^(1 - x), with logits
// `output` = logit(lambda). Its mean is not lambda (see continuous_bernoulli_mean).
class ContinuousBernoulliLikelihood : public LikelihoodImpl {
public:
    torch::Tensor log_prob(const torch::Tensor& x, const torch::Tensor& output) const override;
    torch::Tensor mean(const torch::Tensor& output) const override;
    // By inverting the CDF of a uniform draw.
    torch::Tensor sample(const torch::Tensor& output) const override;
};

// log C(lambda) from logits, elementwise. In logits, C = l / tanh(l / 2),
// which is 0/0 at lambda = 0.5; a Taylor series is used for |l| < 0.1.
torch::Tensor continuous_bernoulli_log_norm(const torch::Tensor& logits);
// E[x] = lambda / (2 lambda - 1) + 1 / (2 atanh(1 - 2 lambda)), elementwise from logits.
torch::Tensor continuous_bernoulli_mean(const torch::Tensor& logits);

std::shared_ptr<LikelihoodImpl> make_likelihood(const VaeConfig& config);

}  // namespace latentlab
