#pragma once

#include <string>

namespace latentlab {

// Writes `bytes` to `path` whole or not at all: into a temporary file beside
// it, flushed to the disk, then renamed over `path`. A crash or a full disk
// leaves the previous file as it was. Throws latentlab::Error naming the file.
void write_file_atomically(const std::string& path, const std::string& bytes);

}  // namespace latentlab
