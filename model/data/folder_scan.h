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

// An entry the scan passed over, and why: a subfolder it cannot read, a link
// to a folder (not followed, so a link loop cannot trap the scan), a broken
// or looping link, a name that is not valid UTF-8.
struct ScanSkip {
    std::string path;
    std::string reason;
};

struct FolderScan {
    std::vector<Candidate> files;  // train files first, each part in path order
    std::vector<std::string> class_names;
    std::vector<ScanSkip> skipped;  // in the order met
    bool has_splits = false;
};

// The image files below `root`, sorted so that rows and a seeded split of
// them do not depend on the order the file system lists entries in. Throws
// latentlab::Error, also as soon as it meets more than `max_files` image
// files, and ("Loading cancelled") when `cancel` is set.
FolderScan scan_folder(const std::filesystem::path& root, int64_t max_files, const std::atomic<bool>* cancel);

// The limit on image files per folder in effect: $LATENTLAB_MAX_FOLDER_FILES
// when it holds a positive number, else limits::kFolderFilesMax.
int64_t folder_files_limit();

// True when `text` is valid UTF-8 (no overlong forms, no surrogates).
bool is_valid_utf8(const std::string& text);

// The name people know the folder by: its last path component.
std::string folder_name(const std::filesystem::path& root);

bool cancelled(const std::atomic<bool>* cancel);

}  // namespace latentlab
