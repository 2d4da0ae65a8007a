#include "model/store/checkpoint_file.h"

#include "model/base/error.h"
#include "model/base/input_limits.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <system_error>

namespace latentlab {

namespace {

constexpr char kMagic[8] = {'L', 'L', 'C', 'K', 'P', 'T', '\r', '\n'};
constexpr uint32_t kSealVersion = 1;

void put_le(std::string& out, uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

uint64_t get_le(const std::string& in, size_t at, int bytes) {
    uint64_t value = 0;
    for (int i = 0; i < bytes; ++i) value |= uint64_t{static_cast<unsigned char>(in[at + i])} << (8 * i);
    return value;
}

// zlib's crc32 takes at most 4 GiB a call.
uint32_t crc_of(const char* data, size_t size) {
    uLong crc = crc32(0L, Z_NULL, 0);
    while (size > 0) {
        const auto chunk = static_cast<uInt>(std::min<size_t>(size, size_t{1} << 30));
        crc = crc32(crc, reinterpret_cast<const Bytef*>(data), chunk);
        data += chunk;
        size -= chunk;
    }
    return static_cast<uint32_t>(crc);
}

std::string errno_text() { return std::error_code(errno, std::generic_category()).message(); }

}  // namespace

std::string seal_checkpoint(const std::string& archive) {
    std::string out(kMagic, sizeof kMagic);
    put_le(out, kSealVersion, 4);
    put_le(out, archive.size(), 8);
    put_le(out, crc_of(archive.data(), archive.size()), 4);
    out += archive;
    return out;
}

CheckpointPayload unseal_checkpoint(std::string bytes, const std::string& name) {
    CheckpointPayload payload;
    // A ZIP local file header: LibTorch's archive as checkpoints were before the seal.
    if (bytes.size() >= 4 && std::memcmp(bytes.data(), "PK\x03\x04", 4) == 0) {
        payload.archive = std::move(bytes);
        return payload;
    }
    if (bytes.size() < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        throw Error(name + " is not a LatentLab checkpoint or is damaged (it does not start as one)");
    if (bytes.size() < kCheckpointHeaderBytes) throw Error(name + " is damaged: it is cut short");
    const uint64_t version = get_le(bytes, 8, 4);
    if (version != kSealVersion)
        throw Error(name + " is damaged or was written by a newer LatentLab (checksum format " +
                    std::to_string(version) + ", this one reads 1)");
    const uint64_t length = get_le(bytes, 12, 8);
    const uint64_t held = bytes.size() - kCheckpointHeaderBytes;
    if (length != held)
        throw Error(name + " is damaged: it holds " + std::to_string(held) + " bytes after its header, which says " +
                    std::to_string(length) + (length > held ? " (it is cut short)" : ""));
    const auto expected = static_cast<uint32_t>(get_le(bytes, 20, 4));
    if (crc_of(bytes.data() + kCheckpointHeaderBytes, held) != expected)
        throw Error(name + " is damaged: checksum mismatch (its bytes changed after it was written)");
    bytes.erase(0, kCheckpointHeaderBytes);
    payload.archive = std::move(bytes);
    payload.checked = true;
    return payload;
}

CheckpointPayload read_checkpoint_file(const std::string& path) {
    struct Closer {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    errno = 0;
    std::unique_ptr<std::FILE, Closer> file(std::fopen(path.c_str(), "rb"));
    if (!file) throw Error("cannot read the checkpoint " + path + ": " + errno_text());
    long size = -1;
    if (std::fseek(file.get(), 0, SEEK_END) != 0 || (size = std::ftell(file.get())) < 0 ||
        std::fseek(file.get(), 0, SEEK_SET) != 0)
        throw Error("cannot read the checkpoint " + path + ": " + errno_text());
    if (size > limits::kCheckpointBytesMax)
        throw Error("cannot read the checkpoint " + path + ": it is " + std::to_string(size) +
                    " bytes, more than the limit of " + std::to_string(limits::kCheckpointBytesMax));
    std::string bytes(static_cast<size_t>(size), '\0');
    if (size > 0 && std::fread(bytes.data(), 1, bytes.size(), file.get()) != bytes.size())
        throw Error("cannot read the checkpoint " + path + ": " +
                    (std::ferror(file.get()) ? errno_text() : std::string("it shrank while read")));
    return unseal_checkpoint(std::move(bytes), "the checkpoint " + path);
}

}  // namespace latentlab
