#include "model/store/zip_directory.h"

#include "model/base/error.h"
#include "model/base/input_limits.h"

#include <set>

namespace latentlab {

namespace {

constexpr uint32_t kEndSignature = 0x06054b50;
constexpr uint32_t kZip64EndSignature = 0x06064b50;
constexpr uint32_t kZip64LocatorSignature = 0x07064b50;
constexpr uint32_t kEntrySignature = 0x02014b50;
constexpr uint32_t kLocalSignature = 0x04034b50;
constexpr size_t kEndBytes = 22;
constexpr size_t kZip64LocatorBytes = 20;
constexpr size_t kZip64EndBytes = 56;
constexpr size_t kEntryBytes = 46;
constexpr size_t kLocalBytes = 30;
constexpr uint64_t kInflationMax = 1000;
constexpr size_t kNameBytesMax = 4096;

[[noreturn]] void refuse(const std::string& why) { throw Error("its ZIP directory " + why); }

// Little-endian fields at checked offsets.
class Fields {
public:
    explicit Fields(std::string_view bytes) : bytes_(bytes) {}
    bool fits(uint64_t at, uint64_t n) const { return at <= bytes_.size() && n <= bytes_.size() - at; }
    uint64_t get(uint64_t at, int n) const {
        if (!fits(at, static_cast<uint64_t>(n))) refuse("points past the end of the file");
        uint64_t value = 0;
        for (int i = 0; i < n; ++i) value |= uint64_t{static_cast<unsigned char>(bytes_[at + i])} << (8 * i);
        return value;
    }
    std::string_view text(uint64_t at, uint64_t n) const {
        if (!fits(at, n)) refuse("points past the end of the file");
        return bytes_.substr(at, n);
    }

private:
    std::string_view bytes_;
};

struct End {
    uint64_t entries = 0;
    uint64_t directory_bytes = 0;
    uint64_t directory_at = 0;
    uint64_t end_at = 0;  // where the end records start: the directory must stop before
};

// The end record is the last 22 bytes plus a comment of up to 64 KiB; the
// last signature whose comment reaches exactly to the end of the file.
End read_end(const Fields& f, uint64_t size) {
    if (size < kEndBytes) refuse("is missing (the file is too short to be a ZIP archive)");
    const uint64_t lowest = size >= kEndBytes + 0xFFFF ? size - kEndBytes - 0xFFFF : 0;
    for (uint64_t at = size - kEndBytes + 1; at-- > lowest;) {
        if (f.get(at, 4) != kEndSignature || at + kEndBytes + f.get(at + 20, 2) != size) continue;
        if (f.get(at + 4, 2) != 0 || f.get(at + 6, 2) != 0) refuse("spans several disks");
        End end;
        end.entries = f.get(at + 10, 2);
        if (f.get(at + 8, 2) != end.entries) refuse("spans several disks");
        end.directory_bytes = f.get(at + 12, 4);
        end.directory_at = f.get(at + 16, 4);
        end.end_at = at;
        const bool zip64 = end.entries == 0xFFFF || end.directory_bytes == 0xFFFFFFFF || end.directory_at == 0xFFFFFFFF;
        if (at >= kZip64LocatorBytes && f.get(at - kZip64LocatorBytes, 4) == kZip64LocatorSignature) {
            const uint64_t locator = at - kZip64LocatorBytes;
            const uint64_t record = f.get(locator + 8, 8);
            if (record > locator || locator - record < kZip64EndBytes || f.get(record, 4) != kZip64EndSignature)
                refuse("has a ZIP64 locator that points at no ZIP64 end record");
            if (f.get(record + 16, 4) != 0 || f.get(record + 20, 4) != 0) refuse("spans several disks");
            end.entries = f.get(record + 32, 8);
            if (f.get(record + 24, 8) != end.entries) refuse("spans several disks");
            end.directory_bytes = f.get(record + 40, 8);
            end.directory_at = f.get(record + 48, 8);
            end.end_at = record;
        } else if (zip64) {
            refuse("needs a ZIP64 end record, which is missing");
        }
        return end;
    }
    refuse("is missing (no end record: the file is cut short or not a ZIP archive)");
}

// A record's sizes and offset, from the ZIP64 extra field where the entry's
// own 32-bit fields are saturated.
void read_zip64_extra(const Fields& f, uint64_t at, uint64_t bytes, uint64_t& inflated, uint64_t& stored,
                      uint64_t& local_at) {
    const uint64_t end = at + bytes;
    while (at + 4 <= end) {
        const uint64_t id = f.get(at, 2), size = f.get(at + 2, 2);
        if (at + 4 + size > end) refuse("has an extra field that runs past its entry");
        if (id == 0x0001) {
            uint64_t field = at + 4;
            for (uint64_t* value : {&inflated, &stored, &local_at}) {
                if (*value != 0xFFFFFFFF) continue;
                if (field + 8 > at + 4 + size) refuse("has a ZIP64 field too short for its sizes");
                *value = f.get(field, 8);
                field += 8;
            }
        }
        at += 4 + size;
    }
}

void check_name(const std::string& name) {
    if (name.empty() || name.size() > kNameBytesMax) refuse("has a record with an empty or overlong name");
    if (name.find('\0') != std::string::npos || name.find('\\') != std::string::npos || name.front() == '/')
        refuse("has a record named \"" + name.substr(0, 60) + "\", not a relative path");
    size_t start = 0;
    while (start <= name.size()) {
        const size_t slash = std::min(name.find('/', start), name.size());
        if (name.compare(start, slash - start, "..") == 0 && slash - start == 2)
            refuse("has a record named \"" + name.substr(0, 60) + "\", which leaves its folder");
        start = slash + 1;
    }
}

}  // namespace

ZipDirectory read_zip_directory(std::string_view bytes) {
    if (bytes.size() > static_cast<uint64_t>(limits::kTorchScriptBytesMax))
        refuse("belongs to a file of " + std::to_string(bytes.size()) + " bytes, more than the limit of " +
               std::to_string(limits::kTorchScriptBytesMax));
    const Fields f(bytes);
    const End end = read_end(f, bytes.size());
    if (end.entries == 0) refuse("lists no records");
    if (end.entries > static_cast<uint64_t>(limits::kTorchScriptRecordsMax))
        refuse("lists " + std::to_string(end.entries) + " records, more than the limit of " +
               std::to_string(limits::kTorchScriptRecordsMax));
    if (end.directory_at > end.end_at || end.directory_bytes > end.end_at - end.directory_at)
        refuse("lies outside the file");
    if (end.directory_bytes < end.entries * kEntryBytes) refuse("is shorter than its records need");

    ZipDirectory directory;
    std::set<std::string> names;
    uint64_t at = end.directory_at;
    const uint64_t directory_end = end.directory_at + end.directory_bytes;
    for (uint64_t i = 0; i < end.entries; ++i) {
        if (at + kEntryBytes > directory_end || f.get(at, 4) != kEntrySignature)
            refuse("has a damaged entry (record " + std::to_string(i + 1) + ")");
        const uint64_t flags = f.get(at + 8, 2), method = f.get(at + 10, 2);
        uint64_t stored = f.get(at + 20, 4), inflated = f.get(at + 24, 4);
        const uint64_t name_bytes = f.get(at + 28, 2), extra_bytes = f.get(at + 30, 2), comment_bytes = f.get(at + 32, 2);
        if (f.get(at + 34, 2) != 0) refuse("spans several disks");
        uint64_t local_at = f.get(at + 42, 4);
        const uint64_t next = at + kEntryBytes + name_bytes + extra_bytes + comment_bytes;
        if (next > directory_end) refuse("has an entry that runs past the directory");
        ZipRecord record;
        record.name = std::string(f.text(at + kEntryBytes, name_bytes));
        check_name(record.name);
        read_zip64_extra(f, at + kEntryBytes + name_bytes, extra_bytes, inflated, stored, local_at);
        if (flags & 0x1) refuse("has an encrypted record, " + record.name.substr(0, 60));
        if (method != 0 && method != 8)
            refuse("has the record " + record.name.substr(0, 60) + " compressed with method " + std::to_string(method) +
                   " (only stored and deflated records are read)");
        record.deflated = method == 8;
        if (!record.deflated && stored != inflated) refuse("has a stored record whose two sizes differ");
        // The record's local header and data come before the directory.
        if (local_at > end.directory_at || end.directory_at - local_at < kLocalBytes ||
            f.get(local_at, 4) != kLocalSignature)
            refuse("points at no record for " + record.name.substr(0, 60));
        const uint64_t data_at = local_at + kLocalBytes + f.get(local_at + 26, 2) + f.get(local_at + 28, 2);
        if (data_at > end.directory_at || stored > end.directory_at - data_at)
            refuse("has a record, " + record.name.substr(0, 60) + ", that runs into the directory");
        // stored is below the file's size here, so the product cannot overflow.
        if (inflated > stored * kInflationMax + 1024) refuse("has a record that would inflate more than 1000 times");
        directory.inflated_bytes += inflated;
        if (directory.inflated_bytes > static_cast<uint64_t>(limits::kTorchScriptInflatedBytesMax))
            refuse("holds more than " + std::to_string(limits::kTorchScriptInflatedBytesMax) + " bytes once inflated");
        if (!names.insert(record.name).second) refuse("holds " + record.name.substr(0, 60) + " twice");
        const std::string root = record.name.substr(0, record.name.find('/'));
        if (record.name.find('/') == std::string::npos || (i > 0 && root != directory.root))
            refuse("has records outside one folder (" + record.name.substr(0, 60) + ")");
        directory.root = root;
        record.stored_bytes = stored;
        record.inflated_bytes = inflated;
        directory.records.push_back(std::move(record));
        at = next;
    }
    return directory;
}

}  // namespace latentlab
