#pragma once

#include "model/data/folder_cache.h"
#include "model/data/image_folder.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

// What a folder's scan found, in load order: what the build decodes and how
// it lays the images out in splits.
struct FolderBuildPlan {
    std::string root;
    std::vector<std::string> paths;
    std::vector<int64_t> labels;
    std::vector<char> test;  // the file is in test/ (has_splits only)
    bool has_splits = false;
    std::vector<std::string> class_names;
    std::vector<SkippedFile> scan_skipped;  // files the scan refused
};

struct FolderBuildResult {
    int64_t resumed = 0;     // images an earlier, stopped build had decoded already
    bool resumable = false;  // a stopped build leaves what it did for the next one
};

// Decodes every image of `plan` into a complete cache file at `path`, a chunk
// of images at a time across `options.threads` threads, writing each chunk to
// "`path`.part" as soon as it is decoded, so memory holds one chunk whatever
// the folder's size. With `resumable`, a journal beside it records each
// finished chunk: a build that was cancelled or killed continues where it
// stopped on the next start (the same key), decoding no file twice. The
// file gets its footer last and is renamed to `path`, so a stopped build is
// never read as complete. `progress` is called from this thread about every
// 30 ms, counting resumed images as done.
// Throws latentlab::Error ("Loading cancelled") when `cancel` becomes true,
// when no image could be read, and when the file cannot be written (naming
// it and why).
// `chunk_bytes`: the memory a chunk may take (tests make it small).
FolderBuildResult build_folder_cache(const std::string& path, bool resumable, const FolderCacheKey& key,
                                     const FolderBuildPlan& plan, const ImageFolderOptions& options,
                                     const LoadProgress& progress, const std::atomic<bool>* cancel,
                                     uint64_t chunk_bytes = uint64_t{8} << 20);

}  // namespace latentlab
