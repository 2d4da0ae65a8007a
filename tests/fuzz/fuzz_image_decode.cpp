// One image file's bytes through the loader's checks, decoding, crop, alpha
// and resize (model/data/image_decoder.h). The input's length picks the output
// size and channels, so corpus files are plain image files.

#include "fuzz_input.h"
#include "model/data/image_decoder.h"

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    latentlab::ImageFolderOptions options;
    options.size = 4 + static_cast<int64_t>(size % 29);
    options.channels = size % 2 ? 3 : 1;
    const std::vector<uint8_t> bytes(data, data + size);
    std::vector<uint8_t> out(static_cast<size_t>(options.channels * options.size * options.size));
    latentlab::decode_image_bytes(bytes, options, out.data());  // a reason or empty: both are fine
    return 0;
}
