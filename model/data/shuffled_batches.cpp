#include "model/data/shuffled_batches.h"

#include "model/base/error.h"

namespace latentlab {

ShuffledBatches::ShuffledBatches(int64_t rows, int64_t batch_size, at::Generator& generator,
                                 const torch::Device& device)
    : batch_size_(batch_size), steps_(0) {
    if (batch_size < 1) throw Error("the batch size must be at least 1");
    order_ = torch::randperm(rows, generator, torch::kLong);
    on_device_ = order_.to(device);
    steps_ = (rows + batch_size - 1) / batch_size;
}

}  // namespace latentlab
