#pragma once

#include <torch/torch.h>

namespace latentlab {

// One epoch's batches of row numbers in a shuffled order. The order is drawn
// from the run's own generator, whose state the checkpoint keeps, so a run
// that resumes draws the orders it would have drawn without the pause; the
// same seed gives the same orders on every device.
class ShuffledBatches {
public:
    // Draws one permutation of `rows` from `generator` (on the CPU) and keeps
    // a copy on `device` for the batches.
    ShuffledBatches(int64_t rows, int64_t batch_size, at::Generator& generator, const torch::Device& device);

    int64_t steps() const { return steps_; }
    // The rows of batch `step` (0-based), on the device; the last batch may be smaller.
    torch::Tensor rows(int64_t step) const { return on_device_.slice(0, begin(step), end(step)); }
    // The same rows on the CPU.
    torch::Tensor cpu_rows(int64_t step) const { return order_.slice(0, begin(step), end(step)); }

private:
    int64_t begin(int64_t step) const { return step * batch_size_; }
    int64_t end(int64_t step) const { return std::min(order_.size(0), (step + 1) * batch_size_); }

    int64_t batch_size_;
    int64_t steps_;
    torch::Tensor order_;      // int64 [rows], CPU
    torch::Tensor on_device_;  // the same on the run's device
};

}  // namespace latentlab
