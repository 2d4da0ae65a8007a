#pragma once

#include "model/data/dataset.h"

#include <string>

namespace latentlab {

// Reads `root`/factors.csv when there is one (written by `latentlab-make-shapes
// --factors`: a header "file,<factor>,..." then one row per image, the file
// relative to the folder) and fills ImageSet::factors and Dataset::factor_names.
// Returns "" when the factors were attached or there is no factors.csv, else
// why they were not (a malformed file, or images it does not list): the data
// set stays usable without them.
std::string attach_factors(Dataset& dataset, const std::string& root);

}  // namespace latentlab
