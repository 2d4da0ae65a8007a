#pragma once

// Bounds on what LatentLab reads from files (README, "Reliability"). Past
// each, a file is refused with a message before anything is allocated for
// what it claims. Beside the settings' bounds in run_config.h, in their own
// header so the readers need nothing else.

#include <cstdint>

namespace latentlab::limits {

// Below this many training images a VAE learns little more than noise: the
// window and the CLI say so beside the run's results.
inline constexpr int64_t kFewTrainingImages = 100;

// Width x height of one image file (134 megapixels, e.g. 11,585 x 11,585),
// read from its header before decoding: a small PNG can claim 100,000 x 100,000.
inline constexpr int64_t kImagePixelsMax = int64_t{1} << 27;
// Bytes of one image file (1 GiB).
inline constexpr int64_t kImageFileBytesMax = int64_t{1} << 30;
// Image files of one folder: the default of ImageFolderOptions::max_files
// (the CLI's --max-files). The scan stops at the first file past it.
inline constexpr int64_t kFolderFilesMax = 1000000;
// Data bytes of one IDX file (16 GiB; Fashion-MNIST's largest holds 47 MB).
inline constexpr int64_t kIdxBytesMax = int64_t{1} << 34;
// Bytes of one checkpoint file (16 GiB).
inline constexpr int64_t kCheckpointBytesMax = int64_t{1} << 34;
// Bytes of one TorchScript file to import (4 GiB), and what its records may
// hold once inflated: LibTorch reads every record whole into memory.
inline constexpr int64_t kTorchScriptBytesMax = int64_t{1} << 32;
inline constexpr int64_t kTorchScriptInflatedBytesMax = int64_t{1} << 33;
// Records of one TorchScript archive (a module of thousands of submodules
// holds a few thousand).
inline constexpr int64_t kTorchScriptRecordsMax = 100000;

}  // namespace latentlab::limits
