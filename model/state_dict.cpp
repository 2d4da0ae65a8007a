#include "model/state_dict.h"

#include "model/error.h"

#include <filesystem>
#include <fstream>

namespace latentlab {

void write_state_dict(Vae& model, const std::string& path) {
    c10::Dict<std::string, torch::Tensor> entries;
    for (const auto& item : model->named_parameters()) entries.insert(item.key(), item.value().detach().cpu());
    for (const auto& item : model->named_buffers()) entries.insert(item.key(), item.value().detach().cpu());
    const auto bytes = torch::pickle_save(c10::IValue(entries));

    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out.flush()) {
            std::error_code ignored;
            std::filesystem::remove(temporary, ignored);
            throw Error("cannot write " + path);
        }
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error) throw Error("cannot write " + path + ": " + error.message());
}

}  // namespace latentlab
