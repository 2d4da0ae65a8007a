#include "model/base/run_config.h"

#include "model/base/choice_settings.h"
#include "model/base/error.h"
#include "model/base/number_settings.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <utility>

namespace latentlab {

namespace {

template <typename Kind>
struct Named {
    Kind kind;
    const char* name;
};
constexpr Named<LikelihoodKind> kDecoderNames[] = {
    {LikelihoodKind::Bernoulli, "bernoulli"},
    {LikelihoodKind::Gaussian, "gaussian"},
    {LikelihoodKind::GaussianLearned, "gaussian-learned"},
    {LikelihoodKind::Laplace, "laplace"},
    {LikelihoodKind::LaplaceLearned, "laplace-learned"},
    {LikelihoodKind::ContinuousBernoulli, "cbernoulli"},
    {LikelihoodKind::GaussianPredicted, "gaussian-predicted"},
};
constexpr Named<DecoderVariance> kVarianceNames[] = {{DecoderVariance::Diagonal, "diagonal"},
                                                     {DecoderVariance::Single, "single"}};
// "torchscript" is read from config.json but not offered as a choice: such
// a model is imported (latentlab-cli import --torchscript), never built.
constexpr Named<Architecture> kArchitectureNames[] = {
    {Architecture::Mlp, "mlp"}, {Architecture::Conv, "conv"}, {Architecture::Scripted, "torchscript"}};
constexpr Named<PosteriorKind> kPosteriorNames[] = {{PosteriorKind::Diagonal, "diagonal"},
                                                    {PosteriorKind::Single, "single"}};
constexpr Named<ModelKind> kModelNames[] = {
    {ModelKind::Vae, "vae"}, {ModelKind::Autoencoder, "ae"}, {ModelKind::AdaGvae, "ada-gvae"}};

template <typename Kind, size_t N>
std::string name_of(const Named<Kind> (&table)[N], Kind kind) {
    for (const auto& entry : table)
        if (entry.kind == kind) return entry.name;
    return "unknown";
}

template <typename Kind, size_t N>
bool parse_name(const Named<Kind> (&table)[N], const std::string& name, Kind* kind) {
    for (const auto& entry : table) {
        if (name == entry.name) {
            *kind = entry.kind;
            return true;
        }
    }
    return false;
}

void require(bool ok, const std::string& message) {
    if (!ok) throw Error(message);
}

}  // namespace

std::string to_string(LikelihoodKind kind) { return name_of(kDecoderNames, kind); }
bool parse_likelihood_kind(const std::string& name, LikelihoodKind* kind) { return parse_name(kDecoderNames, name, kind); }
std::string to_string(Architecture a) { return name_of(kArchitectureNames, a); }
bool parse_architecture(const std::string& name, Architecture* a) { return parse_name(kArchitectureNames, name, a); }
std::string to_string(PosteriorKind k) { return name_of(kPosteriorNames, k); }
bool parse_posterior_kind(const std::string& name, PosteriorKind* k) { return parse_name(kPosteriorNames, name, k); }
std::string to_string(DecoderVariance k) { return name_of(kVarianceNames, k); }
bool parse_decoder_variance(const std::string& name, DecoderVariance* k) { return parse_name(kVarianceNames, name, k); }
std::string to_string(ModelKind k) { return name_of(kModelNames, k); }
bool parse_model_kind(const std::string& name, ModelKind* k) { return parse_name(kModelNames, name, k); }

std::vector<std::string> likelihood_names() {
    std::vector<std::string> names;
    for (const auto& entry : kDecoderNames) names.push_back(entry.name);
    return names;
}

std::vector<int64_t> default_hidden(Architecture architecture) {
    return architecture == Architecture::Conv ? std::vector<int64_t>{256} : std::vector<int64_t>{400};
}

bool conv_size_supported(int64_t side) { return side == 32 || side == 64 || side == 128; }

std::vector<int64_t> default_conv_channels(int64_t side) {
    // The beta-VAE networks of Higgins et al. (2017) and Burgess et al. (2018):
    // 32, 32, 64, 64 for 64x64, extended by one 128 layer for 128x128.
    const std::vector<int64_t> widths{32, 32, 64, 64, 128};
    std::vector<int64_t> chosen;
    for (int64_t s = side; s > 4 && chosen.size() < widths.size(); s /= 2) chosen.push_back(widths[chosen.size()]);
    return chosen;
}

int64_t VaeConfig::decoder_variances() const {
    if (likelihood != LikelihoodKind::GaussianPredicted) return 0;
    return decoder_variance == DecoderVariance::Single ? 1 : pixels();
}

std::vector<int64_t> VaeConfig::conv_widths() const {
    return conv_channels.empty() ? default_conv_channels(height) : conv_channels;
}

std::string describe(const VaeConfig& c) {
    const auto join = [](const std::vector<int64_t>& widths) {
        std::string text;
        for (auto w : widths) text += (text.empty() ? "" : "-") + std::to_string(w);
        return text;
    };
    std::string text = std::to_string(c.channels) + "x" + std::to_string(c.height) + "x" + std::to_string(c.width);
    if (c.architecture == Architecture::Scripted)
        return text + "-" + std::to_string(c.latent) + " TorchScript VAE, " + to_string(c.likelihood) + " decoder" +
               (c.likelihood == LikelihoodKind::GaussianPredicted ? " (" + to_string(c.decoder_variance) + " variance)"
                                                                  : std::string());
    if (c.architecture == Architecture::Conv) text += " conv(" + join(c.conv_widths()) + ")";
    text += "-" + join(c.hidden) + "-" + std::to_string(c.latent);
    text += c.architecture == Architecture::Conv ? " conv " : " MLP ";
    text += c.kind == ModelKind::Autoencoder ? "autoencoder" : c.kind == ModelKind::AdaGvae ? "Ada-GVAE" : "VAE";
    text += ", " + to_string(c.likelihood) + " decoder";
    if (c.likelihood == LikelihoodKind::GaussianPredicted) text += " (" + to_string(c.decoder_variance) + " variance)";
    if (c.kind != ModelKind::Autoencoder) text += ", " + to_string(c.posterior) + " posterior";
    return text;
}

RunConfig continued_config(const RunConfig& saved, const RunConfig& asked) {
    RunConfig config = saved;
    config.train.epochs = asked.train.epochs;
    config.train.beta = asked.train.beta;
    config.train.learning_rate = asked.train.learning_rate;
    config.train.device = asked.train.device;
    return config;
}

namespace {

// "train.beta" -> {"train", "beta"}.
std::pair<std::string, std::string> json_place(const std::string& path) {
    const auto dot = path.find('.');
    return {path.substr(0, dot), path.substr(dot + 1)};
}

}  // namespace

// Every number and every named choice comes from its table entry; what the
// tables do not hold (the data's spec, the image shape, the widths, the seed)
// is written here. The keys keep the order config.json has always had.
std::string to_json(const RunConfig& c) {
    nlohmann::json values;
    values["data"] = {{"spec", c.data.spec},
                      {"channels", c.data.channels},
                      {"split_seed", c.data.split_seed},
                      {"dequantize", c.data.dequantize}};
    values["model"] = {{"channels", c.model.channels},
                       {"height", c.model.height},
                       {"width", c.model.width},
                       {"hidden", c.model.hidden},
                       {"conv_channels", c.model.conv_channels}};
    values["train"] = {{"seed", c.train.seed}};
    for (const NumberSetting& s : number_settings()) {
        const auto [section, key] = json_place(s.json);
        if (s.integer)
            values[section][key] = static_cast<int64_t>(std::llround(s.get(c)));
        else
            values[section][key] = s.get(c);
    }
    for (const ChoiceSetting& s : choice_settings()) {
        const auto [section, key] = json_place(s.json);
        values[section][key] = s.get(c);
    }
    static const std::vector<std::pair<std::string, std::vector<std::string>>> layout = {
        {"data", {"spec", "size", "channels", "test_fraction", "split_seed", "dequantize"}},
        {"model", {"kind", "architecture", "channels", "height", "width", "hidden", "conv_channels", "latent",
                   "decoder", "posterior", "sigma", "min_sigma", "decoder_variance"}},
        {"train", {"epochs", "batch_size", "learning_rate", "weight_decay", "beta", "warmup_epochs", "capacity",
                   "capacity_epochs", "gamma", "samples", "seed", "threads", "device"}}};
    nlohmann::ordered_json j;
    size_t written = 0;
    for (const auto& [section, keys] : layout)
        for (const auto& key : keys) {
            j[section][key] = values.at(section).at(key);
            ++written;
        }
    size_t total = 0;
    for (const auto& section : values) total += section.size();
    // A setting added to a table must be given its place above.
    require(written == total, "config.json's layout misses a setting");
    return j.dump(2);
}

RunConfig run_config_from_json(const std::string& text) {
    RunConfig c;
    try {
        const auto j = nlohmann::json::parse(text);
        const auto& d = j.at("data");
        c.data.spec = d.at("spec").get<std::string>();
        c.data.channels = d.at("channels").get<int64_t>();
        c.data.split_seed = d.at("split_seed").get<uint64_t>();
        c.data.dequantize = d.value("dequantize", false);
        const auto& m = j.at("model");
        c.model.channels = m.at("channels").get<int64_t>();
        c.model.height = m.at("height").get<int64_t>();
        c.model.width = m.at("width").get<int64_t>();
        c.model.hidden = m.at("hidden").get<std::vector<int64_t>>();
        c.model.conv_channels = m.value("conv_channels", std::vector<int64_t>{});
        c.train.seed = j.at("train").at("seed").get<uint64_t>();
        for (const NumberSetting& s : number_settings()) {
            const auto [section, key] = json_place(s.json);
            const auto& part = j.at(section);
            if (!part.contains(key)) {
                require(s.json_default.has_value(), "malformed run configuration: it has no " + s.json);
                s.set(c, *s.json_default);
                continue;
            }
            const double value = part.at(key).get<double>();
            require(!s.integer || std::floor(value) == value,
                    "malformed run configuration: " + s.json + " must be a whole number");
            s.set(c, value);
        }
        for (const ChoiceSetting& s : choice_settings()) {
            const auto [section, key] = json_place(s.json);
            const auto& part = j.at(section);
            require(part.contains(key) || !s.json_default.empty(), "malformed run configuration: it has no " + s.json);
            const auto name = part.contains(key) ? part.at(key).get<std::string>() : s.json_default;
            require(s.set(c, name), "unknown " + s.json + " '" + name + "' (known: " + s.names() + ")");
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("malformed run configuration: ") + e.what());
    }
    validate(c);
    return c;
}

void validate(const RunConfig& c) {
    using namespace limits;
    // The numbers' bounds, from the one table the panel and the CLI use too.
    for (const NumberSetting& setting : number_settings())
        require(setting.contains(setting.get(c)), setting.bounds_message());
    const auto between = [](auto value, auto low, auto high) { return value >= low && value <= high; };
    const auto range = [](auto low, auto high) { return " between " + std::to_string(low) + " and " + std::to_string(high); };
    require(c.data.channels == 1 || c.data.channels == 3, "channels must be 1 or 3");
    require(c.model.channels >= 1 && c.model.height >= 1 && c.model.width >= 1, "image shape must be positive");
    const bool scripted = c.model.architecture == Architecture::Scripted;
    require(scripted || !c.model.hidden.empty(), "at least one hidden layer is needed");
    require(!scripted || c.model.kind == ModelKind::Vae, "a TorchScript model is a VAE (model.kind vae)");
    for (auto width : c.model.hidden)
        require(between(width, int64_t{1}, kHiddenWidthMax), "hidden sizes must be" + range(1, kHiddenWidthMax));
    if (c.model.architecture == Architecture::Conv) {
        require(c.model.height == c.model.width && conv_size_supported(c.model.height),
                "the conv architecture needs square images of side 32, 64 or 128");
        const auto widths = c.model.conv_widths();
        require(widths.size() == default_conv_channels(c.model.height).size(),
                "conv widths: side " + std::to_string(c.model.height) + " needs " +
                    std::to_string(default_conv_channels(c.model.height).size()) + " widths, one per halving to 4");
        for (auto width : widths)
            require(between(width, int64_t{1}, kConvWidthMax), "conv widths must be" + range(1, kConvWidthMax));
    }
    const bool learned = c.model.likelihood == LikelihoodKind::GaussianLearned ||
                         c.model.likelihood == LikelihoodKind::LaplaceLearned ||
                         c.model.likelihood == LikelihoodKind::GaussianPredicted;
    require(!learned || c.model.sigma >= c.model.min_sigma,
            "sigma must not be below its lower bound for a learned sigma or scale");
    const ChoiceSetting& device = choice_setting("device");
    require(device.contains(c.train.device), "device must be one of " + device.names());
}

}  // namespace latentlab
