#pragma once

// What the explorer views and the CLI's interpolate, traverse and map
// commands compute from a model snapshot: images in, codes out, codes in,
// images out. No gradients, the snapshot's device, batches of bounded size.

#include "model/data/image_source.h"
#include "model/explore/latent_ops.h"
#include "model/nn/gaussian.h"
#include "model/train/model_snapshot.h"

#include <torch/torch.h>

#include <atomic>
#include <functional>
#include <vector>

namespace latentlab {

// An image file decoded and resized as the run's folder images were:
// uint8 [1, C, H, W]. Throws latentlab::Error naming the file.
torch::Tensor read_image_file(const ModelSnapshot& snapshot, const std::string& path);

// The two axes of a map of the codes: the first two principal directions
// ([2, D]; a 1-D latent space uses its one direction twice).
torch::Tensor map_axes(const Projection& projection);

// Images [N, C, H, W] in [0, 1] -> uint8, as people are shown them.
torch::Tensor to_bytes(const torch::Tensor& images);

// Images as the model sees them: uint8 [N, C, H, W] -> float in [0, 1] on the device.
torch::Tensor model_input(const ModelSnapshot& snapshot, const torch::Tensor& images);

// q(z|x) of images (uint8 [N, C, H, W]); log_var is [N, D] for either posterior.
DiagonalGaussian encode_images(const ModelSnapshot& snapshot, const torch::Tensor& images);

// Images [N, C, H, W] in [0, 1] on the CPU decoded from codes [N, D]: the
// mean of p(x|z), or one sample of it.
torch::Tensor decode_codes(const ModelSnapshot& snapshot, const torch::Tensor& codes, bool sample);

// The test KL of each latent dimension after the snapshot's last epoch;
// zeros before the first.
std::vector<double> latent_kl(const ModelSnapshot& snapshot);

struct Traversal {
    std::vector<int64_t> dimensions;  // rows, largest test KL first
    std::vector<double> kl;           // of each row's dimension
    std::vector<double> offsets;      // columns
    torch::Tensor center;             // [D]
    torch::Tensor images;             // [rows * columns, C, H, W] in [0, 1]
};
Traversal traverse(const ModelSnapshot& snapshot, const torch::Tensor& center, double range, int64_t columns,
                   bool sample);

// Posterior means of every image (uint8 [N, C, H, W]) in batches: [N, D] on
// the CPU. `progress(done, total)` after each batch; returns an undefined
// tensor when `cancel` becomes true.
using BatchProgress = std::function<void(int64_t done, int64_t total)>;
torch::Tensor encode_means(const ModelSnapshot& snapshot, const ImageSource& images, const BatchProgress& progress = {},
                           const std::atomic<bool>* cancel = nullptr);

}  // namespace latentlab
