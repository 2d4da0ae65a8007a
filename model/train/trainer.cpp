#include "model/train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "model/base/error.h"
#include "model/base/thread_team.h"
#include "model/base/threads.h"
#include "model/data/shuffled_batches.h"
#include "model/measure/factor_scores.h"
#include "model/nn/dequantize.h"
#include "model/train/ada_gvae.h"
#include "model/train/fused_adam.h"

namespace latentlab {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Sets each parameter's gradient to the sum of the slices' gradients
// (undefined where no slice reached it), the team adding a run of every
// tensor each; returns whether every element is finite. The first slice's
// tensor takes the sum in place unless it is not contiguous or its memory
// holds another gradient too (autograd may hand one tensor to two
// parameters); then a copy does.
bool set_gradient_sums(const std::vector<torch::Tensor>& parameters,
                       const std::vector<std::vector<torch::Tensor>>& slices, ThreadTeam& team) {
    std::map<const void*, int> users;  // storage -> the gradients in it
    for (const auto& slice : slices)
        for (const auto& g : slice)
            if (g.defined()) ++users[g.storage().unsafeGetStorageImpl()];
    std::vector<std::vector<torch::Tensor>> addends(parameters.size());
    for (size_t p = 0; p < parameters.size(); ++p) {
        std::vector<torch::Tensor> parts;
        for (const auto& slice : slices)
            if (slice[p].defined()) parts.push_back(slice[p]);
        auto& grad = parameters[p].mutable_grad();
        if (parts.empty()) {
            grad = torch::Tensor();
            continue;
        }
        const bool own = parts[0].is_contiguous() && users[parts[0].storage().unsafeGetStorageImpl()] == 1;
        grad = parts.size() == 1 || own ? parts[0] : parts[0].clone(torch::MemoryFormat::Contiguous);
        for (size_t k = 1; k < parts.size(); ++k) addends[p].push_back(parts[k].reshape(-1));
    }
    // The same pass checks the sums: NaN or inf in any element makes the
    // total non-finite (summed in double, so large finite values do not).
    std::vector<double> totals(static_cast<size_t>(team.size()), 0.0);
    team.run([&](int member) {
        std::vector<torch::Tensor> partial;
        for (size_t p = 0; p < parameters.size(); ++p) {
            const auto& grad = parameters[p].grad();
            if (!grad.defined()) continue;
            const int64_t n = grad.numel();
            const int64_t begin = n * member / team.size(), end = n * (member + 1) / team.size();
            auto sum = grad.reshape(-1).slice(0, begin, end);
            for (const auto& addend : addends[p]) sum.add_(addend.slice(0, begin, end));
            partial.push_back(sum.sum(torch::kDouble));
        }
        if (!partial.empty()) totals[static_cast<size_t>(member)] = torch::stack(partial).sum().item<double>();
    });
    return std::all_of(totals.begin(), totals.end(), [](double t) { return std::isfinite(t); });
}

// Slices of each batch per member of the team. Conv steps take two each
// (four slices of 32 images on two threads): smaller slices keep more of a
// layer's activations in cache; the MLP's products are too small to split
// further (tests/bench/README.md, "Conv training speed (issue #26)").
int slices_per_member(Architecture architecture) { return architecture == Architecture::Conv ? 2 : 1; }

LossTerms batch_loss(const ElboTerms& terms) {
    LossTerms loss;
    loss.recon = terms.recon.detach().mean().item<double>();
    loss.kl = terms.kl.detach().mean().item<double>();
    loss.elbo = loss.recon - loss.kl;
    return loss;
}

}  // namespace

Trainer::Trainer(const RunConfig& config) : Trainer(config, Vae(nullptr)) {}

Trainer::Trainer(const RunConfig& config, Vae model)
    : config_(config), device_(torch::kCPU), generator_(at::detail::createCPUGenerator(config.train.seed)) {
    validate(config_);
    device_ = resolve_device(config_.train.device, &device_notice_);
    // The run records where it trains, not what was asked for.
    config_.train.device = device_.is_cuda() ? "cuda" : "cpu";
    starting_beta_ = config_.train.beta;
    starting_learning_rate_ = config_.train.learning_rate;
    // A module from elsewhere may hold batch norm, whose statistics must see
    // the whole batch as in PyTorch: it is not split across threads.
    const bool whole_batches = !device_.is_cpu() || config_.model.architecture == Architecture::Scripted;
    team_ = std::make_unique<ThreadTeam>(whole_batches ? 1 : compute_threads(config_.train.threads));
    pool_threads_ = device_.is_cpu() ? compute_threads(config_.train.threads) : 1;
    model_ = model ? std::move(model) : build_vae(config_.model, config_.train.seed);
    model_->to(device_);
    optimizer_ = std::make_unique<FusedAdam>(
        model_->parameters(),
        torch::optim::AdamOptions(config_.train.learning_rate).weight_decay(config_.train.weight_decay), team_.get());
}

int Trainer::training_threads() const { return team_->size(); }

std::shared_ptr<const ImageSource> Trainer::on_device(const std::shared_ptr<const ImageSource>& images) {
    if (images->device() == device_) return images;
    for (const auto& [source, copy] : device_copies_)
        if (source->same_images(*images)) return copy;
    device_copies_.emplace_back(images, images->copy_to(device_));
    return device_copies_.back().second;
}

torch::Tensor Trainer::pairs_on_device(const torch::Tensor& pairs) {
    if (device_.is_cpu()) return pairs;
    for (const auto& [source, copy] : device_pairs_)
        if (source.is_same(pairs)) return copy;
    device_pairs_.emplace_back(pairs, pairs.to(device_));
    return device_pairs_.back().second;
}

std::optional<EpochStats> Trainer::train_epoch(const Dataset& data, const StepCallback& on_step,
                                               int64_t step_interval, const std::atomic<bool>* stop) {
    const auto images = on_device(data.train.source());
    // Ada-GVAE steps through pairs of images, the others through images.
    const bool paired = config_.model.kind == ModelKind::AdaGvae;
    if (paired && !data.train_pairs.defined())
        throw Error("Ada-GVAE trains on pairs of images, and this data set has no pairs.csv "
                    "(write one with latentlab-make-shapes --factors --pairs)");
    const int64_t per_row = paired ? 2 : 1;
    const auto pairs = paired ? pairs_on_device(data.train_pairs) : torch::Tensor();
    const int64_t n = paired ? pairs.size(0) : images->size();
    if (n == 0) throw Error("the training split is empty");
    const int64_t epoch = this->epoch() + 1;

    at::init_num_threads();  // this thread's OpenMP setting, should it not be the one that configured them
    model_->train();
    const ShuffledBatches batches(n, config_.train.batch_size, generator_, device_);
    const int64_t steps = batches.steps();
    // The dequantization noise has its own stream, so the batches and z's
    // noise are those of the same run without it.
    std::optional<at::Generator> dequantization;
    if (config_.data.dequantize)
        dequantization = at::detail::createCPUGenerator(dequantization_seed(config_.train.seed, epoch));
    TermSums sums;
    const auto start = Clock::now();
    auto interval_start = start;
    int64_t interval_images = 0;

    for (int64_t i = 0; i < steps; ++i) {
        if (stop && stop->load(std::memory_order_relaxed)) return std::nullopt;
        auto rows = batches.rows(i);
        if (paired) rows = pairs.index_select(0, rows);  // [b, 2]
        const auto noise = paired ? torch::randn({rows.size(0), 2, config_.train.samples, config_.model.latent}, generator_)
                                  : torch::randn({rows.size(0), config_.train.samples, config_.model.latent}, generator_);
        if (batch_observer_) batch_observer_(batches.cpu_rows(i), noise);
        torch::Tensor dequantization_noise;
        if (dequantization && !paired) {
            auto sizes = images->range(0, 0).sizes().vec();
            sizes[0] = rows.size(0);
            dequantization_noise = dequantization_steps(sizes, *dequantization).to(device_);
        }
        const auto weights = objective_weights(config_.train, (epoch - 1) + static_cast<double>(i) / steps);
        const auto terms = train_step(*images, rows, noise, dequantization_noise, weights, epoch, i + 1);
        ++step_;
        sums.add(terms);
        interval_images += rows.size(0) * per_row;

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
            stats.images = static_cast<int64_t>(interval_images);
            on_step(stats);
            interval_start = Clock::now();
            interval_images = 0;
        }
    }

    EpochStats stats;
    stats.epoch = epoch;
    stats.train = sums.mean();
    stats.seconds = seconds_since(start);
    stats.images_per_second = n * per_row / std::max(stats.seconds, 1e-9);
    stats.test = evaluate_test(data);
    if (data.train.factors.defined()) {
        const PoolThreadsScope pool(pool_threads_);
        stats.mig = latent_mig(model_, data.train, data.factor_names, device_).mig;
    }
    history_.push_back(stats);
    return stats;
}

ElboTerms Trainer::train_step(const ImageSource& images, const torch::Tensor& rows, const torch::Tensor& noise,
                              const torch::Tensor& steps, const ObjectiveWeights& weights, int64_t epoch,
                              int64_t step_in_epoch) {
    // rows: [b] image rows, or [b, 2] pairs of them (Ada-GVAE): 2b images.
    const bool paired = rows.dim() == 2;
    const int64_t batch = rows.size(0) * (paired ? 2 : 1);
    const int64_t wanted = team_->size() * slices_per_member(config_.model.architecture);
    const int parts = static_cast<int>(std::min<int64_t>(wanted, rows.size(0)));
    // Exactly `parts` slices (chunk() may give fewer), sizes differing by at most one.
    const auto row_parts = rows.tensor_split(parts);
    const auto noise_parts = noise.tensor_split(parts);
    const auto step_parts = steps.defined() ? steps.tensor_split(parts) : std::vector<torch::Tensor>{};
    const auto parameters = model_->parameters();
    std::vector<ElboTerms> slices(static_cast<size_t>(parts));
    std::vector<std::vector<torch::Tensor>> gradients(static_cast<size_t>(parts));
    const auto backward = [&](int slice, const LinearLoss& loss) {
        gradients[slice] = torch::autograd::grad({loss.of_slice(slices[slice])}, parameters, {},
                                                 /*retain_graph=*/false, /*create_graph=*/false,
                                                 /*allow_unused=*/true);
    };
    // Member m takes slices m, m + size, m + 2 size, ...: always the same
    // ones, so a seeded run repeats to the last bit even where two threads'
    // settings differ (a slice taken by whichever member is free did not).
    const auto each_slice = [&](const std::function<void(int)>& work) {
        team_->run([&](int member) {
            for (int slice = member; slice < parts; slice += team_->size()) work(slice);
        });
    };
    // Unless the loss depends on the batch's mean KL (the capacity objective),
    // its weights are known beforehand and each member goes straight on from
    // a slice's forward pass to its backward pass.
    const bool needs_batch_kl = weights.capacity_on && config_.model.kind != ModelKind::Autoencoder;
    const auto known = linear_loss(weights, config_.model.kind, 0.0, batch);
    each_slice([&](int slice) {
        if (paired) {
            const auto part = row_parts[slice];
            slices[slice] = ada_gvae_elbo(model_, to_float_batch(images, part.select(1, 0).contiguous()),
                                          to_float_batch(images, part.select(1, 1).contiguous()),
                                          noise_parts[slice].to(device_));
        } else {
            const auto x = steps.defined() ? dequantize(images.gather(row_parts[slice]), step_parts[slice])
                                           : to_float_batch(images, row_parts[slice]);
            slices[slice] = model_->elbo_with_noise(x, noise_parts[slice].to(device_));
        }
        if (!needs_batch_kl) backward(slice, known);
    });

    double recon_sum = 0.0, kl_sum = 0.0;
    for (const auto& slice : slices) {
        recon_sum += slice.recon.detach().sum().item<double>();
        kl_sum += slice.kl.detach().sum().item<double>();
    }
    const auto loss = needs_batch_kl ? linear_loss(weights, config_.model.kind, kl_sum / batch, batch) : known;
    const double loss_value = loss.recon * recon_sum + loss.kl * kl_sum + loss.constant;
    if (!std::isfinite(loss_value)) {
        const std::string what = std::isnan(loss_value) ? "not a number (NaN)" : "infinite";
        throw NonFiniteLoss("the loss became " + what + " at epoch " + std::to_string(epoch) +
                            ", step " + std::to_string(step_in_epoch) +
                            "; training stopped with the parameters of the previous step");
    }
    if (needs_batch_kl) {
        each_slice([&](int slice) { backward(slice, loss); });
    }
    if (!set_gradient_sums(parameters, gradients, *team_)) {
        throw NonFiniteLoss("the gradient became infinite or NaN at epoch " + std::to_string(epoch) + ", step " +
                            std::to_string(step_in_epoch) +
                            "; training stopped with the parameters of the previous step");
    }
    optimizer_->step();
    ElboTerms terms;
    std::vector<torch::Tensor> recon, kl, kl_per_dim;
    for (const auto& slice : slices) {
        recon.push_back(slice.recon.detach());
        kl.push_back(slice.kl.detach());
        kl_per_dim.push_back(slice.kl_per_dim.detach());
    }
    terms.recon = torch::cat(recon), terms.kl = torch::cat(kl), terms.kl_per_dim = torch::cat(kl_per_dim);
    return terms;
}

RunConfig Trainer::starting_config() const {
    RunConfig config = config_;
    config.train.beta = starting_beta_;
    config.train.learning_rate = starting_learning_rate_;
    return config;
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
    // The team waits meanwhile, so LibTorch's pool may use its threads.
    const PoolThreadsScope pool(pool_threads_);
    // Larger batches than training: no gradients are kept.
    const int64_t batch = evaluation_batch(config_);
    return evaluate(model_, *test_images(data), batch, config_.train.samples, config_.train.seed, device_);
}

EpochStats Trainer::record_imported_weights(const Dataset& data) {
    if (!history_.empty()) throw Error("imported weights start a run; this one has trained already");
    EpochStats stats;
    stats.epoch = 1;
    {
        const PoolThreadsScope pool(pool_threads_);
        const auto train = evaluate(model_, *on_device(data.train.source()), evaluation_batch(config_),
                                    config_.train.samples, config_.train.seed, device_);
        stats.train = train.loss;
    }
    stats.test = evaluate_test(data);
    history_.push_back(stats);
    return stats;
}

std::shared_ptr<const ImageSource> Trainer::test_images(const Dataset& data) {
    if (!config_.data.dequantize) return on_device(data.test.source());
    const auto test = data.test.source();
    if (!dequantized_test_.first || !dequantized_test_.first->same_images(*test))
        dequantized_test_ = {test, std::make_shared<InMemoryImages>(
                                       dequantized_test_images(data.test.all_pixels(), config_.train.seed).to(device_))};
    return dequantized_test_.second;
}

}  // namespace latentlab
