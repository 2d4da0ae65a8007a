#pragma once

#include "model/base/training_stats.h"

#include <string>
#include <vector>

namespace latentlab {

// One row per epoch: train and test ELBO terms (nats per image), timing, and
// the test KL of every latent dimension.
std::string history_csv(const std::vector<EpochStats>& history);
// history.csv read back: each epoch's train and test terms, timing, the
// test KL per dimension and MIG where written. Throws latentlab::Error on
// malformed input.
std::vector<EpochStats> history_from_csv(const std::string& text);
// history_csv, written whole or not at all.
void write_history_csv(const std::string& path, const std::vector<EpochStats>& history);

std::string history_to_json(const std::vector<EpochStats>& history);
// Throws latentlab::Error on malformed input.
std::vector<EpochStats> history_from_json(const std::string& json);

}  // namespace latentlab
