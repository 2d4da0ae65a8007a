#include "model/train/state_dict.h"

#include "model/base/error.h"
#include "model/base/input_limits.h"
#include "model/store/atomic_file.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

namespace latentlab {

void write_state_dict(const ModelSnapshot& snapshot, const std::string& path) {
    if (snapshot.model->scripted())
        throw Error("this run was imported from a TorchScript module: its weights belong to that module's own code, "
                    "which the README's PyTorch module cannot load (use the module you imported)");
    c10::Dict<std::string, torch::Tensor> tensors;
    for (const auto& item : snapshot.model->named_parameters()) tensors.insert(item.key(), item.value().detach().cpu());
    for (const auto& item : snapshot.model->named_buffers()) tensors.insert(item.key(), item.value().detach().cpu());
    const VaeConfig& model = snapshot.config.model;
    c10::impl::GenericDict file(c10::StringType::get(), c10::AnyType::get());
    file.insert(std::string("state_dict"), c10::IValue(tensors));
    file.insert(std::string("likelihood"), c10::IValue(to_string(model.likelihood)));
    file.insert(std::string("sigma"), c10::IValue(model.sigma));
    file.insert(std::string("min_sigma"), c10::IValue(model.min_sigma));
    file.insert(std::string("latent"), c10::IValue(model.latent));
    file.insert(std::string("decoder_variance"), c10::IValue(to_string(model.decoder_variance)));
    file.insert(std::string("config"), c10::IValue(to_json(snapshot.config)));
    const auto bytes = torch::pickle_save(c10::IValue(file));
    write_file_atomically(path, std::string(bytes.begin(), bytes.end()));
}

namespace {

std::string shape_text(at::IntArrayRef sizes) {
    std::ostringstream text;
    text << '[';
    for (size_t i = 0; i < sizes.size(); ++i) text << (i ? ", " : "") << sizes[i];
    text << ']';
    return text.str();
}

// "a, b, c and 4 more".
std::string listed(const std::vector<std::string>& names) {
    std::string text;
    const size_t shown = std::min<size_t>(names.size(), 6);
    for (size_t i = 0; i < shown; ++i) text += (i ? ", " : "") + names[i];
    if (names.size() > shown) text += " and " + std::to_string(names.size() - shown) + " more";
    return text;
}

}  // namespace

StateDictFile read_state_dict(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) throw Error("Cannot read " + path + ": " + ec.message());
    if (size > static_cast<uintmax_t>(limits::kCheckpointBytesMax))
        throw Error(path + " is larger than a state dict may be here (" +
                    std::to_string(limits::kCheckpointBytesMax >> 20) + " MB)");
    std::ifstream in(path, std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) throw Error("Cannot read " + path);
    c10::IValue value;
    try {
        value = torch::pickle_load(bytes);
    } catch (const std::exception& e) {
        // LibTorch 1.13's reader fails on the OrderedDict that Python's
        // state_dict() returns, though it reads a plain dict of the same tensors.
        const bool ordered = std::string(e.what()).find("GenericDict") != std::string::npos;
        throw Error(path + " is not a file torch.save or latentlab-cli export wrote" +
                    (ordered ? std::string(", or holds an OrderedDict, which LibTorch cannot read: save "
                                           "dict(model.state_dict()) instead")
                             : " (" + user_message(std::current_exception(), "reading it") + ")"));
    }
    if (!value.isGenericDict()) throw Error(path + " holds no dictionary: save model.state_dict() with torch.save");
    auto dict = value.toGenericDict();
    c10::impl::GenericDict weights = dict;
    StateDictFile file;
    for (const auto& entry : dict) {
        if (!entry.key().isString()) continue;
        const std::string key = entry.key().toStringRef();
        if (key == "state_dict" && entry.value().isGenericDict()) weights = entry.value().toGenericDict();
        if (key == "config" && entry.value().isString()) file.config_json = entry.value().toStringRef();
    }
    for (const auto& entry : weights) {
        if (!entry.key().isString()) throw Error(path + ": a state dict's names are strings");
        const std::string name = entry.key().toStringRef();
        if (!entry.value().isTensor()) {
            if (weights.is(dict)) continue;  // the file's own entries beside the weights ("likelihood", ...)
            throw Error(path + ": '" + name + "' is not a tensor");
        }
        file.tensors.emplace_back(name, entry.value().toTensor());
    }
    if (file.tensors.empty()) throw Error(path + " holds no tensors: save model.state_dict() with torch.save");
    return file;
}

void load_state_dict(Vae& model, const StateDictFile& file) {
    std::map<std::string, torch::Tensor> given(file.tensors.begin(), file.tensors.end());
    std::vector<std::string> missing, shapes;
    std::vector<std::pair<torch::Tensor, torch::Tensor>> copies;
    const auto take = [&](const std::string& name, const torch::Tensor& target) {
        const auto found = given.find(name);
        if (found == given.end()) {
            missing.push_back(name);
            return;
        }
        if (found->second.sizes() != target.sizes())
            shapes.push_back(name + " " + shape_text(found->second.sizes()) + " where the model has " +
                             shape_text(target.sizes()));
        else
            copies.emplace_back(target, found->second);
        given.erase(found);
    };
    for (const auto& item : model->named_parameters()) take(item.key(), item.value());
    for (const auto& item : model->named_buffers()) take(item.key(), item.value());
    std::vector<std::string> unexpected;
    for (const auto& [name, tensor] : given) unexpected.push_back(name);
    if (!missing.empty() || !unexpected.empty() || !shapes.empty()) {
        std::string message = "the weights do not fit this model (check --config):";
        if (!missing.empty()) message += " missing " + listed(missing) + ";";
        if (!unexpected.empty()) message += " not in the model " + listed(unexpected) + ";";
        if (!shapes.empty()) message += " other shapes: " + listed(shapes) + ";";
        message.pop_back();
        throw Error(message);
    }
    const torch::NoGradGuard no_grad;
    for (auto& [target, source] : copies) {
        if (!torch::isfinite(source).all().item<bool>()) throw Error("the weights hold NaN or infinite values");
        target.copy_(source.to(target.device(), target.scalar_type()));
    }
}

}  // namespace latentlab
