#include "model/trainer.h"

#include "model/error.h"
#include "model/threads.h"

#include <chrono>
#include <cmath>

namespace latentlab {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Sums of the ELBO terms over images, kept on the device so a step does not
// wait for the values; read once per epoch.
struct TermSums {
    torch::Tensor recon, kl, kl_per_dim;
    int64_t images = 0;

    void add(const ElboTerms& terms) {
        auto recon_sum = terms.recon.detach().sum();
        auto kl_sum = terms.kl.detach().sum();
        auto per_dim = terms.kl_per_dim.detach().sum(0);
        if (!recon.defined()) {
            recon = recon_sum, kl = kl_sum, kl_per_dim = per_dim;
        } else {
            recon += recon_sum, kl += kl_sum, kl_per_dim += per_dim;
        }
        images += terms.recon.size(0);
    }

    LossTerms mean() const {
        LossTerms loss;
        if (images == 0) return loss;
        loss.recon = recon.item<double>() / images;
        loss.kl = kl.item<double>() / images;
        loss.elbo = loss.recon - loss.kl;
        return loss;
    }
};

LossTerms batch_loss(const ElboTerms& terms) {
    LossTerms loss;
    loss.recon = terms.recon.detach().mean().item<double>();
    loss.kl = terms.kl.detach().mean().item<double>();
    loss.elbo = loss.recon - loss.kl;
    return loss;
}

}  // namespace

ObjectiveWeights objective_weights(const TrainConfig& train, double epochs_done) {
    ObjectiveWeights weights;
    weights.beta = train.beta;
    if (train.warmup_epochs > 0.0) weights.beta *= std::min(1.0, epochs_done / train.warmup_epochs);
    if (train.capacity > 0.0) {
        const double ramp = train.capacity_epochs > 0.0 ? train.capacity_epochs : static_cast<double>(train.epochs);
        weights.capacity_on = true;
        weights.capacity = train.capacity * std::min(1.0, epochs_done / ramp);
        weights.gamma = train.gamma;
    }
    return weights;
}

torch::Tensor training_loss(const ElboTerms& terms, const ObjectiveWeights& weights, ModelKind kind) {
    if (kind == ModelKind::Autoencoder) return -terms.recon.mean();
    if (weights.capacity_on)
        return -terms.recon.mean() + weights.gamma * (terms.kl.mean() - weights.capacity).abs();
    return -terms.objective(weights.beta).mean();
}

torch::Device resolve_device(const std::string& name, std::string* notice) {
    const bool cuda = torch::cuda::is_available();
    if (name == "cuda" && !cuda) {
        if (notice) *notice = "CUDA was asked for but is not available (no GPU, or LibTorch built without CUDA); using the CPU.";
        return torch::kCPU;
    }
    if (name == "cpu") return torch::kCPU;
    if (!cuda && notice) *notice = "No CUDA GPU found (or LibTorch built without CUDA): training on the CPU.";
    return cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

Evaluation evaluate(Vae& model, const torch::Tensor& images, int64_t batch_size, int64_t samples,
                    uint64_t seed, const torch::Device& device, bool keep_per_image) {
    torch::NoGradGuard no_grad;
    const bool was_training = model->is_training();
    model->eval();
    auto generator = at::detail::createCPUGenerator(seed);
    const int64_t latent = model->config().latent;
    TermSums sums;
    Evaluation result;
    const int64_t n = images.size(0);
    for (int64_t begin = 0; begin < n; begin += batch_size) {
        const auto end = std::min(n, begin + batch_size);
        const auto x = images.slice(0, begin, end).to(device, torch::kFloat).div_(255.0);
        const auto noise = torch::randn({end - begin, samples, latent}, generator).to(device);
        const auto terms = model->elbo_with_noise(x, noise);
        sums.add(terms);
        if (keep_per_image) {
            const auto elbo = terms.elbo().to(torch::kCPU, torch::kDouble);
            result.elbo_per_image.insert(result.elbo_per_image.end(), elbo.data_ptr<double>(),
                                         elbo.data_ptr<double>() + elbo.numel());
        }
    }
    model->train(was_training);
    result.loss = sums.mean();
    result.images = sums.images;
    if (sums.images > 0) {
        const auto per_dim = (sums.kl_per_dim / static_cast<double>(sums.images)).to(torch::kCPU, torch::kDouble);
        result.kl_per_dim.assign(per_dim.data_ptr<double>(), per_dim.data_ptr<double>() + per_dim.numel());
    }
    return result;
}

Trainer::Trainer(const RunConfig& config)
    : config_(config), device_(torch::kCPU), generator_(at::detail::createCPUGenerator(config.train.seed)) {
    validate(config_);
    configure_compute_threads(config_.train.threads, config_.model.architecture == Architecture::Conv);
    device_ = resolve_device(config_.train.device, &device_notice_);
    torch::manual_seed(config_.train.seed);
    model_ = Vae(config_.model);
    model_->to(device_);
    optimizer_ = std::make_unique<torch::optim::Adam>(
        model_->parameters(),
        torch::optim::AdamOptions(config_.train.learning_rate).weight_decay(config_.train.weight_decay));
}

const torch::Tensor& Trainer::on_device(const torch::Tensor& images) {
    if (device_.is_cpu()) return images;
    for (const auto& [source, copy] : device_copies_)
        if (source.is_same(images)) return copy;
    device_copies_.emplace_back(images, images.to(device_));
    return device_copies_.back().second;
}

std::optional<EpochStats> Trainer::train_epoch(const Dataset& data, const StepCallback& on_step,
                                               int64_t step_interval, const std::atomic<bool>* stop) {
    const auto& images = on_device(data.train.images);
    const int64_t n = images.size(0);
    if (n == 0) throw Error("the training split is empty");
    const int64_t batch_size = config_.train.batch_size;
    const int64_t steps = (n + batch_size - 1) / batch_size;
    const int64_t epoch = this->epoch() + 1;

    model_->train();
    const auto order = torch::randperm(n, generator_, torch::kLong).to(device_);
    TermSums sums;
    const auto start = Clock::now();
    auto interval_start = start;
    int64_t interval_images = 0;

    for (int64_t i = 0; i < steps; ++i) {
        if (stop && stop->load(std::memory_order_relaxed)) return std::nullopt;
        const auto rows = order.slice(0, i * batch_size, std::min(n, (i + 1) * batch_size));
        const auto x = to_float_batch(images, rows);

        const auto noise = torch::randn({x.size(0), config_.train.samples, config_.model.latent}, generator_);
        const auto terms = model_->elbo_with_noise(x, noise.to(device_));
        const auto weights = objective_weights(config_.train, (epoch - 1) + static_cast<double>(i) / steps);
        const auto loss = training_loss(terms, weights, config_.model.kind);
        if (!std::isfinite(loss.item<double>())) {
            throw NonFiniteLoss("the loss became " + std::to_string(loss.item<double>()) + " at epoch " +
                                std::to_string(epoch) + ", step " + std::to_string(i + 1) +
                                "; training stopped with the parameters of the previous step");
        }
        optimizer_->zero_grad();
        loss.backward();
        optimizer_->step();
        ++step_;
        sums.add(terms);
        interval_images += x.size(0);

        if (on_step && ((i + 1) % step_interval == 0 || i + 1 == steps)) {
            StepStats stats;
            stats.epoch = epoch;
            stats.step = step_;
            stats.step_in_epoch = i + 1;
            stats.steps_per_epoch = steps;
            stats.loss = batch_loss(terms);
            stats.beta = weights.beta;
            stats.capacity = weights.capacity;
            stats.images_per_second = interval_images / std::max(seconds_since(interval_start), 1e-9);
            on_step(stats);
            interval_start = Clock::now();
            interval_images = 0;
        }
    }

    EpochStats stats;
    stats.epoch = epoch;
    stats.train = sums.mean();
    stats.seconds = seconds_since(start);
    stats.images_per_second = n / std::max(stats.seconds, 1e-9);
    stats.test = evaluate_test(data);
    history_.push_back(stats);
    return stats;
}

void Trainer::set_beta(double beta) {
    if (!(beta >= 0.0)) throw Error("beta must not be negative");
    config_.train.beta = beta;
    changes_.push_back({step_, "beta", beta});
}

void Trainer::set_learning_rate(double learning_rate) {
    if (!(learning_rate > 0.0)) throw Error("learning rate must be positive");
    config_.train.learning_rate = learning_rate;
    for (auto& group : optimizer_->param_groups())
        static_cast<torch::optim::AdamOptions&>(group.options()).lr(learning_rate);
    changes_.push_back({step_, "learning_rate", learning_rate});
}

Evaluation Trainer::evaluate_test(const Dataset& data) {
    // Larger batches than training: no gradients are kept.
    const int64_t batch = std::max<int64_t>(config_.train.batch_size, 1000);
    return evaluate(model_, on_device(data.test.images), batch, config_.train.samples, config_.train.seed, device_);
}

}  // namespace latentlab
