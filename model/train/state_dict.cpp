#include "model/train/state_dict.h"

#include "model/store/atomic_file.h"

namespace latentlab {

void write_state_dict(const ModelSnapshot& snapshot, const std::string& path) {
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

}  // namespace latentlab
