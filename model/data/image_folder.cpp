#include "model/data/image_folder.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>
#include <thread>

#include <unistd.h>

#include "model/base/error.h"
#include "model/data/factors_file.h"
#include "model/data/folder_cache.h"
#include "model/data/folder_cache_build.h"
#include "model/data/folder_scan.h"
#include "model/data/idx_reader.h"
#include "model/data/image_decoder.h"
#include "model/data/pairs_file.h"

namespace latentlab {

namespace {

namespace fs = std::filesystem;

void check_options(const ImageFolderOptions& options) {
    if ((options.size < 1 && options.size != kFolderOwnSize) || options.size > 4096) {
        throw Error("The image size must be between 1 and 4096 pixels, not " + std::to_string(options.size));
    }
    if (options.channels != 1 && options.channels != 3) {
        throw Error("Images must have 1 (grayscale) or 3 (RGB) channels, not " +
                    std::to_string(options.channels));
    }
    if (!(options.test_fraction >= 0.0 && options.test_fraction < 1.0)) {
        throw Error("The test fraction must be at least 0 and less than 1, not " +
                    std::to_string(options.test_fraction));
    }
}

// Every option that changes the result, for the cache key; and the layout,
// which an empty test/ folder changes without changing the file list.
std::string cache_settings(const ImageFolderOptions& options, bool has_splits) {
    char text[256];
    std::snprintf(text, sizeof text,
                  "size %lld channels %lld background %u test_fraction %.17g split_seed %llu splits %d",
                  static_cast<long long>(options.size), static_cast<long long>(options.channels),
                  static_cast<unsigned>(options.background), options.test_fraction,
                  static_cast<unsigned long long>(options.split_seed), has_splits ? 1 : 0);
    return text;
}

// Makes `dir` if need be; whether files can be made in it.
bool writable_folder(const std::string& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    return fs::is_directory(dir, ec) && ::access(dir.c_str(), W_OK | X_OK) == 0;
}

}  // namespace

Dataset load_image_folder(const std::string& root, const ImageFolderOptions& asked,
                          const LoadProgress& progress, const std::atomic<bool>* cancel, FolderLoadInfo* info) {
    FolderLoadInfo ignored;
    info = info ? info : &ignored;
    *info = {};
    check_options(asked);
    std::error_code ec;
    const fs::file_status status = fs::status(root, ec);
    if (!fs::exists(status)) {
        throw Error("Folder not found: " + root);
    }
    if (!fs::is_directory(status)) {
        throw Error("Not a folder: " + root);
    }

    FolderScan scan = scan_folder(root, asked.max_files, cancel);
    const auto total = static_cast<int64_t>(scan.files.size());
    if (total == 0) {
        throw Error("No PNG, JPEG, BMP, TIFF or WebP images in " + root);
    }
    std::vector<std::string> paths;
    paths.reserve(scan.files.size());
    for (const Candidate& file : scan.files) {
        paths.push_back(file.path.string());
    }
    // The files' own size, from a sample of headers: the size to load at when
    // asked for, and what the user is told when images are cropped or scaled.
    ImageFolderOptions options = asked;
    info->shape = common_image_shape(paths);
    if (options.size == kFolderOwnSize) options.size = own_image_size(info->shape);
    info->size = options.size;

    const FolderCache cache(options.use_cache ? FolderCache::default_dir() : std::string());
    const FolderCacheKey key = FolderCache::make_key(root, paths, cache_settings(options, scan.has_splits));
    if (!cache.dir().empty()) {
        info->cache_file = cache.file_for(key);
        if (std::optional<Dataset> cached = cache.read(key, root, options.pixels, &info->cache_damage)) {
            if (cancelled(cancel)) {
                throw Error("Loading cancelled");
            }
            info->from_cache = true;
            info->pixels_mapped = !cached->train.in_memory();
            if (progress) {
                progress(total, total);
            }
            return std::move(*cached);
        }
    }

    // Decoded into a file first, a chunk at a time: the cache's own when the
    // folder may be cached, else a temporary one read once and removed.
    const bool cache_usable = !cache.dir().empty() && writable_folder(cache.dir());
    const bool cached = cache_usable && key.settled;
    std::string file = info->cache_file;
    if (!cached) {
        static std::atomic<uint64_t> counter{0};
        const fs::path dir = cache_usable ? fs::path(cache.dir()) : fs::temp_directory_path(ec);
        file = (dir / ("latentlab-load-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1)) +
                       ".llfc.tmp-"))
                   .string();
    }
    FolderBuildPlan plan;
    plan.root = root;
    plan.has_splits = scan.has_splits;
    plan.class_names = scan.class_names;
    for (const Candidate& candidate : scan.files) {
        plan.labels.push_back(candidate.label);
        plan.test.push_back(candidate.test ? 1 : 0);
    }
    plan.paths = std::move(paths);
    for (ScanSkip& skip : scan.skipped) {
        plan.scan_skipped.push_back({std::move(skip.path), std::move(skip.reason)});
    }
    const FolderBuildResult built = build_folder_cache(file, cached, key, plan, options, progress, cancel);
    info->resumed = built.resumed;
    // A million paths take ~0.1 GB in each of these: gone before the file's
    // own copy is read.
    plan = {};
    scan = {};
    std::optional<Dataset> dataset = FolderCache::read_file(file, &key, root, options.pixels);
    if (!cached) {
        fs::remove(file, ec);  // a mapping keeps its pages until it is dropped
        info->cache_file.clear();
    }
    if (!dataset) {
        throw Error("The images decoded from " + root + " could not be read back from " + file);
    }
    if (cached) {
        info->cache_written = true;
        cache.prune(file);
    }
    info->pixels_mapped = !dataset->train.in_memory();
    if (progress) {
        progress(total, total);
    }
    return std::move(*dataset);
}

Dataset open_dataset(const std::string& spec, const ImageFolderOptions& options, const LoadProgress& progress,
                     const std::atomic<bool>* cancel, FolderLoadInfo* info) {
    std::error_code ec;
    const bool fashion = spec == "fashion-mnist";
    if (fashion || (fs::is_directory(spec, ec) && has_idx_dataset(spec))) {
        if (progress) {
            progress(0, 1);
        }
        Dataset dataset;
        if (fashion) {
            dataset = load_fashion_mnist();
        } else {
            // The files do not name their classes; a folder named for
            // Fashion-MNIST gets its names, any other numbers.
            std::string lower = fs::absolute(spec).string();
            std::transform(lower.begin(), lower.end(), lower.begin(),
                           [](unsigned char c) { return std::tolower(c); });
            const bool fashion_folder = lower.find("fashion") != std::string::npos;
            dataset = load_idx_dataset(
                spec, fashion_folder ? fashion_mnist_class_names() : std::vector<std::string>{});
        }
        if (cancelled(cancel)) {
            throw Error("Loading cancelled");
        }
        if (progress) {
            progress(1, 1);
        }
        return dataset;
    }
    Dataset dataset = load_image_folder(spec, options, progress, cancel, info);
    dataset.factors_note = attach_factors(dataset, spec);
    if (std::string note = attach_pairs(dataset, spec); !note.empty())
        dataset.factors_note += (dataset.factors_note.empty() ? "" : "; ") + note;
    return dataset;
}

}  // namespace latentlab
