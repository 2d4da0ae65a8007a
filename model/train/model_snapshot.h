#pragma once

#include "model/base/run_config.h"
#include "model/base/training_stats.h"
#include "model/nn/vae.h"

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace latentlab {

class Trainer;

// An immutable copy of a model's weights with what describes them: its
// config, where it is in its run and the run's history so far. What views
// and exports read; never the model being trained.
struct ModelSnapshot {
    RunConfig config;
    // In evaluation mode. Mutable only because LibTorch's forward passes are
    // not const: nothing changes its weights.
    mutable Vae model{nullptr};
    torch::Device device{torch::kCPU};
    int64_t epoch = 0;  // epochs trained
    int64_t step = 0;   // steps trained
    std::vector<EpochStats> history;
    std::vector<SettingChange> changes;
    std::string run_folder;       // where the run is saved; empty when unknown
    bool between_epochs = false;  // copied from a run in the middle of an epoch
};

using SnapshotPtr = std::shared_ptr<const ModelSnapshot>;

// The model and its description from a checkpoint, without the optimizer,
// its state or a thread team: what Open Run, previews and export need.
// `device`: "cpu", "cuda" or "auto"; empty for the checkpoint's own setting.
// Throws latentlab::Error for a missing, damaged or incompatible file.
SnapshotPtr load_snapshot(const std::string& path, const std::string& device);

// A copy of the trainer's weights as they are now; call it between steps.
// Not yet const, so the caller can say where the run lives.
std::shared_ptr<ModelSnapshot> snapshot_of(const Trainer& trainer);

}  // namespace latentlab
