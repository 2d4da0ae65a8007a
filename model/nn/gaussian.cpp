#include "model/nn/gaussian.h"

#include <cmath>

namespace latentlab {

namespace {
const double kLog2Pi = std::log(2.0 * M_PI);
}

torch::Tensor kl_to_standard_normal(const DiagonalGaussian& q) {
    return 0.5 * (q.mean.pow(2) + q.log_var.exp() - q.log_var - 1.0);
}

torch::Tensor reparameterize(const DiagonalGaussian& q, const torch::Tensor& noise) {
    return q.mean.unsqueeze(1) + (0.5 * q.log_var).exp().unsqueeze(1) * noise;
}

torch::Tensor log_density(const DiagonalGaussian& q, const torch::Tensor& z) {
    const auto mean = q.mean.unsqueeze(1);
    const auto log_var = q.log_var.unsqueeze(1);
    const auto squared = (z - mean).pow(2) * (-log_var).exp();
    return -0.5 * (squared + log_var + kLog2Pi).sum(-1);
}

torch::Tensor log_standard_normal(const torch::Tensor& z) {
    return -0.5 * (z.pow(2) + kLog2Pi).sum(-1);
}

}  // namespace latentlab
