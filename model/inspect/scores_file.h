#pragma once

// scores.csv: one row per image with where it is (split, index, file, class),
// the snapshot it was scored by (epoch, step), its scores and its posterior
// mean (z0, z1, ...). Written by the CLI's score command and cached in a run
// folder, so reopening a run shows the scores at once.

#include "model/inspect/image_scores.h"

#include <string>

namespace latentlab {

std::string scores_csv(const DatasetScores& scores);
// Throws latentlab::Error for a file that is not a scores table.
DatasetScores parse_scores_csv(const std::string& text);

// Whether cached scores still describe this snapshot and data set: the same
// epoch, step and images, and log p(x) with at least `iw_samples` samples.
bool scores_match(const DatasetScores& cached, int64_t epoch, int64_t step, const Dataset& data,
                  int64_t iw_samples);

}  // namespace latentlab
