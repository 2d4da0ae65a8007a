#pragma once

// Images whose generative factors are known (a dSprites-like set): one white or
// coloured shape on black, drawn from a grid of shape, scale, rotation, x, y and,
// in colour, hue. The factors file next to the images lets LatentLab score how
// well a model's latent dimensions follow them (MIG).

#include "datasets/seeded_random.h"

#include <opencv2/core.hpp>

#include <array>
#include <string>
#include <vector>

namespace latentlab::datasets {

enum Factor { kShape, kScale, kRotation, kX, kY, kHue, kFactorCount };

// The value grid of each factor, in the units written to factors.csv.
struct FactorGrid {
    std::string name;
    std::vector<double> values;
};
const std::array<FactorGrid, kFactorCount>& factor_grids();

// Indices into each factor's grid; hue is ignored for grey images.
using FactorIndices = std::array<int, kFactorCount>;

const char* shape_name(int shape);
constexpr int kShapeCount = 3;

// How many factors vary: hue only in colour.
int factor_count(int channels);

FactorIndices random_factors(SeededRandom& random, int channels);
// `first` with `changed` distinct factors (chosen at random) moved to another
// value of their grid: Locatello et al. (2020)'s weakly supervised pairs.
FactorIndices changed_factors(SeededRandom& random, const FactorIndices& first, int changed, int channels);

cv::Mat draw_factors(const FactorIndices& factors, int size, int channels);

// factors.csv's header and one row (the file relative to the folder).
std::string factors_header(int channels);
std::string factors_row(const std::string& file, const FactorIndices& factors, int channels);

}  // namespace latentlab::datasets
