#pragma once

// The numeric settings of a run, each described once: its key (the panel's
// field), its CLI option, its place in config.json, its bounds, its label and
// what it means. The settings panel's fields, the CLI's options and their
// help, config.json and validate() are all made from this table, so a bound
// cannot differ between them. The settings that take a name are in
// choice_settings.h.
// Free of LibTorch and Qt.

#include "model/base/run_config.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace latentlab {

struct NumberSetting {
    std::string key;    // the panel field's object name: "beta"
    std::string flag;   // the CLI's option, without the dashes: "beta"
    std::string json;   // its place in config.json: "train.beta"
    // What a config.json without the key means (keys added after the first
    // format); none: the key is required.
    std::optional<double> json_default;
    std::string name;   // in messages: "beta"
    std::string label;  // the panel's label (UTF-8): "β:"
    std::string help;   // the panel's tooltip and the CLI's help: one or two sentences
    std::string value_name;  // the CLI help's placeholder: "B"
    // What the CLI's help says the default is, when not just the number ("0 = off").
    std::string default_text;
    double min = 0.0;
    double max = 0.0;
    bool integer = false;
    std::function<double(const RunConfig&)> get;
    std::function<void(RunConfig&, double)> set;

    bool contains(double value) const { return value >= min && value <= max; }
    // "beta must be between 0 and 1000".
    std::string bounds_message() const;
    // "Default: 1." as the CLI's help ends.
    std::string default_help() const;
};

// Every numeric setting, in the order the CLI's help lists them.
const std::vector<NumberSetting>& number_settings();
// The setting of `key`; throws latentlab::Error for a key not in the table.
const NumberSetting& number_setting(const std::string& key);
// A bound or a default as people write it: 100000, 0.001, 1e-06.
std::string format_number(double value);

}  // namespace latentlab
