#pragma once

// The outer layer of a checkpoint file: a short header and a CRC-32 over the
// whole LibTorch archive inside it. LibTorch does not check its archive's own
// checksums, so without this a flipped byte that still decodes to finite
// weights would load silently. Free of LibTorch, so it is fuzzed on its own.
//
// Layout (little-endian): 8 bytes "LLCKPT\r\n", u32 seal version (1),
// u64 payload length, u32 CRC-32 of the payload, then the payload (the
// archive). The header's fields are in the length check or the CRC's reach:
// any changed byte of the file is refused.

#include <cstdint>
#include <string>

namespace latentlab {

inline constexpr size_t kCheckpointHeaderBytes = 24;

// The file's bytes for an archive's bytes.
std::string seal_checkpoint(const std::string& archive);

struct CheckpointPayload {
    std::string archive;   // the LibTorch archive's bytes
    bool checked = false;  // false: a file from before the seal, taken as it is
};

// The archive inside a checkpoint file's bytes. A bare LibTorch archive
// (a checkpoint written before the seal existed) comes back unchecked.
// Throws latentlab::Error ("damaged: checksum mismatch", ...) for anything
// else; `name` is how the message names the file.
CheckpointPayload unseal_checkpoint(std::string bytes, const std::string& name);

// unseal_checkpoint of the file at `path`; refuses a file larger than
// limits::kCheckpointBytesMax before reading it.
CheckpointPayload read_checkpoint_file(const std::string& path);

}  // namespace latentlab
