#pragma once

#include "model/run_config.h"
#include "model/training_stats.h"

#include <string>
#include <vector>

namespace latentlab {

// One row per epoch: train and test ELBO terms (nats per image), timing, and
// the test KL of every latent dimension.
std::string history_csv(const std::vector<EpochStats>& history);
// history_csv, written whole or not at all.
void write_history_csv(const std::string& path, const std::vector<EpochStats>& history);

std::string history_to_json(const std::vector<EpochStats>& history);
// Throws latentlab::Error on malformed input.
std::vector<EpochStats> history_from_json(const std::string& json);

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
