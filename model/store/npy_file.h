#pragma once

// NumPy's .npy format, version 1.0, for float32 matrices: what
// `numpy.load` reads. The header is a Python dict literal padded with spaces
// to a multiple of 64 bytes and ended by a newline.

#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

struct NpyMatrix {
    int64_t rows = 0, cols = 0;
    std::vector<float> values;  // row by row
};

// The file's bytes: magic, version 1.0, header length (little endian), header, data.
std::string npy_bytes(const NpyMatrix& matrix);
// Written whole or not at all.
void write_npy(const std::string& path, const NpyMatrix& matrix);

// Reads what npy_bytes writes (little-endian float32, C order, 2-D). Throws
// latentlab::Error for anything else.
NpyMatrix parse_npy(const std::string& bytes);

}  // namespace latentlab
