#include "model/data/folder_image_shape.h"

#include "model/base/input_limits.h"
#include "model/base/run_config.h"
#include "model/data/image_header.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <utility>

namespace latentlab {

namespace {

// Enough for a JPEG whose frame header follows a large EXIF block.
constexpr std::streamsize kHeaderBytes = 256 * 1024;

bool read_shape(const std::string& path, std::vector<uint8_t>& bytes, ImageHeader* header) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    bytes.resize(kHeaderBytes);
    in.read(reinterpret_cast<char*>(bytes.data()), kHeaderBytes);
    bytes.resize(static_cast<size_t>(std::max<std::streamsize>(0, in.gcount())));
    return read_image_header(bytes, limits::kImagePixelsMax, header).empty() && header->width > 0 &&
           header->height > 0;
}

}  // namespace

FolderImageShape common_image_shape(const std::vector<std::string>& paths, int64_t sample) {
    FolderImageShape shape;
    const auto n = static_cast<int64_t>(paths.size());
    if (n == 0 || sample < 1) return shape;
    const int64_t count = std::min(n, sample);
    std::map<std::pair<int64_t, int64_t>, std::pair<int64_t, int64_t>> seen;  // shape -> (count, first seen)
    std::vector<uint8_t> bytes;
    for (int64_t i = 0; i < count; ++i) {
        const int64_t index = count == 1 ? 0 : i * (n - 1) / (count - 1);
        ImageHeader header;
        if (!read_shape(paths[static_cast<size_t>(index)], bytes, &header)) continue;
        auto [it, fresh] = seen.try_emplace({header.width, header.height}, 0, shape.sampled);
        ++it->second.first;
        ++shape.sampled;
    }
    const std::pair<int64_t, int64_t>* best = nullptr;
    std::pair<int64_t, int64_t> best_rank{-1, 0};
    for (const auto& [size, rank] : seen) {
        if (rank.first > best_rank.first || (rank.first == best_rank.first && rank.second < best_rank.second)) {
            best = &size;
            best_rank = rank;
        }
    }
    if (best) {
        shape.width = best->first;
        shape.height = best->second;
        shape.matching = best_rank.first;
    }
    return shape;
}

int64_t own_image_size(const FolderImageShape& shape) {
    if (shape.sampled == 0) return 28;
    return std::clamp(std::min(shape.width, shape.height), limits::kImageSizeMin, kOwnSizeMax);
}

std::string resize_note(const FolderImageShape& shape, int64_t size) {
    if (shape.sampled == 0) return {};
    const std::string square = std::to_string(size) + " × " + std::to_string(size);
    const bool cropped = shape.width != shape.height;
    const int64_t side = std::min(shape.width, shape.height);
    const int64_t others = shape.sampled - shape.matching;
    const std::string others_text =
        others == 0 ? std::string()
                    : " " + std::to_string(others) + " of the " + std::to_string(shape.sampled) +
                          " images sampled have other sizes and are cropped or scaled too.";
    if (!cropped && side == size) {
        if (others == 0) return {};
        return std::to_string(others) + " of the " + std::to_string(shape.sampled) +
               " images sampled are not " + square + ": they are cropped to a centred square and scaled to it.";
    }
    std::string what = cropped ? "cropped to a centred square" : "";
    if (side != size) {
        if (!what.empty()) what += " and ";
        what += side > size ? "scaled down" : "scaled up";
    }
    const std::string most = shape.matching == shape.sampled ? "The images are " : "Most images are ";
    return most + std::to_string(shape.width) + " × " + std::to_string(shape.height) + ": they are " + what +
           " to " + square + "." + others_text;
}

}  // namespace latentlab
