#pragma once

#include "model/data/dataset.h"
#include "model/measure/disentanglement.h"
#include "model/nn/vae.h"

namespace latentlab {

// How many images MIG is measured on: enough for stable counts in 20 bins per
// dimension, few enough to cost a fraction of an epoch.
constexpr int64_t kMigImages = 10000;

// MIG of the model's posterior means on `max_images` images spread evenly
// over `set` (all of them when it has fewer), which must carry factors
// (ImageSet::factors).
MigResult latent_mig(Vae& model, const ImageSet& set, const std::vector<std::string>& factor_names,
                     torch::Device device, int64_t max_images = kMigImages);

// For every latent dimension, the factor it follows best and its normalised
// information with it (the quantity MIG compares), on the same sample.
std::vector<DimensionFactor> dimension_factors(Vae& model, const ImageSet& set,
                                               const std::vector<std::string>& factor_names, torch::Device device,
                                               int64_t max_images = kMigImages);

}  // namespace latentlab
