#pragma once

#include "model/base/run_config.h"
#include "model/nn/gaussian.h"
#include "model/nn/likelihood.h"
#include "model/nn/networks.h"
#include "model/nn/scripted_networks.h"

#include <torch/torch.h>

#include <mutex>
#include <optional>

namespace latentlab {

// The terms of the ELBO for each image of a batch, in nats.
struct ElboTerms {
    torch::Tensor recon;       // E_q[log p(x|z)], averaged over the S samples: [B]
    torch::Tensor kl;          // KL(q(z|x) || N(0, I)), closed form: [B]
    torch::Tensor kl_per_dim;  // [B, D]
    torch::Tensor elbo() const { return recon - kl; }  // the bound on log p(x)
    // What training maximises: recon - beta * KL (equals the ELBO for beta = 1).
    torch::Tensor objective(double beta) const { return recon - beta * kl; }
};

class VaeImpl : public torch::nn::Module {
public:
    // Our own networks, built from the settings (not for Architecture::Scripted).
    explicit VaeImpl(const VaeConfig& config);
    // A model trained elsewhere: its encoder and decoder are `scripted`,
    // the likelihood LatentLab's own for config.likelihood.
    VaeImpl(const VaeConfig& config, ScriptedNetworks scripted);

    // x: float [B, C, H, W] in [0, 1].
    DiagonalGaussian encode(const torch::Tensor& x);
    // z: [..., D] -> the likelihood's raw output [..., P].
    torch::Tensor decode(const torch::Tensor& z);

    // ELBO terms with `samples` draws of z per image. For the autoencoder
    // baseline, z is the encoder's mean (the noise is ignored) and the KL is 0.
    ElboTerms elbo(const torch::Tensor& x, int64_t samples);
    // The same with the standard-normal noise given: [B, S, D].
    ElboTerms elbo_with_noise(const torch::Tensor& x, const torch::Tensor& noise);

    // What people are shown: the mean image E[x|z] at z = E[z|x], no sampling. [B, C, H, W].
    torch::Tensor reconstruct(const torch::Tensor& x);
    // Mean images decoded from z ~ N(0, I). [n, C, H, W].
    torch::Tensor generate(int64_t n);

    const VaeConfig& config() const { return config_; }
    LikelihoodImpl& likelihood() { return *likelihood_; }
    // The TorchScript networks of an imported model; empty for ours.
    ScriptedNetworks scripted() const { return scripted_; }

private:
    torch::Tensor as_images(const torch::Tensor& flat) const;

    VaeConfig config_;
    Encoder encoder_{nullptr};
    Decoder decoder_{nullptr};
    ScriptedNetworks scripted_{nullptr};
    std::shared_ptr<LikelihoodImpl> likelihood_;
};
TORCH_MODULE(Vae);

}  // namespace latentlab

namespace latentlab {

// LibTorch's global generator is shared by every thread: whoever draws from
// it while another thread seeds and draws (a new run's initial weights) holds
// this, so each run's initial weights depend on its seed alone.
std::mutex& global_generator_mutex();

// A new model whose initial weights come from the global generator, seeded
// with `seed`; without a seed, for weights about to be overwritten (copies,
// loads), the generator is not reseeded.
Vae build_vae(const VaeConfig& config, std::optional<uint64_t> seed);

}  // namespace latentlab

namespace latentlab {

// Copies every parameter and buffer of `from` into `to`, which has the same
// configuration; `to` does not track gradients afterwards.
void copy_weights(const VaeImpl& from, VaeImpl& to);

// A copy of `from` with its own weights (copy_weights), whatever its origin:
// what snapshots are made of.
Vae copy_model(const VaeImpl& from);

}  // namespace latentlab
