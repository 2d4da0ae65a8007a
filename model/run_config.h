#pragma once

// Plain settings of a run. Free of LibTorch so app/ and ui/ headers can use it.

#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

// The likelihood p(x|z) the decoder network parameterises.
enum class DecoderKind {
    Bernoulli,        // logits; pixels in [0, 1] used as (soft) targets
    Gaussian,         // mean = sigmoid(output), fixed sigma
    GaussianLearned,  // mean = sigmoid(output), one learned log sigma per pixel, bounded below
};

std::string to_string(DecoderKind kind);
// Returns false for an unknown name.
bool parse_decoder_kind(const std::string& name, DecoderKind* kind);

struct DataConfig {
    std::string spec = "fashion-mnist";  // "fashion-mnist" or a folder
    int64_t size = 28;                   // folders only: side of the square images
    int64_t channels = 1;                // folders only: 1 grayscale, 3 RGB
    double test_fraction = 0.1;          // folders without train/ and test/
    uint64_t split_seed = 1;
};

struct VaeConfig {
    int64_t channels = 1;
    int64_t height = 28;
    int64_t width = 28;
    std::vector<int64_t> hidden{400};  // encoder widths; the decoder mirrors them
    int64_t latent = 20;
    DecoderKind decoder = DecoderKind::Bernoulli;
    // Fixed sigma for DecoderKind::Gaussian. For pixels in [0, 1], sigma = 1
    // (Kingma & Welling's unit Gaussian) makes the reconstruction term so flat
    // that the KL wins and the posterior collapses; 0.1 keeps both terms in play.
    double sigma = 0.1;
    // Lower bound of the learned sigma: without one the density of a perfectly
    // predicted pixel grows without limit and so does the objective.
    double min_sigma = 0.01;

    int64_t pixels() const { return channels * height * width; }
};

struct TrainConfig {
    int64_t epochs = 10;
    int64_t batch_size = 128;
    double learning_rate = 1e-3;
    double weight_decay = 0.0;
    double beta = 1.0;     // weight of the KL term in the training objective
    int64_t samples = 1;   // Monte Carlo samples of z per image, in training and evaluation
    uint64_t seed = 1;
    int threads = 0;       // 0 = the measured default (see threads.h)
    std::string device = "auto";  // auto, cpu or cuda
};

struct RunConfig {
    DataConfig data;
    VaeConfig model;
    TrainConfig train;
};

std::string to_json(const RunConfig& config);
// Throws latentlab::Error on malformed JSON or values out of range.
RunConfig run_config_from_json(const std::string& json);

// Checks ranges (positive sizes, beta >= 0, ...). Throws latentlab::Error
// naming the first bad setting.
void validate(const RunConfig& config);

}  // namespace latentlab
