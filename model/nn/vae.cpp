#include "model/nn/vae.h"

#include "model/base/error.h"

#include <mutex>

namespace latentlab {

VaeImpl::VaeImpl(const VaeConfig& config) : config_(config) {
    if (config.architecture == Architecture::Scripted)
        throw Error("a TorchScript model is read from its module, not built from settings");
    encoder_ = register_module("encoder", Encoder(config));
    decoder_ = register_module("decoder", Decoder(config));
    likelihood_ = register_module("likelihood", make_likelihood(config));
}

VaeImpl::VaeImpl(const VaeConfig& config, ScriptedNetworks scripted) : config_(config) {
    scripted_ = register_module("scripted", std::move(scripted));
    likelihood_ = register_module("likelihood", make_likelihood(config));
}

DiagonalGaussian VaeImpl::encode(const torch::Tensor& x) {
    return scripted_ ? scripted_->encode(x) : encoder_->forward(x);
}

torch::Tensor VaeImpl::decode(const torch::Tensor& z) {
    return scripted_ ? scripted_->decode(z) : decoder_->forward(z);
}

ElboTerms VaeImpl::elbo(const torch::Tensor& x, int64_t samples) {
    const auto noise = torch::randn({x.size(0), samples, config_.latent}, x.options());
    return elbo_with_noise(x, noise);
}

ElboTerms VaeImpl::elbo_with_noise(const torch::Tensor& x, const torch::Tensor& noise) {
    const auto q = encode(x);
    const auto target = x.flatten(1).unsqueeze(1);  // [B, 1, P]
    ElboTerms terms;
    if (config_.kind == ModelKind::Autoencoder) {
        terms.recon = likelihood_->log_prob(target, decode(q.mean.unsqueeze(1))).squeeze(1);
        terms.kl_per_dim = torch::zeros_like(q.mean);
    } else {
        const auto z = reparameterize(q, noise);  // [B, S, D]
        const auto output = decode(z);            // [B, S, P]
        terms.recon = likelihood_->log_prob(target, output).mean(1);
        terms.kl_per_dim = kl_to_standard_normal(q);
    }
    terms.kl = terms.kl_per_dim.sum(1);
    return terms;
}

torch::Tensor VaeImpl::reconstruct(const torch::Tensor& x) {
    return as_images(likelihood_->mean(decode(encode(x).mean)));
}

torch::Tensor VaeImpl::generate(int64_t n) {
    const auto z = torch::randn({n, config_.latent}, parameters().front().options());
    return as_images(likelihood_->mean(decode(z)));
}

torch::Tensor VaeImpl::as_images(const torch::Tensor& flat) const {
    return flat.view({-1, config_.channels, config_.height, config_.width});
}

}  // namespace latentlab

namespace latentlab {

std::mutex& global_generator_mutex() {
    static std::mutex mutex;
    return mutex;
}

Vae build_vae(const VaeConfig& config, std::optional<uint64_t> seed) {
    const std::lock_guard<std::mutex> lock(global_generator_mutex());
    if (seed) torch::manual_seed(*seed);
    return Vae(config);
}

}  // namespace latentlab

namespace latentlab {

void copy_weights(const VaeImpl& from, VaeImpl& to) {
    const torch::NoGradGuard no_grad;
    const auto source_parameters = from.named_parameters();
    for (auto& item : to.named_parameters()) {
        item.value().copy_(source_parameters[item.key()]);
        item.value().set_requires_grad(false);
    }
    const auto source_buffers = from.named_buffers();
    for (auto& item : to.named_buffers()) item.value().copy_(source_buffers[item.key()]);
}

Vae copy_model(const VaeImpl& from) {
    Vae copy = from.scripted() ? Vae(std::make_shared<VaeImpl>(from.config(), ScriptedNetworks(from.scripted()->copy())))
                               : build_vae(from.config(), std::nullopt);
    copy->to(from.parameters().front().device());
    copy_weights(from, *copy);
    return copy;
}

}  // namespace latentlab
