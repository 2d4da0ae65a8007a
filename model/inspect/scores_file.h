#pragma once

// scores.csv: one row per image with where it is (split, index, file, class),
// the snapshot it was scored by (epoch, step), its scores and its posterior
// mean (z0, z1, ...). Written by the CLI's score command and cached in a run
// folder, so reopening a run shows the scores at once.

#include "model/inspect/image_scores.h"

#include <string>

namespace latentlab {

std::string scores_csv(const DatasetScores& scores);

// scores.csv a batch at a time: its header line, then the lines of rows
// [begin, end) of `where` (the where-columns, epoch and step) with their scores
// from `scores` and posterior means `means` ([end - begin, D]).
std::string scores_csv_header(int64_t latent, bool iw);
std::string scores_csv_rows(const DatasetScores& where, const ImageScores& scores, const torch::Tensor& means,
                            int64_t begin, int64_t end);
// Throws latentlab::Error for a file that is not a scores table.
DatasetScores parse_scores_csv(const std::string& text);

// Whether cached scores still describe this snapshot and data set: the same
// epoch, step and images, and log p(x) with at least `iw_samples` samples.
bool scores_match(const DatasetScores& cached, int64_t epoch, int64_t step, const Dataset& data,
                  int64_t iw_samples);

}  // namespace latentlab
