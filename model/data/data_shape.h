#pragma once

// A model is shaped by the images it trains on: one place copies their
// channels and size into a config, and, for a run folder's config.json,
// which data those were.

#include "model/base/run_config.h"
#include "model/data/dataset.h"

namespace latentlab {

inline void shape_model_by(const Dataset& data, RunConfig& config) {
    config.model.channels = data.channels;
    config.model.height = data.height;
    config.model.width = data.width;
}

// shape_model_by() and the data's name and size in config.data.
inline void record_data(const Dataset& data, RunConfig& config) {
    shape_model_by(data, config);
    config.data.spec = data.name;
    config.data.size = data.height;
    config.data.channels = data.channels;
}

}  // namespace latentlab
