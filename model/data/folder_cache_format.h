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

void write_split(Writer& out, const std::string& root, const ImageSet& set);

// Reads a split's labels (each below `classes`) and paths; the images are
// allocated by the caller once the file is known to hold them.
bool read_split(Reader& in, const std::string& root, int64_t classes, ImageSet& set);

bool read_exact(std::FILE* f, void* data, size_t size);

bool write_exact(std::FILE* f, const void* data, size_t size);

bool read_u64(std::FILE* f, uint64_t& v);

// Reads a length-prefixed block of at most `limit` bytes.
bool read_block(std::FILE* f, uint64_t limit, std::string& block);

}  // namespace latentlab::cache_format
