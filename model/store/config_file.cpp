#include "model/store/config_file.h"

#include "model/base/error.h"

#include <nlohmann/json.hpp>

namespace latentlab {

std::string setting_changes_to_json(const std::vector<SettingChange>& changes) {
    auto j = nlohmann::json::array();
    for (const auto& c : changes) j.push_back({{"step", c.step}, {"name", c.name}, {"value", c.value}});
    return j.dump();
}

std::vector<SettingChange> setting_changes_from_json(const std::string& text) {
    std::vector<SettingChange> changes;
    try {
        for (const auto& j : nlohmann::json::parse(text))
            changes.push_back({j.at("step").get<int64_t>(), j.at("name").get<std::string>(), j.at("value").get<double>()});
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("malformed list of setting changes: ") + e.what());
    }
    return changes;
}

RunConfig with_changes(RunConfig starting, const std::vector<SettingChange>& changes) {
    for (const auto& change : changes) {
        if (change.name == "beta") starting.train.beta = change.value;
        if (change.name == "learning_rate") starting.train.learning_rate = change.value;
    }
    return starting;
}

std::string config_json(const RunConfig& starting, const std::vector<SettingChange>& changes) {
    auto j = nlohmann::ordered_json::parse(to_json(starting));
    auto list = nlohmann::ordered_json::array();
    for (const auto& c : changes) list.push_back({{"step", c.step}, {"name", c.name}, {"value", c.value}});
    j["changes"] = list;
    return j.dump(2) + '\n';
}

}  // namespace latentlab
