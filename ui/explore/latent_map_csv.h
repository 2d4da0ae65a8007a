#pragma once

#include "app/inference/inference_requests.h"
#include "app/workspace/loaded_dataset.h"

#include <QString>

namespace latentlab {

// A latent map's points as CSV: index,x,y,class, then one column per known
// factor when the map has them, and file when the data set has files.
QString latentMapCsv(const MapResult& map, const LoadedDataset& data);

}  // namespace latentlab
