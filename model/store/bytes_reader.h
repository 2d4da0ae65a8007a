#pragma once

// LibTorch's archive reader over bytes already in memory, so an archive is
// read once (and checked) before LibTorch looks at it.

#include <caffe2/serialize/read_adapter_interface.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

namespace latentlab {

class BytesReader : public caffe2::serialize::ReadAdapterInterface {
public:
    // `bytes` must outlive the reader.
    explicit BytesReader(const std::string& bytes) : bytes_(bytes) {}
    size_t size() const override { return bytes_.size(); }
    size_t read(uint64_t pos, void* buf, size_t n, const char*) const override {
        if (pos >= bytes_.size()) return 0;
        n = std::min<size_t>(n, bytes_.size() - static_cast<size_t>(pos));
        std::memcpy(buf, bytes_.data() + pos, n);
        return n;
    }

private:
    const std::string& bytes_;
};

}  // namespace latentlab
