#pragma once

#include "model/base/run_config.h"
#include "model/nn/conv.h"
#include "model/nn/dense.h"
#include "model/nn/gaussian.h"

#include <torch/torch.h>

namespace latentlab {

// x [B, C, H, W] -> q(z|x). The body (fully connected layers for mlp;
// strided 4x4 convolutions halving the side down to 4, then the fully
// connected layers, for conv) feeds two linear heads: the mean and the log
// variance, which has one output per latent dimension (diagonal posterior)
// or a single one shared by all (single).
class EncoderImpl : public torch::nn::Module {
public:
    explicit EncoderImpl(const VaeConfig& config);
    DiagonalGaussian forward(const torch::Tensor& x);

private:
    int64_t latent_;
    bool flatten_input_;
    torch::nn::Sequential body_{nullptr};
    Dense mean_head_{nullptr};
    Dense log_var_head_{nullptr};
};
TORCH_MODULE(Encoder);

// z [..., latent] -> the likelihood's raw output [..., outputs] (logits or
// pre-sigmoid means). Mirrors the encoder: the fully connected widths in
// reverse, then for conv a linear layer to a 4x4 map and transposed 4x4
// convolutions doubling the side back to the image.
//
// For gaussian-predicted a second head ("variance") reads the features the
// body's last layer reads and gives the variance outputs, appended after the
// pixels: a linear layer (MLP); for conv a transposed convolution like the
// last one (one per pixel) or a linear layer on the channel means of the
// last feature map (one per image). Its bias starts at --sigma.
class DecoderImpl : public torch::nn::Module {
public:
    explicit DecoderImpl(const VaeConfig& config);
    torch::Tensor forward(const torch::Tensor& z);

private:
    int64_t latent_;
    int64_t outputs_;
    bool conv_;
    torch::nn::Sequential body_{nullptr};
    Dense variance_dense_{nullptr};
    ConvTranspose variance_conv_{nullptr};
};
TORCH_MODULE(Decoder);

}  // namespace latentlab
