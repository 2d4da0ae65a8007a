#include "model/store/torchscript_file.h"

#include "model/base/error.h"
#include "model/base/input_limits.h"
#include "model/store/bytes_reader.h"
#include "model/store/pickle_names.h"
#include "model/store/zip_directory.h"

#include <caffe2/serialize/inline_container.h>
// Only here: the rest of LatentLab sees torch::jit::Module through torch.h.
#include <torch/script.h>

#include <fstream>
#include <set>

namespace latentlab {

namespace {

// The first line of LibTorch's message, without its backtrace.
std::string first_line(const std::string& text) { return text.substr(0, std::min(text.find('\n'), size_t{300})); }

void check_records(const ZipDirectory& directory, const std::string& name) {
    std::set<std::string> records;
    bool code = false;
    for (const ZipRecord& record : directory.records) {
        records.insert(record.name.substr(directory.root.size() + 1));
        code = code || record.name.compare(directory.root.size() + 1, 5, "code/") == 0;
    }
    for (const char* needed : {"data.pkl", "version"})
        if (records.count(needed) == 0)
            throw Error(name + " is not a TorchScript module (its archive has no " + needed +
                        "; save the module with torch.jit.save, not torch.save)");
    if (!code) throw Error(name + " is not a TorchScript module (its archive holds no code)");
}

// LibTorch's unpickler trusts a pickle's memo indices (a 40 KB checkpoint
// once asked it for 1.4 billion entries, tests/fuzz/README.md): every pickle
// of the archive is walked first, which refuses that and any opcode outside
// what LibTorch's pickler writes.
void check_pickles(const std::string& bytes, const ZipDirectory& directory) {
    caffe2::serialize::PyTorchStreamReader reader(std::make_shared<BytesReader>(bytes));
    for (const ZipRecord& record : directory.records) {
        const std::string name = record.name.substr(directory.root.size() + 1);
        const auto ends_with = [&name](const std::string& end) {
            return name.size() > end.size() && name.compare(name.size() - end.size(), end.size(), end) == 0;
        };
        // data.pkl, constants.pkl and the code's source ranges (code/*.debug_pkl).
        const bool pickle = ends_with(".pkl") || ends_with(".debug_pkl");
        if (!pickle) continue;
        const auto [data, size] = reader.getRecord(name);
        try {
            pickle_names(std::string_view(static_cast<const char*>(data.get()), size));
        } catch (const Error& e) {
            throw Error(name + ": " + e.what());
        }
    }
}

}  // namespace

std::string read_torchscript_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary | std::ios::ate);
    if (!file) throw Error("cannot read the TorchScript file " + path);
    const std::streamoff size = file.tellg();
    if (size < 0) throw Error("cannot read the TorchScript file " + path);
    if (size > limits::kTorchScriptBytesMax)
        throw Error("cannot read the TorchScript file " + path + ": it is " + std::to_string(size) +
                    " bytes, more than the limit of " + std::to_string(limits::kTorchScriptBytesMax));
    std::string bytes(static_cast<size_t>(size), '\0');
    file.seekg(0);
    if (!file.read(bytes.data(), size)) throw Error("cannot read the TorchScript file " + path + ": it shrank while read");
    return bytes;
}

torch::jit::Module load_torchscript(const std::string& bytes, const std::string& name) {
    try {
        const ZipDirectory directory = read_zip_directory(bytes);
        check_records(directory, name);
        check_pickles(bytes, directory);
    } catch (const Error& e) {
        const std::string why = e.what();
        if (why.rfind(name, 0) == 0) throw;
        throw Error(name + " is not a TorchScript module or is damaged (" + why + ")");
    } catch (const c10::Error& e) {
        throw Error(name + " is not a TorchScript module or is damaged (" + first_line(e.what_without_backtrace()) + ")");
    }
    // LibTorch throws c10::Error and std exceptions alike for a bad archive.
    try {
        return torch::jit::load(std::make_shared<BytesReader>(bytes), torch::Device(torch::kCPU));
    } catch (const c10::Error& e) {
        throw Error(name + " is not a TorchScript module or is damaged (" + first_line(e.what_without_backtrace()) + ")");
    } catch (const std::exception& e) {
        throw Error(name + " is not a TorchScript module or is damaged (" + first_line(e.what()) + ")");
    }
}

}  // namespace latentlab
