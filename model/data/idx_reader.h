#pragma once

#include "model/data/dataset.h"

#include <string>
#include <vector>

namespace latentlab {

// Reads an IDX file (the MNIST format), gzip-compressed or plain. Only the
// unsigned-byte element type is accepted, which covers the MNIST family.
// Returns a uint8 tensor with the file's dimensions. Throws latentlab::Error
// for a missing, malformed, truncated or over-long file.
torch::Tensor read_idx(const std::string& path);

// Where Debian's dataset-fashion-mnist package puts the files.
inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// Fashion-MNIST's ten class names, in label order.
const std::vector<std::string>& fashion_mnist_class_names();

// True when `dir` holds the four MNIST-format files (see load_idx_dataset).
bool has_idx_dataset(const std::string& dir);

// Loads the four MNIST-format files of `dir` (train-images-idx3-ubyte[.gz],
// train-labels-idx1-ubyte[.gz], t10k-...; the "train-images.idx3-ubyte"
// spelling too) with their own train/test split: images uint8 [N, 1, H, W],
// labels int64. Without `class_names` the classes are named by their number.
Dataset load_idx_dataset(const std::string& dir, const std::vector<std::string>& class_names = {});

// load_idx_dataset with Fashion-MNIST's class names; the name is "fashion-mnist".
Dataset load_fashion_mnist(const std::string& dir = kFashionMnistDir);

}  // namespace latentlab
