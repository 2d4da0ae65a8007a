#include "model/train/torchscript_import.h"

#include "model/base/error.h"

#include <cstdlib>

namespace latentlab {

namespace {

std::string shape_text(const torch::Tensor& t) {
    std::string text = "[";
    for (int64_t i = 0; i < t.dim(); ++i) text += (i ? ", " : "") + std::to_string(t.size(i));
    return text + "]";
}

// Runs `call`, naming `method` in what LibTorch throws from inside the module.
template <typename Call>
auto calling(const std::string& method, const Call& call) {
    try {
        return call();
    } catch (const Error&) {
        throw;
    } catch (const c10::Error& e) {
        const std::string text = e.what_without_backtrace();
        throw Error("the module's " + method + " failed: " + text.substr(0, std::min(text.find('\n'), size_t{300})));
    } catch (const std::exception& e) {
        throw Error("the module's " + method + " failed: " + std::string(e.what()));
    }
}

void require_finite(const torch::Tensor& t, const std::string& what) {
    if (!torch::isfinite(t).all().item<bool>()) throw Error(what + " NaN or infinite values on the dry run's images");
}

// The latent size: encode's mean is [N, D].
int64_t latent_size(torch::jit::Module& module, const torch::Tensor& images) {
    const c10::IValue out = calling("encode", [&] { return module.get_method("encode")({images}); });
    if (!out.isTuple() || out.toTuple()->elements().size() != 2 || !out.toTuple()->elements()[0].isTensor())
        throw Error("the module's encode returned a " + out.tagKind() + ", not a pair (mean, log_var)");
    const auto mean = out.toTuple()->elements()[0].toTensor();
    if (mean.dim() != 2 || mean.size(0) != images.size(0))
        throw Error("encode's mean has the shape " + shape_text(mean) + " for " + std::to_string(images.size(0)) +
                    " images; expected [" + std::to_string(images.size(0)) + ", latent size]");
    if (mean.size(1) < 1 || mean.size(1) > limits::kLatentMax)
        throw Error("encode's mean has " + std::to_string(mean.size(1)) + " latent dimensions; LatentLab takes 1 to " +
                    std::to_string(limits::kLatentMax));
    return mean.size(1);
}

// For a learned scale: one log sigma per image (single) or per pixel (diagonal).
DecoderVariance scale_layout(torch::jit::Module& module, const torch::Tensor& z, int64_t pixels) {
    const c10::IValue out = calling("decode", [&] { return module.get_method("decode")({z}); });
    if (!out.isTuple() || out.toTuple()->elements().size() != 2 || !out.toTuple()->elements()[1].isTensor())
        throw Error("the module's decode returned a " + out.tagKind() +
                    ", not a pair (loc, log_scale) as gaussian-learned needs");
    const auto log_scale = out.toTuple()->elements()[1].toTensor();
    const int64_t rows = z.size(0), n = log_scale.numel();
    if (n == 1 || n == rows) return DecoderVariance::Single;
    if (n == pixels || n == rows * pixels) return DecoderVariance::Diagonal;
    throw Error("decode's log_scale has the shape " + shape_text(log_scale) + "; expected one value per pixel (" +
                std::to_string(pixels) + ") or per image, for each of " + std::to_string(rows) + " rows, or shared");
}

}  // namespace

ScriptedLikelihood parse_scripted_likelihood(const std::string& text) {
    const auto colon = text.find(':');
    const std::string name = text.substr(0, colon);
    ScriptedLikelihood likelihood;
    const bool scaled = name == "gaussian" || name == "laplace";
    if (name == "laplace-learned" || name == "gaussian-predicted")
        throw Error("--likelihood " + name + " is not offered for TorchScript modules: a module whose decode gives a "
                    "log scale is imported with gaussian-learned");
    if (!parse_likelihood_kind(name, &likelihood.kind) || likelihood.kind == LikelihoodKind::LaplaceLearned)
        throw Error("unknown likelihood '" + text +
                    "' (expected bernoulli, cbernoulli, gaussian:SIGMA, laplace:B or gaussian-learned)");
    if (scaled != (colon != std::string::npos))
        throw Error(scaled ? "--likelihood " + name + " needs its scale: " + name + ":0.1"
                           : "--likelihood " + name + " takes no scale");
    if (scaled) {
        const std::string number = text.substr(colon + 1);
        char* end = nullptr;
        likelihood.scale = std::strtod(number.c_str(), &end);
        if (number.empty() || *end != '\0' || !(likelihood.scale >= limits::kSigmaMin) ||
            !(likelihood.scale <= limits::kSigmaMax))
            throw Error("the scale of --likelihood " + text + " must be a number between " +
                        std::to_string(limits::kSigmaMin) + " and " + std::to_string(limits::kSigmaMax));
    }
    // The module's log sigma enters through gaussian-predicted, the likelihood
    // whose sigma comes from the decoder's output.
    if (likelihood.kind == LikelihoodKind::GaussianLearned) likelihood.kind = LikelihoodKind::GaussianPredicted;
    return likelihood;
}

Vae scripted_vae(torch::jit::Module module, const ScriptedLikelihood& likelihood, const torch::Tensor& images) {
    for (const char* method : {"encode", "decode"})
        if (!module.find_method(method))
            throw Error(std::string("the TorchScript module has no method ") + method +
                        " (give it one with @torch.jit.export; README, \"Import from PyTorch\")");
    if (module.parameters().size() == 0) throw Error("the TorchScript module has no parameters");
    const torch::NoGradGuard no_grad;
    module.to(torch::kFloat);
    module.eval();

    VaeConfig config;
    config.kind = ModelKind::Vae;
    config.architecture = Architecture::Scripted;
    config.hidden.clear();
    config.channels = images.size(1);
    config.height = images.size(2);
    config.width = images.size(3);
    config.latent = latent_size(module, images);
    config.likelihood = likelihood.kind;
    config.sigma = likelihood.scale;
    if (likelihood.kind == LikelihoodKind::GaussianPredicted) {
        // The module's sigma is its own: bounded only by what LatentLab takes at all.
        config.min_sigma = limits::kSigmaMin;
        config.sigma = std::max(config.sigma, config.min_sigma);
        config.decoder_variance = scale_layout(module, torch::zeros({images.size(0), config.latent}), config.pixels());
    }

    Vae model(std::make_shared<VaeImpl>(config, ScriptedNetworks(module, config)));
    model->eval();
    const auto q = calling("encode", [&] { return model->encode(images); });
    require_finite(q.mean, "encode's mean has");
    require_finite(q.log_var, "encode's log_var has");
    const auto output = calling("decode", [&] { return model->decode(q.mean); });
    require_finite(output, "decode returned");
    const auto terms = calling("decode", [&] { return model->elbo(images, 1); });
    require_finite(terms.elbo(), "the ELBO has");
    return model;
}

}  // namespace latentlab
