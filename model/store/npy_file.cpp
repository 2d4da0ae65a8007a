#include "model/store/npy_file.h"

#include "model/base/error.h"
#include "model/store/atomic_file.h"

#include <cstring>
#include <regex>

namespace latentlab {

namespace {

const char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;
constexpr size_t kPrelude = kMagicSize + 2 + 2;  // magic, version, header length

bool littleEndian() {
    const uint16_t one = 1;
    uint8_t first = 0;
    std::memcpy(&first, &one, 1);
    return first == 1;
}

}  // namespace

std::string npy_bytes(const NpyMatrix& matrix) {
    if (static_cast<int64_t>(matrix.values.size()) != matrix.rows * matrix.cols)
        throw Error("the matrix holds " + std::to_string(matrix.values.size()) + " values, not rows x cols");
    if (!littleEndian()) throw Error("writing .npy files needs a little-endian machine");
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(matrix.rows) + ", " +
                         std::to_string(matrix.cols) + "), }";
    // Spaces, then a newline, so the data starts at a multiple of 64 bytes.
    const size_t total = (kPrelude + header.size() + 1 + 63) / 64 * 64;
    header.append(total - kPrelude - header.size() - 1, ' ');
    header += '\n';
    if (header.size() > 65535) throw Error("the .npy header is too long");
    std::string bytes(kMagic, kMagicSize);
    bytes += '\x01';
    bytes += '\x00';
    bytes += static_cast<char>(header.size() & 0xff);
    bytes += static_cast<char>(header.size() >> 8);
    bytes += header;
    const size_t data = matrix.values.size() * sizeof(float);
    const size_t start = bytes.size();
    bytes.resize(start + data);
    if (data > 0) std::memcpy(&bytes[start], matrix.values.data(), data);
    return bytes;
}

void write_npy(const std::string& path, const NpyMatrix& matrix) { write_file_atomically(path, npy_bytes(matrix)); }

NpyMatrix parse_npy(const std::string& bytes) {
    if (bytes.size() < kPrelude || bytes.compare(0, kMagicSize, kMagic, kMagicSize) != 0)
        throw Error("not a .npy file (no \\x93NUMPY magic)");
    if (bytes[6] != 1) throw Error("only version 1 .npy files are read");
    const size_t length = static_cast<uint8_t>(bytes[8]) | (static_cast<size_t>(static_cast<uint8_t>(bytes[9])) << 8);
    if (bytes.size() < kPrelude + length) throw Error("the .npy header is cut short");
    const std::string header = bytes.substr(kPrelude, length);
    std::smatch m;
    if (!std::regex_search(header, std::regex("'descr':\\s*'<f4'")) ||
        !std::regex_search(header, std::regex("'fortran_order':\\s*False")) ||
        !std::regex_search(header, m, std::regex("'shape':\\s*\\((\\d+),\\s*(\\d+),?\\)")))
        throw Error("only 2-D little-endian float32 .npy files in C order are read");
    NpyMatrix matrix;
    matrix.rows = std::stoll(m[1].str());
    matrix.cols = std::stoll(m[2].str());
    const size_t data = static_cast<size_t>(matrix.rows * matrix.cols) * sizeof(float);
    if (bytes.size() != kPrelude + length + data) throw Error("the .npy data does not match its shape");
    matrix.values.resize(static_cast<size_t>(matrix.rows * matrix.cols));
    if (data > 0) std::memcpy(matrix.values.data(), bytes.data() + kPrelude + length, data);
    return matrix;
}

}  // namespace latentlab
