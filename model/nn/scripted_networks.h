#pragma once

#include "model/base/run_config.h"
#include "model/nn/gaussian.h"

#include <torch/torch.h>

#include <string>

namespace latentlab {

// The encoder and decoder of a VAE trained elsewhere: a TorchScript module
// with two methods,
//   encode(x [N, C, H, W] in [0, 1]) -> (mean [N, D], log_var [N, D])
//   decode(z [N, D]) -> the likelihood's raw output: one tensor of P values
//                       per row (any shape [N, ...]), or for a learned scale
//                       a pair (loc, log_scale), log_scale broadcasting
//                       against loc ([N, P], [N, 1], [P] or [1]).
// What decode gives is turned into the layout LatentLab's likelihoods read
// (VaeConfig::decoder_outputs() per z), so the ELBO, the views and the
// scores work on it as on a model trained here.
//
// The module's parameters and buffers are registered here as well (the same
// tensors, each once, dots in their names made underscores), so moving,
// copying, saving, loading and optimising the VAE reach them.
class ScriptedNetworksImpl : public torch::nn::Module {
public:
    // `config`: the shape of the images, the latent size and the likelihood
    // the module's decode gives the output of. Throws latentlab::Error for a
    // module without encode or decode, or whose names collide once made
    // underscores.
    ScriptedNetworksImpl(torch::jit::Module module, const VaeConfig& config);

    DiagonalGaussian encode(const torch::Tensor& x);
    // z [..., D] -> [..., decoder_outputs].
    torch::Tensor decode(const torch::Tensor& z);

    void train(bool on = true) override;

    // A deep copy: its own parameters and buffers.
    std::shared_ptr<ScriptedNetworksImpl> copy() const;
    // The module as a TorchScript archive, with the current weights.
    std::string archive() const;

private:
    torch::jit::Module module_;
    VaeConfig config_;
};
TORCH_MODULE(ScriptedNetworks);

// The raw output h of LatentLab's gaussian-predicted likelihood for which
// log(min_sigma) + softplus(h) = log_sigma (scales below min_sigma become
// min_sigma): how a module's own log scale enters that likelihood.
torch::Tensor predicted_raw_from_log_sigma(const torch::Tensor& log_sigma, double min_sigma);

}  // namespace latentlab
