#pragma once

// One decoder of a comparison: a likelihood and its own settings, read from
// the list people type. Free of LibTorch, like run_config.h.

#include "model/base/run_config.h"

#include <string>
#include <vector>

namespace latentlab {

// One decoder of a comparison: a likelihood and its own settings.
struct DecoderChoice {
    LikelihoodKind likelihood = LikelihoodKind::Bernoulli;
    double sigma = 0.1;      // gaussian, laplace: fixed; learned and predicted: initial
    double min_sigma = 0.01; // learned and predicted
    DecoderVariance variance = DecoderVariance::Diagonal;  // gaussian-predicted
};

inline constexpr int kMatchedRunsMin = 2;
inline constexpr int kMatchedRunsMax = 7;

// "bernoulli,gaussian:0.5,gaussian-predicted:single,gaussian-learned:min=0.02":
// each decoder's name, then its own settings after colons: a number is sigma
// (or b), single/diagonal the predicted variance, min=S the lower bound.
// Unset settings come from `base`. Throws latentlab::Error naming what is
// wrong (unknown name, bad number, fewer than 2 or more than 7, a decoder twice).
std::vector<DecoderChoice> parse_decoder_choices(const std::string& text, const VaeConfig& base);

// What people read: "gaussian σ=0.1", "gaussian-predicted (single)".
std::string decoder_label(const DecoderChoice& choice);
// A folder name: "1-gaussian-sigma0.1" for the first run.
std::string decoder_folder_name(const DecoderChoice& choice, int index);

// `base` with the decoder's likelihood and settings; nothing else changes.
RunConfig matched_config(const RunConfig& base, const DecoderChoice& choice);

}  // namespace latentlab
