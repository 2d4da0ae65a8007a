#pragma once

#include <torch/torch.h>

namespace latentlab {

// y = x W^T + b over the last dimension of x, as torch::nn::functional::linear,
// with LibTorch's gradients. Float tensors on the CPU go through oneDNN's
// sgemm when the build found oneDNN (libdnnl-dev): it picks AVX-512 code by
// itself, where OpenBLAS (LibTorch's products on Debian) is held to AVX2 here
// (tests/bench/README.md, "the benchmark against the PyTorch example"). Without oneDNN, and when the environment sets
// LATENTLAB_GEMM=libtorch, it is LibTorch's own linear.
torch::Tensor dense(const torch::Tensor& input, const torch::Tensor& weight, const torch::Tensor& bias);

// Whether dense() reaches oneDNN on this machine.
bool dense_uses_onednn();

// torch::nn::Linear with the same parameters, names and initialisation (so
// checkpoints and seeds carry over), whose forward is dense().
class DenseImpl : public torch::nn::LinearImpl {
public:
    using torch::nn::LinearImpl::LinearImpl;
    torch::Tensor forward(const torch::Tensor& input);
};
TORCH_MODULE(Dense);

}  // namespace latentlab
