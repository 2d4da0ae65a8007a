#pragma once

#include "model/dataset.h"
#include "model/run_config.h"
#include "model/thread_team.h"
#include "model/vae.h"

#include <torch/torch.h>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace latentlab {

// Averages over images, in nats per image.
struct LossTerms {
    double elbo = 0.0;   // recon - KL: the bound on log p(x)
    double recon = 0.0;  // E_q[log p(x|z)]
    double kl = 0.0;     // KL(q(z|x) || p(z))
};

struct Evaluation {
    LossTerms loss;
    std::vector<double> kl_per_dim;
    int64_t images = 0;
    std::vector<double> elbo_per_image;  // only when asked for
};

struct StepStats {
    int64_t epoch = 0;  // 1-based
    int64_t step = 0;   // global, 1-based
    int64_t step_in_epoch = 0;
    int64_t steps_per_epoch = 0;
    LossTerms loss;     // of this batch
    double beta = 1.0;  // the KL weight in effect (after warm-up)
    double capacity = 0.0;  // the capacity C in effect (capacity objective only)
    double images_per_second = 0.0;
};

struct EpochStats {
    int64_t epoch = 0;
    LossTerms train;  // averaged over the epoch's batches, as they trained
    Evaluation test;
    double seconds = 0.0;  // training only, evaluation excluded
    double images_per_second = 0.0;
};

using StepCallback = std::function<void(const StepStats&)>;

// A setting changed during a run; it applies from `step` + 1 on.
struct SettingChange {
    int64_t step = 0;
    std::string name;  // "beta" or "learning_rate"
    double value = 0.0;
};

// How the KL enters the training objective at a point of the run, measured in
// epochs done (fractional: 1.5 is halfway through the second epoch).
struct ObjectiveWeights {
    double beta = 1.0;      // recon - beta * KL, after warm-up
    bool capacity_on = false;
    double capacity = 0.0;  // recon - gamma * |KL - capacity|, when capacity_on
    double gamma = 0.0;
};
ObjectiveWeights objective_weights(const TrainConfig& train, double epochs_done);

// The training loss of a batch (to minimise) under those weights is linear in
// its images' terms once the batch's mean KL is known:
//   recon * sum_i recon_i + kl * sum_i kl_i + constant
// (the capacity objective's |KL - C| becomes +-(KL - C)). So slices of a batch
// can be differentiated on separate threads and their gradients added.
struct LinearLoss {
    double recon = 0.0;
    double kl = 0.0;
    double constant = 0.0;
    // The slice's share, without the constant.
    torch::Tensor of_slice(const ElboTerms& slice) const;
};
LinearLoss linear_loss(const ObjectiveWeights& weights, ModelKind kind, double batch_kl_mean, int64_t batch_size);

// The batch's training loss: the negated objective averaged over images; the
// autoencoder's is the negated reconstruction term alone.
torch::Tensor training_loss(const ElboTerms& terms, const ObjectiveWeights& weights, ModelKind kind);

// Thrown when the loss becomes NaN or infinite. The parameters are those of
// the last finite step: the bad update is never applied.
class NonFiniteLoss : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// ELBO terms of `images` (uint8) with `samples` draws of z per image, under
// no_grad. The noise comes from its own generator seeded with `seed`, so the
// same weights always give the same numbers, and training's random stream is
// left untouched.
Evaluation evaluate(Vae& model, const torch::Tensor& images, int64_t batch_size, int64_t samples,
                    uint64_t seed, const torch::Device& device, bool keep_per_image = false);

torch::Device resolve_device(const std::string& name, std::string* notice);

// Owns one training run: model, optimizer, its history and where it is.
class Trainer {
public:
    explicit Trainer(const RunConfig& config);

    // Trains one epoch over `data.train` in a shuffled order, then
    // evaluates on `data.test`. Returns nothing when `stop` became true
    // (checked every step); the epoch then does not count.
    std::optional<EpochStats> train_epoch(const Dataset& data, const StepCallback& on_step = {},
                                          int64_t step_interval = 10, const std::atomic<bool>* stop = nullptr);

    Evaluation evaluate_test(const Dataset& data);

    // Mid-run changes, safe between steps (from the step callback or between
    // epochs); recorded in setting_changes() and the checkpoint.
    void set_beta(double beta);
    void set_learning_rate(double learning_rate);
    const std::vector<SettingChange>& setting_changes() const { return changes_; }

    const RunConfig& config() const { return config_; }
    Vae& model() { return model_; }
    torch::optim::Adam& optimizer() { return *optimizer_; }
    const torch::Device& device() const { return device_; }
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
    const torch::Tensor& on_device(const torch::Tensor& images);
    // One optimiser step on the batch `rows` of `images`; returns its terms
    // (detached). Throws NonFiniteLoss before changing any parameter.
    ElboTerms train_step(const torch::Tensor& images, const torch::Tensor& rows, const torch::Tensor& noise,
                         const ObjectiveWeights& weights, int64_t epoch, int64_t step_in_epoch);

    RunConfig config_;
    torch::Device device_;
    std::string device_notice_;
    Vae model_{nullptr};
    // Splits each training batch across the compute threads (on the CPU).
    // Declared before the optimiser, which uses it, so it outlives it.
    std::unique_ptr<ThreadTeam> team_;
    std::unique_ptr<torch::optim::Adam> optimizer_;
    std::vector<EpochStats> history_;
    std::vector<SettingChange> changes_;
    int64_t step_ = 0;
    // Shuffling and the noise of z come from this run's own stream, drawn on
    // the CPU, so runs do not disturb each other and a GPU run draws the same.
    at::Generator generator_;
    // Images copied to the GPU once, keyed by the CPU tensor they came from.
    std::vector<std::pair<torch::Tensor, torch::Tensor>> device_copies_;
};

}  // namespace latentlab
