#pragma once

// Finding the images of a folder: which files, which class each belongs to
// (its subfolder), and whether the folder is split into train/ and test/.

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

namespace latentlab {

struct Candidate {
    std::filesystem::path path;
    int64_t label = 0;
    bool test = false;  // in test/ of a train/ + test/ layout
};

struct FolderScan {
    std::vector<Candidate> files;  // train files first, each part in path order
    std::vector<std::string> class_names;
    bool has_splits = false;
};

// The image files below `root`, sorted so that rows and a seeded split of
// them do not depend on the order the file system lists entries in. Throws
// latentlab::Error; stops early (returning what it has) when `cancel` is set.
FolderScan scan_folder(const std::filesystem::path& root, const std::atomic<bool>* cancel);

// The name people know the folder by: its last path component.
std::string folder_name(const std::filesystem::path& root);

bool cancelled(const std::atomic<bool>* cancel);

}  // namespace latentlab
