#pragma once

// What training and evaluation measure, as plain values. Free of LibTorch, like
// run_config.h, so app/ and ui/ can pass them around and show them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace latentlab {

// Averages over images, in nats per image: log-likelihoods as they are
// (elbo = recon - kl, higher is better). Views show them negated, as losses.
struct LossTerms {
    double elbo = 0.0;   // recon - KL: the bound on log p(x)
    double recon = 0.0;  // E_q[log p(x|z)]
    double kl = 0.0;     // KL(q(z|x) || p(z))
};

struct Evaluation {
    LossTerms loss;
    std::vector<double> kl_per_dim;  // of each latent dimension
    int64_t images = 0;
    std::vector<double> elbo_per_image;  // only when asked for
};

// One training batch.
struct StepStats {
    int64_t epoch = 0;  // 1-based
    int64_t step = 0;   // global, 1-based
    int64_t step_in_epoch = 0;  // 1-based
    int64_t steps_per_epoch = 0;
    LossTerms loss;     // of this batch
    double beta = 1.0;  // the KL weight in effect (after warm-up)
    double capacity = 0.0;  // the capacity C in effect (capacity objective only)
    double images_per_second = 0.0;
    // Images trained on since the trainer's previous step callback (two per
    // row for Ada-GVAE's pairs); not saved in steps.csv.
    int64_t images = 0;
};

// A finished epoch: the training terms as they trained, then the test split.
struct EpochStats {
    int64_t epoch = 0;  // 1-based
    LossTerms train;    // averaged over the epoch's batches
    Evaluation test;
    double seconds = 0.0;  // training only, evaluation excluded
    double images_per_second = 0.0;
    // The Mutual Information Gap on the known factors, when the data set has them.
    std::optional<double> mig;
};

// A setting changed during a run; it applies from `step` + 1 on.
struct SettingChange {
    int64_t step = 0;
    std::string name;  // "beta" or "learning_rate"
    double value = 0.0;
};

}  // namespace latentlab
