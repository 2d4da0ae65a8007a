#pragma once

// The preview images of a model: test images with their reconstructions, and
// samples from the prior. Free of LibTorch: the snapshot and the data are
// only forward-declared.

#include "app/workspace/training_signals.h"

#include <cstdint>
#include <vector>

namespace at {
class Tensor;
}

namespace latentlab {

struct ModelSnapshot;
struct Dataset;

// Previews show this many test images and this many prior samples.
constexpr int kPreviewCount = 16;

// Which test images the previews show: with labels, one of each class in
// turn (the first of every class, then the second, ...), so a folder sorted
// by class shows every class and not only its first; without labels, the
// first kPreviewCount.
std::vector<int64_t> previewRows(const Dataset& data);

// The previewRows() test images of `data`, their reconstructions
// (z = the posterior mean) and kPreviewCount images decoded from the same
// fixed draws of z ~ N(0, I) every time, so successive epochs, and a run
// opened again later, can be compared. Runs a forward pass: call it off the
// GUI thread.
PreviewImages makePreviews(const ModelSnapshot& snapshot, const Dataset& data);

// PreviewImages::reconstructionSpread: the reconstructions' pixel variance
// across images over the originals' (both [N, ...] in [0, 1]); 1 when the
// originals do not vary.
double reconstructionSpread(const at::Tensor& originals, const at::Tensor& reconstructions);

}  // namespace latentlab
