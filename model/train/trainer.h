#pragma once

#include "model/base/error.h"
#include "model/base/run_config.h"
#include "model/base/thread_team.h"
#include "model/base/training_stats.h"
#include "model/data/dataset.h"
#include "model/measure/evaluation.h"
#include "model/nn/objective.h"
#include "model/nn/vae.h"

#include <torch/torch.h>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace latentlab {

using StepCallback = std::function<void(const StepStats&)>;
// Sees each training step's batch before it is used: the rows of the training
// split [B] and the standard-normal noise of z [B, S, D], both on the CPU.
using BatchObserver = std::function<void(const torch::Tensor& rows, const torch::Tensor& noise)>;

// Thrown when the loss becomes NaN or infinite. The parameters are those of
// the last finite step: the bad update is never applied.
class NonFiniteLoss : public Error {
public:
    using Error::Error;
};

// Owns one training run: model, optimizer, its history and where it is.
class Trainer {
public:
    explicit Trainer(const RunConfig& config);
    // A trainer of a model built elsewhere (a TorchScript module's VAE,
    // scripted_vae), whose settings config.model must be.
    Trainer(const RunConfig& config, Vae model);

    // Trains one epoch over `data.train` in a shuffled order, then
    // evaluates on `data.test`. Returns nothing when `stop` became true
    // (checked every step); the epoch then does not count.
    std::optional<EpochStats> train_epoch(const Dataset& data, const StepCallback& on_step = {},
                                          int64_t step_interval = 10, const std::atomic<bool>* stop = nullptr);

    Evaluation evaluate_test(const Dataset& data);

    // For weights put in the model from elsewhere (an imported state dict),
    // before any epoch: evaluates the training and test splits as the run's
    // first epoch (its train terms measured, not averaged over steps) and
    // records it, so the run has a history row, a checkpoint to explore and
    // an epoch to continue from.
    EpochStats record_imported_weights(const Dataset& data);
    // The test images evaluation sees: uint8, or with --dequantize their
    // fixed dequantized copy (float), on the run's device.
    std::shared_ptr<const ImageSource> test_images(const Dataset& data);

    void set_batch_observer(BatchObserver observer) { batch_observer_ = std::move(observer); }

    // Mid-run changes, safe between steps (from the step callback or between
    // epochs); recorded in setting_changes() and the checkpoint.
    void set_beta(double beta);
    void set_learning_rate(double learning_rate);
    const std::vector<SettingChange>& setting_changes() const { return changes_; }

    // The settings in effect now: those the run started with, changed by
    // setting_changes().
    const RunConfig& config() const { return config_; }
    // The settings the run started with.
    RunConfig starting_config() const;
    Vae& model() { return model_; }
    const Vae& model() const { return model_; }
    torch::optim::Adam& optimizer() { return *optimizer_; }
    const torch::Device& device() const { return device_; }
    // The threads a training step is split across (1 on a GPU and for a TorchScript module).
    int training_threads() const;
    const std::vector<EpochStats>& history() const { return history_; }
    int64_t epoch() const { return static_cast<int64_t>(history_.size()); }
    int64_t step() const { return step_; }
    const std::string& device_notice() const { return device_notice_; }

    // Weights, optimizer state, config and history in one file, written to a
    // temporary file and renamed so a crash never leaves half a checkpoint.
    void save(const std::string& path) const;
    // Throws latentlab::Error for a missing, corrupt or incompatible file.
    // A non-empty `device` or a `threads` >= 0 replaces the saved setting.
    static std::unique_ptr<Trainer> load(const std::string& path, const std::string& device = "", int threads = -1);

private:
    // `images` with their batches on the run's device: themselves on the CPU,
    // else a copy made once per set of images.
    std::shared_ptr<const ImageSource> on_device(const std::shared_ptr<const ImageSource>& images);
    // `pairs` on the run's device (a copy made once per tensor).
    torch::Tensor pairs_on_device(const torch::Tensor& pairs);
    // One optimiser step on the batch `rows` of `images`; returns its terms
    // (detached). Throws NonFiniteLoss before changing any parameter.
    // `steps`: the dequantization noise of the batch (dequantize.h), or undefined.
    ElboTerms train_step(const ImageSource& images, const torch::Tensor& rows, const torch::Tensor& noise,
                         const torch::Tensor& steps, const ObjectiveWeights& weights, int64_t epoch,
                         int64_t step_in_epoch);

    RunConfig config_;
    double starting_beta_ = 1.0;
    double starting_learning_rate_ = 1e-3;
    torch::Device device_;
    std::string device_notice_;
    Vae model_{nullptr};
    // Splits each training batch across the compute threads (on the CPU).
    // Declared before the optimiser, which uses it, so it outlives it.
    std::unique_ptr<ThreadTeam> team_;
    // LibTorch's pool while the team waits (evaluation): the cores on the CPU.
    int pool_threads_ = 1;
    std::unique_ptr<torch::optim::Adam> optimizer_;
    std::vector<EpochStats> history_;
    std::vector<SettingChange> changes_;
    int64_t step_ = 0;
    // Shuffling and the noise of z come from this run's own stream, drawn on
    // the CPU, so runs do not disturb each other and a GPU run draws the same.
    at::Generator generator_;
    // Images copied to the GPU once, keyed by the source they came from.
    std::vector<std::pair<std::shared_ptr<const ImageSource>, std::shared_ptr<const ImageSource>>> device_copies_;
    std::vector<std::pair<torch::Tensor, torch::Tensor>> device_pairs_;
    // The dequantized test set, keyed by the uint8 tensor it came from.
    std::pair<std::shared_ptr<const ImageSource>, std::shared_ptr<const ImageSource>> dequantized_test_;
    BatchObserver batch_observer_;
};

}  // namespace latentlab
