#include "model/folder_cache.h"

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

// Bump when the file layout or the decoding changes: old files then miss.
constexpr uint32_t kFormatVersion = 1;
constexpr char kMagic[8] = {'L', 'L', 'F', 'O', 'L', 'D', 'E', 'R'};
constexpr uint32_t kByteOrder = 0x01020304;
constexpr const char* kExtension = ".llfc";
// A file modified less than this long before the scan is not cached (see
// FolderCacheKey::settled); covers file systems with 2-second timestamps.
constexpr int64_t kSettleNanoseconds = 3'000'000'000;

uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

uint64_t mix(uint64_t x) {  // splitmix64's finaliser
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// A fast checksum against damaged files (not against tampering): four
// independent lanes over 8-byte words, so 250 MB take a few tens of ms.
uint64_t checksum(const void* data, size_t size, uint64_t seed) {
    constexpr uint64_t k = 0x9E3779B97F4A7C15ull;
    const auto* p = static_cast<const uint8_t*>(data);
    uint64_t lane[4] = {seed ^ 0x243F6A8885A308D3ull, seed ^ 0x13198A2E03707344ull, seed ^ 0xA4093822299F31D0ull,
                        seed ^ 0x082EFA98EC4E6C89ull};
    size_t i = 0;
    for (; i + 32 <= size; i += 32) {
        for (int l = 0; l < 4; ++l) {
            uint64_t word;
            std::memcpy(&word, p + i + 8 * l, 8);
            lane[l] = rotl(lane[l] ^ word, 29) * k;
        }
    }
    for (; i < size; ++i) {
        lane[i % 4] = rotl(lane[i % 4] ^ p[i], 29) * k;
    }
    return mix(lane[0] ^ rotl(lane[1], 17) ^ rotl(lane[2], 31) ^ rotl(lane[3], 47) ^ size);
}

uint64_t fnv1a(const std::string& text) {
    uint64_t h = 0xCBF29CE484222325ull;
    for (const unsigned char c : text) {
        h = (h ^ c) * 0x100000001B3ull;
    }
    return h;
}

// ---- Metadata as bytes ------------------------------------------------------

class Writer {
public:
    void u64(uint64_t v) { bytes_.append(reinterpret_cast<const char*>(&v), sizeof v); }
    void i64(int64_t v) { u64(static_cast<uint64_t>(v)); }
    void str(const std::string& s) {
        u64(s.size());
        bytes_ += s;
    }
    const std::string& bytes() const { return bytes_; }

private:
    std::string bytes_;
};

// Reads what Writer wrote; any read past the end sets failed().
class Reader {
public:
    explicit Reader(const std::string& bytes) : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}
    uint64_t u64() {
        uint64_t v = 0;
        if (end_ - p_ < 8) {
            failed_ = true;
            return 0;
        }
        std::memcpy(&v, p_, 8);
        p_ += 8;
        return v;
    }
    int64_t i64() { return static_cast<int64_t>(u64()); }
    std::string str() {
        const uint64_t n = u64();
        if (failed_ || n > static_cast<uint64_t>(end_ - p_)) {
            failed_ = true;
            return {};
        }
        std::string s(p_, n);
        p_ += n;
        return s;
    }
    // A count of items that take at least `item_bytes` each: bounded by what is left.
    uint64_t count(uint64_t item_bytes) {
        const uint64_t n = u64();
        if (failed_ || n > static_cast<uint64_t>(end_ - p_) / std::max<uint64_t>(item_bytes, 1)) {
            failed_ = true;
            return 0;
        }
        return n;
    }
    bool failed() const { return failed_; }
    bool at_end() const { return p_ == end_; }

private:
    const char* p_;
    const char* end_;
    bool failed_ = false;
};

// `path` below `root` as stored in the cache, so the same folder named
// another way ("pets", "./pets/", its absolute path) shares one key.
std::string relative_to(const std::string& root, const std::string& path) {
    if (path.size() > root.size() && path.compare(0, root.size(), root) == 0) {
        size_t start = root.size();
        while (start < path.size() && path[start] == '/') {
            ++start;
        }
        return path.substr(start);
    }
    return fs::path(path).lexically_relative(root).string();
}

std::string joined(const std::string& root, const std::string& relative) {
    return (fs::path(root) / relative).string();
}

int64_t nanoseconds(const timespec& t) { return static_cast<int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec; }

void write_split(Writer& out, const std::string& root, const ImageSet& set) {
    const int64_t n = set.size();
    out.i64(n);
    if (n == 0) {
        return;
    }
    const torch::Tensor labels = set.labels.to(torch::kLong).contiguous();
    const int64_t* label = labels.data_ptr<int64_t>();
    for (int64_t i = 0; i < n; ++i) {
        out.i64(label[i]);
    }
    out.u64(set.paths.size());
    for (const std::string& path : set.paths) {
        out.str(relative_to(root, path));
    }
}

bool read_split(Reader& in, const std::string& root, int64_t row_shape[3], ImageSet& set) {
    const uint64_t n = in.count(8);
    std::vector<int64_t> labels(n);
    for (int64_t& label : labels) {
        label = in.i64();
    }
    if (n > 0) {
        const uint64_t paths = in.count(8);
        if (paths != 0 && paths != n) {
            return false;
        }
        set.paths.reserve(paths);
        for (uint64_t i = 0; i < paths; ++i) {
            set.paths.push_back(joined(root, in.str()));
        }
    }
    if (in.failed()) {
        return false;
    }
    set.images = huge_page_images({static_cast<int64_t>(n), row_shape[0], row_shape[1], row_shape[2]});
    set.labels = torch::tensor(labels, torch::kLong);
    return true;
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

bool read_exact(std::FILE* f, void* data, size_t size) { return size == 0 || std::fread(data, 1, size, f) == size; }
bool write_exact(std::FILE* f, const void* data, size_t size) {
    return size == 0 || std::fwrite(data, 1, size, f) == size;
}

bool read_u64(std::FILE* f, uint64_t& v) { return read_exact(f, &v, sizeof v); }

// Reads a length-prefixed block of at most `limit` bytes.
bool read_block(std::FILE* f, uint64_t limit, std::string& block) {
    uint64_t n = 0;
    if (!read_u64(f, n) || n > limit) {
        return false;
    }
    block.resize(n);
    return read_exact(f, block.data(), n);
}

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
        if (in.failed() || dataset.channels < 1 || dataset.height < 1 || dataset.width < 1 ||
            dataset.channels * dataset.height * dataset.width > (int64_t{1} << 32)) {
            return std::nullopt;
        }
        int64_t row_shape[3] = {dataset.channels, dataset.height, dataset.width};
        if (!read_split(in, root, row_shape, dataset.train) || !read_split(in, root, row_shape, dataset.test)) {
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
        const uint64_t rows = static_cast<uint64_t>(dataset.train.size() + dataset.test.size());
        const auto position = static_cast<uint64_t>(std::ftell(file.get()));
        if (rows > file_size / row_bytes || position + rows * row_bytes + 8 != file_size) {
            return std::nullopt;
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
