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

namespace {

void write_split(Writer& out, const CacheSplit& split) {
    out.u64(split.rows.size());
    for (size_t i = 0; i < split.rows.size(); ++i) {
        out.i64(split.rows[i]);
        out.i64(split.labels[i]);
    }
    out.u64(split.paths.size());
    for (const std::string& path : split.paths) {
        out.str(path);
    }
}

bool read_split(Reader& in, int64_t total, int64_t classes, CacheSplit& split) {
    const uint64_t n = in.count(16);
    split.rows.resize(n);
    split.labels.resize(n);
    for (uint64_t i = 0; i < n; ++i) {
        split.rows[i] = in.i64();
        split.labels[i] = in.i64();
        if (split.rows[i] < 0 || split.rows[i] >= total || split.labels[i] < 0 || split.labels[i] >= classes) {
            return false;
        }
    }
    const uint64_t paths = in.count(8);
    if (paths != 0 && paths != n) {
        return false;
    }
    split.paths.reserve(paths);
    for (uint64_t i = 0; i < paths; ++i) {
        split.paths.push_back(in.str());
    }
    return !in.failed();
}

}  // namespace

std::string encode_meta(const CacheMeta& meta) {
    Writer out;
    out.i64(meta.channels);
    out.i64(meta.height);
    out.i64(meta.width);
    out.i64(meta.total);
    out.i64(meta.chunk_rows);
    out.u64(meta.class_names.size());
    for (const std::string& name : meta.class_names) {
        out.str(name);
    }
    write_split(out, meta.train);
    write_split(out, meta.test);
    out.u64(meta.skipped.size());
    for (const SkippedFile& file : meta.skipped) {
        out.str(file.path);
        out.str(file.reason);
    }
    return out.bytes();
}

bool decode_meta(const std::string& bytes, CacheMeta& meta) {
    Reader in(bytes);
    meta.channels = in.i64();
    meta.height = in.i64();
    meta.width = in.i64();
    meta.total = in.i64();
    meta.chunk_rows = in.i64();
    // Each side checked alone first: their product must not overflow.
    const auto side_ok = [](int64_t v) { return v >= 1 && v <= (int64_t{1} << 16); };
    if (in.failed() || !side_ok(meta.channels) || !side_ok(meta.height) || !side_ok(meta.width) ||
        meta.channels * meta.height * meta.width > (int64_t{1} << 32) || meta.total < 1 ||
        meta.total > (int64_t{1} << 40) || meta.chunk_rows < 1) {
        return false;
    }
    const uint64_t classes = in.count(8);
    for (uint64_t i = 0; i < classes; ++i) {
        meta.class_names.push_back(in.str());
    }
    const auto n_classes = static_cast<int64_t>(meta.class_names.size());
    if (in.failed() || !read_split(in, meta.total, n_classes, meta.train) ||
        !read_split(in, meta.total, n_classes, meta.test)) {
        return false;
    }
    const uint64_t skipped = in.count(16);
    for (uint64_t i = 0; i < skipped; ++i) {
        SkippedFile file;
        file.path = in.str();
        file.reason = in.str();
        meta.skipped.push_back(std::move(file));
    }
    return !in.failed() && in.at_end();
}

std::string encode_header(const std::string& slot, const std::string& files) {
    Writer out;
    out.str(slot);
    out.str(files);
    std::string header(kMagic, 8);
    header.append(reinterpret_cast<const char*>(&kFormatVersion), 4);
    header.append(reinterpret_cast<const char*>(&kByteOrder), 4);
    header += out.bytes();
    header.resize((header.size() + kAlign - 1) / kAlign * kAlign, '\0');
    return header;
}

uint64_t read_header(std::FILE* f, uint64_t file_size, std::string& slot, std::string& files) {
    char magic[8];
    uint32_t version = 0;
    uint32_t byte_order = 0;
    if (!read_exact(f, magic, 8) || std::memcmp(magic, kMagic, 8) != 0 || !read_exact(f, &version, 4) ||
        version != kFormatVersion || !read_exact(f, &byte_order, 4) || byte_order != kByteOrder ||
        !read_block(f, file_size, slot) || !read_block(f, file_size, files)) {
        return 0;
    }
    const auto end = static_cast<uint64_t>(ftello(f));
    return (end + kAlign - 1) / kAlign * kAlign;
}

uint64_t meta_seed(const std::string& slot, const std::string& files) { return fnv1a(slot) ^ fnv1a(files); }

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
