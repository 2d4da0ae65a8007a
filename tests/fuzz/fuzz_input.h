#pragma once

// Shared by the fuzz harnesses: the libFuzzer entry point's signature, and a
// scratch file for readers that take a path.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace latentlab::fuzz {

// A file in the temporary folder, one per process and harness, holding the
// input's bytes; readers that take a path read it.
inline std::string scratch_file(const char* harness, const uint8_t* data, size_t size,
                                const char* suffix = "") {
    const char* tmp = std::getenv("TMPDIR");
    const std::string path = std::string(tmp && *tmp ? tmp : "/tmp") + "/latentlab-fuzz-" + harness + "-" +
                             std::to_string(::getpid()) + suffix;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
}

}  // namespace latentlab::fuzz
