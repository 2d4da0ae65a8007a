#pragma once

#include "model/run_config.h"

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

// Independent Gaussians with mean sigmoid(output) and a learned sigma per
// pixel (not per image): log sigma = log(min_sigma) + softplus(raw), so sigma
// never falls below min_sigma and the objective stays bounded.
class LearnedGaussianLikelihood : public LikelihoodImpl {
public:
    LearnedGaussianLikelihood(int64_t pixels, double min_sigma, double initial_sigma);
    torch::Tensor log_prob(const torch::Tensor& x, const torch::Tensor& output) const override;
    torch::Tensor mean(const torch::Tensor& output) const override;
    torch::Tensor sample(const torch::Tensor& output) const override;
    torch::Tensor log_sigma() const;  // [P]

private:
    double log_min_sigma_;
    torch::Tensor raw_;
};

std::shared_ptr<LikelihoodImpl> make_likelihood(const VaeConfig& config);

}  // namespace latentlab
