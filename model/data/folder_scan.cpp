#include "model/data/folder_scan.h"

#include "model/base/error.h"
#include "model/base/input_limits.h"

#include <dirent.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <system_error>

namespace latentlab {

namespace fs = std::filesystem;

namespace {

bool has_image_extension(const fs::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp" || ext == ".tif" ||
           ext == ".tiff" || ext == ".webp";
}

bool is_hidden(const fs::path& path) {
    const std::string name = path.filename().string();
    return !name.empty() && name[0] == '.';
}

// Why a folder cannot be listed, or empty. std::filesystem's iterator would
// skip it silently (skip_permission_denied) or end the whole scan.
std::string unreadable_folder(const fs::path& path) {
    DIR* dir = ::opendir(path.c_str());
    if (!dir) return std::string("cannot read the folder: ") + std::strerror(errno);
    ::closedir(dir);
    return {};
}

}  // namespace

bool is_valid_utf8(const std::string& text) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = p + text.size();
    while (p < end) {
        const unsigned c = *p;
        int extra = 0;
        uint32_t code = 0;
        if (c < 0x80) {
            ++p;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            extra = 1, code = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2, code = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3, code = c & 0x07;
        } else {
            return false;  // a continuation byte first, an overlong lead (C0, C1), or past U+10FFFF
        }
        if (end - p <= extra) return false;
        for (int i = 1; i <= extra; ++i) {
            if ((p[i] & 0xC0) != 0x80) return false;
            code = (code << 6) | (p[i] & 0x3F);
        }
        const uint32_t smallest[4] = {0, 0x80, 0x800, 0x10000};
        if (code < smallest[extra] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
        p += extra + 1;
    }
    return true;
}

int64_t folder_files_limit() {
    const char* text = std::getenv("LATENTLAB_MAX_FOLDER_FILES");
    if (text && *text) {
        char* end = nullptr;
        const long long value = std::strtoll(text, &end, 10);
        if (*end == '\0' && value > 0) return value;
    }
    return limits::kFolderFilesMax;
}

std::string folder_name(const fs::path& root) {
    fs::path path = fs::absolute(root).lexically_normal();
    if (path.filename().empty()) {
        path = path.parent_path();
    }
    const std::string name = path.filename().string();
    return name.empty() ? path.string() : name;
}

bool cancelled(const std::atomic<bool>* cancel) { return cancel && cancel->load(std::memory_order_relaxed); }

FolderScan scan_folder(const fs::path& root, int64_t max_files, const std::atomic<bool>* cancel) {
    std::error_code ec;
    FolderScan scan;
    scan.has_splits = fs::is_directory(root / "train", ec) && fs::is_directory(root / "test", ec);
    const std::string root_class = folder_name(root);

    // Class name of each file, before the names are numbered.
    std::vector<std::pair<Candidate, std::string>> found;
    auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        throw Error("Cannot read folder " + root.string() + ": " + ec.message());
    }
    int64_t visited = 0;
    int64_t images = 0;
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) {
            throw Error("Cannot read folder " + root.string() + ": " + ec.message());
        }
        if (++visited % 1024 == 0 && cancelled(cancel)) {
            throw Error("Loading cancelled");
        }
        const fs::directory_entry& entry = *it;
        // Hidden entries are editor and OS clutter (.ipynb_checkpoints,
        // ._name AppleDouble files): they must not become classes or failures.
        if (is_hidden(entry.path())) {
            if (entry.is_directory(ec)) {
                it.disable_recursion_pending();
            }
            continue;
        }
        const bool link = entry.is_symlink(ec);
        if (!link && entry.is_directory(ec)) {
            std::string why = is_valid_utf8(entry.path().filename().string()) ? unreadable_folder(entry.path())
                                                                            : "its name is not valid UTF-8";
            if (!why.empty()) {
                scan.skipped.push_back({entry.path().string(), why});
                it.disable_recursion_pending();
            }
            continue;
        }
        if (link && entry.is_directory(ec)) {
            scan.skipped.push_back({entry.path().string(), "a link to a folder (links to folders are not followed)"});
            continue;
        }
        if (!has_image_extension(entry.path())) {
            continue;
        }
        if (link && !fs::exists(entry.status(ec))) {
            scan.skipped.push_back({entry.path().string(), ec.value() == ELOOP ? "a link that loops back on itself"
                                                                                 : "a broken link"});
            continue;
        }
        if (!entry.is_regular_file(ec)) {
            continue;
        }
        if (!is_valid_utf8(entry.path().filename().string())) {
            scan.skipped.push_back({entry.path().string(), "its name is not valid UTF-8"});
            continue;
        }
        if (++images > max_files) {
            throw Error("The folder " + root.string() + " holds more than " + std::to_string(max_files) +
                        " image files, the limit (LATENTLAB_MAX_FOLDER_FILES raises it)");
        }
        // The path below the root: the last depth() + 1 elements.
        std::vector<std::string> parts;
        for (const auto& part : entry.path()) {
            parts.push_back(part.string());
        }
        parts.erase(parts.begin(), parts.end() - (it.depth() + 1));
        Candidate candidate;
        candidate.path = entry.path();
        size_t class_part = 0;  // index of the class folder within `parts`
        if (scan.has_splits) {
            if (parts.front() != "train" && parts.front() != "test") {
                continue;
            }
            candidate.test = parts.front() == "test";
            class_part = 1;
        }
        // A file directly in the root (or in train/, test/) has no class folder.
        const std::string name = parts.size() > class_part + 1 ? parts[class_part] : root_class;
        found.emplace_back(std::move(candidate), name);
    }

    std::set<std::string> names;
    for (const auto& [candidate, name] : found) {
        names.insert(name);
    }
    scan.class_names.assign(names.begin(), names.end());
    std::map<std::string, int64_t> label_of;
    for (size_t i = 0; i < scan.class_names.size(); ++i) {
        label_of[scan.class_names[i]] = static_cast<int64_t>(i);
    }
    for (auto& [candidate, name] : found) {
        candidate.label = label_of[name];
        scan.files.push_back(std::move(candidate));
    }
    // Sorted so that the rows, and a seeded split of them, do not depend on
    // the order the file system lists entries in.
    std::sort(scan.files.begin(), scan.files.end(), [](const Candidate& a, const Candidate& b) {
        return a.test != b.test ? b.test : a.path < b.path;
    });
    return scan;
}

}  // namespace latentlab
