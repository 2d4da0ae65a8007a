#include "model/run_config.h"

#include "model/error.h"

#include <nlohmann/json.hpp>

namespace latentlab {

namespace {

struct DecoderName {
    DecoderKind kind;
    const char* name;
};
constexpr DecoderName kDecoderNames[] = {
    {DecoderKind::Bernoulli, "bernoulli"},
    {DecoderKind::Gaussian, "gaussian"},
    {DecoderKind::GaussianLearned, "gaussian-learned"},
};

void require(bool ok, const std::string& message) {
    if (!ok) throw Error(message);
}

}  // namespace

std::string to_string(DecoderKind kind) {
    for (const auto& entry : kDecoderNames)
        if (entry.kind == kind) return entry.name;
    return "unknown";
}

bool parse_decoder_kind(const std::string& name, DecoderKind* kind) {
    for (const auto& entry : kDecoderNames) {
        if (name == entry.name) {
            *kind = entry.kind;
            return true;
        }
    }
    return false;
}

std::string to_json(const RunConfig& c) {
    nlohmann::ordered_json j;
    j["data"] = {{"spec", c.data.spec},
                 {"size", c.data.size},
                 {"channels", c.data.channels},
                 {"test_fraction", c.data.test_fraction},
                 {"split_seed", c.data.split_seed}};
    j["model"] = {{"channels", c.model.channels}, {"height", c.model.height},
                  {"width", c.model.width},       {"hidden", c.model.hidden},
                  {"latent", c.model.latent},     {"decoder", to_string(c.model.decoder)},
                  {"sigma", c.model.sigma},       {"min_sigma", c.model.min_sigma}};
    j["train"] = {{"epochs", c.train.epochs},
                  {"batch_size", c.train.batch_size},
                  {"learning_rate", c.train.learning_rate},
                  {"weight_decay", c.train.weight_decay},
                  {"beta", c.train.beta},
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
        const auto& m = j.at("model");
        c.model.channels = m.at("channels").get<int64_t>();
        c.model.height = m.at("height").get<int64_t>();
        c.model.width = m.at("width").get<int64_t>();
        c.model.hidden = m.at("hidden").get<std::vector<int64_t>>();
        c.model.latent = m.at("latent").get<int64_t>();
        const auto decoder = m.at("decoder").get<std::string>();
        require(parse_decoder_kind(decoder, &c.model.decoder), "unknown decoder '" + decoder + "'");
        c.model.sigma = m.at("sigma").get<double>();
        c.model.min_sigma = m.at("min_sigma").get<double>();
        const auto& t = j.at("train");
        c.train.epochs = t.at("epochs").get<int64_t>();
        c.train.batch_size = t.at("batch_size").get<int64_t>();
        c.train.learning_rate = t.at("learning_rate").get<double>();
        c.train.weight_decay = t.at("weight_decay").get<double>();
        c.train.beta = t.at("beta").get<double>();
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
    require(c.data.size >= 4 && c.data.size <= 1024, "image size must be between 4 and 1024");
    require(c.data.channels == 1 || c.data.channels == 3, "channels must be 1 or 3");
    require(c.data.test_fraction > 0.0 && c.data.test_fraction < 1.0, "test fraction must be in (0, 1)");
    require(c.model.channels >= 1 && c.model.height >= 1 && c.model.width >= 1, "image shape must be positive");
    require(!c.model.hidden.empty(), "at least one hidden layer is needed");
    for (auto width : c.model.hidden) require(width >= 1, "hidden sizes must be positive");
    require(c.model.latent >= 1 && c.model.latent <= 4096, "latent size must be between 1 and 4096");
    require(c.model.sigma > 0.0, "sigma must be positive");
    require(c.model.min_sigma > 0.0, "the lower bound of sigma must be positive");
    require(c.train.epochs >= 1, "epochs must be at least 1");
    require(c.train.batch_size >= 1, "batch size must be at least 1");
    require(c.train.learning_rate > 0.0, "learning rate must be positive");
    require(c.train.weight_decay >= 0.0, "weight decay must not be negative");
    require(c.train.beta >= 0.0, "beta must not be negative");
    require(c.train.samples >= 1 && c.train.samples <= 1000, "samples must be between 1 and 1000");
    require(c.train.threads >= 0, "threads must not be negative");
    require(c.train.device == "auto" || c.train.device == "cpu" || c.train.device == "cuda",
            "device must be auto, cpu or cuda");
}

}  // namespace latentlab
