#pragma once

// What the inference worker's answers start from: the model a request names
// and the images it refers to. For the worker's .cpp files only: it
// includes LibTorch.

#include "app/inference/inference_requests.h"
#include "model/train/model_snapshot.h"

#include <torch/torch.h>

namespace latentlab {

// uint8 [1, C, H, W]: one image of the data set, or a file decoded and
// resized as a folder's images are. Throws latentlab::Error.
torch::Tensor imageTensor(const ImageRef& ref, const LoadedDataset& dataset, const ModelSnapshot& snapshot);

// The request's pinned snapshot, else the newest; throws latentlab::Error
// when there is none yet.
const ModelSnapshot& modelFor(const RequestBase& request, const SnapshotHandle& newest);

}  // namespace latentlab
