#include "model/base/number_settings.h"

#include "model/base/error.h"

#include <cmath>
#include <cstdio>
#include <type_traits>
#include <utility>

namespace latentlab {

namespace {

// A setting of RunConfig's member `member` (a generic lambda that serves a
// const and a mutable config alike), read and written as a double; an
// integer member is rounded to the nearest whole number.
template <typename Member>
NumberSetting setting(std::string key, std::string flag, std::string json, std::string name, double min, double max,
                      Member member) {
    using Value = std::decay_t<decltype(member(std::declval<RunConfig&>()))>;
    NumberSetting s;
    s.key = std::move(key);
    s.flag = std::move(flag);
    s.json = std::move(json);
    s.name = std::move(name);
    s.min = min;
    s.max = max;
    s.integer = std::is_integral_v<Value>;
    s.get = [member](const RunConfig& c) { return static_cast<double>(member(c)); };
    s.set = [member](RunConfig& c, double value) {
        member(c) = std::is_integral_v<Value> ? static_cast<Value>(std::llround(value)) : static_cast<Value>(value);
    };
    return s;
}

NumberSetting& describe(NumberSetting& s, std::string label, std::string help, std::string value_name,
                        std::string default_text = {}) {
    s.label = std::move(label);
    s.help = std::move(help);
    s.value_name = std::move(value_name);
    s.default_text = std::move(default_text);
    return s;
}

// The bounds are those the CLI has always taken, so every run folder written
// before the table existed still loads (run_config_from_json validates).
std::vector<NumberSetting> make_settings() {
    using namespace limits;
    std::vector<NumberSetting> all;
    const auto add = [&all](NumberSetting s) -> NumberSetting& {
        all.push_back(std::move(s));
        return all.back();
    };
    describe(add(setting("imageSize", "size", "data.size", "image size", kImageSizeMin, kImageSizeMax,
                         [](auto& c) -> auto& { return c.data.size; })),
             "Image size:", "Folders: side of the square images they are decoded to.", "N");
    describe(add(setting("testFraction", "test-fraction", "data.test_fraction", "test fraction", 0.001, 0.999,
                      [](auto& c) -> auto& { return c.data.test_fraction; })),
             "Test fraction:", "Folders without train/ and test/: the share of images held out for testing.", "F");
    describe(add(setting("sigma", "sigma", "model.sigma", "sigma", kSigmaMin, kSigmaMax, [](auto& c) -> auto& { return c.model.sigma; })),
             "σ / b:",
             "Pixel noise σ of a fixed Gaussian decoder or scale b of a fixed Laplace one, and the starting value of "
             "a learned one; a large one lets the KL term win and the latents collapse.",
             "S");
    describe(add(setting("minSigma", "min-sigma", "model.min_sigma", "the lower bound of sigma", kSigmaMin, kSigmaMax,
                      [](auto& c) -> auto& { return c.model.min_sigma; })),
             "Lowest σ:", "Lower bound of a learned or predicted σ (or scale b).", "S");
    describe(add(setting("latent", "latent", "model.latent", "latent size", 1, kLatentMax,
                         [](auto& c) -> auto& { return c.model.latent; })),
             "Latent size:", "Number of dimensions of the latent code z.", "D");
    describe(add(setting("epochs", "epochs", "train.epochs", "epochs", 1, kEpochsMax, [](auto& c) -> auto& { return c.train.epochs; })),
             "Epochs:", "Passes over the training split before the run ends.", "N");
    describe(add(setting("batchSize", "batch", "train.batch_size", "batch size", 1, kBatchSizeMax,
                         [](auto& c) -> auto& { return c.train.batch_size; })),
             "Batch size:", "Images averaged in each optimiser step.", "N");
    describe(add(setting("learningRate", "lr", "train.learning_rate", "learning rate", kLearningRateMin, kLearningRateMax,
                      [](auto& c) -> auto& { return c.train.learning_rate; })),
             "Learning rate:",
             "Step size of the Adam optimiser, e.g. 1e-3; the window can change it while a run goes on.", "RATE");
    describe(add(setting("weightDecay", "weight-decay", "train.weight_decay", "weight decay", 0.0, 10.0,
                      [](auto& c) -> auto& { return c.train.weight_decay; })),
             "Weight decay:", "Adam's weight decay.", "W");
    describe(add(setting("beta", "beta", "train.beta", "beta", 0.0, 1e6, [](auto& c) -> auto& { return c.train.beta; })),
             "β:",
             "Weight of the KL term in the training objective (1 is the true ELBO; more is a β-VAE); the window "
             "can change it while a run goes on.",
             "B");
    describe(add(setting("warmupEpochs", "warmup-epochs", "train.warmup_epochs", "warm-up epochs", 0.0, 1e6,
                      [](auto& c) -> auto& { return c.train.warmup_epochs; })),
             "KL warm-up epochs:", "KL warm-up: β rises linearly from 0 over this many epochs.", "N", "0 = off");
    describe(add(setting("capacity", "capacity", "train.capacity", "capacity", 0.0, 1e6,
                      [](auto& c) -> auto& { return c.train.capacity; })),
             "Capacity C max:",
             "Capacity objective (Burgess et al.): the KL is pulled towards a target C that rises linearly to this "
             "many nats, replacing β.",
             "C_MAX", "0 = off");
    describe(add(setting("capacityEpochs", "capacity-epochs", "train.capacity_epochs", "capacity epochs", 0.0, 1e6,
                      [](auto& c) -> auto& { return c.train.capacity_epochs; })),
             "Capacity epochs:", "Epochs over which the capacity C rises to its maximum.", "N", "0 = all epochs");
    describe(add(setting("gamma", "gamma", "train.gamma", "gamma", 0.0, 1e9, [](auto& c) -> auto& { return c.train.gamma; })),
             "γ:", "Weight γ of the capacity objective's |KL − C| penalty.", "G");
    describe(add(setting("samples", "samples", "train.samples", "samples", 1, kSamplesMax,
                         [](auto& c) -> auto& { return c.train.samples; })),
             "Samples S:",
             "Monte Carlo samples S of z per image, in training and evaluation; more lowers the gradient noise and "
             "costs time.",
             "S");
    describe(add(setting("threads", "threads", "train.threads", "threads", 0, kThreadsMax,
                         [](auto& c) -> auto& { return c.train.threads; })),
             "Threads:", "CPU threads the training uses, each on a slice of every batch.", "N",
             "0 = a measured default for this machine");
    // Keys config.json gained after its first format: what runs without them used.
    for (const auto& [key, value] : {std::pair<const char*, double>{"warmupEpochs", 0.0}, {"capacity", 0.0},
                                     {"capacityEpochs", 0.0}, {"gamma", 1000.0}})
        for (NumberSetting& s : all)
            if (s.key == key) s.json_default = value;
    return all;
}

}  // namespace

std::string format_number(double value) {
    char text[32];
    if (std::floor(value) == value && std::fabs(value) < 1e15)
        std::snprintf(text, sizeof text, "%.0f", value);
    else
        std::snprintf(text, sizeof text, "%g", value);
    return text;
}

std::string NumberSetting::bounds_message() const {
    return name + " must be between " + format_number(min) + " and " + format_number(max);
}

std::string NumberSetting::default_help() const {
    return "Default: " + (default_text.empty() ? format_number(get(RunConfig{})) : default_text) + ".";
}

const std::vector<NumberSetting>& number_settings() {
    static const std::vector<NumberSetting> all = make_settings();
    return all;
}

const NumberSetting& number_setting(const std::string& key) {
    for (const NumberSetting& setting : number_settings())
        if (setting.key == key) return setting;
    throw Error("no setting named " + key);
}

}  // namespace latentlab
