#pragma once

#include "model/data/dataset.h"

#include <string>

namespace latentlab {

// Reads `root`/pairs.csv when there is one (`latentlab-make-shapes --factors
// --pairs`: a header "first,second,changed", then the two files of each pair
// relative to the folder) into Dataset::train_pairs. Pairs with an image in the
// test split (or missing) are left out: a pair trains only when both of its
// images do. Returns "" when done or when there is no pairs.csv, else why not.
std::string attach_pairs(Dataset& dataset, const std::string& root);

}  // namespace latentlab
