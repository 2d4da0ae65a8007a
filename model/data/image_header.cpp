#include "model/data/image_header.h"

#include <cstring>

namespace latentlab {

namespace {

uint32_t be32(const uint8_t* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}
uint32_t le32(const uint8_t* p) {
    return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}
uint16_t le16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }

bool png_size(const std::vector<uint8_t>& b, ImageHeader* h) {
    // The IHDR chunk comes first: length 13, then width and height.
    if (b.size() < 24 || std::memcmp(&b[12], "IHDR", 4) != 0) return false;
    h->width = be32(&b[16]);
    h->height = be32(&b[20]);
    return true;
}

// The first frame header (SOFn) of a JPEG, walking the marker segments.
bool jpeg_size(const std::vector<uint8_t>& b, ImageHeader* h) {
    size_t pos = 2;
    while (pos + 4 <= b.size()) {
        if (b[pos] != 0xFF) return false;
        const uint8_t marker = b[pos + 1];
        if (marker == 0xFF) {  // fill byte
            ++pos;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {  // markers without a length
            pos += 2;
            continue;
        }
        if (marker == 0xD9 || marker == 0xDA) return false;  // image data before any frame header
        const size_t length = be16(&b[pos + 2]);
        const bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (frame) {
            if (pos + 9 > b.size()) return false;
            h->height = be16(&b[pos + 5]);
            h->width = be16(&b[pos + 7]);
            return true;
        }
        pos += 2 + length;
    }
    return false;
}

bool bmp_size(const std::vector<uint8_t>& b, ImageHeader* h) {
    if (b.size() < 26) return false;
    const uint32_t header_size = le32(&b[14]);
    if (header_size == 12) {
        h->width = le16(&b[18]);
        h->height = le16(&b[20]);
        return true;
    }
    h->width = static_cast<int32_t>(le32(&b[18]));
    const int64_t height = static_cast<int32_t>(le32(&b[22]));  // negative: rows top-down
    h->height = height < 0 ? -height : height;
    return true;
}

// The first image file directory's ImageWidth (256) and ImageLength (257).
bool tiff_size(const std::vector<uint8_t>& b, ImageHeader* h) {
    if (b.size() < 8) return false;
    const bool little = b[0] == 'I';
    const auto u16 = [&](size_t at) { return little ? le16(&b[at]) : be16(&b[at]); };
    const auto u32 = [&](size_t at) { return little ? le32(&b[at]) : be32(&b[at]); };
    if (u16(2) != 42) return false;  // BigTIFF (43) is not read
    const uint64_t ifd = u32(4);
    if (ifd + 2 > b.size()) return false;
    const uint64_t entries = u16(ifd);
    for (uint64_t i = 0; i < entries; ++i) {
        const uint64_t at = ifd + 2 + 12 * i;
        if (at + 12 > b.size()) return false;
        const uint16_t tag = u16(at);
        const uint16_t type = u16(at + 2);
        const int64_t value = type == 3 ? u16(at + 8) : type == 4 ? static_cast<int64_t>(u32(at + 8)) : -1;
        if (tag == 256) h->width = value;
        if (tag == 257) h->height = value;
    }
    return h->width > 0 && h->height > 0;
}

bool webp_size(const std::vector<uint8_t>& b, ImageHeader* h) {
    if (b.size() < 30) return false;
    if (std::memcmp(&b[12], "VP8X", 4) == 0) {  // extended: the canvas size, minus one, 24 bits each
        h->width = 1 + (b[24] | (b[25] << 8) | (b[26] << 16));
        h->height = 1 + (b[27] | (b[28] << 8) | (b[29] << 16));
        return true;
    }
    if (std::memcmp(&b[12], "VP8L", 4) == 0) {  // lossless: 14 bits each, minus one, after the 0x2F signature
        if (b[20] != 0x2F) return false;
        const uint32_t bits = le32(&b[21]);
        h->width = 1 + (bits & 0x3FFF);
        h->height = 1 + ((bits >> 14) & 0x3FFF);
        return true;
    }
    if (std::memcmp(&b[12], "VP8 ", 4) == 0) {  // lossy: after the frame tag and start code
        if (b[23] != 0x9D || b[24] != 0x01 || b[25] != 0x2A) return false;
        h->width = le16(&b[26]) & 0x3FFF;
        h->height = le16(&b[28]) & 0x3FFF;
        return true;
    }
    return false;
}

}  // namespace

ImageFormat sniff_image_format(const std::vector<uint8_t>& b) {
    static const uint8_t png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (b.size() >= 8 && std::memcmp(b.data(), png_signature, 8) == 0) return ImageFormat::png;
    if (b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return ImageFormat::jpeg;
    if (b.size() >= 2 && b[0] == 'B' && b[1] == 'M') return ImageFormat::bmp;
    if (b.size() >= 4 && ((b[0] == 'I' && b[1] == 'I') || (b[0] == 'M' && b[1] == 'M'))) return ImageFormat::tiff;
    if (b.size() >= 12 && std::memcmp(b.data(), "RIFF", 4) == 0 && std::memcmp(&b[8], "WEBP", 4) == 0)
        return ImageFormat::webp;
    return ImageFormat::unknown;
}

std::string read_image_header(const std::vector<uint8_t>& bytes, int64_t max_pixels, ImageHeader* header) {
    *header = ImageHeader();
    header->format = sniff_image_format(bytes);
    bool found = false;
    switch (header->format) {
        case ImageFormat::png: found = png_size(bytes, header); break;
        case ImageFormat::jpeg: found = jpeg_size(bytes, header); break;
        case ImageFormat::bmp: found = bmp_size(bytes, header); break;
        case ImageFormat::tiff: found = tiff_size(bytes, header); break;
        case ImageFormat::webp: found = webp_size(bytes, header); break;
        case ImageFormat::unknown: return "not a decodable image";  // only these five formats are decoded
    }
    if (!found) return "not a decodable image (no image size in its header)";
    if (header->width <= 0 || header->height <= 0) return "not a decodable image (its header gives no size)";
    if (header->width > max_pixels / header->height)
        return "image too large: " + std::to_string(header->width) + " x " + std::to_string(header->height) +
               " pixels, above the limit of " + std::to_string(max_pixels) + " pixels";
    return {};
}

}  // namespace latentlab
