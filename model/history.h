#pragma once

#include "model/trainer.h"

#include <string>
#include <vector>

namespace latentlab {

// One row per epoch: train and test ELBO terms (nats per image), timing, and
// the test KL of every latent dimension.
void write_history_csv(const std::string& path, const std::vector<EpochStats>& history);

std::string history_to_json(const std::vector<EpochStats>& history);
// Throws latentlab::Error on malformed input.
std::vector<EpochStats> history_from_json(const std::string& json);

std::string setting_changes_to_json(const std::vector<SettingChange>& changes);
// Throws latentlab::Error on malformed input.
std::vector<SettingChange> setting_changes_from_json(const std::string& json);

}  // namespace latentlab
