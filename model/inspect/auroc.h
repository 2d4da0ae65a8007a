#pragma once

// The area under the ROC curve of a score that should be higher for
// positives (anomalies) than for negatives: the probability that a random
// positive outscores a random negative, ties counting a half (the
// Mann-Whitney U statistic over the product of the counts).

#include <vector>

namespace latentlab {

// NaN when either group is empty.
double auroc(const std::vector<double>& positives, const std::vector<double>& negatives);

}  // namespace latentlab
