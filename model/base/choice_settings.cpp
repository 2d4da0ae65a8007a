#include "model/base/choice_settings.h"

#include "model/base/error.h"

#include <algorithm>
#include <utility>

namespace latentlab {

namespace {

// A setting whose RunConfig member is an enum read by `parse` and written by to_string().
template <typename Member, typename Parse>
ChoiceSetting enum_setting(std::string key, std::string flag, std::string json, Member member, Parse parse) {
    ChoiceSetting s;
    s.key = std::move(key);
    s.flag = std::move(flag);
    s.json = std::move(json);
    s.get = [member](const RunConfig& c) { return to_string(member(c)); };
    s.set = [member, parse](RunConfig& c, const std::string& name) { return parse(name, &member(c)); };
    return s;
}

ChoiceSetting& describe(ChoiceSetting& s, std::string label, std::string help, std::vector<Choice> choices,
                        std::string json_default = {}) {
    s.label = std::move(label);
    s.help = std::move(help);
    s.choices = std::move(choices);
    s.json_default = std::move(json_default);
    return s;
}

std::vector<ChoiceSetting> make_settings() {
    std::vector<ChoiceSetting> all;
    const auto add = [&all](ChoiceSetting s) -> ChoiceSetting& {
        all.push_back(std::move(s));
        return all.back();
    };
    describe(add(enum_setting("modelKind", "model", "model.kind", [](auto& c) -> auto& { return c.model.kind; },
                              parse_model_kind)),
             "Model:",
             "A VAE; the plain autoencoder baseline (no sampling, no KL, so no ELBO); or Ada-GVAE, a VAE trained on "
             "pairs of images that share some factors (a folder with pairs.csv, from latentlab-make-shapes --factors "
             "--pairs).",
             {{"vae", "VAE", ""}, {"ae", "Autoencoder", ""}, {"ada-gvae", "Ada-GVAE, on pairs", ""}}, "vae");
    describe(add(enum_setting("architecture", "arch", "model.architecture",
                              [](auto& c) -> auto& { return c.model.architecture; }, parse_architecture)),
             "Architecture:",
             "Fully connected layers, or strided convolutions (square images of side 32, 64 or 128).",
             {{"mlp", "MLP", ""}, {"conv", "Convolutional", ""}}, "mlp");
    describe(add(enum_setting("decoder", "decoder", "model.decoder", [](auto& c) -> auto& { return c.model.likelihood; },
                              parse_likelihood_kind)),
             "Decoder:",
             "The likelihood p(x|z) the decoder outputs: Bernoulli suits near-binary pixels, Gaussian and Laplace "
             "suit grey levels and colour.",
             {{"bernoulli", "Bernoulli", "Pixels as probabilities (cross-entropy); suits near-binary images."},
              {"gaussian", "Gaussian, fixed σ", "Normal noise of the σ below around the decoded mean."},
              {"gaussian-learned", "Gaussian, learned σ", "Normal noise with one learned σ per pixel, bounded below."},
              {"laplace", "Laplace, fixed b", "Laplace noise of the scale b below (an L1 loss)."},
              {"laplace-learned", "Laplace, learned b", "Laplace noise with one learned scale per pixel, bounded below."},
              {"cbernoulli", "Continuous Bernoulli", "The Bernoulli made a proper density on [0, 1] grey levels."},
              {"gaussian-predicted", "Gaussian, predicted σ",
               "Normal noise whose σ the decoder predicts from z (a second output head), bounded below."}});
    describe(add(enum_setting("decoderVariance", "decoder-variance", "model.decoder_variance",
                              [](auto& c) -> auto& { return c.model.decoder_variance; }, parse_decoder_variance)),
             "Predicted σ:",
             "What the variance head of a gaussian-predicted decoder predicts: a σ for every pixel, or one for the "
             "whole image.",
             {{"diagonal", "One σ per pixel", ""}, {"single", "One σ per image", ""}}, "diagonal");
    describe(add(enum_setting("posterior", "posterior", "model.posterior",
                              [](auto& c) -> auto& { return c.model.posterior; }, parse_posterior_kind)),
             "Posterior:", "The covariance of q(z|x): one variance per latent dimension, or one shared by all.",
             {{"diagonal", "Diagonal", ""}, {"single", "Single variance", ""}}, "diagonal");
    ChoiceSetting device;
    device.key = "device";
    device.flag = "device";
    device.json = "train.device";
    device.get = [](const RunConfig& c) { return c.train.device; };
    describe(add(std::move(device)), "Device:",
             "Where the model trains: auto uses a CUDA GPU when this LibTorch build has one, else the CPU.",
             {{"auto", "Auto", ""},
              {"cpu", "CPU", ""},
              {"cuda", "CUDA GPU", ""}});
    // Set after the table is made: it checks the name against the choices.
    ChoiceSetting& added = all.back();
    added.set = [choices = added.choices](RunConfig& c, const std::string& name) {
        const bool known = std::any_of(choices.begin(), choices.end(), [&](const Choice& k) { return k.name == name; });
        if (known) c.train.device = name;
        return known;
    };
    return all;
}

}  // namespace

bool ChoiceSetting::contains(const std::string& name) const {
    return std::any_of(choices.begin(), choices.end(), [&](const Choice& c) { return c.name == name; });
}

std::string ChoiceSetting::names() const {
    std::string text;
    for (const Choice& c : choices) text += (text.empty() ? "" : "|") + c.name;
    return text;
}

std::string ChoiceSetting::cli_help() const {
    std::string text = help + " One of: ";
    for (size_t i = 0; i < choices.size(); ++i)
        text += choices[i].name + " (" + choices[i].label + ")" + (i + 1 < choices.size() ? ", " : ".");
    return text + " Default: " + get(RunConfig{}) + ".";
}

std::string ChoiceSetting::unknown_message(const std::string& name) const {
    return "--" + flag + " expects " + names() + ", not '" + name + "'";
}

const std::vector<ChoiceSetting>& choice_settings() {
    static const std::vector<ChoiceSetting> all = make_settings();
    return all;
}

const ChoiceSetting& choice_setting(const std::string& key) {
    for (const ChoiceSetting& setting : choice_settings())
        if (setting.key == key) return setting;
    throw Error("no setting named " + key);
}

}  // namespace latentlab
