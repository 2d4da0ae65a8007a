#pragma once

#include "model/base/input_limits.h"
#include "model/data/dataset.h"
#include "model/data/folder_image_shape.h"

#include <atomic>
#include <cstdint>
#include <string>

namespace latentlab {

struct ImageFolderOptions {
    // Every image becomes size x size (centre crop, then resize);
    // kFolderOwnSize: the folder's own size (own_image_size()).
    int64_t size = 28;
    int64_t channels = 1;            // 1 = grayscale, 3 = RGB
    uint8_t background = 255;        // grey level an alpha channel is composited on
    double test_fraction = 0.1;      // used when the folder has no train/ and test/ subfolders
    uint64_t split_seed = 1;
    int threads = 0;                 // decoding threads; 0 = every core
    // Serve a second load of an unchanged folder from the folder cache (see
    // folder_cache.h) and store each load there. Every field above except
    // `threads` changes the result and enters the cache key
    // (cache_settings() in image_folder.cpp): a new one must too.
    bool use_cache = true;
    // A folder with more image files is refused (folder_files_limit() gives
    // the limit in effect); the scan stops at the first file past it.
    int64_t max_files = limits::kFolderFilesMax;
    // Where the pixels live once loaded (not part of the cache key).
    PixelStorage pixels = PixelStorage::Automatic;
};

// How a folder load went, for the caller to tell the user.
struct FolderLoadInfo {
    bool from_cache = false;    // served from the folder cache, no image decoded
    bool cache_written = false; // this load was stored in the cache
    std::string cache_file;     // the cache file read or written; empty when none
    bool pixels_mapped = false; // the pixels are read from the mapped cache file, not held in memory
    int64_t resumed = 0;        // images a stopped earlier load had decoded already
    std::string cache_damage;   // why this folder's cache file was refused (it was decoded again); else empty
    FolderImageShape shape;     // the size the files have (a sample of their headers)
    int64_t size = 0;           // the side the images were loaded at (options.size, or the folder's own)
};

// Loads every PNG, JPEG, BMP, TIFF and WebP file under `root`, recursively
// (extensions compared case-insensitively; hidden files and folders, whose
// names start with '.', are left out). An image's class is its first-level
// subfolder; images directly in `root` form one class named after the folder.
// With train/ and test/ subfolders, those are the splits and classes are their
// subfolders (images outside those two are not loaded). Files that cannot be
// decoded are skipped and listed in Dataset::skipped, in path order, with the
// reason. `progress` is called from the calling thread only, about every 30 ms
// and once more with done == total.
// The images are decoded into a cache file a chunk at a time (folder_cache_build.h),
// then read from it, in memory or mapped (options.pixels), so a folder larger
// than memory loads. An unchanged folder loaded again with the same settings
// comes from the folder cache (FolderCache::default_dir(); options.use_cache),
// skipped files and their reasons included, and a load that was cancelled or
// killed continues where it stopped; `info`, when given, says what happened.
// Without a cache the file is a temporary one, removed once read.
// Throws latentlab::Error for a missing folder, a bad option, a folder with no
// readable image, and ("Loading cancelled") when `cancel` becomes true.
Dataset load_image_folder(const std::string& root, const ImageFolderOptions& options,
                          const LoadProgress& progress = {}, const std::atomic<bool>* cancel = nullptr,
                          FolderLoadInfo* info = nullptr);

// "fashion-mnist" loads the Debian package's IDX files; a folder holding the
// four MNIST-format files is read as IDX (images at their own size, one
// channel; `options` do not apply); anything else is an
// image folder (`info` as for load_image_folder; untouched for IDX data).
Dataset open_dataset(const std::string& spec, const ImageFolderOptions& options,
                     const LoadProgress& progress = {}, const std::atomic<bool>* cancel = nullptr,
                     FolderLoadInfo* info = nullptr);

}  // namespace latentlab
