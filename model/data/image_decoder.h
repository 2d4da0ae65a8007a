#pragma once

#include "model/data/image_folder.h"

#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

// Reads one image file and writes it as options.channels planes of
// options.size x options.size bytes at `out` (center crop, alpha composited,
// resized). `bytes` is a buffer the caller reuses between files. Returns why
// the file cannot be used ("truncated image", ...), or an empty string.
// Checks the bytes before decoding: OpenCV accepts a truncated JPEG (the
// missing part comes out grey) and prints errors for other truncated formats.
std::string decode_image_file(const std::string& path, std::vector<uint8_t>& bytes,
                              const ImageFolderOptions& options, uint8_t* out);

// decode_image_file for a file's bytes already in memory (the fuzz harness's
// way in; the checks and the decoding are the same).
std::string decode_image_bytes(const std::vector<uint8_t>& bytes, const ImageFolderOptions& options, uint8_t* out);

}  // namespace latentlab
