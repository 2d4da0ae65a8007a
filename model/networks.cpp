#include "model/networks.h"

namespace latentlab {

MlpEncoderImpl::MlpEncoderImpl(int64_t inputs, const std::vector<int64_t>& hidden, int64_t latent) {
    body_ = torch::nn::Sequential();
    int64_t width = inputs;
    for (int64_t next : hidden) {
        body_->push_back(torch::nn::Linear(width, next));
        body_->push_back(torch::nn::ReLU());
        width = next;
    }
    register_module("body", body_);
    mean_head_ = register_module("mean", torch::nn::Linear(width, latent));
    log_var_head_ = register_module("log_var", torch::nn::Linear(width, latent));
}

DiagonalGaussian MlpEncoderImpl::forward(const torch::Tensor& x) {
    const auto h = body_->forward(x.flatten(1));
    return {mean_head_->forward(h), log_var_head_->forward(h)};
}

MlpDecoderImpl::MlpDecoderImpl(int64_t latent, const std::vector<int64_t>& hidden, int64_t outputs) {
    body_ = torch::nn::Sequential();
    int64_t width = latent;
    for (auto it = hidden.rbegin(); it != hidden.rend(); ++it) {
        body_->push_back(torch::nn::Linear(width, *it));
        body_->push_back(torch::nn::ReLU());
        width = *it;
    }
    body_->push_back(torch::nn::Linear(width, outputs));
    register_module("body", body_);
}

torch::Tensor MlpDecoderImpl::forward(const torch::Tensor& z) { return body_->forward(z); }

}  // namespace latentlab
