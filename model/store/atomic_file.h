#pragma once

#include <string>

namespace latentlab {

// Writes `bytes` to `path` whole or not at all: into a temporary file beside
// it, flushed to the disk, then renamed over `path`. A crash or a full disk
// leaves the previous file as it was. Throws latentlab::Error naming the file.
void write_file_atomically(const std::string& path, const std::string& bytes);

// For tests of a full disk: while $LATENTLAB_TEST_FULL_DISK is "FOLDER" or
// "FOLDER@N", every write_file_atomically into FOLDER (after the first N of
// the process) fails as a full disk does (ENOSPC), after creating its
// temporary file, and leaves the previous file alone.
inline constexpr const char* kFullDiskVariable = "LATENTLAB_TEST_FULL_DISK";

}  // namespace latentlab
