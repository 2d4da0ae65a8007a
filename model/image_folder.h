#pragma once

#include "model/dataset.h"

#include <atomic>
#include <cstdint>
#include <string>

namespace latentlab {

struct ImageFolderOptions {
    int64_t size = 28;               // every image becomes size x size (center crop, then resize)
    int64_t channels = 1;            // 1 = grayscale, 3 = RGB
    uint8_t background = 255;        // grey level an alpha channel is composited on
    double test_fraction = 0.1;      // used when the folder has no train/ and test/ subfolders
    uint64_t split_seed = 1;
    int threads = 0;                 // decoding threads; 0 = every core
};

// Loads every PNG, JPEG, BMP, TIFF and WebP file under `root`, recursively.
// An image's class is its first-level subfolder; images directly in `root`
// form one class named after the folder. With train/ and test/ subfolders,
// those are the splits and classes are their subfolders. Files that cannot be
// decoded are skipped and listed in Dataset::skipped with the reason.
// Throws latentlab::Error for a missing folder or one with no readable image,
// and when `cancel` becomes true.
Dataset load_image_folder(const std::string& root, const ImageFolderOptions& options,
                          const LoadProgress& progress = {}, const std::atomic<bool>* cancel = nullptr);

// "fashion-mnist" loads the Debian package's IDX files; anything else is a folder.
Dataset open_dataset(const std::string& spec, const ImageFolderOptions& options,
                     const LoadProgress& progress = {}, const std::atomic<bool>* cancel = nullptr);

}  // namespace latentlab
