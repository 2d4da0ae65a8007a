#include "model/store/atomic_file.h"

#include "model/base/error.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>

namespace latentlab {

namespace {

[[noreturn]] void fail(const std::string& path, int error) {
    throw Error("cannot write " + path + ": " + std::strerror(error));
}

// The test hook of atomic_file.h: "FOLDER" or "FOLDER@N", the folder that
// is "full" after N more writes into it.
bool disk_full_for(const std::string& path) {
    const char* variable = std::getenv(kFullDiskVariable);
    if (!variable || !*variable) return false;
    std::string folder(variable);
    long long allowed = 0;
    if (const size_t at = folder.rfind('@'); at != std::string::npos) {
        allowed = std::atoll(folder.c_str() + at + 1);
        folder.resize(at);
    }
    if (folder.empty()) return false;
    if (folder.back() != '/') folder += '/';
    if (path.compare(0, folder.size(), folder) != 0) return false;
    static std::atomic<long long> writes{0};
    return writes.fetch_add(1) >= allowed;
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& bytes) {
    // The process id keeps two programs writing the same file apart.
    const std::string temporary = path + ".tmp" + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail(path, errno);
    size_t written = 0;
    int error = disk_full_for(path) ? ENOSPC : 0;
    while (error == 0 && written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            error = n < 0 ? errno : ENOSPC;
            break;
        }
        written += static_cast<size_t>(n);
    }
    // Without the flush, a crash soon after the rename could leave an empty file.
    if (error == 0 && ::fsync(fd) != 0) error = errno;
    if (::close(fd) != 0 && error == 0) error = errno;
    if (error == 0 && std::rename(temporary.c_str(), path.c_str()) != 0) error = errno;
    if (error != 0) {
        std::remove(temporary.c_str());
        fail(path, error);
    }
}

}  // namespace latentlab
