#pragma once

#include "model/data/dataset.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace latentlab {

// An uninitialised uint8 tensor for many images, on 2 MB pages where the
// kernel allows (transparent huge pages in "madvise" mode, Debian's default).
// Filling 250 MB of 4 kB pages costs 60,000 page faults: on the reference
// machine's virtual CPU they took 1.2 of the 1.5 s of a cached open of 20,000
// 64x64 RGB images, which now takes 0.3 s.
torch::Tensor huge_page_images(at::IntArrayRef sizes);

// What identifies one load of an image folder.
struct FolderCacheKey {
    // The absolute folder and every load setting that changes the result:
    // names the cache file, so a changed folder replaces its old cache.
    std::string slot;
    // Each file's path below the folder, size, modification and change
    // times, in load order: must match exactly for a hit.
    std::string files;
    // False when a file was modified in the last few seconds: a change in the
    // same clock tick would keep its time, so such a load is not cached.
    bool settled = true;
};

// Automatic's choice for `bytes` of pixels: mapped above a quarter of the
// computer's memory or 1 GiB, whichever is less; $LATENTLAB_PIXELS
// ("memory" or "mapped") overrides it.
bool pixels_mapped(PixelStorage storage, uint64_t bytes);

// A cache of decoded image folders: one file per folder and load settings,
// holding the images, labels, paths, class names and skipped files
// (folder_cache_format.h has its layout; folder_cache_build.h writes it). A
// second load of an unchanged folder reads it instead of decoding every image,
// and a folder larger than memory is read from it a batch at a time.
// Reading throws nothing: a file that cannot be read, or whose checksums do not
// match, is a miss that the next build replaces.
class FolderCache {
public:
    // A cache in `dir`; an empty `dir` is a cache that is always empty.
    explicit FolderCache(std::string dir = default_dir());

    // $LATENTLAB_CACHE_DIR, else $XDG_CACHE_HOME/latentlab, else
    // ~/.cache/latentlab (empty variables count as unset); empty when none
    // of them is set.
    static std::string default_dir();

    // The key of loading `files` (paths under `root`, in load order) with
    // `settings` (text naming every setting that changes the result). Reads
    // each file's size and times from the file system.
    static FolderCacheKey make_key(const std::string& root, const std::vector<std::string>& files,
                                   const std::string& settings);

    // The cached dataset of `key`, with paths joined to `root` and named
    // `root`; nothing on a miss. A hit marks the file as recently used. A
    // file of this very key that fails its checks sets `damage` to why.
    std::optional<Dataset> read(const FolderCacheKey& key, const std::string& root,
                                PixelStorage storage = PixelStorage::Automatic, std::string* damage = nullptr) const;

    // Reads the complete cache file at `path` (any key when `key` is null).
    static std::optional<Dataset> read_file(const std::string& path, const FolderCacheKey* key,
                                            const std::string& root, PixelStorage storage,
                                            std::string* damage = nullptr);

    // The file that holds `key`'s slot; empty without a cache folder.
    std::string file_for(const FolderCacheKey& key) const;

    const std::string& dir() const { return dir_; }

    // Removes the least recently used caches beyond the size limit (never
    // `keep`), temporary files of builds that died more than an hour ago and
    // unfinished builds nobody continued for a week.
    void prune(const std::string& keep) const;

    // Caches beyond this total size are removed, least recently used first
    // (the one just written is always kept).
    static constexpr uint64_t kSizeLimit = uint64_t{4} << 30;

private:
    std::string dir_;
};

}  // namespace latentlab
