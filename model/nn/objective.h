#pragma once

// The training objective: how the KL is weighted at each point of a run
// (beta, warm-up, the capacity objective), and the loss of a batch.

#include "model/base/run_config.h"
#include "model/nn/vae.h"

#include <torch/torch.h>

namespace latentlab {

// How the KL enters the training objective at a point of the run, measured in
// epochs done (fractional: 1.5 is halfway through the second epoch).
struct ObjectiveWeights {
    double beta = 1.0;      // recon - beta * KL, after warm-up
    bool capacity_on = false;
    double capacity = 0.0;  // recon - gamma * |KL - capacity|, when capacity_on
    double gamma = 0.0;
};
ObjectiveWeights objective_weights(const TrainConfig& train, double epochs_done);

// The training loss of a batch (to minimise) under those weights is linear in
// its images' terms once the batch's mean KL is known:
//   recon * sum_i recon_i + kl * sum_i kl_i + constant
// (the capacity objective's |KL - C| becomes +-(KL - C)). So slices of a batch
// can be differentiated on separate threads and their gradients added.
struct LinearLoss {
    double recon = 0.0;
    double kl = 0.0;
    double constant = 0.0;
    // The slice's share, without the constant.
    torch::Tensor of_slice(const ElboTerms& slice) const;
};
LinearLoss linear_loss(const ObjectiveWeights& weights, ModelKind kind, double batch_kl_mean, int64_t batch_size);

// The batch's training loss: the negated objective averaged over images; the
// autoencoder's is the negated reconstruction term alone.
torch::Tensor training_loss(const ElboTerms& terms, const ObjectiveWeights& weights, ModelKind kind);

}  // namespace latentlab
