#pragma once

// Plain settings of a run. Free of LibTorch so app/ and ui/ headers can use it.

#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

// The likelihood p(x|z) the decoder network parameterises.
enum class LikelihoodKind {
    Bernoulli,        // logits; pixels in [0, 1] used as (soft) targets
    Gaussian,         // mean = sigmoid(output), fixed sigma
    GaussianLearned,  // mean = sigmoid(output), one learned log sigma per pixel, bounded below
    Laplace,          // mean = sigmoid(output), fixed scale b (the L1 loss)
    LaplaceLearned,   // mean = sigmoid(output), one learned log b per pixel, bounded below
    ContinuousBernoulli,  // logits; the Bernoulli made a proper density on [0, 1]
    // mean = sigmoid(output), sigma from a second output head of the decoder
    // (so it depends on z), bounded below
    GaussianPredicted,
};

// What the variance head of a gaussian-predicted decoder gives.
enum class DecoderVariance {
    Diagonal,  // one sigma per pixel
    Single,    // one sigma per image, shared by its pixels
};

// The networks of the encoder and the decoder.
enum class Architecture {
    Mlp,   // fully connected layers on the flattened image
    Conv,  // strided convolutions down to 4x4, a mirrored transposed-convolution decoder
    // A TorchScript module trained elsewhere, with encode and decode methods
    // (model/nn/scripted_networks.h): imported, never built from settings.
    Scripted,
};

// The covariance of q(z|x).
enum class PosteriorKind {
    Diagonal,  // one variance per latent dimension
    Single,    // one variance shared by all latent dimensions (isotropic)
};

// What is trained: a VAE, or the plain autoencoder baseline (z = encoder mean,
// no sampling, no KL; its "ELBO" is only the reconstruction term, not a bound).
// AdaGvae: a VAE trained on pairs of images (model/train/ada_gvae.h).
enum class ModelKind { Vae, Autoencoder, AdaGvae };

std::string to_string(LikelihoodKind kind);
// Returns false for an unknown name.
bool parse_likelihood_kind(const std::string& name, LikelihoodKind* kind);
std::string to_string(Architecture architecture);
bool parse_architecture(const std::string& name, Architecture* architecture);
std::string to_string(PosteriorKind kind);
bool parse_posterior_kind(const std::string& name, PosteriorKind* kind);
std::string to_string(DecoderVariance kind);
bool parse_decoder_variance(const std::string& name, DecoderVariance* kind);
std::string to_string(ModelKind kind);
bool parse_model_kind(const std::string& name, ModelKind* kind);
// The command-line names of every choice, in display order.
std::vector<std::string> likelihood_names();

// The range of every bounded setting: validate() checks them, the CLI's
// options and the settings panel's fields offer them.
namespace limits {
inline constexpr int64_t kImageSizeMin = 4;
inline constexpr int64_t kImageSizeMax = 1024;
inline constexpr int64_t kLatentMax = 4096;
inline constexpr int64_t kHiddenWidthMax = 16384;
inline constexpr int64_t kConvWidthMax = 4096;
inline constexpr int64_t kEpochsMax = 100000;
inline constexpr int64_t kBatchSizeMax = int64_t{1} << 20;
inline constexpr double kLearningRateMin = 1e-12;
inline constexpr double kLearningRateMax = 10.0;
inline constexpr int64_t kSamplesMax = 1000;
inline constexpr int kThreadsMax = 256;
inline constexpr double kSigmaMin = 1e-6;
inline constexpr double kSigmaMax = 100.0;
}  // namespace limits

// The fully connected widths a new model gets: 400 for the MLP (the classic
// VAE), 256 after the convolutions (the beta-VAE papers).
std::vector<int64_t> default_hidden(Architecture architecture);

struct DataConfig {
    std::string spec = "fashion-mnist";  // "fashion-mnist" or a folder
    int64_t size = 28;                   // folders only: side of the square images
    int64_t channels = 1;                // folders only: 1 grayscale, 3 RGB
    double test_fraction = 0.1;          // folders without train/ and test/
    uint64_t split_seed = 1;
    // Uniform noise of one grey level on every train and test image, new each
    // epoch (dequantize.h): what makes log p(x) of a density a figure that
    // compares with the literature.
    bool dequantize = false;
};

struct VaeConfig {
    ModelKind kind = ModelKind::Vae;
    Architecture architecture = Architecture::Mlp;
    int64_t channels = 1;
    int64_t height = 28;
    int64_t width = 28;
    // Fully connected widths of the encoder (after the convolutions for conv);
    // the decoder mirrors them. Empty for a scripted model.
    std::vector<int64_t> hidden{400};
    // Conv only: output channels of each strided convolution, one per halving
    // of the side down to 4 (3 layers for 32, 4 for 64, 5 for 128). Empty
    // means the default widths (see default_conv_channels).
    std::vector<int64_t> conv_channels;
    int64_t latent = 20;
    LikelihoodKind likelihood = LikelihoodKind::Bernoulli;
    PosteriorKind posterior = PosteriorKind::Diagonal;
    // Fixed sigma for LikelihoodKind::Gaussian, and fixed scale b for Laplace. For pixels in [0, 1], sigma = 1
    // (Kingma & Welling's unit Gaussian) makes the reconstruction term so flat
    // that the KL wins and the posterior collapses; 0.1 keeps both terms in play.
    double sigma = 0.1;
    // Lower bound of the learned sigma: without one the density of a perfectly
    // predicted pixel grows without limit and so does the objective.
    double min_sigma = 0.01;
    // gaussian-predicted only: one sigma per pixel or one per image.
    DecoderVariance decoder_variance = DecoderVariance::Diagonal;

    int64_t pixels() const { return channels * height * width; }
    // Outputs of the decoder's variance head: pixels (diagonal) or 1 (single)
    // for gaussian-predicted, 0 for every other likelihood.
    int64_t decoder_variances() const;
    // What the decoder network gives per z: the pixels' raw outputs, then
    // the variance head's.
    int64_t decoder_outputs() const { return pixels() + decoder_variances(); }
    // The conv widths in use: conv_channels, or the defaults for the size.
    std::vector<int64_t> conv_widths() const;
};

// One line for people: "784-400-20 MLP VAE, bernoulli decoder, diagonal posterior".
std::string describe(const VaeConfig& config);

// The supported conv sides (32, 64, 128) and the default widths for each
// (32-32-64-64 for 64, as in the beta-VAE papers).
bool conv_size_supported(int64_t side);
std::vector<int64_t> default_conv_channels(int64_t side);

struct TrainConfig {
    int64_t epochs = 10;
    int64_t batch_size = 128;
    double learning_rate = 1e-3;
    double weight_decay = 0.0;
    double beta = 1.0;     // weight of the KL term in the training objective
    // KL warm-up: beta rises linearly from 0 to `beta` over this many epochs
    // (step by step); 0 = no warm-up.
    double warmup_epochs = 0.0;
    // Capacity objective (Burgess et al. 2018): maximise recon - gamma * |KL - C|
    // with C rising linearly from 0 to capacity over capacity_epochs (0 = all
    // epochs). capacity = 0 turns it off; it replaces beta when on.
    double capacity = 0.0;
    double capacity_epochs = 0.0;
    double gamma = 1000.0;
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

// A saved run continued with the settings `asked` for: it keeps everything it
// was built with; only its length, beta, learning rate and device come from
// `asked` (a beta or learning rate that differs becomes a mid-run change).
RunConfig continued_config(const RunConfig& saved, const RunConfig& asked);

std::string to_json(const RunConfig& config);
// Throws latentlab::Error on malformed JSON or values out of range.
RunConfig run_config_from_json(const std::string& json);

// Checks ranges (positive sizes, beta >= 0, ...). Throws latentlab::Error
// naming the first bad setting.
void validate(const RunConfig& config);

}  // namespace latentlab
