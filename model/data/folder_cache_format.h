#pragma once

// The byte layout of the folder cache's files (folder_cache.cpp): metadata
// encoded as little blocks of 64-bit words and strings, the images as raw
// rows, a checksum against damaged files. Internal to the folder cache.

#include "model/data/dataset.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

namespace latentlab::cache_format {

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

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

// A fast checksum against damaged files (not against tampering): four
// independent lanes over 8-byte words, so 250 MB take a few tens of ms.
uint64_t checksum(const void* data, size_t size, uint64_t seed);

uint64_t fnv1a(const std::string& text);

// `path` below `root` as stored in the cache, so the same folder named
// another way ("pets", "./pets/", its absolute path) shares one key.
std::string relative_to(const std::string& root, const std::string& path);

std::string joined(const std::string& root, const std::string& relative);

int64_t nanoseconds(const timespec& t);

// The file's layout (version 2), in order:
//   header   magic, version, byte order, the key's slot and files (blocks),
//            zero bytes up to a multiple of kAlign
//   pixels   `total` rows of C*H*W bytes, one per scanned file in load order
//            (a file that could not be read leaves a row of zeros)
//   meta     a block (CacheMeta), its checksum, the pixels' checksum
//   footer   the meta's offset, kDoneMagic
// A build writes the header and the pixels a chunk at a time into a ".part"
// file, appends meta and footer last and renames: a file without the footer
// is never read as complete.
constexpr uint32_t kFormatVersion = 2;
constexpr char kMagic[8] = {'L', 'L', 'F', 'O', 'L', 'D', 'E', 'R'};
constexpr char kDoneMagic[8] = {'L', 'L', 'F', 'C', 'D', 'O', 'N', 'E'};
constexpr uint32_t kByteOrder = 0x01020304;
constexpr uint64_t kAlign = 4096;
constexpr uint64_t kFooterBytes = 16;

// What the meta block holds: each split as rows of the pixels, in the split's order.
struct CacheSplit {
    std::vector<int64_t> rows;
    std::vector<int64_t> labels;
    std::vector<std::string> paths;  // relative to the folder
};

struct CacheMeta {
    int64_t channels = 0, height = 0, width = 0;
    int64_t total = 0;       // rows of pixels
    int64_t chunk_rows = 0;  // the pixels' checksum runs over chunks of this many rows
    std::vector<std::string> class_names;
    CacheSplit train, test;
    std::vector<SkippedFile> skipped;  // paths relative to the folder

    uint64_t row_bytes() const { return static_cast<uint64_t>(channels * height * width); }
};

std::string encode_meta(const CacheMeta& meta);
// False for anything inconsistent: a label past the classes, a row past `total`, a bad size.
bool decode_meta(const std::string& bytes, CacheMeta& meta);

// The header for `slot` and `files`, padded: its size is the pixels' offset.
std::string encode_header(const std::string& slot, const std::string& files);

// Reads a header; returns the pixels' offset, or 0 when it is not one of ours.
uint64_t read_header(std::FILE* f, uint64_t file_size, std::string& slot, std::string& files);

// The seed of the meta block's checksum, tied to the key.
uint64_t meta_seed(const std::string& slot, const std::string& files);

bool read_exact(std::FILE* f, void* data, size_t size);

bool write_exact(std::FILE* f, const void* data, size_t size);

bool read_u64(std::FILE* f, uint64_t& v);

// Reads a length-prefixed block of at most `limit` bytes.
bool read_block(std::FILE* f, uint64_t limit, std::string& block);

}  // namespace latentlab::cache_format
