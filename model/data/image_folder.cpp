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

#include "model/base/error.h"
#include "model/data/factors_file.h"
#include "model/data/folder_cache.h"
#include "model/data/folder_scan.h"
#include "model/data/idx_reader.h"
#include "model/data/image_decoder.h"
#include "model/data/pairs_file.h"

namespace latentlab {

namespace {

namespace fs = std::filesystem;

void check_options(const ImageFolderOptions& options) {
    if (options.size < 1 || options.size > 4096) {
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

ImageSet rows_of(const torch::Tensor& images, const std::vector<int64_t>& labels,
                 const std::vector<std::string>& paths, int64_t begin, int64_t end) {
    ImageSet set;
    // A view of the shared storage: no copy, and still contiguous.
    set.images = images.narrow(0, begin, end - begin);
    set.labels =
        torch::tensor(std::vector<int64_t>(labels.begin() + begin, labels.begin() + end), torch::kLong);
    set.paths.assign(paths.begin() + begin, paths.begin() + end);
    return set;
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

}  // namespace

Dataset load_image_folder(const std::string& root, const ImageFolderOptions& options,
                          const LoadProgress& progress, const std::atomic<bool>* cancel, FolderLoadInfo* info) {
    FolderLoadInfo ignored;
    info = info ? info : &ignored;
    *info = {};
    check_options(options);
    std::error_code ec;
    const fs::file_status status = fs::status(root, ec);
    if (!fs::exists(status)) {
        throw Error("Folder not found: " + root);
    }
    if (!fs::is_directory(status)) {
        throw Error("Not a folder: " + root);
    }

    FolderScan scan = scan_folder(root, options.max_files, cancel);
    const auto total = static_cast<int64_t>(scan.files.size());
    if (total == 0) {
        throw Error("No PNG, JPEG, BMP, TIFF or WebP images in " + root);
    }
    std::vector<std::string> paths;
    paths.reserve(scan.files.size());
    for (const Candidate& file : scan.files) {
        paths.push_back(file.path.string());
    }

    const FolderCache cache(options.use_cache ? FolderCache::default_dir() : std::string());
    FolderCacheKey key;
    if (!cache.dir().empty()) {
        key = FolderCache::make_key(root, paths, cache_settings(options, scan.has_splits));
        info->cache_file = cache.file_for(key);
        if (std::optional<Dataset> cached = cache.read(key, root)) {
            if (cancelled(cancel)) {
                throw Error("Loading cancelled");
            }
            info->from_cache = true;
            if (progress) {
                progress(total, total);
            }
            return std::move(*cached);
        }
    }

    // One tensor for all images; each worker writes its rows in place.
    const int64_t channels = options.channels;
    const int64_t size = options.size;
    torch::Tensor images = huge_page_images({total, channels, size, size});
    uint8_t* const data = images.data_ptr<uint8_t>();
    const int64_t row_bytes = channels * size * size;
    std::vector<std::string> errors(scan.files.size());

    int threads =
        options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
    threads = static_cast<int>(std::clamp<int64_t>(threads, 1, total));

    std::atomic<int64_t> next{0};
    std::atomic<int64_t> done{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::condition_variable finished_changed;
    int finished = 0;

    // OpenCV's own threading (TBB here) is left as it is. Measured on this
    // 2-core machine, two decoding threads, 4000 64x64 PNGs: 0.55-0.6 s of CPU
    // either way (~4500 images/s to 28x28 grey, ~3000/s to 64x64 RGB), since
    // at that size resize and cvtColor run serially anyway; 200 1024x768 PNGs
    // and 300 1600x1200 JPEGs to 64x64: also no difference beyond noise. So
    // the process-wide cv::setNumThreads is not touched: switching it off gains
    // nothing, and two overlapping loads could leave it off for good.
    {
        std::vector<std::thread> workers;
        // Stops and joins the workers however this scope is left (a progress
        // callback that throws included): they use its locals.
        struct Joiner {
            std::vector<std::thread>& workers;
            std::atomic<bool>& stop;
            ~Joiner() {
                stop = true;
                for (std::thread& worker : workers) {
                    worker.join();
                }
            }
        } joiner{workers, stop};

        for (int t = 0; t < threads; ++t) {
            workers.emplace_back([&] {
                std::vector<uint8_t> bytes;
                while (!stop.load(std::memory_order_relaxed) && !cancelled(cancel)) {
                    const int64_t i = next.fetch_add(1);
                    if (i >= total) {
                        break;
                    }
                    errors[static_cast<size_t>(i)] =
                        decode_image_file(paths[static_cast<size_t>(i)], bytes, options, data + i * row_bytes);
                    done.fetch_add(1, std::memory_order_relaxed);
                }
                {
                    std::lock_guard<std::mutex> lock(mutex);
                    ++finished;
                }
                finished_changed.notify_one();
            });
        }

        std::unique_lock<std::mutex> lock(mutex);
        while (finished < threads) {
            finished_changed.wait_for(lock, std::chrono::milliseconds(30));
            if (progress && finished < threads) {
                lock.unlock();
                progress(done.load(std::memory_order_relaxed), total);
                lock.lock();
            }
        }
    }
    if (cancelled(cancel)) {
        throw Error("Loading cancelled");
    }

    // Compact: move the good rows down over the failed ones, in order.
    Dataset dataset;
    std::vector<int64_t> labels;
    std::vector<std::string> kept_paths;
    int64_t kept = 0;
    int64_t kept_train = 0;
    for (int64_t i = 0; i < total; ++i) {
        const auto index = static_cast<size_t>(i);
        if (!errors[index].empty()) {
            dataset.skipped.push_back({paths[index], errors[index]});
            continue;
        }
        if (kept != i) {
            std::memmove(data + kept * row_bytes, data + i * row_bytes, static_cast<size_t>(row_bytes));
        }
        labels.push_back(scan.files[index].label);
        kept_paths.push_back(std::move(paths[index]));
        kept_train += scan.files[index].test ? 0 : 1;
        ++kept;
    }
    for (ScanSkip& skip : scan.skipped) {
        dataset.skipped.push_back({std::move(skip.path), std::move(skip.reason)});
    }
    // Path order for the caller, whatever order the splits were loaded in.
    std::sort(dataset.skipped.begin(), dataset.skipped.end(),
              [](const SkippedFile& a, const SkippedFile& b) { return fs::path(a.path) < fs::path(b.path); });
    if (kept == 0) {
        throw Error("None of the " + std::to_string(total) + " images in " + root + " could be read (" +
                    dataset.skipped.front().path + ": " + dataset.skipped.front().reason + ")");
    }

    if (scan.has_splits) {
        if (kept_train == 0) {
            throw Error("No readable image in " + (fs::path(root) / "train").string());
        }
        dataset.train = rows_of(images, labels, kept_paths, 0, kept_train);
        dataset.test = rows_of(images, labels, kept_paths, kept_train, kept);
    } else {
        // split_train_test's rows, asked of the row numbers alone; then the
        // rows are put in that order in place, train first, so both splits are
        // views of the one tensor: copying 250 MB of images into two new
        // tensors (and faulting in their pages) was a fifth of the loading time.
        ImageSet numbers;
        numbers.images = torch::empty({kept, 0}, torch::kUInt8);
        numbers.labels = torch::arange(kept, torch::kLong);
        const auto [train_rows, test_rows] = split_train_test(numbers, options.test_fraction, options.split_seed);
        const int64_t n_train = train_rows.size();
        const int64_t* test_row = test_rows.labels.data_ptr<int64_t>();
        const int64_t* train_row = train_rows.labels.data_ptr<int64_t>();
        torch::Tensor test_images = torch::empty({kept - n_train, channels, size, size}, torch::kUInt8);
        uint8_t* const test_data = test_images.data_ptr<uint8_t>();
        std::vector<int64_t> ordered_labels;
        std::vector<std::string> ordered_paths;
        ordered_labels.reserve(static_cast<size_t>(kept));
        ordered_paths.reserve(static_cast<size_t>(kept));
        for (int64_t j = 0; j < kept - n_train; ++j) {
            std::memcpy(test_data + j * row_bytes, data + test_row[j] * row_bytes, static_cast<size_t>(row_bytes));
        }
        // Train rows move down (row j comes from row >= j, in increasing order).
        for (int64_t j = 0; j < n_train; ++j) {
            const int64_t from = train_row[j];
            if (from != j) {
                std::memmove(data + j * row_bytes, data + from * row_bytes, static_cast<size_t>(row_bytes));
            }
            ordered_labels.push_back(labels[static_cast<size_t>(from)]);
            ordered_paths.push_back(std::move(kept_paths[static_cast<size_t>(from)]));
        }
        if (kept > n_train) {
            std::memcpy(data + n_train * row_bytes, test_data, static_cast<size_t>((kept - n_train) * row_bytes));
        }
        for (int64_t j = 0; j < kept - n_train; ++j) {
            ordered_labels.push_back(labels[static_cast<size_t>(test_row[j])]);
            ordered_paths.push_back(std::move(kept_paths[static_cast<size_t>(test_row[j])]));
        }
        dataset.train = rows_of(images, ordered_labels, ordered_paths, 0, n_train);
        dataset.test = rows_of(images, ordered_labels, ordered_paths, n_train, kept);
    }
    dataset.name = root;
    dataset.class_names = std::move(scan.class_names);
    dataset.channels = channels;
    dataset.height = size;
    dataset.width = size;
    if (!cache.dir().empty()) {
        info->cache_written = cache.write(key, root, dataset);
    }
    if (progress) {
        progress(total, total);
    }
    return dataset;
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
