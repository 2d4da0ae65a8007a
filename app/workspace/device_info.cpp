#include "app/workspace/device_info.h"

#include <ATen/Context.h>
#include <torch/cuda.h>

namespace latentlab {

QString cudaUnavailableReason() {
    if (!at::hasCUDA()) return QStringLiteral("This LibTorch was built without CUDA.");
    if (!torch::cuda::is_available()) return QStringLiteral("No CUDA GPU was found on this machine.");
    return {};
}

}  // namespace latentlab
