#pragma once

// The Mutual Information Gap (MIG, Chen et al. 2018): how well each known
// generative factor is captured by one latent dimension alone. Plain C++, no
// LibTorch: the callers hand in the posterior means and the factor values.

#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

struct FactorGap {
    std::string factor;
    double entropy = 0;           // H(factor), nats
    int best_dimension = -1;      // the latent dimension sharing the most information with it
    double best_information = 0;  // I(z_best; factor), nats
    double second_information = 0;
    double gap = 0;               // (best - second) / entropy, in [0, 1]
};

struct MigResult {
    double mig = 0;  // mean gap over the factors that vary
    std::vector<FactorGap> factors;  // one per varying factor, in input order
};

// `codes` is [count x dims] row-major (posterior means), `factors` [count x
// factor_names.size()] row-major. Each latent dimension is cut into `bins`
// equal-width bins between its minimum and maximum; each factor is taken as
// discrete (every distinct value is one state). Mutual information is estimated
// from the joint counts. Factors with one value are left out. Throws
// std::invalid_argument for mismatched sizes.
MigResult mutual_information_gap(const std::vector<float>& codes, int64_t dims, const std::vector<float>& factors,
                                 const std::vector<std::string>& factor_names, int bins = 20);

// The quantity MIG is built from, for every pair: I(z_d; factor_f) / H(factor_f)
// estimated as above, [dims x factor_names.size()] row-major; 0 for a factor
// with one value. Same arguments and errors as mutual_information_gap.
std::vector<double> normalised_information(const std::vector<float>& codes, int64_t dims,
                                           const std::vector<float>& factors,
                                           const std::vector<std::string>& factor_names, int bins = 20);

// The factor a latent dimension follows best, and how strongly (its
// normalised information with it, 0..1).
struct DimensionFactor {
    int factor = -1;  // index into the factor names; -1 when it shares nothing with any
    double information = 0;
};

// One per dimension of a [dims x factors] normalised_information matrix:
// the factor of largest information (the first of equals).
std::vector<DimensionFactor> best_factor_of_each_dimension(const std::vector<double>& information, int64_t dims,
                                                           int64_t factors);

}  // namespace latentlab
