#pragma once

#include "model/dataset.h"

#include <string>

namespace latentlab {

// Reads an IDX file (the MNIST format), gzip-compressed or plain. Only the
// unsigned-byte element type is accepted, which covers the MNIST family.
// Returns a uint8 tensor with the file's dimensions. Throws latentlab::Error.
torch::Tensor read_idx(const std::string& path);

// Where Debian's dataset-fashion-mnist package puts the files.
inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// Loads the four MNIST-format files of `dir` (train-images-idx3-ubyte[.gz],
// train-labels-idx1-ubyte[.gz], t10k-...) with their own train/test split.
// The class names are Fashion-MNIST's.
Dataset load_fashion_mnist(const std::string& dir = kFashionMnistDir);

}  // namespace latentlab
