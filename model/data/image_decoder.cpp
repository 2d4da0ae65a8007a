#include "model/data/image_decoder.h"

#include "model/base/input_limits.h"
#include "model/data/image_header.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace latentlab {

namespace {

// ---- Checks on the raw bytes, before a decoder sees them --------------------

uint32_t read_be32(const uint8_t* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

uint32_t read_le32(const uint8_t* p) {
    return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

uint16_t read_le16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }

// libpng refuses a PNG cut short but prints "libpng error" on stderr first;
// walking the chunks to IEND finds the cut without involving it.
bool png_complete(const std::vector<uint8_t>& bytes) {
    size_t pos = 8;
    while (pos + 12 <= bytes.size()) {
        const uint32_t length = read_be32(&bytes[pos]);
        if (length > 0x7FFFFFFFu) {
            return false;
        }
        if (std::memcmp(&bytes[pos + 4], "IEND", 4) == 0) {
            return true;
        }
        pos += 12 + size_t{length};
    }
    return false;
}

// libjpeg decodes a JPEG cut short without error: the missing part comes out
// grey. So the end-of-image marker must be there (zero padding after it is
// common and harmless).
bool jpeg_complete(const std::vector<uint8_t>& bytes) {
    size_t end = bytes.size();
    while (end > 0 && bytes[end - 1] == 0) {
        --end;
    }
    return end >= 4 && bytes[end - 2] == 0xFF && bytes[end - 1] == 0xD9;
}

// OpenCV refuses a BMP cut short but prints the exception on stderr first.
// Only uncompressed pixel data has a size that can be checked.
bool bmp_complete(const std::vector<uint8_t>& bytes) {
    if (bytes.size() < 26) {
        return false;
    }
    const uint64_t data_offset = read_le32(&bytes[10]);
    const uint32_t header_size = read_le32(&bytes[14]);
    int64_t width = 0;
    int64_t height = 0;
    uint32_t bits = 0;
    uint32_t compression = 0;
    if (header_size == 12) {
        width = read_le16(&bytes[18]);
        height = read_le16(&bytes[20]);
        bits = read_le16(&bytes[24]);
    } else if (header_size >= 40 && bytes.size() >= 34) {
        width = static_cast<int32_t>(read_le32(&bytes[18]));
        height = static_cast<int32_t>(read_le32(&bytes[22]));
        bits = read_le16(&bytes[28]);
        compression = read_le32(&bytes[30]);
    } else {
        return true;  // unknown header: let the decoder judge
    }
    const bool uncompressed = compression == 0 || compression == 3;  // BI_RGB, BI_BITFIELDS
    if (!uncompressed || width <= 0 || bits == 0 || bits > 32) {
        return true;
    }
    const uint64_t stride = (static_cast<uint64_t>(width) * bits + 31) / 32 * 4;
    const uint64_t rows = static_cast<uint64_t>(height < 0 ? -height : height);
    return bytes.size() >= data_offset + stride * rows;
}

// ---- Decoding one file into its row of the image tensor ---------------------

std::string read_file(const std::string& path, std::vector<uint8_t>& bytes) {
    const auto error_text = [] { return std::error_code(errno, std::generic_category()).message(); };
    errno = 0;
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) {
        return "cannot read file: " + error_text();
    }
    std::string error;
    long size = -1;
    if (std::fseek(file, 0, SEEK_END) != 0 || (size = std::ftell(file)) < 0 ||
        std::fseek(file, 0, SEEK_SET) != 0) {
        error = "cannot read file: " + error_text();
    } else if (size > limits::kImageFileBytesMax) {
        error = "file too large: " + std::to_string(size) + " bytes, above the limit of " +
                std::to_string(limits::kImageFileBytesMax);
    } else {
        bytes.resize(static_cast<size_t>(size));
        if (size > 0 && std::fread(bytes.data(), 1, bytes.size(), file) != bytes.size()) {
            error = "cannot read file: " +
                    (std::ferror(file) ? error_text() : std::string("it shrank while read"));
        }
    }
    std::fclose(file);
    return error;
}

// Composites an image with alpha (gray+alpha or BGRA, 8-bit) over a grey
// background, dropping the alpha channel.
cv::Mat composite_alpha(const cv::Mat& image, uint8_t background) {
    const int channels = image.channels();
    const int colour = channels - 1;
    cv::Mat out(image.rows, image.cols, CV_8UC(colour));
    const int bg = background;
    for (int y = 0; y < image.rows; ++y) {
        const uint8_t* src = image.ptr<uint8_t>(y);
        uint8_t* dst = out.ptr<uint8_t>(y);
        for (int x = 0; x < image.cols; ++x, src += channels, dst += colour) {
            const int alpha = src[colour];
            for (int c = 0; c < colour; ++c) {
                dst[c] = static_cast<uint8_t>((src[c] * alpha + bg * (255 - alpha) + 127) / 255);
            }
        }
    }
    return out;
}

// Decodes `bytes` and writes the image as `channels` planes of size x size
// at `out`. Returns the reason for a failure, empty on success.
std::string decode_into(const std::vector<uint8_t>& bytes, const ImageFolderOptions& options, uint8_t* out) {
    if (bytes.empty()) {
        return "empty file";
    }
    if (bytes.size() > static_cast<size_t>(INT_MAX)) {
        return "file too large";
    }
    const int size = static_cast<int>(options.size);
    // The size the header claims, checked before a decoder allocates for it.
    ImageHeader header;
    std::string refused = read_image_header(bytes, limits::kImagePixelsMax, &header);
    if (!refused.empty()) {
        return refused;
    }
    int flags = cv::IMREAD_UNCHANGED;  // keeps alpha and 16-bit depth
    switch (header.format) {
        case ImageFormat::png:
            if (!png_complete(bytes)) {
                return "truncated image";
            }
            break;
        case ImageFormat::bmp:
            if (!bmp_complete(bytes)) {
                return "truncated image";
            }
            break;
        case ImageFormat::jpeg: {
            if (!jpeg_complete(bytes)) {
                return "truncated image";
            }
            // JPEG has no alpha: decode straight to the wanted colours, which also
            // applies the EXIF orientation. libjpeg can decode at 1/2, 1/4 or 1/8
            // scale for less work; use it while the crop stays >= size. (300
            // 1600x1200 JPEGs to 64x64: 1.7 s of CPU instead of 4.0 s.)
            int reduce = 1;
            const int64_t side = std::min(header.width, header.height);
            while (reduce < 8 && side >= 2 * reduce * size) {
                reduce *= 2;
            }
            const bool grey = options.channels == 1;
            switch (reduce) {
                case 2:
                    flags = grey ? cv::IMREAD_REDUCED_GRAYSCALE_2 : cv::IMREAD_REDUCED_COLOR_2;
                    break;
                case 4:
                    flags = grey ? cv::IMREAD_REDUCED_GRAYSCALE_4 : cv::IMREAD_REDUCED_COLOR_4;
                    break;
                case 8:
                    flags = grey ? cv::IMREAD_REDUCED_GRAYSCALE_8 : cv::IMREAD_REDUCED_COLOR_8;
                    break;
                default:
                    flags = grey ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR;
                    break;
            }
            break;
        }
        case ImageFormat::tiff:
        case ImageFormat::webp:
        case ImageFormat::unknown:
            break;
    }

    // A header over the bytes, not a copy; imdecode only reads it.
    const cv::Mat encoded(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<uint8_t*>(bytes.data()));
    const cv::Mat decoded = cv::imdecode(encoded, flags);
    if (decoded.empty()) {
        return "not a decodable image";
    }

    // Center crop first: everything after works on the square only.
    const int side = std::min(decoded.cols, decoded.rows);
    cv::Mat image = decoded(cv::Rect((decoded.cols - side) / 2, (decoded.rows - side) / 2, side, side));

    switch (image.depth()) {
        case CV_8U:
            break;
        case CV_16U:
            image.convertTo(image, CV_8U, 255.0 / 65535.0);
            break;
        case CV_32F:
        case CV_64F:  // floating-point TIFF: taken as [0, 1]
            image.convertTo(image, CV_8U, 255.0);
            break;
        default:
            return "unsupported pixel format";
    }

    if (image.channels() == 2 || image.channels() == 4) {
        image = composite_alpha(image, options.background);
    }
    if (image.channels() != 1 && image.channels() != 3) {
        return "unsupported number of channels (" + std::to_string(image.channels()) + ")";
    }
    if (options.channels == 1 && image.channels() == 3) {
        cv::cvtColor(image, image, cv::COLOR_BGR2GRAY);  // before the resize: a third of the work
    }

    if (side != size) {
        cv::Mat resized;
        // Area averaging when shrinking avoids aliasing; it equals nearest
        // neighbour when enlarging, where bilinear is smoother.
        cv::resize(image, resized, cv::Size(size, size), 0, 0,
                   side > size ? cv::INTER_AREA : cv::INTER_LINEAR);
        image = resized;
    }

    // Planes of the output row, written in place.
    const size_t plane = static_cast<size_t>(size) * size;
    if (options.channels == 1) {
        cv::Mat dst(size, size, CV_8UC1, out);
        image.copyTo(dst);
    } else {
        cv::Mat planes[3] = {cv::Mat(size, size, CV_8UC1, out), cv::Mat(size, size, CV_8UC1, out + plane),
                             cv::Mat(size, size, CV_8UC1, out + 2 * plane)};
        if (image.channels() == 1) {
            for (cv::Mat& dst : planes) {
                image.copyTo(dst);
            }
        } else {
            // OpenCV's B, G, R become planes R, G, B.
            const int from_to[] = {2, 0, 1, 1, 0, 2};
            cv::mixChannels(&image, 1, planes, 3, from_to, 3);
        }
    }
    return {};
}

}  // namespace

std::string decode_image_file(const std::string& path, std::vector<uint8_t>& bytes, const ImageFolderOptions& options,
                              uint8_t* out) {
    std::string error;
    try {
        error = read_file(path, bytes);
    } catch (const std::bad_alloc&) {
        return "out of memory";
    }
    if (!error.empty()) {
        return error;
    }
    return decode_image_bytes(bytes, options, out);
}

std::string decode_image_bytes(const std::vector<uint8_t>& bytes, const ImageFolderOptions& options, uint8_t* out) {
    try {
        return decode_into(bytes, options, out);
    } catch (const cv::Exception& e) {
        return "not a decodable image (" + e.err + ")";
    } catch (const std::bad_alloc&) {
        return "out of memory";
    } catch (const std::exception& e) {
        return e.what();
    }
}

}  // namespace latentlab
