#pragma once

// config.json: the settings a run started with and, beside them, each change
// made during the run (beta and the learning rate, with the step they took
// effect at). The settings' own JSON is RunConfig's (model/base/run_config.h).

#include "model/base/run_config.h"
#include "model/base/training_stats.h"

#include <string>
#include <vector>

namespace latentlab {

std::string setting_changes_to_json(const std::vector<SettingChange>& changes);
// Throws latentlab::Error on malformed input.
std::vector<SettingChange> setting_changes_from_json(const std::string& json);

// The settings in effect after `changes`, made during a run that started with
// `starting`.
RunConfig with_changes(RunConfig starting, const std::vector<SettingChange>& changes);

// config.json: the settings a run started with and, beside them, each change
// made during the run ("changes": step, name, value).
std::string config_json(const RunConfig& starting, const std::vector<SettingChange>& changes);

}  // namespace latentlab
