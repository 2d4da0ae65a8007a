#include "model/base/run_config.h"

#include "model/base/error.h"
#include "model/base/number_settings.h"

#include <nlohmann/json.hpp>

#include <algorithm>

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
constexpr Named<Architecture> kArchitectureNames[] = {{Architecture::Mlp, "mlp"}, {Architecture::Conv, "conv"}};
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

std::string to_json(const RunConfig& c) {
    nlohmann::ordered_json j;
    j["data"] = {{"spec", c.data.spec},
                 {"size", c.data.size},
                 {"channels", c.data.channels},
                 {"test_fraction", c.data.test_fraction},
                 {"split_seed", c.data.split_seed},
                 {"dequantize", c.data.dequantize}};
    j["model"] = {{"kind", to_string(c.model.kind)},
                  {"architecture", to_string(c.model.architecture)},
                  {"channels", c.model.channels},
                  {"height", c.model.height},
                  {"width", c.model.width},
                  {"hidden", c.model.hidden},
                  {"conv_channels", c.model.conv_channels},
                  {"latent", c.model.latent},
                  {"decoder", to_string(c.model.likelihood)},
                  {"posterior", to_string(c.model.posterior)},
                  {"sigma", c.model.sigma},
                  {"min_sigma", c.model.min_sigma},
                  {"decoder_variance", to_string(c.model.decoder_variance)}};
    j["train"] = {{"epochs", c.train.epochs},
                  {"batch_size", c.train.batch_size},
                  {"learning_rate", c.train.learning_rate},
                  {"weight_decay", c.train.weight_decay},
                  {"beta", c.train.beta},
                  {"warmup_epochs", c.train.warmup_epochs},
                  {"capacity", c.train.capacity},
                  {"capacity_epochs", c.train.capacity_epochs},
                  {"gamma", c.train.gamma},
                  {"samples", c.train.samples},
                  {"seed", c.train.seed},
                  {"threads", c.train.threads},
                  {"device", c.train.device}};
    return j.dump(2);
}

RunConfig run_config_from_json(const std::string& text) {
    RunConfig c;
    try {
        const auto j = nlohmann::json::parse(text);
        const auto& d = j.at("data");
        c.data.spec = d.at("spec").get<std::string>();
        c.data.size = d.at("size").get<int64_t>();
        c.data.channels = d.at("channels").get<int64_t>();
        c.data.test_fraction = d.at("test_fraction").get<double>();
        c.data.split_seed = d.at("split_seed").get<uint64_t>();
        c.data.dequantize = d.value("dequantize", false);
        const auto& m = j.at("model");
        c.model.channels = m.at("channels").get<int64_t>();
        c.model.height = m.at("height").get<int64_t>();
        c.model.width = m.at("width").get<int64_t>();
        c.model.hidden = m.at("hidden").get<std::vector<int64_t>>();
        c.model.latent = m.at("latent").get<int64_t>();
        const auto decoder = m.at("decoder").get<std::string>();
        require(parse_likelihood_kind(decoder, &c.model.likelihood), "unknown decoder '" + decoder + "'");
        // Keys added after the first format default to what those runs used.
        const auto kind = m.value("kind", std::string("vae"));
        require(parse_model_kind(kind, &c.model.kind), "unknown model kind '" + kind + "'");
        const auto architecture = m.value("architecture", std::string("mlp"));
        require(parse_architecture(architecture, &c.model.architecture),
                "unknown architecture '" + architecture + "'");
        c.model.conv_channels = m.value("conv_channels", std::vector<int64_t>{});
        const auto posterior = m.value("posterior", std::string("diagonal"));
        require(parse_posterior_kind(posterior, &c.model.posterior), "unknown posterior '" + posterior + "'");
        const auto variance = m.value("decoder_variance", std::string("diagonal"));
        require(parse_decoder_variance(variance, &c.model.decoder_variance),
                "unknown decoder variance '" + variance + "'");
        c.model.sigma = m.at("sigma").get<double>();
        c.model.min_sigma = m.at("min_sigma").get<double>();
        const auto& t = j.at("train");
        c.train.epochs = t.at("epochs").get<int64_t>();
        c.train.batch_size = t.at("batch_size").get<int64_t>();
        c.train.learning_rate = t.at("learning_rate").get<double>();
        c.train.weight_decay = t.at("weight_decay").get<double>();
        c.train.beta = t.at("beta").get<double>();
        c.train.warmup_epochs = t.value("warmup_epochs", 0.0);
        c.train.capacity = t.value("capacity", 0.0);
        c.train.capacity_epochs = t.value("capacity_epochs", 0.0);
        c.train.gamma = t.value("gamma", 1000.0);
        c.train.samples = t.at("samples").get<int64_t>();
        c.train.seed = t.at("seed").get<uint64_t>();
        c.train.threads = t.at("threads").get<int>();
        c.train.device = t.at("device").get<std::string>();
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
    require(!c.model.hidden.empty(), "at least one hidden layer is needed");
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
    require(c.train.device == "auto" || c.train.device == "cpu" || c.train.device == "cuda",
            "device must be auto, cpu or cuda");
}

}  // namespace latentlab
