// A folder cache file (model/data/folder_cache.cpp). The first byte picks how the
// rest is used: even, as the whole file; odd, as the metadata block (and
// pixels) of a file whose header, key, footer and metadata checksum are right (the fuzzer cannot
// forge the checksum), so the fuzzer reaches the metadata's parser and what
// it allocates.

#include "fuzz_input.h"
#include "model/data/folder_cache.h"
#include "model/data/folder_cache_format.h"

#include <cstdio>
#include <filesystem>

namespace {

std::string cache_dir() {
    const char* tmp = std::getenv("TMPDIR");
    return std::string(tmp && *tmp ? tmp : "/tmp") + "/latentlab-fuzz-cache-" + std::to_string(::getpid());
}

void block(std::string& out, const std::string& bytes) {
    const uint64_t n = bytes.size();
    out.append(reinterpret_cast<const char*>(&n), 8);
    out += bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace latentlab;
    if (size == 0) return 0;
    static const std::string dir = cache_dir();
    std::filesystem::create_directories(dir);
    const FolderCache cache(dir);
    FolderCacheKey key;
    key.slot = "fuzz slot";
    key.files = "a.png 1 2 3\n";
    const std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
    std::string file;
    if (data[0] % 2 == 0) {
        file = rest;
    } else {
        // Version 2's layout (folder_cache_format.h): header, pixels, meta
        // block, its checksum, the pixels' checksum, footer.
        file = cache_format::encode_header(key.slot, key.files);
        // The metadata is the input up to a 0xFF 0xFF pair; what follows is the pixels.
        const size_t cut = std::min(rest.find("\xff\xff"), rest.size());
        const std::string meta = rest.substr(0, cut);
        const std::string pixels = cut < rest.size() ? rest.substr(cut + 2) : std::string();
        file += pixels;
        const uint64_t meta_at = file.size();
        block(file, meta);
        const uint64_t sum = cache_format::checksum(meta.data(), meta.size(), cache_format::meta_seed(key.slot, key.files));
        file.append(reinterpret_cast<const char*>(&sum), 8);
        const uint64_t pixels_sum = cache_format::checksum(pixels.data(), pixels.size(), 0);
        file.append(reinterpret_cast<const char*>(&pixels_sum), 8);
        file.append(reinterpret_cast<const char*>(&meta_at), 8);
        file.append(cache_format::kDoneMagic, 8);
    }
    const std::string path = cache.file_for(key);
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << file;
    }
    // Never throws; a damaged file is a miss. A hit must be whole.
    if (const auto dataset = cache.read(key, "/root")) {
        const auto classes = static_cast<int64_t>(dataset->class_names.size());
        for (const ImageSet* set : {&dataset->train, &dataset->test}) {
            if (set->size() != set->labels.numel()) std::abort();
            if (set->labels.numel() > 0 && (set->labels.min().item<int64_t>() < 0 ||
                                            set->labels.max().item<int64_t>() >= classes))
                std::abort();
        }
    }
    std::remove(path.c_str());
    return 0;
}
