#pragma once

// Evaluation of a model on a set of images, and the choice of device.

#include "model/base/run_config.h"
#include "model/base/training_stats.h"
#include "model/data/image_source.h"
#include "model/nn/vae.h"

#include <torch/torch.h>

#include <string>

namespace latentlab {

// Sums of the ELBO terms over images, kept on the device so a training step
// does not wait for the values; read once per epoch.
struct TermSums {
    torch::Tensor recon, kl, kl_per_dim;
    int64_t images = 0;

    void add(const ElboTerms& terms);
    LossTerms mean() const;
};

// ELBO terms of `images` (uint8, or float in [0, 1]: see to_unit_float) with `samples` draws of z per image, under
// no_grad. The noise comes from its own generator seeded with `seed`, so the
// same weights always give the same numbers, and training's random stream is
// left untouched.
// The batch a run's test images are evaluated in: larger than training's (no
// gradients are kept), up to 1000 images, but no more than 4 M input pixels
// (16 MB of floats): a conv model's activations on 1000 64x64 RGB images
// raised a mapped folder's peak memory from 0.45 to 0.76 GB (tests/bench/README.md,
// "How the folder cache works"). Everything that reports a run's
// test figures uses it, so they agree.
int64_t evaluation_batch(const RunConfig& config);

Evaluation evaluate(Vae& model, const ImageSource& images, int64_t batch_size, int64_t samples,
                    uint64_t seed, const torch::Device& device, bool keep_per_image = false);

// "cpu", "cuda" or "auto" -> the device to use; `notice` says why it is not
// the one asked for (CUDA missing), or is left alone.
torch::Device resolve_device(const std::string& name, std::string* notice);

}  // namespace latentlab
