#include "model/data/idx_reader.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <filesystem>
#include <memory>
#include <system_error>

#include "model/base/error.h"
#include "model/base/input_limits.h"

namespace latentlab {

namespace {

namespace fs = std::filesystem;

struct GzCloser {
    void operator()(gzFile_s* file) const { gzclose(file); }
};
using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

// Dimensions are 32-bit, so a corrupt header could ask for terabytes.
constexpr auto kMaxElements = static_cast<uint64_t>(limits::kIdxBytesMax);
// Deflate's largest compression ratio (a long run of one byte): a gzip file
// cannot hold more data than this many times its own size.
constexpr uint64_t kDeflateRatioMax = 1032;

// Reads up to `count` bytes; fewer only at the end of the data.
uint64_t read_bytes(gzFile file, uint8_t* out, uint64_t count, const std::string& path) {
    uint64_t total = 0;
    while (total < count) {
        const auto chunk = static_cast<unsigned>(std::min<uint64_t>(count - total, 1u << 30));
        const int got = gzread(file, out + total, chunk);
        if (got < 0) {
            int code = 0;
            const char* message = gzerror(file, &code);
            if (code == Z_ERRNO) {
                throw Error("Cannot read " + path + ": " +
                            std::error_code(errno, std::generic_category()).message());
            }
            throw Error("Cannot read " + path + ": " + (message ? message : "gzip error"));
        }
        if (got == 0) {
            break;
        }
        total += static_cast<uint64_t>(got);
    }
    return total;
}

// A truncated gzip stream reads as end of data with a Z_BUF_ERROR.
bool stream_cut_short(gzFile file) {
    int code = Z_OK;
    gzerror(file, &code);
    return code == Z_BUF_ERROR;
}

std::string find_idx_file(const fs::path& dir, const std::string& base) {
    // The original download names and a common re-upload spelling
    // ("train-images.idx3-ubyte"), each plain or gzip-compressed.
    std::string dotted = base;
    dotted[dotted.rfind("-idx")] = '.';
    for (const std::string& name : {base, base + ".gz", dotted, dotted + ".gz"}) {
        std::error_code ec;
        const fs::path path = dir / name;
        if (fs::is_regular_file(path, ec)) {
            return path.string();
        }
    }
    return {};
}

std::string require_idx_file(const fs::path& dir, const std::string& base) {
    std::string path = find_idx_file(dir, base);
    if (path.empty()) {
        throw Error("Missing " + base + "(.gz) in " + dir.string());
    }
    return path;
}

ImageSet load_idx_split(const fs::path& dir, const std::string& prefix) {
    const std::string images_path = require_idx_file(dir, prefix + "-images-idx3-ubyte");
    const std::string labels_path = require_idx_file(dir, prefix + "-labels-idx1-ubyte");
    torch::Tensor images = read_idx(images_path);
    torch::Tensor labels = read_idx(labels_path);
    if (images.dim() != 3) {
        throw Error(images_path + " does not hold images: expected 3 dimensions, found " +
                    std::to_string(images.dim()));
    }
    if (labels.dim() != 1) {
        throw Error(labels_path + " does not hold labels: expected 1 dimension, found " +
                    std::to_string(labels.dim()));
    }
    if (images.size(0) != labels.size(0)) {
        throw Error(images_path + " has " + std::to_string(images.size(0)) + " images but " + labels_path +
                    " has " + std::to_string(labels.size(0)) + " labels");
    }
    ImageSet set;
    set.images = images.unsqueeze(1);  // [N, 1, H, W], still contiguous
    set.labels = labels.to(torch::kLong);
    return set;
}

}  // namespace

torch::Tensor read_idx(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        throw Error("Cannot read " + path + ": it is a folder");
    }
    errno = 0;
    GzFile file(gzopen(path.c_str(), "rb"));
    if (!file) {
        const int err = errno ? errno : ENOMEM;
        throw Error("Cannot open " + path + ": " + std::error_code(err, std::generic_category()).message());
    }
    gzbuffer(file.get(), 1u << 17);

    std::array<uint8_t, 4> magic{};
    if (read_bytes(file.get(), magic.data(), magic.size(), path) < magic.size()) {
        throw Error(path + " is too short to be an IDX file");
    }
    if (magic[0] != 0 || magic[1] != 0) {
        throw Error(path + " is not an IDX file (bad magic number)");
    }
    if (magic[2] != 0x08) {
        throw Error(path + " holds IDX element type " + std::to_string(magic[2]) +
                    "; only unsigned bytes (8) are supported");
    }
    const int ndims = magic[3];
    if (ndims == 0) {
        throw Error(path + " is not an IDX file (zero dimensions)");
    }

    std::vector<uint8_t> header(static_cast<size_t>(ndims) * 4);
    if (read_bytes(file.get(), header.data(), header.size(), path) < header.size()) {
        throw Error(path + " is truncated (incomplete header)");
    }
    std::vector<int64_t> dims(static_cast<size_t>(ndims));
    uint64_t elements = 1;
    for (int d = 0; d < ndims; ++d) {
        const uint8_t* b = header.data() + 4 * d;
        // Big-endian, as in the MNIST description.
        const uint32_t dim = (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
        dims[static_cast<size_t>(d)] = dim;
        if (dim != 0 && elements > kMaxElements / dim) {
            throw Error(path + " declares implausibly large dimensions");
        }
        elements *= dim;
    }
    if (elements > kMaxElements) {
        throw Error(path + " declares implausibly large dimensions");
    }

    // For a plain file the size is known: refuse a truncated one before
    // allocating what its header asks for.
    const uint64_t header_bytes = 4 + header.size();
    // A gzip file's size bounds what it can hold: refuse a header that asks
    // for more (a 1 KB file claiming gigabytes) before allocating it too.
    const auto file_size = fs::file_size(path, ec);
    if (gzdirect(file.get()) == 1) {
        if (!ec && file_size < header_bytes + elements) {
            throw Error(path + " is truncated: its header declares " + std::to_string(elements) +
                        " data bytes, the file holds " + std::to_string(file_size - header_bytes));
        }
    } else if (!ec && elements > file_size * kDeflateRatioMax) {
        throw Error(path + " is truncated: its header declares " + std::to_string(elements) +
                    " data bytes, more than its " + std::to_string(file_size) + " compressed bytes can hold");
    }

    torch::Tensor data = torch::empty(dims, torch::kUInt8);
    const uint64_t got = read_bytes(file.get(), data.data_ptr<uint8_t>(), elements, path);
    if (got < elements) {
        throw Error(path + " is truncated: its header declares " + std::to_string(elements) +
                    " data bytes, the file holds " + std::to_string(got));
    }
    if (stream_cut_short(file.get())) {
        throw Error(path + " is truncated (the gzip stream ends early)");
    }
    uint8_t extra = 0;
    if (read_bytes(file.get(), &extra, 1, path) != 0) {
        throw Error(path + " holds more data than its header declares");
    }
    if (stream_cut_short(file.get())) {
        // The data was all there but the gzip trailer (its checksum) is missing.
        throw Error(path + " is truncated (the gzip stream ends early)");
    }
    return data;
}

const std::vector<std::string>& fashion_mnist_class_names() {
    static const std::vector<std::string> names = {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot",
    };
    return names;
}

bool has_idx_dataset(const std::string& dir) {
    for (const char* base : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                             "t10k-labels-idx1-ubyte"}) {
        if (find_idx_file(dir, base).empty()) {
            return false;
        }
    }
    return true;
}

Dataset load_idx_dataset(const std::string& dir, const std::vector<std::string>& class_names) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        throw Error("Folder not found: " + dir);
    }
    Dataset dataset;
    dataset.name = dir;
    dataset.train = load_idx_split(dir, "train");
    dataset.test = load_idx_split(dir, "t10k");

    const auto& train = dataset.train.images;
    const auto& test = dataset.test.images;
    if (train.size(2) != test.size(2) || train.size(3) != test.size(3)) {
        throw Error("The train and test images in " + dir + " differ in size");
    }
    dataset.channels = 1;
    dataset.height = train.size(2);
    dataset.width = train.size(3);

    int64_t max_label = -1;
    for (const ImageSet* set : {&dataset.train, &dataset.test}) {
        if (set->size() > 0) {
            max_label = std::max(max_label, set->labels.max().item<int64_t>());
        }
    }
    if (class_names.empty()) {
        for (int64_t c = 0; c <= max_label; ++c) {
            dataset.class_names.push_back(std::to_string(c));
        }
    } else {
        if (max_label >= static_cast<int64_t>(class_names.size())) {
            throw Error("The labels in " + dir + " go up to " + std::to_string(max_label) +
                        " but there are only " + std::to_string(class_names.size()) + " classes");
        }
        dataset.class_names = class_names;
    }
    return dataset;
}

Dataset load_fashion_mnist(const std::string& dir) {
    Dataset dataset = load_idx_dataset(dir, fashion_mnist_class_names());
    dataset.name = "fashion-mnist";
    return dataset;
}

}  // namespace latentlab
