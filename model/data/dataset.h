#pragma once

#include "model/data/image_source.h"

#include <torch/torch.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace latentlab {

// Where a cached folder's pixels live once loaded: in the program's memory
// (fastest, and a GPU run copies them there once), or read from the mapped
// cache file a batch at a time (what a folder larger than memory needs).
enum class PixelStorage { Automatic, Memory, Mapped };

// Images of one split, kept as they were decoded: uint8 in [0, 255], either
// in memory (one contiguous tensor) or read from the folder cache's mapped
// file a batch at a time (a folder larger than memory). Batches are converted
// to float in [0, 1] when used. Read the pixels through source() or image(),
// which serve both.
struct ImageSet {
    torch::Tensor images;            // uint8 [N, C, H, W], contiguous; undefined when on_disk
    torch::Tensor labels;            // int64 [N], index into Dataset::class_names
    std::vector<std::string> paths;  // source file of each image; empty for IDX data
    // Known generative factors (float [N, F], Dataset::factor_names), from the
    // folder's factors.csv; undefined when there is none.
    torch::Tensor factors;
    std::shared_ptr<const ImageSource> on_disk;  // the mapped pixels (mapped_images.h) instead of `images`; else null

    int64_t size() const;
    bool in_memory() const { return !on_disk; }
    // What training, evaluation, scoring and the map read the images through.
    std::shared_ptr<const ImageSource> source() const;
    // Image i, uint8 [C, H, W] (a copy when on disk).
    torch::Tensor image(int64_t i) const;
    // Every image in one tensor: the tensor itself in memory, else a copy of
    // all of them (for the few uses that need that, such as a dequantized
    // test split; see the memory rule in tests/bench/README.md).
    torch::Tensor all_pixels() const;
};

struct SkippedFile {
    std::string path;
    std::string reason;
};

struct Dataset {
    std::string name;  // "fashion-mnist" or the folder path
    ImageSet train;
    ImageSet test;
    std::vector<std::string> class_names;
    std::vector<std::string> factor_names;  // columns of ImageSet::factors; empty without factors.csv
    std::string factors_note;               // why a factors.csv present was not used; else empty
    // Pairs of training images from the folder's pairs.csv (weak supervision,
    // model/train/ada_gvae.h): int64 [M, 2] rows of `train`; undefined without one.
    torch::Tensor train_pairs;
    std::vector<SkippedFile> skipped;
    int64_t channels = 0;
    int64_t height = 0;
    int64_t width = 0;
};

// Called with the number of files done and the total, from the thread that
// started the load.
using LoadProgress = std::function<void(int64_t done, int64_t total)>;

// The rows of a seeded random `test_fraction` of `n` images (the test
// split) and the rest (train), each in increasing order.
std::pair<std::vector<int64_t>, std::vector<int64_t>> split_rows(int64_t n, double test_fraction, uint64_t seed);

// Moves a seeded random `test_fraction` of `all` into a test split; the rest
// is the train split. The same seed always gives the same split.
std::pair<ImageSet, ImageSet> split_train_test(const ImageSet& all, double test_fraction, uint64_t seed);

// A float batch in [0, 1] of the given rows of `images` (uint8 grey levels).
torch::Tensor to_float_batch(const ImageSource& images, const torch::Tensor& rows);

// Images as float in [0, 1] on `device`: uint8 grey levels k become k/255;
// float images (dequantized ones, see dequantize.h) are taken as they are.
torch::Tensor to_unit_float(const torch::Tensor& images, const torch::Device& device);

}  // namespace latentlab
