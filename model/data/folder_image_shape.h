#pragma once

// The size a folder's images already have, read from their headers (no
// decoding): what "the folder's own size" means when loading it, and what to
// tell the user when its images are cropped or scaled.

#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

// ImageFolderOptions::size and DataConfig::size: load at the folder's own size.
inline constexpr int64_t kFolderOwnSize = 0;
// The largest side "the folder's own size" chooses: photos of 3,000 pixels
// would train for days on a laptop; a larger size can still be asked for.
inline constexpr int64_t kOwnSizeMax = 128;

struct FolderImageShape {
    int64_t width = 0;     // the most common width x height among the files sampled
    int64_t height = 0;
    int64_t sampled = 0;   // files whose header could be read
    int64_t matching = 0;  // of those, how many have that very shape
};

// Reads the headers of up to `sample` files spread evenly over `paths` (the
// first and the last included). Ties go to the shape seen first.
FolderImageShape common_image_shape(const std::vector<std::string>& paths, int64_t sample = 256);

// The side a square image of the folder's own size has: the shorter side of
// its most common shape, at least limits::kImageSizeMin and at most
// kOwnSizeMax; 28 when no header could be read.
int64_t own_image_size(const FolderImageShape& shape);

// What loading at `size` x `size` does to these images, in a sentence ("Most
// images are 64 × 48: they are cropped to a centred square and scaled down to
// 28 × 28."); empty when they are loaded as they are.
std::string resize_note(const FolderImageShape& shape, int64_t size);

}  // namespace latentlab
