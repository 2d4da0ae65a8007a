#pragma once

// A VAE trained elsewhere, brought in as a TorchScript module: which of
// LatentLab's likelihoods reads its decoder's output, and the dry run that
// reads the latent size from the module and refuses, with a message naming
// the method, a module that lacks a method, returns the wrong shape or
// returns NaN.

#include "model/base/run_config.h"
#include "model/nn/vae.h"

#include <torch/torch.h>

#include <string>

namespace latentlab {

// What the module's decode gives, as typed after --likelihood:
//   bernoulli, cbernoulli        logits
//   gaussian:SIGMA, laplace:B    the mean before its sigmoid (logit of the mean), a fixed scale
//   gaussian-learned             a pair (mean before its sigmoid, log sigma), log sigma
//                                per pixel, per image or shared
struct ScriptedLikelihood {
    LikelihoodKind kind = LikelihoodKind::Bernoulli;
    double scale = 0.1;  // gaussian: sigma; laplace: b
};

// Throws latentlab::Error naming what is wrong (an unknown name, a missing
// or bad scale, laplace-learned, which has no counterpart here).
ScriptedLikelihood parse_scripted_likelihood(const std::string& text);

// The VAE around `module` (converted to float32, in evaluation mode) for
// images like `images` (float [N, C, H, W] in [0, 1], a few are enough):
// encode and decode are called on them once and their outputs checked; the
// latent size is encode's, the likelihood `likelihood`. Its config:
// architecture torchscript, the images' shape. Throws latentlab::Error.
Vae scripted_vae(torch::jit::Module module, const ScriptedLikelihood& likelihood, const torch::Tensor& images);

}  // namespace latentlab
