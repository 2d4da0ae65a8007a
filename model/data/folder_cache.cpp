#include "model/data/folder_cache.h"

#include "model/data/folder_cache_format.h"
#include "model/data/mapped_images.h"

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

constexpr const char* kExtension = ".llfc";
// A file modified less than this long before the scan is not cached (see
// FolderCacheKey::settled); covers file systems with 2-second timestamps.
constexpr int64_t kSettleNanoseconds = 3'000'000'000;

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

void FolderCache::prune(const std::string& keep) const {
    const std::string& dir = dir_;
    if (dir.empty()) {
        return;
    }
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
        if (name.find(std::string(kExtension) + ".part") != std::string::npos) {
            if (now - time > std::chrono::hours(24 * 7)) {
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


bool pixels_mapped(PixelStorage storage, uint64_t bytes) {
    if (storage != PixelStorage::Automatic) {
        return storage == PixelStorage::Mapped;
    }
    if (const char* chosen = std::getenv("LATENTLAB_PIXELS")) {
        if (std::strcmp(chosen, "mapped") == 0) return true;
        if (std::strcmp(chosen, "memory") == 0) return false;
    }
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long page = ::sysconf(_SC_PAGE_SIZE);
    const uint64_t memory = pages > 0 && page > 0 ? static_cast<uint64_t>(pages) * static_cast<uint64_t>(page) : 0;
    uint64_t limit = uint64_t{1} << 30;
    if (memory > 0) {
        limit = std::min(limit, memory / 4);
    }
    return bytes > limit;
}

std::optional<Dataset> FolderCache::read(const FolderCacheKey& key, const std::string& root,
                                         PixelStorage storage, std::string* damage) const {
    const std::string path = file_for(key);
    if (path.empty()) {
        return std::nullopt;
    }
    std::optional<Dataset> dataset = read_file(path, &key, root, storage, damage);
    if (dataset) {
        std::error_code ec;
        fs::last_write_time(path, fs::file_time_type::clock::now(), ec);  // recently used
    }
    return dataset;
}

std::optional<Dataset> FolderCache::read_file(const std::string& path, const FolderCacheKey* key,
                                              const std::string& root, PixelStorage storage, std::string* damage) {
    // Past the key, a file that does not read is a damaged one of this folder.
    bool ours = false;
    const auto refuse = [&](const char* why) -> std::optional<Dataset> {
        if (ours && damage) *damage = why;
        return std::nullopt;
    };
    try {
        File file(std::fopen(path.c_str(), "rb"));
        if (!file) {
            return std::nullopt;
        }
        std::FILE* f = file.get();
        struct stat st {};
        if (::fstat(fileno(f), &st) != 0) {
            return std::nullopt;
        }
        const auto file_size = static_cast<uint64_t>(st.st_size);
        // The key first: a changed folder misses before anything else is read.
        std::string slot;
        std::string files;
        const uint64_t pixels_at = read_header(f, file_size, slot, files);
        if (pixels_at == 0 || (key && (slot != key->slot || files != key->files))) {
            return std::nullopt;
        }
        ours = true;
        if (file_size < pixels_at + 8 + 16 + kFooterBytes) {
            return refuse("unfinished or cut short (no footer)");
        }
        const uint64_t seed = meta_seed(slot, files);
        files = {};  // as large as the folder's file list
        // The footer: only a finished build has it.
        uint64_t meta_at = 0;
        char done[8];
        if (fseeko(f, static_cast<off_t>(file_size - kFooterBytes), SEEK_SET) != 0 || !read_u64(f, meta_at) ||
            !read_exact(f, done, 8) || std::memcmp(done, kDoneMagic, 8) != 0 || meta_at < pixels_at ||
            meta_at > file_size - kFooterBytes - 24) {
            return refuse("unfinished or cut short (no footer)");
        }
        std::string meta_bytes;
        uint64_t meta_sum = 0;
        uint64_t pixels_sum = 0;
        CacheMeta meta;
        if (fseeko(f, static_cast<off_t>(meta_at), SEEK_SET) != 0 || !read_block(f, file_size, meta_bytes) ||
            !read_u64(f, meta_sum) || !read_u64(f, pixels_sum) ||
            static_cast<uint64_t>(ftello(f)) != file_size - kFooterBytes ||
            meta_sum != checksum(meta_bytes.data(), meta_bytes.size(), seed) || !decode_meta(meta_bytes, meta)) {
            return refuse("its metadata does not match its checksum");
        }
        meta_bytes = {};
        const uint64_t row_bytes = meta.row_bytes();
        const auto total = static_cast<uint64_t>(meta.total);
        if (total > (meta_at - pixels_at) / row_bytes || total * row_bytes != meta_at - pixels_at) {
            return refuse("its size does not match its images");
        }

        // Every pixel checked against its sum, a chunk at a time as the build
        // summed them (read, not mapped: the kernel reads ahead, and the
        // program's memory holds one chunk).
        const uint64_t chunk_bytes = static_cast<uint64_t>(meta.chunk_rows) * row_bytes;
        if (meta.chunk_rows > meta.total || chunk_bytes > (uint64_t{1} << 30)) {
            return refuse("its chunk size is out of range");
        }
        std::vector<uint8_t> chunk(static_cast<size_t>(chunk_bytes));
        uint64_t sum = 0;
        if (fseeko(f, static_cast<off_t>(pixels_at), SEEK_SET) != 0) {
            return refuse("it is shorter than its images");
        }
        for (uint64_t begin = 0; begin < total * row_bytes; begin += chunk_bytes) {
            const uint64_t bytes = std::min(chunk_bytes, total * row_bytes - begin);
            if (!read_exact(f, chunk.data(), bytes)) {
                return refuse("it is shorter than its images");
            }
            sum = checksum(chunk.data(), bytes, sum);
        }
        if (sum != pixels_sum) {
            return refuse("its pixels do not match their checksum");
        }
        file.reset();
        chunk = {};

        Dataset dataset;
        dataset.name = root;
        dataset.channels = meta.channels;
        dataset.height = meta.height;
        dataset.width = meta.width;
        dataset.class_names = std::move(meta.class_names);
        for (SkippedFile& skipped : meta.skipped) {
            dataset.skipped.push_back({joined(root, skipped.path), std::move(skipped.reason)});
        }
        const auto mapped = MappedFile::open(path);
        if (mapped->size() != file_size) {
            return refuse("it was replaced while being read");
        }
        const uint64_t kept = meta.train.rows.size() + meta.test.rows.size();
        const bool keep_mapped = pixels_mapped(storage, kept * row_bytes);
        const std::pair<ImageSet*, CacheSplit*> splits[] = {{&dataset.train, &meta.train}, {&dataset.test, &meta.test}};
        for (const auto& [set, split] : splits) {
            const auto n = static_cast<int64_t>(split->rows.size());
            set->labels = torch::tensor(split->labels, torch::kLong);
            set->paths.reserve(split->paths.size());
            for (const std::string& relative : split->paths) {
                set->paths.push_back(joined(root, relative));
            }
            split->paths = {};
            if (keep_mapped) {
                set->on_disk = std::make_shared<MappedImages>(mapped, pixels_at, meta.channels, meta.height,
                                                              meta.width, torch::tensor(split->rows, torch::kLong));
                continue;
            }
            set->images = huge_page_images({n, meta.channels, meta.height, meta.width});
            uint8_t* to = set->images.data_ptr<uint8_t>();
            const uint8_t* pixels = mapped->data() + pixels_at;
            for (int64_t i = 0; i < n; ++i) {
                std::memcpy(to + static_cast<uint64_t>(i) * row_bytes,
                            pixels + static_cast<uint64_t>(split->rows[static_cast<size_t>(i)]) * row_bytes, row_bytes);
            }
        }
        return dataset;
    } catch (const std::exception&) {  // bad_alloc for absurd sizes, c10::Error, a file that cannot be mapped
        return refuse("it could not be read into memory or mapped");
    }
}

}  // namespace latentlab
