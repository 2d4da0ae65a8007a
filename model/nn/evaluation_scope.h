#pragma once

#include "model/nn/vae.h"

#include <torch/torch.h>

namespace latentlab {

// Evaluation mode and no gradients for the life of the object; the model's
// previous mode comes back afterwards, even when an exception leaves early.
class EvaluationScope {
public:
    explicit EvaluationScope(Vae& model) : model_(model), was_training_(model->is_training()) { model_->eval(); }
    ~EvaluationScope() { model_->train(was_training_); }
    EvaluationScope(const EvaluationScope&) = delete;
    EvaluationScope& operator=(const EvaluationScope&) = delete;

private:
    torch::NoGradGuard no_grad_;
    Vae& model_;
    bool was_training_;
};

}  // namespace latentlab
