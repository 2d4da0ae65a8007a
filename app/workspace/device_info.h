#pragma once

// Which compute devices and libraries this machine offers. Free of LibTorch.

#include <QString>

namespace latentlab {

// Why training cannot use a CUDA GPU here ("LibTorch was built without
// CUDA", "no CUDA GPU was found"); empty when it can.
QString cudaUnavailableReason();

// LatentLab's version ("0.1.0").
QString latentlabVersion();

// What does the arithmetic, one "name: value" line each: LatentLab's, Qt's
// and LibTorch's versions, the BLAS behind matrix products (OpenBLAS, MKL, or
// the reference BLAS with the advice to install OpenBLAS), oneDNN for
// convolutions, CUDA (GPUs, or why none) and the cores.
QString computePathSummary();

}  // namespace latentlab
