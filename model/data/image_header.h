#pragma once

// What an image file's header says about its size, read without decoding it:
// the pixel limit (limits::kImagePixelsMax) is checked here, before a decoder
// allocates what a file claims (a small PNG can claim 100,000 x 100,000).

#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

enum class ImageFormat { png, jpeg, bmp, tiff, webp, unknown };

// The format the bytes start as (not the file name's extension).
ImageFormat sniff_image_format(const std::vector<uint8_t>& bytes);

struct ImageHeader {
    ImageFormat format = ImageFormat::unknown;
    int64_t width = 0;
    int64_t height = 0;
};

// Reads the width and height from the header of a PNG, JPEG, BMP, TIFF or
// WebP file. Returns why the file cannot be decoded (an unsupported format, a
// header without a size, more pixels than `max_pixels`), or an empty string.
std::string read_image_header(const std::vector<uint8_t>& bytes, int64_t max_pixels, ImageHeader* header);

}  // namespace latentlab
