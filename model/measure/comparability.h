#pragma once

// Which numbers of a decoder comparison compare with which: free of LibTorch,
// so the window and the report show the same words.

#include "model/base/run_config.h"

#include <string>

namespace latentlab {

struct Comparability {
    // p(x|z) is a density of the pixels (Gaussian, Laplace, continuous
    // Bernoulli), so its ELBO and log p(x) are log-densities; false for the
    // Bernoulli of grey pixels, a cross-entropy of soft targets.
    bool density = false;
    // The pixels carry one grey level of uniform noise (--dequantize): a
    // density's log p(x) is then bounded and its bits/dim is the literature's.
    bool dequantized = false;
    // Bits per dimension on the [0, 256) scale are given (a density on dequantized pixels).
    bool bits_per_dim = false;
    // One short line for the table's row.
    std::string note;
};

Comparability comparability(const RunConfig& config);

// The paragraph behind "Which numbers compare?", in plain words.
std::string comparability_explained();

}  // namespace latentlab
