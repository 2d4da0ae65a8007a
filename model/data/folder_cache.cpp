#include "model/data/folder_cache.h"

#include "model/data/folder_cache_format.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <opencv2/core/version.hpp>
#include <system_error>

namespace latentlab {

namespace {

namespace fs = std::filesystem;
using namespace cache_format;

// Bump when the file layout or the decoding changes: old files then miss.
constexpr uint32_t kFormatVersion = 1;
constexpr char kMagic[8] = {'L', 'L', 'F', 'O', 'L', 'D', 'E', 'R'};
constexpr uint32_t kByteOrder = 0x01020304;
constexpr const char* kExtension = ".llfc";
// A file modified less than this long before the scan is not cached (see
// FolderCacheKey::settled); covers file systems with 2-second timestamps.
constexpr int64_t kSettleNanoseconds = 3'000'000'000;

// Removes the least recently used caches beyond the limit (never `keep`),
// and temporary files left by a crash more than an hour ago.
void prune(const std::string& dir, const std::string& keep) {
    struct Entry {
        fs::file_time_type time;
        uint64_t size;
        fs::path path;
    };
    std::vector<Entry> caches;
    uint64_t total = 0;
    std::error_code ec;
    const auto now = fs::file_time_type::clock::now();
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const fs::path& path = it->path();
        const std::string name = path.filename().string();
        std::error_code entry_ec;
        const auto time = it->last_write_time(entry_ec);
        if (entry_ec || !it->is_regular_file(entry_ec)) {
            continue;
        }
        if (name.find(std::string(kExtension) + ".tmp-") != std::string::npos) {
            if (now - time > std::chrono::hours(1)) {
                fs::remove(path, entry_ec);
            }
            continue;
        }
        if (path.extension() != kExtension) {
            continue;
        }
        const uint64_t size = it->file_size(entry_ec);
        if (!entry_ec) {
            caches.push_back({time, size, path});
            total += size;
        }
    }
    std::sort(caches.begin(), caches.end(), [](const Entry& a, const Entry& b) { return a.time < b.time; });
    for (const Entry& entry : caches) {
        if (total <= FolderCache::kSizeLimit) {
            break;
        }
        if (entry.path.string() != keep && fs::remove(entry.path, ec)) {
            total -= entry.size;
        }
    }
}

}  // namespace

torch::Tensor huge_page_images(at::IntArrayRef sizes) {
    constexpr size_t kHugePage = size_t{2} << 20;
    size_t bytes = 1;
    for (const int64_t size : sizes) {
        bytes *= static_cast<size_t>(size);
    }
    if (bytes < kHugePage) {
        return torch::empty(sizes, torch::kUInt8);
    }
    void* memory = nullptr;
    if (posix_memalign(&memory, kHugePage, (bytes + kHugePage - 1) / kHugePage * kHugePage) != 0) {
        throw std::bad_alloc();
    }
    ::madvise(memory, (bytes + kHugePage - 1) / kHugePage * kHugePage, MADV_HUGEPAGE);
    return torch::from_blob(memory, sizes, [](void* p) { std::free(p); }, torch::kUInt8);
}

FolderCache::FolderCache(std::string dir) : dir_(std::move(dir)) {}

std::string FolderCache::default_dir() {
    const auto env = [](const char* name) {
        const char* value = std::getenv(name);
        return value ? std::string(value) : std::string();
    };
    if (std::string dir = env("LATENTLAB_CACHE_DIR"); !dir.empty()) {
        return dir;
    }
    if (std::string dir = env("XDG_CACHE_HOME"); !dir.empty()) {
        return (fs::path(dir) / "latentlab").string();
    }
    if (std::string home = env("HOME"); !home.empty()) {
        return (fs::path(home) / ".cache" / "latentlab").string();
    }
    return {};
}

FolderCacheKey FolderCache::make_key(const std::string& root, const std::vector<std::string>& files,
                                     const std::string& settings) {
    FolderCacheKey key;
    std::error_code ec;
    fs::path absolute = fs::absolute(root, ec).lexically_normal();
    if (absolute.has_parent_path() && absolute.filename().empty()) {
        absolute = absolute.parent_path();  // "/data/pets/" and "/data/pets" are one folder
    }
    key.slot = "format " + std::to_string(kFormatVersion) + "\nopencv " CV_VERSION "\nfolder " + absolute.string() +
               "\n" + settings + "\n";

    const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    key.files.reserve(files.size() * 64);
    for (const std::string& path : files) {
        key.files += relative_to(root, path);
        key.files += '\0';
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) {
            key.files += "missing\n";  // the load skips it; it must still be missing for a hit
            continue;
        }
        const int64_t modified = nanoseconds(st.st_mtim);
        key.files += std::to_string(static_cast<int64_t>(st.st_size)) + ' ' + std::to_string(modified) + ' ' +
                     std::to_string(nanoseconds(st.st_ctim)) + '\n';
        if (modified > now - kSettleNanoseconds) {
            key.settled = false;
        }
    }
    return key;
}

std::string FolderCache::file_for(const FolderCacheKey& key) const {
    if (dir_.empty()) {
        return {};
    }
    char name[32];
    std::snprintf(name, sizeof name, "%016llx", static_cast<unsigned long long>(fnv1a(key.slot)));
    return (fs::path(dir_) / (name + std::string(kExtension))).string();
}

std::optional<Dataset> FolderCache::read(const FolderCacheKey& key, const std::string& root) const {
    const std::string path = file_for(key);
    if (path.empty()) {
        return std::nullopt;
    }
    try {
        File file(std::fopen(path.c_str(), "rb"));
        if (!file) {
            return std::nullopt;
        }
        struct stat st {};
        if (::fstat(fileno(file.get()), &st) != 0) {
            return std::nullopt;
        }
        const auto file_size = static_cast<uint64_t>(st.st_size);
        char magic[8];
        uint32_t version = 0;
        uint32_t byte_order = 0;
        if (!read_exact(file.get(), magic, 8) || std::memcmp(magic, kMagic, 8) != 0 ||
            !read_exact(file.get(), &version, 4) || version != kFormatVersion ||
            !read_exact(file.get(), &byte_order, 4) || byte_order != kByteOrder) {
            return std::nullopt;
        }
        // The key first: a changed folder misses before anything else is read.
        std::string slot;
        std::string files;
        std::string meta;
        uint64_t meta_sum = 0;
        if (!read_block(file.get(), file_size, slot) || slot != key.slot || !read_block(file.get(), file_size, files) ||
            files != key.files || !read_block(file.get(), file_size, meta) || !read_u64(file.get(), meta_sum) ||
            meta_sum != checksum(meta.data(), meta.size(), fnv1a(slot) ^ fnv1a(files))) {
            return std::nullopt;
        }

        Reader in(meta);
        Dataset dataset;
        dataset.name = root;
        dataset.channels = in.i64();
        dataset.height = in.i64();
        dataset.width = in.i64();
        const uint64_t classes = in.count(8);
        for (uint64_t i = 0; i < classes; ++i) {
            dataset.class_names.push_back(in.str());
        }
        // Each side checked alone first: their product must not overflow.
        const auto side_ok = [](int64_t v) { return v >= 1 && v <= (int64_t{1} << 16); };
        if (in.failed() || !side_ok(dataset.channels) || !side_ok(dataset.height) || !side_ok(dataset.width) ||
            dataset.channels * dataset.height * dataset.width > (int64_t{1} << 32)) {
            return std::nullopt;
        }
        const auto classes_count = static_cast<int64_t>(dataset.class_names.size());
        if (!read_split(in, root, classes_count, dataset.train) || !read_split(in, root, classes_count, dataset.test)) {
            return std::nullopt;
        }
        const uint64_t skipped = in.count(16);
        for (uint64_t i = 0; i < skipped; ++i) {
            SkippedFile file_info;
            file_info.path = joined(root, in.str());
            file_info.reason = in.str();
            dataset.skipped.push_back(std::move(file_info));
        }
        if (in.failed() || !in.at_end()) {
            return std::nullopt;
        }

        // The pixels, straight into the tensors, checked against their sum.
        const uint64_t row_bytes = static_cast<uint64_t>(dataset.channels * dataset.height * dataset.width);
        const uint64_t rows = static_cast<uint64_t>(dataset.train.labels.numel() + dataset.test.labels.numel());
        const auto position = static_cast<uint64_t>(std::ftell(file.get()));
        if (rows > file_size / row_bytes || position + rows * row_bytes + 8 != file_size) {
            return std::nullopt;
        }
        // Only now, with the file known to hold them: the rows' memory.
        for (ImageSet* set : {&dataset.train, &dataset.test}) {
            set->images =
                huge_page_images({set->labels.numel(), dataset.channels, dataset.height, dataset.width});
        }
        uint64_t images_sum = 0;
        for (ImageSet* set : {&dataset.train, &dataset.test}) {
            const size_t bytes = static_cast<size_t>(set->size()) * row_bytes;
            if (bytes == 0) {
                continue;
            }
            if (!read_exact(file.get(), set->images.data_ptr<uint8_t>(), bytes)) {
                return std::nullopt;
            }
            images_sum = checksum(set->images.data_ptr<uint8_t>(), bytes, images_sum);
        }
        uint64_t stored_sum = 0;
        if (!read_u64(file.get(), stored_sum) || stored_sum != images_sum) {
            return std::nullopt;
        }
        std::error_code ec;
        fs::last_write_time(path, fs::file_time_type::clock::now(), ec);  // recently used
        return dataset;
    } catch (const std::exception&) {  // bad_alloc for absurd sizes, c10::Error
        return std::nullopt;
    }
}

bool FolderCache::write(const FolderCacheKey& key, const std::string& root, const Dataset& dataset) const {
    const std::string path = file_for(key);
    if (path.empty() || !key.settled) {
        return false;
    }
    static std::atomic<uint64_t> counter{0};
    const std::string temporary =
        path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1));
    try {
        std::error_code ec;
        fs::create_directories(dir_, ec);
        if (ec) {
            return false;
        }
        Writer meta;
        meta.i64(dataset.channels);
        meta.i64(dataset.height);
        meta.i64(dataset.width);
        meta.u64(dataset.class_names.size());
        for (const std::string& name : dataset.class_names) {
            meta.str(name);
        }
        write_split(meta, root, dataset.train);
        write_split(meta, root, dataset.test);
        meta.u64(dataset.skipped.size());
        for (const SkippedFile& file : dataset.skipped) {
            meta.str(relative_to(root, file.path));
            meta.str(file.reason);
        }

        bool ok = false;
        {
            File file(std::fopen(temporary.c_str(), "wb"));
            if (!file) {
                return false;
            }
            std::FILE* f = file.get();
            const uint64_t meta_sum =
                checksum(meta.bytes().data(), meta.bytes().size(), fnv1a(key.slot) ^ fnv1a(key.files));
            const auto block = [f](const std::string& bytes) {
                const uint64_t n = bytes.size();
                return write_exact(f, &n, 8) && write_exact(f, bytes.data(), bytes.size());
            };
            ok = write_exact(f, kMagic, 8) && write_exact(f, &kFormatVersion, 4) && write_exact(f, &kByteOrder, 4) &&
                 block(key.slot) && block(key.files) && block(meta.bytes()) && write_exact(f, &meta_sum, 8);
            uint64_t images_sum = 0;
            for (const ImageSet* set : {&dataset.train, &dataset.test}) {
                if (!ok || set->size() == 0) {
                    continue;
                }
                const torch::Tensor images = set->images.contiguous();
                const size_t bytes = static_cast<size_t>(images.numel());
                ok = write_exact(f, images.data_ptr<uint8_t>(), bytes);
                images_sum = checksum(images.data_ptr<uint8_t>(), bytes, images_sum);
            }
            ok = ok && write_exact(f, &images_sum, 8) && std::fflush(f) == 0;
            ok = (std::fclose(file.release()) == 0) && ok;
        }
        if (ok) {
            fs::rename(temporary, path, ec);
            ok = !ec;
        }
        if (!ok) {
            fs::remove(temporary, ec);
            return false;
        }
        prune(dir_, path);
        return true;
    } catch (const std::exception&) {
        std::error_code ec;
        fs::remove(temporary, ec);
        return false;
    }
}

}  // namespace latentlab
