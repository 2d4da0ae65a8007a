#include "model/data/folder_cache_format.h"

#include "model/data/folder_cache.h"

#include <filesystem>

namespace latentlab::cache_format {

namespace {

namespace fs = std::filesystem;

uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

uint64_t mix(uint64_t x) {  // splitmix64's finaliser
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

}  // namespace

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

bool read_split(Reader& in, const std::string& root, int64_t classes, ImageSet& set) {
    const uint64_t n = in.count(8);
    std::vector<int64_t> labels(n);
    for (int64_t& label : labels) {
        label = in.i64();
        if (label < 0 || label >= classes) {  // an index into class_names
            return false;
        }
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
    set.labels = torch::tensor(labels, torch::kLong);
    return true;
}


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

}  // namespace latentlab::cache_format
