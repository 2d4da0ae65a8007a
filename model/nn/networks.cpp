#include "model/nn/networks.h"

#include "model/nn/conv.h"
#include "model/nn/likelihood.h"

namespace latentlab {

namespace {

// The side of the smallest feature map of the conv networks.
constexpr int64_t kConvBase = 4;

// In place: each ReLU follows a layer whose backward does not read its
// output, so the activation needs no second tensor.
torch::nn::ReLU relu() { return torch::nn::ReLU(torch::nn::ReLUOptions(/*inplace=*/true)); }

void add_dense(torch::nn::Sequential& body, int64_t inputs, int64_t outputs, bool with_relu) {
    body->push_back(Dense(inputs, outputs));
    if (with_relu) body->push_back(relu());
}

torch::nn::Conv2dOptions halving(int64_t in, int64_t out) {
    return torch::nn::Conv2dOptions(in, out, 4).stride(2).padding(1);
}

torch::nn::ConvTranspose2dOptions doubling(int64_t in, int64_t out) {
    return torch::nn::ConvTranspose2dOptions(in, out, 4).stride(2).padding(1);
}

}  // namespace

EncoderImpl::EncoderImpl(const VaeConfig& config)
    : latent_(config.latent), flatten_input_(config.architecture == Architecture::Mlp) {
    body_ = torch::nn::Sequential();
    int64_t width = config.pixels();
    if (config.architecture == Architecture::Conv) {
        int64_t channels = config.channels;
        for (int64_t next : config.conv_widths()) {
            body_->push_back(Conv(halving(channels, next)));
            body_->push_back(relu());
            channels = next;
        }
        body_->push_back(torch::nn::Flatten());
        width = channels * kConvBase * kConvBase;
    }
    for (int64_t next : config.hidden) {
        add_dense(body_, width, next, true);
        width = next;
    }
    register_module("body", body_);
    mean_head_ = register_module("mean", Dense(width, config.latent));
    const int64_t variances = config.posterior == PosteriorKind::Single ? 1 : config.latent;
    log_var_head_ = register_module("log_var", Dense(width, variances));
}

DiagonalGaussian EncoderImpl::forward(const torch::Tensor& x) {
    // The MLP flattens outside its body, so its parameter names (body.0, ...)
    // stay those of the first checkpoint format.
    const auto h = body_->forward(flatten_input_ ? x.flatten(1) : x);
    return {mean_head_->forward(h), log_var_head_->forward(h).expand({-1, latent_})};
}

DecoderImpl::DecoderImpl(const VaeConfig& config)
    : latent_(config.latent), outputs_(config.decoder_outputs()), conv_(config.architecture == Architecture::Conv) {
    body_ = torch::nn::Sequential();
    int64_t width = config.latent;
    for (auto it = config.hidden.rbegin(); it != config.hidden.rend(); ++it) {
        add_dense(body_, width, *it, true);
        width = *it;
    }
    if (config.architecture == Architecture::Conv) {
        const auto widths = config.conv_widths();
        add_dense(body_, width, widths.back() * kConvBase * kConvBase, true);
        body_->push_back(torch::nn::Unflatten(torch::nn::UnflattenOptions(1, {widths.back(), kConvBase, kConvBase})));
        for (size_t i = widths.size(); i-- > 1;) {
            body_->push_back(ConvTranspose(doubling(widths[i], widths[i - 1])));
            body_->push_back(relu());
        }
        body_->push_back(ConvTranspose(doubling(widths.front(), config.channels)));
        body_->push_back(torch::nn::Flatten());
    } else {
        add_dense(body_, width, config.pixels(), false);
    }
    register_module("body", body_);
    // After the body, so the body's initial weights do not depend on the head.
    const int64_t variances = config.decoder_variances();
    if (variances == 0) return;
    if (conv_ && variances > 1) {
        variance_conv_ = register_module(
            "variance", ConvTranspose(doubling(config.conv_widths().front(), config.channels)));
    } else {
        variance_dense_ = register_module("variance", Dense(conv_ ? config.conv_widths().front() : width, variances));
    }
    const torch::NoGradGuard no_grad;
    auto& bias = variance_conv_ ? variance_conv_->bias : variance_dense_->bias;
    bias.fill_(predicted_sigma_raw(config.sigma, config.min_sigma));
}

torch::Tensor DecoderImpl::forward(const torch::Tensor& z) {
    // The networks take one batch dimension; the samples of z ride along in it.
    auto leading = z.sizes().vec();
    leading.back() = outputs_;
    auto h = z.reshape({-1, latent_});
    if (!variance_dense_ && !variance_conv_) return body_->forward(h).view(leading);
    // The layers the heads share, then the body's last one (conv: the last
    // transposed convolution and the Flatten after it) and the variance head.
    const auto shared_end = body_->end() - (conv_ ? 2 : 1);
    for (auto layer = body_->begin(); layer != shared_end; ++layer) h = layer->forward(h);
    torch::Tensor pixels = h;
    for (auto layer = shared_end; layer != body_->end(); ++layer) pixels = layer->forward(pixels);
    torch::Tensor variances;
    if (variance_conv_) {
        variances = variance_conv_->forward(h).flatten(1);
    } else {
        variances = variance_dense_->forward(conv_ ? h.mean({2, 3}) : h);
    }
    return torch::cat({pixels, variances}, 1).view(leading);
}

}  // namespace latentlab
