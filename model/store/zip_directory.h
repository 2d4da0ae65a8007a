#pragma once

// The central directory of a ZIP archive (what a TorchScript file is), read
// and checked before LibTorch reads the archive: LibTorch trusts the sizes a
// file claims and reads each record whole, so a small hostile file could make
// it allocate gigabytes or read past its end. Free of LibTorch, so it is fuzzed
// on its own.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace latentlab {

struct ZipRecord {
    std::string name;           // "model/data.pkl"
    uint64_t stored_bytes = 0;  // in the file
    uint64_t inflated_bytes = 0;
    bool deflated = false;      // else stored as it is
};

struct ZipDirectory {
    std::vector<ZipRecord> records;  // in the directory's order
    std::string root;                // the folder every record is in: "model"
    uint64_t inflated_bytes = 0;     // of all records
};

// Reads the directory of `bytes` (ZIP and ZIP64 end records) and checks it:
// one disk, no encryption, stored or deflated records inside the file before
// the directory, sizes and counts within limits::kTorchScript*, names that are
// relative paths under one root folder without "..", each once, and inflating
// no more than 1000 times (zip bombs). Throws latentlab::Error ("its ZIP
// directory ...") naming the first thing wrong.
ZipDirectory read_zip_directory(std::string_view bytes);

}  // namespace latentlab
