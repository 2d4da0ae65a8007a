#pragma once

#include <torch/torch.h>

namespace latentlab {

// The conv networks' layers: a 2-D convolution and a transposed convolution
// (stride and padding as the options say, no dilation, one group), with
// LibTorch's gradients. Float tensors on the CPU go through oneDNN's
// convolution primitives in the channels-last layout (NHWC), where LibTorch
// 1.13 would reorder NCHW tensors to blocked ones and back at every call, and
// would run a transposed convolution through its own im2col and OpenBLAS. The
// transposed convolution is the adjoint of a convolution with the same weight
// tensor: its forward is that convolution's input gradient, its input
// gradient that convolution's forward, and its weight gradient that
// convolution's weight gradient with input and output swapped. Outputs are
// channels-last; weight gradients are plain contiguous, as the parameters.
// Elsewhere (another device, another type, a build without oneDNN, or
// LATENTLAB_CONV=libtorch in the environment) they are LibTorch's own.
// tests/bench/README.md, "Conv training speed (issue #26)", has the figures.
torch::Tensor conv2d(const torch::Tensor& input, const torch::Tensor& weight, const torch::Tensor& bias,
                     int64_t stride, int64_t padding);
torch::Tensor conv_transpose2d(const torch::Tensor& input, const torch::Tensor& weight,
                               const torch::Tensor& bias, int64_t stride, int64_t padding);

// torch::nn::Conv2d / ConvTranspose2d with the same parameters, names and
// initialisation (so checkpoints and seeds carry over), whose forwards are
// the functions above.
class ConvImpl : public torch::nn::Conv2dImpl {
public:
    using torch::nn::Conv2dImpl::Conv2dImpl;
    torch::Tensor forward(const torch::Tensor& input);
};
TORCH_MODULE(Conv);

class ConvTransposeImpl : public torch::nn::ConvTranspose2dImpl {
public:
    using torch::nn::ConvTranspose2dImpl::ConvTranspose2dImpl;
    torch::Tensor forward(const torch::Tensor& input);
};
TORCH_MODULE(ConvTranspose);

}  // namespace latentlab
