#pragma once

// The settings of a run that take one of a few names (the model, the decoder,
// the posterior, ...), each described once like the numbers
// (number_settings.h): the settings panel's combo boxes, the CLI's options
// and their help, config.json and validate() are made from this table, so a
// name cannot be known to one and not to another. Free of LibTorch and Qt.

#include "model/base/run_config.h"

#include <functional>
#include <string>
#include <vector>

namespace latentlab {

struct Choice {
    std::string name;   // as the CLI and config.json write it: "gaussian-learned"
    std::string label;  // the panel's entry and the CLI help's gloss (UTF-8): "Gaussian, learned σ"
    std::string help;   // the entry's tooltip; may be empty
};

struct ChoiceSetting {
    std::string key;    // the panel field's object name: "decoder"
    std::string flag;   // the CLI's option, without the dashes: "decoder"
    std::string json;   // its place in config.json: "model.decoder"
    std::string label;  // the panel's label (UTF-8): "Decoder:"
    std::string help;   // the panel's tooltip and the start of the CLI's help
    std::vector<Choice> choices;
    // What a config.json without the key means (keys added after the first
    // format); empty: the key is required.
    std::string json_default;
    std::function<std::string(const RunConfig&)> get;
    // Sets the choice `name`; false (and nothing changed) for a name not in `choices`.
    std::function<bool(RunConfig&, const std::string&)> set;

    bool contains(const std::string& name) const;
    // "vae|ae|ada-gvae".
    std::string names() const;
    // The help, each name with its label, and the default: the CLI's help.
    std::string cli_help() const;
    // "--decoder expects bernoulli|gaussian|..., not 'x'".
    std::string unknown_message(const std::string& name) const;
};

// Every setting that takes a name, in the order the CLI's help lists them.
const std::vector<ChoiceSetting>& choice_settings();
// The setting of `key`; throws latentlab::Error for a key not in the table.
const ChoiceSetting& choice_setting(const std::string& key);

}  // namespace latentlab
