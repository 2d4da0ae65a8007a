// read_zip_directory: a TorchScript archive's ZIP directory reads back as
// LibTorch's writer wrote it, and directories that lie about where or how
// large their records are, or how many there are, are refused by name.

#include "model/base/error.h"
#include "model/store/zip_directory.h"

#include <caffe2/serialize/inline_container.h>

#include <QtTest/QtTest>
#include "test_registry.h"

#include <cstring>

namespace {

// An archive as LibTorch writes one (its writer adds "archive/" and the version).
std::string archive(const std::vector<std::pair<std::string, std::string>>& records) {
    std::string bytes;
    {
        caffe2::serialize::PyTorchStreamWriter writer([&bytes](const void* data, size_t size) {
            bytes.append(static_cast<const char*>(data), size);
            return size;
        });
        for (const auto& [name, data] : records) writer.writeRecord(name, data.data(), data.size());
        writer.writeEndOfFile();
    }
    return bytes;
}

void put32(std::string& bytes, size_t at, uint32_t value) { std::memcpy(&bytes[at], &value, 4); }
void put64(std::string& bytes, size_t at, uint64_t value) { std::memcpy(&bytes[at], &value, 8); }

// The message read_zip_directory gives, or "" when it accepts the bytes.
QString refusal(const std::string& bytes) {
    try {
        latentlab::read_zip_directory(bytes);
    } catch (const latentlab::Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestZipDirectory : public QObject {
    Q_OBJECT

private:
    const std::string good_ = archive({{"data.pkl", std::string(100, 'p')}, {"code/__torch__.py", "class M:\n"}});

private Q_SLOTS:
    void readsWhatLibTorchWrote() {
        const auto directory = latentlab::read_zip_directory(good_);
        QCOMPARE(QString::fromStdString(directory.root), QString("archive"));
        bool data = false;
        for (const auto& record : directory.records)
            if (record.name == "archive/data.pkl") data = record.inflated_bytes == 100 && record.stored_bytes == 100;
        QVERIFY(data);
        QVERIFY(directory.inflated_bytes >= 100 + 10);
    }

    void refusesACutShortFile() {
        QVERIFY(refusal(good_.substr(0, good_.size() / 2)).contains("no end record"));
        QVERIFY(refusal("").contains("too short"));
        QVERIFY(refusal(good_.substr(0, good_.size() - 1)).contains("ZIP directory"));
    }

    void refusesARecordLargerThanTheFile() {
        std::string bytes = good_;
        const size_t entry = bytes.find("PK\x01\x02");
        put32(bytes, entry + 20, 0x40000000);
        put32(bytes, entry + 24, 0x40000000);
        QVERIFY2(refusal(bytes).contains("runs into the directory"), qPrintable(refusal(bytes)));
        bytes = good_;
        put32(bytes, entry + 24, 0x40000000);  // stored, yet larger once read
        QVERIFY2(refusal(bytes).contains("sizes differ"), qPrintable(refusal(bytes)));
    }

    void refusesMoreRecordsThanTheLimit() {
        std::string bytes = good_;
        const size_t end = bytes.rfind("PK\x06\x06");
        QVERIFY(end != std::string::npos);  // LibTorch always writes ZIP64 end records
        put64(bytes, end + 24, 0xFFFFFFFFull);
        put64(bytes, end + 32, 0xFFFFFFFFull);
        QVERIFY2(refusal(bytes).contains("more than the limit"), qPrintable(refusal(bytes)));
    }

    void refusesADirectoryOutsideTheFile() {
        std::string bytes = good_;
        const size_t end = bytes.rfind("PK\x06\x06");
        put64(bytes, end + 48, bytes.size() * 2);
        QVERIFY2(refusal(bytes).contains("outside the file"), qPrintable(refusal(bytes)));
    }

    void refusesNamesThatLeaveTheFolderOrRepeat() {
        QVERIFY(refusal(archive({{"../evil", "x"}})).contains("leaves its folder"));
        std::string bytes = archive({{"data.pkl", "a"}, {"datb.pkl", "b"}});
        const size_t second = bytes.find("datb.pkl", bytes.find("PK\x01\x02"));
        bytes[second + 3] = 'a';  // the directory now names data.pkl twice
        QVERIFY2(refusal(bytes).contains("twice"), qPrintable(refusal(bytes)));
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestZipDirectory)
#include "test_zip_directory.moc"
