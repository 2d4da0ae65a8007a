#include "model/data/folder_cache_build.h"

#include "model/base/error.h"
#include "model/data/folder_cache_format.h"
#include "model/data/folder_scan.h"
#include "model/data/image_decoder.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>

namespace latentlab {

namespace {

namespace fs = std::filesystem;
using namespace cache_format;

constexpr uint64_t kJournalSeed = 0x4A4F55524E414C32ull;

struct FileDescriptor {
    int fd = -1;
    ~FileDescriptor() {
        if (fd >= 0) ::close(fd);
    }
};

[[noreturn]] void write_failed(const std::string& path) {
    throw Error("Cannot write the decoded images to " + path + ": " + std::strerror(errno) +
                " (LATENTLAB_CACHE_DIR chooses the folder they go to)");
}

void write_at(int fd, const void* data, uint64_t size, uint64_t offset, const std::string& path) {
    const auto* p = static_cast<const uint8_t*>(data);
    while (size > 0) {
        const ssize_t n = ::pwrite(fd, p, size, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) write_failed(path);
        p += n;
        size -= static_cast<uint64_t>(n);
        offset += static_cast<uint64_t>(n);
    }
}

bool read_at(int fd, void* data, uint64_t size, uint64_t offset) {
    auto* p = static_cast<uint8_t*>(data);
    while (size > 0) {
        const ssize_t n = ::pread(fd, p, size, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        size -= static_cast<uint64_t>(n);
        offset += static_cast<uint64_t>(n);
    }
    return true;
}

// A journal record: its length, its bytes and their checksum, so a record
// torn by a kill is recognised and everything from it on is redone.
std::string framed(const std::string& bytes) {
    Writer out;
    out.str(bytes);
    out.u64(checksum(bytes.data(), bytes.size(), kJournalSeed));
    return out.bytes();
}

std::string journal_header(const FolderCacheKey& key, int64_t total, uint64_t row_bytes, int64_t chunk_rows) {
    Writer out;
    out.u64(meta_seed(key.slot, key.files));
    out.i64(total);
    out.u64(row_bytes);
    out.i64(chunk_rows);
    return out.bytes();
}

// What an earlier build finished, as its journal says.
struct Finished {
    int64_t chunks = 0;
    uint64_t sum = 0;          // the pixels' checksum over those chunks
    uint64_t journal_bytes = 0;  // the journal's valid part
};

// Reads the journal at `path`: nothing when it is of another build.
Finished read_journal(const std::string& path, const std::string& header, std::vector<std::string>& errors) {
    Finished finished;
    std::string bytes;
    {
        File file(std::fopen(path.c_str(), "rb"));
        struct stat st {};
        if (!file || ::fstat(fileno(file.get()), &st) != 0) return finished;
        bytes.resize(static_cast<size_t>(st.st_size));
        if (!read_exact(file.get(), bytes.data(), bytes.size())) return finished;
    }
    Reader in(bytes);
    const auto record = [&](std::string& body) {
        body = in.str();
        const uint64_t sum = in.u64();
        return !in.failed() && sum == checksum(body.data(), body.size(), kJournalSeed);
    };
    std::string body;
    if (!record(body) || body != header) return finished;
    uint64_t valid = header.size() + 16;
    Finished read = {0, 0, valid};
    while (record(body)) {
        Reader chunk(body);
        const int64_t index = chunk.i64();
        const uint64_t sum = chunk.u64();
        const uint64_t failed = chunk.count(16);
        std::vector<std::pair<int64_t, std::string>> failures;
        for (uint64_t i = 0; i < failed; ++i) {
            const int64_t file = chunk.i64();
            failures.emplace_back(file, chunk.str());
        }
        if (chunk.failed() || !chunk.at_end() || index != read.chunks) break;
        for (auto& [file, reason] : failures) {
            if (file < 0 || file >= static_cast<int64_t>(errors.size())) return finished;
            errors[static_cast<size_t>(file)] = std::move(reason);
        }
        valid += body.size() + 16;
        read = {index + 1, sum, valid};
    }
    return read;
}

// The splits of the files that could be read, and the files that could not.
CacheMeta layout(const FolderBuildPlan& plan, const ImageFolderOptions& options, const std::vector<std::string>& errors,
                 int64_t chunk_rows) {
    CacheMeta meta;
    meta.channels = options.channels;
    meta.height = options.size;
    meta.width = options.size;
    meta.total = static_cast<int64_t>(plan.paths.size());
    meta.chunk_rows = chunk_rows;
    meta.class_names = plan.class_names;
    std::vector<int64_t> kept;
    for (int64_t i = 0; i < meta.total; ++i) {
        const auto index = static_cast<size_t>(i);
        if (errors[index].empty()) {
            kept.push_back(i);
        } else {
            meta.skipped.push_back({relative_to(plan.root, plan.paths[index]), errors[index]});
        }
    }
    for (const SkippedFile& skip : plan.scan_skipped) {
        meta.skipped.push_back({relative_to(plan.root, skip.path), skip.reason});
    }
    // Path order for the user, whatever order the splits were loaded in.
    std::sort(meta.skipped.begin(), meta.skipped.end(),
              [](const SkippedFile& a, const SkippedFile& b) { return fs::path(a.path) < fs::path(b.path); });
    if (kept.empty()) {
        const SkippedFile& first = meta.skipped.front();
        throw Error("None of the " + std::to_string(meta.total) + " images in " + plan.root + " could be read (" +
                    joined(plan.root, first.path) + ": " + first.reason + ")");
    }
    const auto add = [&](CacheSplit& split, int64_t row) {
        split.rows.push_back(row);
        split.labels.push_back(plan.labels[static_cast<size_t>(row)]);
        split.paths.push_back(relative_to(plan.root, plan.paths[static_cast<size_t>(row)]));
    };
    if (plan.has_splits) {
        for (const int64_t row : kept) add(plan.test[static_cast<size_t>(row)] ? meta.test : meta.train, row);
        if (meta.train.rows.empty()) throw Error("No readable image in " + (fs::path(plan.root) / "train").string());
    } else {
        const auto [train, test] =
            split_rows(static_cast<int64_t>(kept.size()), options.test_fraction, options.split_seed);
        for (const int64_t i : train) add(meta.train, kept[static_cast<size_t>(i)]);
        for (const int64_t i : test) add(meta.test, kept[static_cast<size_t>(i)]);
    }
    return meta;
}

// Decodes files [begin, end) of `plan` into `out` (a row each) on `threads`
// threads, calling `tick` from this thread about every 30 ms.
// OpenCV's own threading (TBB here) is left as it is. Measured on the 2-core
// reference machine, two decoding threads, 4000 64x64 PNGs: the same CPU time
// either way, since at that size resize and cvtColor run serially anyway;
// 200 1024x768 PNGs and 300 1600x1200 JPEGs to 64x64: no difference beyond
// noise. So the process-wide cv::setNumThreads is not touched: switching it off
// gains nothing, and two overlapping loads could leave it off for good.
void decode_chunk(const FolderBuildPlan& plan, const ImageFolderOptions& options, int64_t begin, int64_t end,
                  int threads, uint8_t* out, uint64_t row_bytes, std::vector<std::string>& errors,
                  std::atomic<int64_t>& done, const std::atomic<bool>* cancel, const std::function<void()>& tick) {
    threads = static_cast<int>(std::clamp<int64_t>(threads, 1, end - begin));
    std::atomic<int64_t> next{begin};
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::condition_variable finished_changed;
    int finished = 0;
    std::vector<std::thread> workers;
    // Stops and joins the workers however this scope is left (a progress
    // callback that throws included): they use its locals.
    struct Joiner {
        std::vector<std::thread>& workers;
        std::atomic<bool>& stop;
        ~Joiner() {
            stop = true;
            for (std::thread& worker : workers) worker.join();
        }
    } joiner{workers, stop};
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            std::vector<uint8_t> bytes;
            while (!stop.load(std::memory_order_relaxed) && !cancelled(cancel)) {
                const int64_t i = next.fetch_add(1);
                if (i >= end) break;
                const auto index = static_cast<size_t>(i);
                uint8_t* row = out + static_cast<uint64_t>(i - begin) * row_bytes;
                errors[index] = decode_image_file(plan.paths[index], bytes, options, row);
                if (!errors[index].empty()) std::memset(row, 0, row_bytes);  // the same bytes on every build
                done.fetch_add(1, std::memory_order_relaxed);
            }
            {
                std::lock_guard<std::mutex> lock(mutex);
                ++finished;
            }
            finished_changed.notify_one();
        });
    }
    std::unique_lock<std::mutex> lock(mutex);
    while (finished < threads) {
        finished_changed.wait_for(lock, std::chrono::milliseconds(30));
        if (finished < threads) {
            lock.unlock();
            tick();
            lock.lock();
        }
    }
}

}  // namespace

FolderBuildResult build_folder_cache(const std::string& path, bool resumable, const FolderCacheKey& key,
                                     const FolderBuildPlan& plan, const ImageFolderOptions& options,
                                     const LoadProgress& progress, const std::atomic<bool>* cancel,
                                     uint64_t chunk_bytes) {
    // A chunk is what memory holds at once and what the journal records: big
    // enough that the journal stays small, small enough that a cancel loses little.
    const auto total = static_cast<int64_t>(plan.paths.size());
    const uint64_t row_bytes = static_cast<uint64_t>(options.channels * options.size * options.size);
    const int64_t chunk_rows = std::clamp<int64_t>(static_cast<int64_t>(chunk_bytes / row_bytes), 1, total);
    const std::string header = encode_header(key.slot, key.files);
    const uint64_t pixels_at = header.size();
    const uint64_t pixels_end = pixels_at + static_cast<uint64_t>(total) * row_bytes;

    // One build per file at a time: a second process building the same
    // folder (the window and the CLI) writes a file of its own instead.
    std::string part = path + ".part";
    FileDescriptor fd;
    fd.fd = ::open(part.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd.fd < 0) write_failed(part);
    if (::flock(fd.fd, LOCK_EX | LOCK_NB) != 0) {
        static std::atomic<uint64_t> counter{0};
        ::close(fd.fd);
        part = path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1));
        resumable = false;
        fd.fd = ::open(part.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd.fd < 0) write_failed(part);
    }
    const std::string journal_path = part + "-log";
    // A build that stops leaves what a resumable one needs, and nothing else.
    struct Cleanup {
        std::string part, journal;
        bool keep = false;
        bool done = false;
        ~Cleanup() {
            std::error_code ec;
            if (!done && !keep) fs::remove(part, ec);
            if (done || !keep) fs::remove(journal, ec);
        }
    } cleanup{part, journal_path};

    std::vector<std::string> errors(plan.paths.size());
    const std::string journal_start = journal_header(key, total, row_bytes, chunk_rows);
    Finished finished;
    if (resumable) {
        finished = read_journal(journal_path, journal_start, errors);
        struct stat st {};
        std::string written(header.size(), '\0');
        const bool part_matches = ::fstat(fd.fd, &st) == 0 && static_cast<uint64_t>(st.st_size) == pixels_end &&
                                  read_at(fd.fd, written.data(), written.size(), 0) && written == header;
        if (!part_matches || finished.journal_bytes == 0) {
            finished = {};
            std::fill(errors.begin(), errors.end(), std::string());
        }
    }
    File journal;
    if (finished.journal_bytes == 0) {
        if (::ftruncate(fd.fd, 0) != 0) write_failed(part);
        write_at(fd.fd, header.data(), header.size(), 0, part);
        if (::ftruncate(fd.fd, static_cast<off_t>(pixels_end)) != 0) write_failed(part);
        if (resumable) {
            journal.reset(std::fopen(journal_path.c_str(), "wb"));
            const std::string first = framed(journal_start);
            if (!journal || !write_exact(journal.get(), first.data(), first.size()) || std::fflush(journal.get()) != 0)
                write_failed(journal_path);
        }
    } else {
        // Drop a torn last record, then append after the valid ones.
        if (::truncate(journal_path.c_str(), static_cast<off_t>(finished.journal_bytes)) != 0)
            write_failed(journal_path);
        journal.reset(std::fopen(journal_path.c_str(), "ab"));
        if (!journal) write_failed(journal_path);
    }
    cleanup.keep = resumable;

    FolderBuildResult result;
    result.resumable = resumable;
    result.resumed = std::min(total, finished.chunks * chunk_rows);
    const int threads =
        options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::vector<uint8_t> chunk(static_cast<size_t>(static_cast<uint64_t>(chunk_rows) * row_bytes));
    std::atomic<int64_t> done{result.resumed};
    const auto tick = [&] {
        if (progress) progress(done.load(std::memory_order_relaxed), total);
    };
    tick();  // first, so the first report is what an earlier build did (LoadRate relies on it)
    uint64_t sum = finished.sum;
    for (int64_t begin = result.resumed; begin < total; begin += chunk_rows) {
        const int64_t end = std::min(total, begin + chunk_rows);
        decode_chunk(plan, options, begin, end, threads, chunk.data(), row_bytes, errors, done, cancel, tick);
        if (cancelled(cancel)) throw Error("Loading cancelled");
        const uint64_t bytes = static_cast<uint64_t>(end - begin) * row_bytes;
        write_at(fd.fd, chunk.data(), bytes, pixels_at + static_cast<uint64_t>(begin) * row_bytes, part);
        sum = checksum(chunk.data(), bytes, sum);
        if (journal) {
            Writer record;
            record.i64(begin / chunk_rows);
            record.u64(sum);
            std::vector<int64_t> failed;
            for (int64_t i = begin; i < end; ++i)
                if (!errors[static_cast<size_t>(i)].empty()) failed.push_back(i);
            record.u64(failed.size());
            for (const int64_t i : failed) {
                record.i64(i);
                record.str(errors[static_cast<size_t>(i)]);
            }
            const std::string bytes_out = framed(record.bytes());
            // Written to the page cache, which outlives a killed process; after
            // a power cut, the checksums of the finished file catch what the
            // disk lost and the folder is decoded again.
            if (!write_exact(journal.get(), bytes_out.data(), bytes_out.size()) || std::fflush(journal.get()) != 0)
                write_failed(journal_path);
        }
        tick();
    }

    CacheMeta meta;
    try {
        meta = layout(plan, options, errors, chunk_rows);
    } catch (const Error&) {
        cleanup.keep = false;  // nothing worth continuing
        throw;
    }
    const std::string meta_bytes = encode_meta(meta);
    Writer tail;
    tail.str(meta_bytes);
    tail.u64(checksum(meta_bytes.data(), meta_bytes.size(), meta_seed(key.slot, key.files)));
    tail.u64(sum);
    tail.u64(pixels_end);
    std::string tail_bytes = tail.bytes();
    tail_bytes.append(kDoneMagic, 8);
    write_at(fd.fd, tail_bytes.data(), tail_bytes.size(), pixels_end, part);
    if (::ftruncate(fd.fd, static_cast<off_t>(pixels_end + tail_bytes.size())) != 0) write_failed(part);
    std::error_code ec;
    fs::rename(part, path, ec);
    if (ec) throw Error("Cannot write the decoded images to " + path + ": " + ec.message());
    cleanup.done = true;
    return result;
}

}  // namespace latentlab
