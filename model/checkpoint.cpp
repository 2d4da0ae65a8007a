// Trainer::save and Trainer::load: the checkpoint file format.

#include "model/error.h"
#include "model/history.h"
#include "model/trainer.h"

#include <filesystem>

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

}  // namespace

void Trainer::save(const std::string& path) const {
    torch::serialize::OutputArchive archive;
    archive.write("format", c10::IValue(std::string(kFormat)));
    archive.write("version", c10::IValue(kVersion));
    archive.write("config", c10::IValue(to_json(config_)));
    archive.write("history", c10::IValue(history_to_json(history_)));
    archive.write("changes", c10::IValue(setting_changes_to_json(changes_)));
    archive.write("step", c10::IValue(step_));
    archive.write("rng_state", generator_.get_state());
    torch::serialize::OutputArchive model_archive;
    model_->save(model_archive);
    archive.write("model", model_archive);
    torch::serialize::OutputArchive optimizer_archive;
    optimizer_->save(optimizer_archive);
    archive.write("optimizer", optimizer_archive);

    const std::string temporary = path + ".tmp";
    try {
        archive.save_to(temporary);
        std::filesystem::rename(temporary, path);
    } catch (const std::exception& e) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw Error("cannot write the checkpoint " + path + ": " + e.what());
    }
}

std::unique_ptr<Trainer> Trainer::load(const std::string& path, const std::string& device, int threads) {
    if (!std::filesystem::is_regular_file(path)) throw Error("no checkpoint file at " + path);
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(path, torch::kCPU);
    } catch (const c10::Error&) {
        throw Error(path + " is not a LatentLab checkpoint or is damaged (it cannot be opened as one)");
    }
    try {
        if (read_string(archive, "format") != kFormat) throw Error("it is not a LatentLab checkpoint");
        const auto version = read_int(archive, "version");
        if (version > kVersion)
            throw Error("it was written by a newer LatentLab (format " + std::to_string(version) +
                        ", this one reads up to " + std::to_string(kVersion) + ")");
        auto config = run_config_from_json(read_string(archive, "config"));
        if (!device.empty()) config.train.device = device;
        if (threads >= 0) config.train.threads = threads;
        auto trainer = std::make_unique<Trainer>(config);
        trainer->history_ = history_from_json(read_string(archive, "history"));
        trainer->step_ = read_int(archive, "step");
        c10::IValue changes;  // absent in checkpoints written before mid-run changes existed
        if (archive.try_read("changes", changes) && changes.isString())
            trainer->changes_ = setting_changes_from_json(changes.toStringRef());
        torch::Tensor rng_state;
        if (!archive.try_read("rng_state", rng_state)) throw Error("the random number state is missing");
        trainer->generator_.set_state(rng_state);

        // The optimizer's moments must land on the device of the parameters.
        if (!trainer->device_.is_cpu()) archive.load_from(path, trainer->device_);
        torch::serialize::InputArchive model_archive, optimizer_archive;
        if (!archive.try_read("model", model_archive)) throw Error("the model weights are missing");
        if (!archive.try_read("optimizer", optimizer_archive)) throw Error("the optimizer state is missing");
        trainer->model_->load(model_archive);
        trainer->optimizer_->load(optimizer_archive);
        // Training never saves a non-finite weight (it stops first), so one
        // here means the file was damaged.
        for (const auto& p : trainer->model_->parameters())
            if (!torch::isfinite(p).all().item<bool>()) throw Error("it is damaged (a weight is not a finite number)");
        return trainer;
    } catch (const Error& e) {
        throw Error("cannot load the checkpoint " + path + ": " + e.what());
    } catch (const c10::Error& e) {
        throw Error("cannot load the checkpoint " + path + ": its contents do not match its configuration (" +
                    std::string(e.what_without_backtrace()) + ")");
    }
}

}  // namespace latentlab
