#pragma once

#include "model/gaussian.h"

#include <torch/torch.h>

#include <vector>

namespace latentlab {

// x [B, ...] flattened to [B, inputs] -> hidden ReLU layers -> two linear
// heads for the mean and the log-variance of q(z|x).
class MlpEncoderImpl : public torch::nn::Module {
public:
    MlpEncoderImpl(int64_t inputs, const std::vector<int64_t>& hidden, int64_t latent);
    DiagonalGaussian forward(const torch::Tensor& x);

private:
    torch::nn::Sequential body_{nullptr};
    torch::nn::Linear mean_head_{nullptr};
    torch::nn::Linear log_var_head_{nullptr};
};
TORCH_MODULE(MlpEncoder);

// z [..., latent] -> the hidden widths in reverse, ReLU -> [..., outputs] raw
// output for the likelihood (logits or pre-sigmoid means).
class MlpDecoderImpl : public torch::nn::Module {
public:
    MlpDecoderImpl(int64_t latent, const std::vector<int64_t>& hidden, int64_t outputs);
    torch::Tensor forward(const torch::Tensor& z);

private:
    torch::nn::Sequential body_{nullptr};
};
TORCH_MODULE(MlpDecoder);

}  // namespace latentlab
