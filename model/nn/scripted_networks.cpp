#include "model/nn/scripted_networks.h"

#include "model/base/error.h"

#include <cmath>
#include <set>
#include <sstream>

namespace latentlab {

namespace {

// LibTorch refuses dots in a registered name; "encoder.0.weight" becomes
// "encoder_0_weight".
std::string underscored(std::string name) {
    for (char& c : name)
        if (c == '.') c = '_';
    return name;
}

std::string shape_text(const torch::Tensor& t) {
    std::string text = "[";
    for (int64_t i = 0; i < t.dim(); ++i) text += (i ? ", " : "") + std::to_string(t.size(i));
    return text + "]";
}

torch::Tensor tensor_of(const c10::IValue& value, const std::string& what) {
    if (!value.isTensor()) throw Error(what + " is a " + value.tagKind() + ", not a tensor");
    return value.toTensor();
}

// `t` as [rows, count]: from [rows, ...] of `count` values per row, or from
// `count` values shared by every row.
torch::Tensor per_row(const torch::Tensor& t, int64_t rows, int64_t count, const std::string& what) {
    if (t.dim() >= 1 && t.size(0) == rows && t.numel() == rows * count) return t.reshape({rows, count});
    if (t.numel() == count) return t.reshape({1, count}).expand({rows, count});
    throw Error(what + " has the shape " + shape_text(t) + "; expected " + std::to_string(count) +
                " values per row of " + std::to_string(rows) + " rows");
}

}  // namespace

ScriptedNetworksImpl::ScriptedNetworksImpl(torch::jit::Module module, const VaeConfig& config)
    : module_(std::move(module)), config_(config) {
    for (const char* method : {"encode", "decode"})
        if (!module_.find_method(method))
            throw Error(std::string("the TorchScript module has no method ") + method +
                        " (export it with @torch.jit.export)");
    std::set<std::string> names;
    const auto claim = [&names](const std::string& name) {
        if (!names.insert(name).second)
            throw Error("the TorchScript module has two tensors named " + name + " once dots become underscores");
        return name;
    };
    // A tensor the module holds under two names (tied weights) is registered
    // once, so the optimiser does not step it twice.
    std::set<const void*> tensors;
    for (const auto& p : module_.named_parameters(/*recurse=*/true))
        if (tensors.insert(p.value.unsafeGetTensorImpl()).second)
            register_parameter(claim(underscored(p.name)), p.value, p.value.requires_grad());
    for (const auto& b : module_.named_buffers(/*recurse=*/true))
        if (tensors.insert(b.value.unsafeGetTensorImpl()).second) register_buffer(claim(underscored(b.name)), b.value);
}

DiagonalGaussian ScriptedNetworksImpl::encode(const torch::Tensor& x) {
    const c10::IValue out = module_.get_method("encode")({x});
    if (!out.isTuple() || out.toTuple()->elements().size() != 2)
        throw Error("the module's encode returned a " + out.tagKind() + ", not a pair (mean, log_var)");
    const auto& pair = out.toTuple()->elements();
    const int64_t rows = x.size(0);
    const auto mean = tensor_of(pair[0], "encode's mean");
    if (mean.dim() != 2 || mean.size(0) != rows || mean.size(1) != config_.latent)
        throw Error("encode's mean has the shape " + shape_text(mean) + "; expected [" + std::to_string(rows) + ", " +
                    std::to_string(config_.latent) + "]");
    const auto log_var = per_row(tensor_of(pair[1], "encode's log_var"), rows, config_.latent, "encode's log_var");
    return {mean, log_var};
}

torch::Tensor ScriptedNetworksImpl::decode(const torch::Tensor& z) {
    // The module takes one batch dimension; the samples of z ride along in it.
    auto leading = z.sizes().vec();
    leading.back() = config_.decoder_outputs();
    const auto flat = z.reshape({-1, config_.latent});
    const int64_t rows = flat.size(0);
    const c10::IValue out = module_.get_method("decode")({flat});
    const bool scaled = config_.likelihood == LikelihoodKind::GaussianPredicted;
    if (!scaled) return per_row(tensor_of(out, "decode's output"), rows, config_.pixels(), "decode's output")
        .reshape(leading);
    if (!out.isTuple() || out.toTuple()->elements().size() != 2)
        throw Error("the module's decode returned a " + out.tagKind() + ", not a pair (loc, log_scale)");
    const auto& pair = out.toTuple()->elements();
    const auto loc = per_row(tensor_of(pair[0], "decode's loc"), rows, config_.pixels(), "decode's loc");
    const auto log_scale =
        per_row(tensor_of(pair[1], "decode's log_scale"), rows, config_.decoder_variances(), "decode's log_scale");
    return torch::cat({loc, predicted_raw_from_log_sigma(log_scale, config_.min_sigma)}, 1).reshape(leading);
}

void ScriptedNetworksImpl::train(bool on) {
    torch::nn::Module::train(on);
    module_.train(on);
}

std::shared_ptr<ScriptedNetworksImpl> ScriptedNetworksImpl::copy() const {
    return std::make_shared<ScriptedNetworksImpl>(module_.deepcopy(), config_);
}

std::string ScriptedNetworksImpl::archive() const {
    std::ostringstream out;
    module_.save(out);
    return out.str();
}

torch::Tensor predicted_raw_from_log_sigma(const torch::Tensor& log_sigma, double min_sigma) {
    // h = softplus^-1(d) = d + log(1 - exp(-d)), d = log_sigma - log(min_sigma) > 0,
    // in double: summed over thousands of pixels, float's rounding would show.
    const auto d = (log_sigma.to(torch::kDouble) - std::log(min_sigma)).clamp_min(1e-30);
    return (d + torch::log(-torch::expm1(-d))).to(log_sigma.scalar_type());
}

}  // namespace latentlab
