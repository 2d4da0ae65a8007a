#pragma once

// The cheap label-noise check: an image whose nearest neighbours in latent
// space mostly carry another class than its own may be mislabelled (or sit
// in the wrong folder).

#include "model/inspect/latent_neighbours.h"

#include <vector>

namespace latentlab {

struct LabelSuspicion {
    int64_t row = 0;
    int64_t label = -1;          // its own class
    int64_t vote = -1;           // the class most of its neighbours carry
    double disagreement = 0.0;   // share of neighbours whose class is not its own, 0..1
};

// Every labelled row (label >= 0), most disagreeing first (ties: lower row
// first). `neighbours.index` [N, k] lists each row's neighbours without itself.
std::vector<LabelSuspicion> suspicious_labels(const std::vector<int64_t>& labels, const Neighbours& neighbours);

}  // namespace latentlab
