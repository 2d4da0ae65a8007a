#include "model/nn/objective.h"

#include <algorithm>

namespace latentlab {

ObjectiveWeights objective_weights(const TrainConfig& train, double epochs_done) {
    ObjectiveWeights weights;
    weights.beta = train.beta;
    if (train.warmup_epochs > 0.0) weights.beta *= std::min(1.0, epochs_done / train.warmup_epochs);
    if (train.capacity > 0.0) {
        const double ramp = train.capacity_epochs > 0.0 ? train.capacity_epochs : static_cast<double>(train.epochs);
        weights.capacity_on = true;
        weights.capacity = train.capacity * std::min(1.0, epochs_done / ramp);
        weights.gamma = train.gamma;
    }
    return weights;
}

LinearLoss linear_loss(const ObjectiveWeights& weights, ModelKind kind, double batch_kl_mean, int64_t batch_size) {
    LinearLoss loss;
    const double per_image = 1.0 / static_cast<double>(batch_size);
    loss.recon = -per_image;
    if (kind == ModelKind::Autoencoder) return loss;
    if (weights.capacity_on) {
        // gamma * |KL - C| = gamma * sign * (KL - C), with the sign of the batch
        // mean; 0 exactly at C, where the gradient of |.| is taken as 0 too.
        const double excess = batch_kl_mean - weights.capacity;
        const double sign = excess > 0.0 ? 1.0 : (excess < 0.0 ? -1.0 : 0.0);
        loss.kl = weights.gamma * sign * per_image;
        loss.constant = -weights.gamma * sign * weights.capacity;
    } else {
        loss.kl = weights.beta * per_image;
    }
    return loss;
}

torch::Tensor LinearLoss::of_slice(const ElboTerms& slice) const {
    return recon * slice.recon.sum() + kl * slice.kl.sum();
}

torch::Tensor training_loss(const ElboTerms& terms, const ObjectiveWeights& weights, ModelKind kind) {
    const auto loss = linear_loss(weights, kind, terms.kl.detach().mean().item<double>(), terms.recon.size(0));
    return loss.of_slice(terms) + loss.constant;
}

}  // namespace latentlab
