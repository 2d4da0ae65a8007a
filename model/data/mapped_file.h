#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace latentlab {

// A whole file mapped read-only into memory. The pages are the operating
// system's page cache, not the program's own memory: they count as file-backed
// resident memory, which the kernel drops under pressure and reads again when
// touched. The mapping stays valid after the file is renamed or removed, so a
// cache file replaced or pruned meanwhile does not pull it away.
class MappedFile {
public:
    // Throws latentlab::Error naming the file when it cannot be opened or mapped.
    static std::shared_ptr<const MappedFile> open(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const uint8_t* data() const { return data_; }
    uint64_t size() const { return size_; }
    const std::string& path() const { return path_; }

private:
    MappedFile(std::string path, const uint8_t* data, uint64_t size)
        : path_(std::move(path)), data_(data), size_(size) {}

    std::string path_;
    const uint8_t* data_;
    uint64_t size_;
};

}  // namespace latentlab
