// The checkpoint file format: Trainer::save writes it; Trainer::load and
// load_snapshot read it.

#include "model/base/error.h"
#include "model/store/atomic_file.h"
#include "model/store/checkpoint_archive.h"
#include "model/store/checkpoint_file.h"
#include "model/store/config_file.h"
#include "model/store/history.h"
#include "model/store/torchscript_file.h"
#include "model/train/model_snapshot.h"
#include "model/train/scripted_checkpoint.h"
#include "model/train/trainer.h"

#include <cstring>
#include <filesystem>
#include <sstream>

namespace latentlab {

namespace {

constexpr const char* kFormat = "latentlab-checkpoint";
constexpr int64_t kVersion = 1;

std::string read_string(torch::serialize::InputArchive& archive, const std::string& key) {
    c10::IValue value;
    if (!archive.try_read(key, value) || !value.isString()) throw Error("the entry '" + key + "' is missing");
    return value.toStringRef();
}

int64_t read_int(torch::serialize::InputArchive& archive, const std::string& key) {
    c10::IValue value;
    if (!archive.try_read(key, value) || !value.isInt()) throw Error("the entry '" + key + "' is missing");
    return value.toInt();
}

// What every reader of a checkpoint takes from it before the tensors.
struct CheckpointContents {
    std::string bytes;  // the archive, checked against the file's checksum
    torch::serialize::InputArchive archive;
    RunConfig config;
    std::vector<EpochStats> history;
    std::vector<SettingChange> changes;
    int64_t step = 0;
};

// Throws errors that name the file. Nothing of a file whose checksum does not
// match reaches LibTorch's reader.
void open_archive(const std::string& path, CheckpointContents& contents) {
    if (!std::filesystem::is_regular_file(path)) throw Error("no checkpoint file at " + path);
    contents.bytes = read_checkpoint_file(path).archive;
    try {
        check_checkpoint_archive(contents.bytes);
    } catch (const Error& e) {
        throw Error("cannot load the checkpoint " + path + ": " + e.what());
    } catch (const std::exception&) {
        throw Error(path + " is not a LatentLab checkpoint or is damaged (it cannot be opened as one)");
    }
    // LibTorch's unpickler throws std::out_of_range and std::runtime_error,
    // not only c10::Error, for a hand-made archive (fuzz_checkpoint found both).
    try {
        contents.archive.load_from(contents.bytes.data(), contents.bytes.size(), torch::kCPU);
    } catch (const std::exception&) {
        throw Error(path + " is not a LatentLab checkpoint or is damaged (it cannot be opened as one)");
    }
}

// Fewer bytes than the weights of the model a checkpoint's configuration
// describes take (float32; the encoder's and decoder's dense and conv
// layers, biases left out). Checked before the model is built: a small hand-
// made file must not make the program allocate a giant network.
double weight_bytes_at_least(const VaeConfig& model) {
    // A TorchScript module's weights are in its own archive, checked when read.
    if (model.architecture == Architecture::Scripted) return 0.0;
    std::vector<double> dims;
    double convs = 0.0;
    if (model.architecture == Architecture::Conv) {
        double channels = static_cast<double>(model.channels);
        for (const int64_t next : model.conv_widths()) {
            convs += channels * static_cast<double>(next) * 16.0;  // 4 x 4 kernels
            channels = static_cast<double>(next);
        }
        dims.push_back(channels * 16.0);
    } else {
        dims.push_back(static_cast<double>(model.pixels()));
    }
    for (const int64_t width : model.hidden) dims.push_back(static_cast<double>(width));
    dims.push_back(static_cast<double>(model.latent));
    double dense = 0.0;
    for (size_t i = 0; i + 1 < dims.size(); ++i) dense += dims[i] * dims[i + 1];
    return 4.0 * 2.0 * (dense + convs);  // the decoder mirrors the encoder
}

void read_description(CheckpointContents& contents) {
    auto& archive = contents.archive;
    if (read_string(archive, "format") != kFormat) throw Error("it is not a LatentLab checkpoint");
    const auto version = read_int(archive, "version");
    if (version > kVersion)
        throw Error("it was written by a newer LatentLab (format " + std::to_string(version) +
                    ", this one reads up to " + std::to_string(kVersion) + ")");
    contents.config = run_config_from_json(read_string(archive, "config"));
    if (weight_bytes_at_least(contents.config.model) > static_cast<double>(contents.bytes.size()))
        throw Error("it is damaged: its configuration describes a larger model than the file holds");
    contents.history = history_from_json(read_string(archive, "history"));
    contents.step = read_int(archive, "step");
    c10::IValue changes;  // absent in checkpoints written before mid-run changes existed
    if (archive.try_read("changes", changes) && changes.isString())
        contents.changes = setting_changes_from_json(changes.toStringRef());
}

// An imported model's TorchScript archive, kept as bytes (a uint8 tensor)
// beside its weights so the run folder needs nothing else.
constexpr const char* kTorchScriptEntry = "torchscript";

torch::Tensor as_byte_tensor(const std::string& bytes) {
    auto tensor = torch::empty({static_cast<int64_t>(bytes.size())}, torch::kUInt8);
    std::memcpy(tensor.data_ptr<uint8_t>(), bytes.data(), bytes.size());
    return tensor;
}

// The model a checkpoint's weights go into: built from its settings, or for
// an imported one, around the TorchScript module it carries. Empty for ours
// when `seeded` (the trainer builds it from the run's seed).
Vae model_for(torch::serialize::InputArchive& archive, const VaeConfig& config, bool seeded) {
    if (config.architecture != Architecture::Scripted) return seeded ? Vae(nullptr) : build_vae(config, std::nullopt);
    torch::Tensor bytes;
    if (!archive.try_read(kTorchScriptEntry, bytes) || bytes.scalar_type() != torch::kUInt8 || bytes.dim() != 1)
        throw Error("the TorchScript module of its imported model is missing");
    bytes = bytes.contiguous();
    const std::string module(reinterpret_cast<const char*>(bytes.data_ptr<uint8_t>()), static_cast<size_t>(bytes.numel()));
    return Vae(std::make_shared<VaeImpl>(config, ScriptedNetworks(load_torchscript(module, "its TorchScript module"), config)));
}

void load_weights(torch::serialize::InputArchive& archive, Vae& model) {
    torch::serialize::InputArchive model_archive;
    if (!archive.try_read("model", model_archive)) throw Error("the model weights are missing");
    model->load(model_archive);
    // Training never saves a non-finite weight (it stops first), so one here
    // means the file was damaged.
    for (const auto& p : model->parameters())
        if (!torch::isfinite(p).all().item<bool>()) throw Error("it is damaged (a weight is not a finite number)");
}

// Runs `read`, naming the file in what it throws.
template <typename Read>
auto reading_checkpoint(const std::string& path, const Read& read) {
    try {
        return read();
    } catch (const Error& e) {
        throw Error("cannot load the checkpoint " + path + ": " + e.what());
    } catch (const c10::Error& e) {
        throw Error("cannot load the checkpoint " + path + ": its contents do not match its configuration (" +
                    std::string(e.what_without_backtrace()) + ")");
    } catch (const std::exception& e) {
        throw Error("cannot load the checkpoint " + path + ": it is damaged (" + std::string(e.what()) + ")");
    }
}

}  // namespace

void Trainer::save(const std::string& path) const {
    torch::serialize::OutputArchive archive;
    archive.write("format", c10::IValue(std::string(kFormat)));
    archive.write("version", c10::IValue(kVersion));
    // The settings the run started with; the changes bring them up to date.
    archive.write("config", c10::IValue(to_json(starting_config())));
    archive.write("history", c10::IValue(history_to_json(history_)));
    archive.write("changes", c10::IValue(setting_changes_to_json(changes_)));
    archive.write("step", c10::IValue(step_));
    archive.write("rng_state", generator_.get_state());
    torch::serialize::OutputArchive model_archive;
    model_->save(model_archive);
    archive.write("model", model_archive);
    if (model_->scripted()) archive.write(kTorchScriptEntry, as_byte_tensor(model_->scripted()->archive()));
    torch::serialize::OutputArchive optimizer_archive;
    optimizer_->save(optimizer_archive);
    archive.write("optimizer", optimizer_archive);

    std::ostringstream bytes;
    try {
        archive.save_to(bytes);
    } catch (const std::exception& e) {
        throw Error("cannot write the checkpoint " + path + ": " + e.what());
    }
    write_file_atomically(path, seal_checkpoint(bytes.str()));
}

std::unique_ptr<Trainer> Trainer::load(const std::string& path, const std::string& device, int threads) {
    CheckpointContents contents;
    open_archive(path, contents);
    return reading_checkpoint(path, [&] {
        read_description(contents);
        auto config = contents.config;
        if (!device.empty()) config.train.device = device;
        if (threads >= 0) config.train.threads = threads;
        auto trainer = std::make_unique<Trainer>(config, model_for(contents.archive, config.model, true));
        trainer->history_ = std::move(contents.history);
        trainer->step_ = contents.step;
        trainer->changes_ = std::move(contents.changes);
        // Checkpoints before format 1's "starting config" held the current
        // values, which the changes leave as they are.
        const RunConfig current = with_changes(trainer->config_, trainer->changes_);
        trainer->config_.train.beta = current.train.beta;
        trainer->config_.train.learning_rate = current.train.learning_rate;
        torch::Tensor rng_state;
        if (!contents.archive.try_read("rng_state", rng_state)) throw Error("the random number state is missing");
        trainer->generator_.set_state(rng_state);

        // The optimizer's moments must land on the device of the parameters.
        if (!trainer->device_.is_cpu())
            contents.archive.load_from(contents.bytes.data(), contents.bytes.size(), trainer->device_);
        load_weights(contents.archive, trainer->model_);
        torch::serialize::InputArchive optimizer_archive;
        if (!contents.archive.try_read("optimizer", optimizer_archive)) throw Error("the optimizer state is missing");
        trainer->optimizer_->load(optimizer_archive);
        for (auto& group : trainer->optimizer_->param_groups())
            static_cast<torch::optim::AdamOptions&>(group.options()).lr(current.train.learning_rate);
        return trainer;
    });
}

SnapshotPtr load_snapshot(const std::string& path, const std::string& device) {
    CheckpointContents contents;
    open_archive(path, contents);
    return reading_checkpoint(path, [&] {
        read_description(contents);
        auto snapshot = std::make_shared<ModelSnapshot>();
        snapshot->config = with_changes(contents.config, contents.changes);
        snapshot->device = resolve_device(device.empty() ? contents.config.train.device : device, nullptr);
        snapshot->epoch = static_cast<int64_t>(contents.history.size());
        snapshot->step = contents.step;
        snapshot->history = std::move(contents.history);
        snapshot->changes = std::move(contents.changes);
        snapshot->run_folder = std::filesystem::path(path).parent_path().string();
        snapshot->model = model_for(contents.archive, snapshot->config.model, false);
        load_weights(contents.archive, snapshot->model);
        snapshot->model->to(snapshot->device);
        snapshot->model->eval();
        for (auto& p : snapshot->model->parameters()) p.set_requires_grad(false);
        return SnapshotPtr(std::move(snapshot));
    });
}

bool holds_scripted_model(const std::string& path) {
    CheckpointContents contents;
    open_archive(path, contents);
    return reading_checkpoint(path, [&] {
        read_description(contents);
        return contents.config.model.architecture == Architecture::Scripted;
    });
}

}  // namespace latentlab
