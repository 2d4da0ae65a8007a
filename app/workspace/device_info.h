#pragma once

// Which compute devices this machine offers. Free of LibTorch.

#include <QString>

namespace latentlab {

// Why training cannot use a CUDA GPU here ("LibTorch was built without
// CUDA", "no CUDA GPU was found"); empty when it can.
QString cudaUnavailableReason();

}  // namespace latentlab
